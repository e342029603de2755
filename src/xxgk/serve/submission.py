"""An agency's submission: its states, the versions it uploads, the gate before it submits, and the office's
decision. Explanations (说明) and the office's 已核实 are keyed to a finding's fingerprint, so they carry over
to a new version that holds the same finding, and a changed number asks again.

States, one at a time: 未报送 → 已上传 → 已提交 → 已接收, or 已退回 (the agency uploads again); before the office
acts, the agency may withdraw (back to 已上传). 逾期 is a flag beside the state.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agency import same_agency
from ..findings import as_json
from ..model import Finding, Severity
from ..validation import ValidationResult
from ..workbook.layout import layout_for
from .audit import log
from .refusal import Refusal
from .store.models import Acknowledgement, Agency, Collection, Version

EXPLANATION_LIMIT = 500  # characters of one 说明
REMARK_LIMIT = 2000
NAME_RULE = "submission-agency-name"
EXPLAINED, VERIFIED = "explained", "verified"


class State(StrEnum):
    not_submitted = "not_submitted"
    uploaded = "uploaded"
    submitted = "submitted"
    accepted = "accepted"
    returned = "returned"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {State.not_submitted: "未报送", State.uploaded: "已上传", State.submitted: "已提交",
                State.accepted: "已接收", State.returned: "已退回"}
OVERDUE = "逾期"


def overdue(agency: Agency, deadline: date, today: date) -> bool:
    """The deadline has passed and nothing is submitted (a returned report is not submitted)."""
    return today > deadline and State(agency.state) not in (State.submitted, State.accepted)


def fingerprint(finding: Finding) -> str:
    """The stable identity of a finding: its rule, the key it concerns and its arguments (as the JSON holds them),
    never its message or cell, so the same content gives the same fingerprint in every version."""
    data = finding.model_dump(mode="json")
    identity = {"rule": data["rule"], "keys": [data["key"]] if data.get("key") else [], "args": data["args"]}
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


def findings_of(version: Version) -> ValidationResult:
    data = json.loads(version.findings)
    return ValidationResult.of(Finding.model_validate(f) for f in data["findings"])


def name_finding(read: str, expected: str, format_version: str) -> Finding:
    """The warning when the report names another agency than the link's (by the agency identity)."""
    binding = layout_for(format_version).bindings.get("metadata.agency_name")
    return Finding(rule=NAME_RULE, severity=Severity.warning, sheet=binding.sheet if binding else None,
                   cell=binding.cell if binding else None, row_label=binding.row_label or None if binding else None,
                   key="metadata.agency_name", args={"name": read, "agency": expected},
                   message=f"报告中的机关名称“{read}”与报送链接所属的单位“{expected}”不一致",
                   hint="请核对机关名称；确属同一单位（如更名）的，请在说明中写明")


def refuse_year(year: int | None, collection: Collection, name: str) -> None:
    if year is not None and year != collection.year:
        raise Refusal(422, f"{name}：报告年度为 {year} 年，本次收集的是 {collection.year} 年度报告，未予接收；"
                           f"请上传 {collection.year} 年度的报告")


def with_link_findings(result: ValidationResult, agency: Agency, report_name: str | None,
                       format_version: str) -> ValidationResult:
    """The worker's findings, and the warning of a name that is not the link's agency."""
    if report_name and not same_agency(report_name, agency.name):
        extra = name_finding(report_name, agency.name, format_version)
        return ValidationResult.of([extra, *result.findings], result.ignored_rules)
    return result


def can_upload(agency: Agency) -> None:
    state = State(agency.state)
    if state is State.submitted:
        raise Refusal(409, "报告已提交，等待审核；如需修改，请先撤回提交再上传。")
    if state is State.accepted:
        raise Refusal(409, "报告已被接收，不能再上传；如需更正，请联系政务公开办。")


@dataclass(frozen=True)
class Upload:
    sha256: str
    report_sha256: str
    filename: str
    suffix: str
    size: int
    report_year: int | None
    agency_name: str | None
    result: ValidationResult


def locked(session: Session, agency: Agency) -> Agency:
    """The agency's row read again and locked until the transaction ends (PostgreSQL; SQLite's transactions
    hold the write lock from their start): two changes of one agency never interleave."""
    session.refresh(agency, with_for_update=True)
    return agency


def record_upload(session: Session, agency: Agency, upload: Upload, actor: str, at: datetime) -> Version:
    """A new version of the agency's report; ``agency`` is read in this transaction with its row locked, so two
    uploads never take the same number."""
    can_upload(agency)
    agency.versions_made += 1
    counts = upload.result.counts
    version = Version(agency_id=agency.id, number=agency.versions_made, sha256=upload.sha256,
                      filename=upload.filename[:255], suffix=upload.suffix, size=upload.size, uploaded_at=at,
                      report_sha256=upload.report_sha256, report_year=upload.report_year,
                      agency_name=(upload.agency_name or None) and upload.agency_name[:200],
                      errors=counts[Severity.error], warnings=counts[Severity.warning],
                      findings=as_json(upload.result))
    session.add(version)
    agency.state = State.uploaded
    agency.submitted_number = None
    log(session, at, actor, "upload", agency=agency, version=version.number, sha256=upload.sha256,
        file=upload.filename, errors=version.errors, warnings=version.warnings)
    return version


def latest(agency: Agency) -> Version | None:
    return agency.versions[-1] if agency.versions else None


def acknowledgements(session: Session, agency: Agency, kind: str) -> dict[str, Acknowledgement]:
    rows = session.scalars(select(Acknowledgement).where(Acknowledgement.agency_id == agency.id,
                                                         Acknowledgement.kind == kind))
    return {row.fingerprint: row for row in rows}


def warnings_of(version: Version) -> list[tuple[str, Finding]]:
    return [(fingerprint(f), f) for f in findings_of(version) if f.severity is Severity.warning]


def acknowledge(session: Session, agency: Agency, fingerprint_: str, kind: str, text: str, by: str,
                at: datetime) -> bool:
    """Set (or with an empty text clear) an acknowledgement; whether anything changed."""
    text = text.strip()
    row = session.scalar(select(Acknowledgement).where(Acknowledgement.agency_id == agency.id,
                                                       Acknowledgement.fingerprint == fingerprint_,
                                                       Acknowledgement.kind == kind))
    if not text:
        if row is not None:
            session.delete(row)
            return True
        return False
    if row is not None and row.text == text:
        return False
    if row is None:
        row = Acknowledgement(agency_id=agency.id, fingerprint=fingerprint_, kind=kind, text=text, by=by, at=at)
        session.add(row)
    row.text, row.by, row.at = text, by, at
    return True


def explain(session: Session, agency: Agency, explanations: dict[str, str], actor: str, at: datetime) -> int:
    """The agency's 说明 for the warnings of its latest version; how many changed."""
    locked(session, agency)
    version = latest(agency)
    if version is None:
        raise Refusal(409, "尚未上传报告。")
    if State(agency.state) in (State.submitted, State.accepted):
        raise Refusal(409, "报告已提交，说明不能再修改；如需修改，请先撤回提交。")
    known = {fp for fp, _ in warnings_of(version)}
    changed = 0
    for fp, text in explanations.items():
        if fp not in known:
            continue
        if len(text.strip()) > EXPLANATION_LIMIT:
            raise Refusal(400, f"每条说明不超过 {EXPLANATION_LIMIT} 个字。")
        changed += acknowledge(session, agency, fp, EXPLAINED, text, agency.name, at)
    if changed:
        log(session, at, actor, "explained", agency=agency, version=version.number, changed=changed)
    return changed


def submit(session: Session, agency: Agency, actor: str, at: datetime) -> Version:
    """The gate: errors block; each warning needs its 说明; then the latest version is submitted."""
    locked(session, agency)
    state = State(agency.state)
    version = latest(agency)
    if version is None:
        raise Refusal(409, "尚未上传报告，无法提交。")
    if state not in (State.uploaded, State.returned):
        raise Refusal(409, f"报告当前状态为“{state.label}”，不能提交。")
    if version.errors:
        raise Refusal(409, f"报告仍有 {version.errors} 项错误，请修改后重新上传，再提交。")
    explained = acknowledgements(session, agency, EXPLAINED)
    missing = [f for fp, f in warnings_of(version) if fp not in explained]
    if missing:
        raise Refusal(409, f"还有 {len(missing)} 项警告未填写说明，请逐项说明后再提交。")
    version.submitted_at = at
    version.explanations = json.dumps({fp: explained[fp].text for fp, _ in warnings_of(version)},
                                      ensure_ascii=False, sort_keys=True)
    agency.state = State.submitted
    agency.submitted_number = version.number
    agency.remark = None
    log(session, at, actor, "submitted", agency=agency, version=version.number)
    return version


def withdraw(session: Session, agency: Agency, actor: str, at: datetime) -> None:
    locked(session, agency)
    if State(agency.state) is not State.submitted:
        raise Refusal(409, "只有已提交、尚未审核的报告可以撤回。")
    log(session, at, actor, "withdrawn", agency=agency, version=agency.submitted_number)
    agency.state = State.uploaded
    agency.submitted_number = None


def decide(session: Session, agency: Agency, accept: bool, remark: str, actor: str, at: datetime) -> None:
    """The office accepts the submitted version, or returns it with a remark."""
    locked(session, agency)
    if State(agency.state) is not State.submitted:
        raise Refusal(409, "只有已提交的报告可以接收或退回。")
    remark = remark.strip()
    if len(remark) > REMARK_LIMIT:
        raise Refusal(400, f"意见不超过 {REMARK_LIMIT} 个字。")
    if not accept and not remark:
        raise Refusal(400, "退回时请填写退回意见，说明需要修改的内容。")
    number = agency.submitted_number
    if accept:
        agency.state = State.accepted
    else:
        agency.state, agency.submitted_number = State.returned, None
    agency.remark = remark or None
    log(session, at, actor, "accepted" if accept else "returned", agency=agency, version=number, remark=remark)
