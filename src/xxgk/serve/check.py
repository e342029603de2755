"""What a worker does with one upload: the engine of ``xxgk validate``, run where a hostile file can only
cost its own process. The parent makes the folder; the worker writes the results into it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import XxgkError
from ..files import write_bytes_atomic
from ..findings import as_json
from ..jsonio import REPORT_SUFFIXES, WORKBOOK_SUFFIXES, dumps_report, load_report
from ..model import AnnualReport
from ..render import build_document, render
from ..render.document import Document
from ..validation import Settings, ValidationResult, validate
from ..workbook.layout import layout_for

# what the check page reads: workbooks, canonical JSON and published reports
SUFFIXES = REPORT_SUFFIXES

# the result files of one check, as the folder holds them
FINDINGS, ANNOTATED, REPORT_JSON, REPORT_DOCX, REPORT_PDF = (
    "findings.json", "annotated.xlsx", "report.json", "report.docx", "report.pdf")


@dataclass(frozen=True)
class Job:
    folder: Path  # the result folder, made by the parent
    upload: str  # the uploaded file's name inside the folder (``upload.xlsx``)
    name: str  # the file name the user gave, for messages
    previous: str | None = None  # last year's report, inside the folder
    previous_name: str | None = None
    strict: bool = False
    deadline: date | None = None
    ignore: frozenset[str] = frozenset()  # the warning and info rules left aside, as ``--ignore`` / ``--select``
    select: frozenset[str] | None = None
    outputs: bool = True  # the downloads of the check page (the API needs only the findings)
    keep_report: bool = False  # the canonical JSON even without the downloads (a collection keeps it)


@dataclass(frozen=True)
class Facts:
    """What a collection records of the checked report beside its files, so it need not read the JSON again."""
    report_year: int | None
    agency_name: str | None
    format_version: str


@dataclass(frozen=True)
class Checked:
    result: ValidationResult
    document: Document | None  # None when the job asked for no outputs
    findings_json: str  # exactly what ``xxgk validate --format json`` prints
    facts: Facts


def load_upload(path: Path, name: str) -> AnnualReport:
    """The one place an uploaded file becomes a report (a workbook, JSON or a published report); a refusal
    names the user's file, never the cache's path, and so does the report's provenance (what a collection keeps
    and ``xxgk export`` gives as ``source_file``); a JSON's own provenance, the file it was read from, stays."""
    try:
        report = load_report(path)
    except XxgkError as error:
        raise XxgkError(error.reason, path=name) from None
    provenance = report.provenance
    if provenance is not None and provenance.source_file == path.name:
        report = report.model_copy(update={"provenance": provenance.model_copy(update={"source_file": name})})
    return report


def check_upload(job: Job) -> Checked:
    report = load_upload(job.folder / job.upload, job.name)
    previous = load_upload(job.folder / job.previous, job.previous_name or job.previous) if job.previous else None
    result = validate(report, previous=previous, settings=Settings(deadline=job.deadline, ignore=job.ignore,
                                                                   select=job.select),
                      places=layout_for(report.format_version).bindings)
    findings_json = as_json(result, strict=job.strict)
    facts = Facts(report.metadata.report_year, report.metadata.agency_name, report.format_version)
    if job.outputs or job.keep_report:
        write_bytes_atomic(job.folder / REPORT_JSON, dumps_report(report).encode("utf-8"))
    if not job.outputs:
        return Checked(result, None, findings_json, facts)
    write_bytes_atomic(job.folder / FINDINGS, findings_json.encode("utf-8"))
    document = build_document(report)
    write_bytes_atomic(job.folder / REPORT_DOCX, render(document, "docx"))
    _annotate(job.folder / job.upload, job.folder / ANNOTATED, report, result)
    return Checked(result, document, findings_json, facts)


def _annotate(source: Path, target: Path, report: AnnualReport, result: ValidationResult) -> None:
    from ..marks.openpyxl_copy import annotate_file, annotate_workbook, save_atomic

    if source.suffix.lower() in WORKBOOK_SUFFIXES:
        annotate_file(source, target, list(result))
    else:  # no workbook to copy: the report filled into the template, as ``validate --annotate`` does
        from ..workbook.fill import filled_workbook

        save_atomic(annotate_workbook(filled_workbook(report), list(result)), target)
