"""The dashboard's downloads of a collection's accepted reports: the roll-up (``.xlsx`` in the template layout and
canonical JSON, as ``xxgk rollup`` writes them), the index CSV (as ``xxgk batch`` writes it), a ZIP of every
accepted report's JSON and DOCX with that index, and their facts as CSV or Parquet (as ``xxgk export`` writes
them)."""

from __future__ import annotations

import io
import zipfile

from ..batch.index import index_text
from ..batch.names import assign_names, report_stem
from ..batch.outcome import Outcome
from ..export.write import export_facts, require_pyarrow
from ..figures import headline
from ..jsonio import dumps_report
from ..render import build_document, render
from ..rollup.workbook import rollup_workbook_bytes
from .accepted import Accepted, rollup, rollup_name
from .export import DatabaseSource
from .store.models import Collection

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTS = "reports/"  # the folder of the ZIP holding the reports, as a batch's output folder holds them


def rollup_xlsx(collection: Collection, reports: list[Accepted]) -> bytes:
    return rollup_workbook_bytes(rollup(reports, rollup_name(collection)))


def rollup_json(collection: Collection, reports: list[Accepted]) -> bytes:
    return dumps_report(rollup(reports, rollup_name(collection)).report).encode("utf-8")


def _source(accepted: Accepted) -> str:
    """The 文件 column: the version as the office knows it (the agency's own file name is only for display)."""
    return f"{accepted.agency.name}-第{accepted.version.number}版{accepted.version.suffix}"


def _outcome(accepted: Accepted) -> Outcome:
    version, report = accepted.version, accepted.report
    status = "errors" if version.errors else "warnings" if version.warnings else "passed"
    return Outcome(_source(accepted), sha256=version.sha256, status=status, agency=report.metadata.agency_name,
                   year=report.metadata.report_year, format_version=report.format_version, errors=version.errors,
                   warnings=version.warnings, figures=headline(report))


def _names(reports: list[Accepted]) -> dict[str, str]:
    """Source → the stem of its files in the ZIP (``机关名称-年度``, a clash numbered as a batch numbers it)."""
    wanted = [(_source(a), report_stem(a.report.metadata.agency_name, a.report.metadata.report_year, _source(a)))
              for a in reports]
    return {key: name.removesuffix(".json") for key, name in assign_names(wanted).items()}


def index_csv(reports: list[Accepted], outputs: dict[str, str] | None = None) -> bytes:
    return index_text([_outcome(a) for a in reports], outputs or {}).encode("utf-8-sig")


def reports_zip(reports: list[Accepted]) -> bytes:
    """``index.csv`` and, under ``reports/``, each accepted report's canonical JSON and DOCX."""
    stems = _names(reports)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for accepted in reports:
            stem = REPORTS + stems[_source(accepted)]
            archive.writestr(stem + ".json", dumps_report(accepted.report))
            archive.writestr(stem + ".docx", render(build_document(accepted.report), "docx"))
        archive.writestr("index.csv", index_csv(reports, {_source(a): REPORTS + stems[_source(a)] + ".json"
                                                          for a in reports}))
    return buffer.getvalue()


def facts(source: DatabaseSource, suffix: str) -> bytes:
    """The rows of ``xxgk export`` (``.csv`` or ``.parquet``), refused when pyarrow is missing for Parquet."""
    if suffix == ".parquet":
        require_pyarrow()
    buffer = io.BytesIO()
    export_facts(source, buffer, suffix)
    return buffer.getvalue()
