"""What the agency's and the office's pages show of a submission: a version as the check page shows a result
(the same marks and findings), with each warning's 说明 and 已核实, and a row of the collection's table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..jsonio import report_from_json
from ..model import Severity
from ..render import build_document
from .page import page_context
from .store import Store
from .store.models import Agency, Collection, Version
from .submission import EXPLAINED, OVERDUE, VERIFIED, State, acknowledgements, findings_of, fingerprint, latest, overdue


def version_context(session: Session, store: Store, agency: Agency, version: Version | None) -> dict:
    """The result page's context for ``version``, and the acknowledgements of its warnings."""
    if version is None:
        return {"version": None}
    result = findings_of(version)
    document = build_document(report_from_json(store.blobs.read(version.report_sha256), name=version.filename))
    context = page_context(result, document, name=version.filename, strict=False)
    explained = {fp: a.text for fp, a in acknowledgements(session, agency, EXPLAINED).items()}
    verified = {fp: a for fp, a in acknowledgements(session, agency, VERIFIED).items()}
    warnings = [f for f in result if f.severity is Severity.warning]
    context.update(
        version=version, fingerprint=fingerprint, explained=explained, verified=verified,
        unexplained=sum(fingerprint(f) not in explained for f in warnings),
        unverified=sum(fingerprint(f) not in verified for f in warnings),
        is_warning=lambda f: f.severity is Severity.warning)
    return context


@dataclass(frozen=True)
class Row:
    """One agency in its collection's table (the dashboard of the next issue builds on it)."""

    agency: Agency
    state: State
    overdue: bool
    version: Version | None
    errors: int | None
    warnings: int | None

    @property
    def label(self) -> str:
        if self.state is State.uploaded and self.version is not None:
            return "已上传（有错误）" if self.version.errors else "已上传（可提交）"
        return self.state.label

    @property
    def flags(self) -> list[str]:
        return [OVERDUE] if self.overdue else []


def rows(collection: Collection, today) -> list[Row]:
    found = []
    for agency in collection.agencies:
        version = latest(agency)
        found.append(Row(agency, State(agency.state), overdue(agency, collection.deadline, today), version,
                         version.errors if version else None, version.warnings if version else None))
    return found
