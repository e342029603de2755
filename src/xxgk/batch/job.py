"""One report file of a batch, in a worker process: read (a workbook with calamine, a published report by its
content), validate, stage its canonical JSON.

Nothing here raises: a file that cannot be read, or a bug, becomes a ``failed`` outcome with the reason, so
one bad file never stops a batch. A readable file that holds no report (a news page saved as .html, a note in
a .txt) is ``skipped`` with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import XxgkError
from ..importer.sniff import NotASource
from ..model import AnnualReport, Severity
from ..rules.context import Settings
from .outcome import Outcome
from .previous import PreviousReports

ENGINE = "calamine"
# set once per worker process by ``init_worker``
_previous: PreviousReports | None = None
_settings = Settings()


@dataclass(frozen=True)
class Job:
    path: str
    relpath: str
    sha256: str  # computed once by the batch; the job does not hash the file again
    staged: str  # where to write the JSON until the batch gives it its final name


def init_worker(previous: PreviousReports | None, settings: Settings) -> None:
    global _previous, _settings
    _previous, _settings = previous, settings


def run_job(job: Job) -> Outcome:
    try:
        return _convert(job)
    except NotASource as error:
        return Outcome(job.relpath, job.sha256, "skipped", message=error.reason)
    except XxgkError as error:
        return Outcome(job.relpath, job.sha256, "failed", message=error.reason)
    except Exception as error:
        return Outcome(job.relpath, job.sha256, "failed",
                       message=f"程序内部错误（{type(error).__name__}: {error}），请单独转换该文件并报告此问题")


def _read(job: Job) -> AnnualReport:
    from ..jsonio import load_report

    return load_report(Path(job.path), engine=ENGINE, sha256=job.sha256)


def _last_year(report: AnnualReport, outcome: Outcome, notes: list[str]) -> AnnualReport | None:
    if _previous is None:
        return None
    found, why = _previous.find(report.metadata.agency_name, report.metadata.report_year)
    if found is None:
        notes.append(why)
        return None
    from ..jsonio import load_report

    try:
        previous = load_report(Path(found.path), engine=ENGINE)
    except XxgkError as error:
        notes.append(f"上年报告 {found.relpath} 无法读取（{error.reason}），未做跨年度校验")
        return None
    outcome.previous, outcome.previous_sha256 = found.relpath, found.sha256
    return previous


def _convert(job: Job) -> Outcome:
    from ..figures import headline
    from ..jsonio import dumps_report
    from ..validation import validate
    from ..workbook.layout import layout_for

    report = _read(job)
    meta = report.metadata
    outcome = Outcome(job.relpath, job.sha256, agency=meta.agency_name, year=meta.report_year,
                      format_version=report.format_version, figures=headline(report))
    notes: list[str] = []
    result = validate(report, previous=_last_year(report, outcome, notes), settings=_settings,
                      places=layout_for(report.format_version).bindings)
    result.record(report)
    data = dumps_report(report).encode("utf-8")
    Path(job.staged).write_bytes(data)
    outcome.output_sha256 = hashlib.sha256(data).hexdigest()

    outcome.errors = result.count(Severity.error)
    outcome.warnings = result.count(Severity.warning)
    outcome.status = "errors" if outcome.errors else "warnings" if outcome.warnings else "passed"
    first = result.first()
    if first is not None:
        notes.insert(0, f"首个问题：{first.location + ' ' if first.location else ''}{first.message}")
    if result.ignored:
        rules = "、".join(dict.fromkeys(f.rule for f in result.ignored))
        notes.append(f"已按要求忽略 {len(result.ignored)} 项（{rules}）")
    outcome.message = "；".join(notes)
    return outcome
