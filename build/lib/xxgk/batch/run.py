"""A batch run from start to end; the command line only adds progress and the summary."""

from __future__ import annotations

import shutil
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .. import __version__
from ..errors import XxgkError
from ..files import sha256_of
from ..rules.context import Settings
from .discover import OTHER, UNSUPPORTED, Candidate, discover
from .index import NAME as INDEX_NAME
from .index import write_index
from .job import Job, init_worker, run_job
from .lock import output_lock
from .manifest import Manifest
from .names import assign_names, report_stem
from .outcome import Outcome
from .parallel import parallel_map
from .place import place_outputs
from .previous import SUFFIXES, PreviousReport, PreviousReports, identify

STAGING = ".xxgk-staging"
CRASHED = "处理时工作进程意外退出（可能是文件异常或内存不足），请用 --jobs 1 重试"


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
    candidates = [c for c in discover(folder) if c.path.suffix.lower() in SUFFIXES]
    return PreviousReports(list(parallel_map(_identify, candidates, jobs)))


def _identify(candidate: Candidate) -> PreviousReport | None:
    return identify(candidate.path, candidate.relpath)


def _warm_up() -> None:
    """Load what every job needs once, before workers fork, so each worker starts with it ready."""
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


def _convert(jobs_to_run: list[Job], jobs: int, previous: PreviousReports | None, settings: Settings,
             reporter: Reporter | None) -> dict[str, Outcome]:
    results: dict[str, Outcome] = {}
    if reporter:
        reporter.start(len(jobs_to_run))
    try:
        for outcome in parallel_map(run_job, jobs_to_run, jobs, init_worker, (previous, settings)):
            results[outcome.relpath] = outcome
            if reporter:
                reporter.advance(outcome)
    except BrokenProcessPool:
        for job in jobs_to_run:
            results.setdefault(job.relpath, Outcome(job.relpath, job.sha256, "failed", message=CRASHED))
    finally:
        if reporter:
            reporter.finish()
    return results


def run_batch(source: Path, out: Path, *, jobs: int = 1, previous_dir: Path | None = None,
              settings: Settings | None = None, force: bool = False, reporter: Reporter | None = None) -> BatchResult:
    settings = settings or Settings()
    _check_dirs(source, out, previous_dir)
    source, out = source.resolve(), out.resolve()
    candidates = discover(source, exclude=out)
    _warm_up()
    previous = scan_previous(previous_dir, jobs) if previous_dir is not None else None
    context = {"previous_dir": str(previous_dir.resolve()) if previous_dir is not None else None,
               "deadline": settings.deadline.isoformat() if settings.deadline else None}
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        return _run(candidates, out, jobs, previous, settings, context, force, reporter)


def _run(candidates: list[Candidate], out: Path, jobs: int, previous: PreviousReports | None, settings: Settings,
         context: dict[str, str | None], force: bool, reporter: Reporter | None) -> BatchResult:
    manifest = Manifest.load(out)
    staging = out / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # left over from an interrupted run
    staging.mkdir(parents=True)

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
            relpath, sha, _previous_sha(previous, manifest.outcomes.get(relpath)), out,
            tool_version=__version__, context=context)
        if cached is not None:
            outcomes[relpath] = cached
            reused += 1
        else:
            to_run.append(Job(str(candidate.path), relpath, sha, str(staging / f"{len(to_run)}.json")))

    converted = _convert(to_run, jobs, previous, settings, reporter)
    outcomes.update(converted)
    ordered = [outcomes[c.relpath] for c in candidates]
    names = assign_names((o.relpath, report_stem(o.agency, o.year, o.relpath)) for o in ordered if o.has_output)
    staged = {job.relpath: Path(job.staged) for job in to_run if converted[job.relpath].has_output}
    place_outputs(out, staging, names, staged, manifest.outputs)
    shutil.rmtree(staging, ignore_errors=True)

    write_index(out / INDEX_NAME, ordered, names)
    Manifest(__version__, context, {o.relpath: o for o in ordered if o.status != "skipped"}, names).save(out)
    return BatchResult(ordered, names, len(to_run), reused, out / INDEX_NAME)


def _previous_sha(previous: PreviousReports | None, last: Outcome | None) -> str | None:
    """The SHA-256 of the last-year report that this file's report would be checked against now."""
    if previous is None or last is None:
        return None
    found, _ = previous.find(last.agency, last.year)
    return found.sha256 if found else None
