"""A batch run from start to end; the command line only adds progress and the summary.

Its inputs are workbooks and published reports (``discovery.SOURCE_SUFFIXES``), each converted in a worker
process; last year's folder may hold canonical JSON as well (``jsonio.REPORT_SUFFIXES``).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .. import __version__
from ..discovery import OTHER, UNSUPPORTED, Candidate, discover
from ..errors import XxgkError
from ..files import sha256_of
from ..jsonio import PUBLISHED_SUFFIXES, REPORT_SUFFIXES
from ..rules.context import Settings
from ..workers import crash_reason, isolated_map
from .index import NAME as INDEX_NAME
from .index import write_index
from .job import Job, init_worker, run_job
from .lock import output_lock
from .manifest import NAME as MANIFEST_NAME
from .manifest import Manifest, file_sha256
from .names import assign_names, report_stem
from .outcome import Outcome
from .place import place_outputs
from .previous import PreviousReport, PreviousReports, identify

STAGING = ".xxgk-staging"


class Reporter(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, outcome: Outcome) -> None: ...

    def finish(self) -> None: ...


@dataclass
class BatchResult:
    outcomes: list[Outcome]  # one per input file, in path order
    outputs: dict[str, str]  # relpath -> JSON file name in OUTDIR
    converted: int
    reused: int
    index: Path

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("failed") or self.count("errors") else 0


def _check_dirs(source: Path, out: Path, previous_dir: Path | None) -> None:
    for folder in (source, previous_dir):
        if folder is not None and not folder.is_dir():
            raise XxgkError("目录不存在" if not folder.exists() else "不是目录", path=folder)
    if out.exists() and not out.is_dir():
        raise XxgkError("输出路径已存在且不是目录", path=out)
    if out.resolve() == source.resolve():
        raise XxgkError("输出目录不能与输入目录相同，请另指定一个目录", path=out)


def scan_previous(folder: Path, jobs: int) -> PreviousReports:
    candidates = [c for c in discover(folder, accept=REPORT_SUFFIXES) if c.kind == "report"]
    return PreviousReports(list(isolated_map(_identify, candidates, jobs, _unidentified)))


def _identify(candidate: Candidate) -> PreviousReport | None:
    return identify(candidate.path, candidate.relpath)


def _unidentified(candidate: Candidate, exitcode: int | None) -> None:
    return None  # a file that kills its reader is no report to compare with


def _warm_up(candidates: list[Candidate]) -> None:
    """Load what every job needs once, before workers fork, so each worker starts with it ready (the importer's
    readers only when there are published reports: they take most of a second to import)."""
    from ..formats import versions
    from ..model.tables import tables_model
    from ..rules import catalog
    from ..rules.registry import registered
    from ..workbook import reader  # noqa: F401
    from ..workbook.layout import layout_for

    catalog()
    registered()
    for version in versions():
        layout_for(version)
        tables_model(version)
    if any(c.kind == "report" and c.path.suffix.lower() in PUBLISHED_SUFFIXES for c in candidates):
        from ..importer import docx, html, markdown, pdf, plaintext, published  # noqa: F401


def _convert(jobs_to_run: list[Job], jobs: int, previous: PreviousReports | None, settings: Settings,
             reporter: Reporter | None) -> tuple[dict[str, Outcome], set[str]]:
    """Each job's outcome, and the files whose worker died on them."""
    results: dict[str, Outcome] = {}
    died: set[str] = set()

    def crashed(job: Job, exitcode: int | None) -> Outcome:
        died.add(job.relpath)
        return Outcome(job.relpath, job.sha256, "failed", message=crash_reason(exitcode))

    if reporter:
        reporter.start(len(jobs_to_run))
    try:
        for outcome in isolated_map(run_job, jobs_to_run, jobs, crashed, init_worker, (previous, settings)):
            results[outcome.relpath] = outcome
            if reporter:
                reporter.advance(outcome)
    finally:
        if reporter:
            reporter.finish()
    return results, died


def run_batch(source: Path, out: Path, *, jobs: int = 1, previous_dir: Path | None = None,
              settings: Settings | None = None, force: bool = False, reporter: Reporter | None = None) -> BatchResult:
    settings = settings or Settings()
    _check_dirs(source, out, previous_dir)
    source, out = source.resolve(), out.resolve()
    candidates = discover(source, exclude=out)
    _warm_up(candidates)
    previous = scan_previous(previous_dir, jobs) if previous_dir is not None else None
    context = {"previous_dir": str(previous_dir.resolve()) if previous_dir is not None else None,
               "deadline": settings.deadline.isoformat() if settings.deadline else None,
               **({"ignored_rules": "、".join(settings.ignored_rules)} if settings.ignored_rules else {})}
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        return _run(candidates, out, jobs, previous, settings, context, force, reporter)


def _run(candidates: list[Candidate], out: Path, jobs: int, previous: PreviousReports | None, settings: Settings,
         context: dict[str, str | None], force: bool, reporter: Reporter | None) -> BatchResult:
    _check_own_files(out)
    manifest = Manifest.load(out)
    owned = manifest.owned(out)
    staging = _fresh_staging(out / STAGING)

    outcomes: dict[str, Outcome] = {}
    to_run: list[Job] = []
    reused = 0
    for candidate in candidates:
        relpath = candidate.relpath
        if candidate.kind == "other":
            outcomes[relpath] = Outcome(relpath, status="skipped", message=OTHER)
            continue
        sha = sha256_of(candidate.path)
        if candidate.kind == "unsupported":
            outcomes[relpath] = Outcome(relpath, sha, "failed", message=UNSUPPORTED[candidate.path.suffix.lower()])
            continue
        cached = None if force else manifest.reusable(
            relpath, sha, _previous_sha(previous, manifest.outcomes.get(relpath)), owned,
            tool_version=__version__, context=context)
        if cached is not None:
            outcomes[relpath] = cached
            reused += 1
        else:
            to_run.append(Job(str(candidate.path), relpath, sha, str(staging / f"{len(to_run)}.json")))

    converted, died = _convert(to_run, jobs, previous, settings, reporter)
    outcomes.update(converted)
    ordered = [outcomes[c.relpath] for c in candidates]
    names = assign_names(((o.relpath, report_stem(o.agency, o.year, o.relpath)) for o in ordered if o.has_output),
                         occupied=_occupied(out, owned, ordered))
    staged = {job.relpath: Path(job.staged) for job in to_run if converted[job.relpath].has_output}
    place_outputs(out, staging, names, staged, owned)
    shutil.rmtree(out / STAGING, ignore_errors=True)

    write_index(out / INDEX_NAME, ordered, names)
    # a file whose worker died is tried again next time: the cause may have been the machine (memory); a file
    # skipped by its name was never read (no SHA-256), one read and found to hold no report is remembered
    remembered = {o.relpath: o for o in ordered if o.sha256 and o.relpath not in died}
    Manifest(__version__, context, remembered, names).save(out)
    return BatchResult(ordered, names, len(to_run), reused, out / INDEX_NAME)


def _occupied(out: Path, owned: dict[str, str], outcomes: list[Outcome]) -> set[str]:
    """The names in OUTDIR that a report must not take: everything except the batch's own outputs and
    files holding exactly a report it writes in this run (replacing those loses nothing)."""
    ours = set(owned.values())
    written = {o.output_sha256 for o in outcomes if o.has_output and o.output_sha256}
    return {name for name in os.listdir(out) if name not in ours
            and not (name.endswith(".json") and not name.startswith(".") and file_sha256(out / name) in written)}


def _check_own_files(out: Path) -> None:
    """The index and the manifest are replaced as files: something else under their names stops the batch
    before any work is done."""
    for name in (INDEX_NAME, MANIFEST_NAME):
        try:
            mode = os.lstat(out / name).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            raise XxgkError(f"输出目录中的 {name} 不是普通文件，批量处理无法写入，请移走后重试", path=out)


def _fresh_staging(root: Path) -> Path:
    """An empty staging folder of this run's own, inside ``root`` (whatever an interrupted run left there is
    removed first; a worker orphaned by a killed run cannot write into this one)."""
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        root.unlink()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    return Path(tempfile.mkdtemp(dir=root))


def _previous_sha(previous: PreviousReports | None, last: Outcome | None) -> str | None:
    """The SHA-256 of the last-year report that this file's report would be checked against now."""
    if previous is None or last is None:
        return None
    found, _ = previous.find(last.agency, last.year)
    return found.sha256 if found else None
