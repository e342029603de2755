"""Running one case under one command, in this process or in a contained child, and checking every promise.

Folders of a run (all under the test's ``tmp``): ``in/`` holds the case's input (for ``batch``, beside a
healthy copy of the example); ``current/`` a healthy report of the following year, for the commands that read
the case as last year's report; ``out/`` everything a command writes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from xxgk.cli import main

from .case import ANNOTATE, BATCH, CONVERT, FILL, IMPORT, PREVIOUS, PREVIOUS_DIR, REPORT, ROLLUP, VALIDATE, Case, Expect

ADDRESS_SPACE = 4_000_000_000  # bytes: the cap of issue 9 (prlimit --as)
INTERNAL = "程序内部错误"
HEALTHY = "healthy.xlsx"  # the example, beside the case in a batch: a bad file must cost only itself
# What must never reach a terminal: tracebacks, Python warnings, raw control characters (escape sequences).
LEAKS = ("Traceback", "UserWarning", "DeprecationWarning", "site-packages", "Usage:", "Try '")
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n\t"} | {"\x7f"}


@dataclass
class Run:
    tmp: Path
    command: str
    input: Path
    args: list[str]
    outputs: list[Path]  # the files the command is asked to write
    exit_code: int = -1
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    before: dict[Path, str] = field(default_factory=dict)

    @property
    def out(self) -> Path:
        return self.tmp / "out"

    @property
    def inputs(self) -> tuple[Path, ...]:
        return self.tmp / "in", self.tmp / "current", self.tmp / "current.json"

    def written(self) -> list[Path]:
        return sorted(p for p in self.out.rglob("*") if p.is_file())

    def texts(self) -> str:
        """Everything a user reads: the two streams and every text file the command wrote."""
        parts = [self.stdout, self.stderr]
        for path in self.written():
            if path.suffix in (".json", ".csv", ".html", ".md"):
                parts.append(path.read_text(encoding="utf-8-sig", errors="replace"))
        return "\n".join(parts)

    def index(self) -> list[dict[str, str]]:
        path = self.out / "batch" / "index.csv"
        with open(path, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))


def _argv(command: str, source: Path, tmp: Path, jobs: int) -> tuple[list[str], list[Path]]:
    out, current = tmp / "out", tmp / "current"
    batch = ["--jobs", str(jobs)]
    table = {
        CONVERT: (["convert", source, "-o", out / "report.json"], [out / "report.json"]),
        IMPORT: (["import", source, "-o", out / "report.json"], [out / "report.json"]),
        VALIDATE: (["validate", source], []),
        ANNOTATE: (["validate", source, "--annotate", out / "annotated.xlsx"], [out / "annotated.xlsx"]),
        PREVIOUS: (["validate", tmp / "current.json", "--previous", source], []),
        REPORT: (["report", source, *(x for f in ("html", "docx", "md") for x in ("-o", out / f"report.{f}"))],
                 [out / f"report.{f}" for f in ("html", "docx", "md")]),
        FILL: (["fill", source, "-o", out / "filled.xlsx"], [out / "filled.xlsx"]),
        BATCH: (["batch", source.parent, "-o", out / "batch", *batch], [out / "batch" / "index.csv"]),
        PREVIOUS_DIR: (["batch", current, "-o", out / "batch", "--previous-dir", source.parent, *batch],
                       [out / "batch" / "index.csv"]),
        ROLLUP: (["rollup", source, "-o", out / "rollup.json"], [out / "rollup.json"]),
    }
    args, outputs = table[command]
    return [str(a) for a in args], outputs


def fingerprints(*places: Path) -> dict[Path, str]:
    """SHA-256 of every regular file in ``places`` (files, or folders searched recursively)."""
    found = {}
    for place in places:
        for path in sorted(place.rglob("*")) if place.is_dir() else [place] if place.exists() else []:
            if path.is_symlink() or not stat.S_ISREG(path.lstat().st_mode):
                continue  # a FIFO cannot be hashed (reading it would block)
            found[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@dataclass(frozen=True)
class Healthy:
    """Bytes of healthy reports: the example, and a report of the year after it (the same agency)."""

    example_xlsx: bytes
    next_year_xlsx: bytes
    next_year_json: bytes


def prepare(case: Case, command: str, tmp: Path, healthy: Healthy, jobs: int) -> Run:
    """Build the case's input and the folders around it."""
    for folder in ("in", "current", "out"):
        (tmp / folder).mkdir(parents=True)
    source = case.build(tmp / "in")
    if command == BATCH:
        (tmp / "in" / HEALTHY).write_bytes(healthy.example_xlsx)
    (tmp / "current" / "current.xlsx").write_bytes(healthy.next_year_xlsx)
    (tmp / "current.json").write_bytes(healthy.next_year_json)
    args, outputs = _argv(command, source, tmp, jobs)
    run = Run(tmp, command, source, args, outputs)
    run.before = fingerprints(*run.inputs)
    return run


def invoke_here(run: Run) -> Run:
    """In this process (click's CliRunner): fast, for every case that cannot abort or exhaust the process."""
    import time

    start = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(run.tmp)
    try:
        result = CliRunner().invoke(main, run.args, catch_exceptions=True)
    finally:
        os.chdir(cwd)
    run.seconds = time.perf_counter() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"{run.command} raised instead of reporting:\n{trace}")
    run.exit_code, run.stdout, run.stderr = result.exit_code, result.stdout, result.stderr
    return run


def invoke_contained(run: Run, timeout: float) -> Run:
    """In a child process under ``prlimit --as`` and a timeout: an abort or a runaway allocation kills only it."""
    import time

    prlimit = shutil.which("prlimit")
    assert prlimit, "prlimit (util-linux) is required for the contained runs"
    argv = [prlimit, f"--as={ADDRESS_SPACE}", "--", sys.executable, "-m", "xxgk", *run.args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=run.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the child's own session: it and its batch workers
        child.communicate()
        raise AssertionError(f"{run.command} did not finish within {timeout:.0f} s") from None
    run.seconds = time.perf_counter() - start
    run.exit_code = child.returncode
    run.stdout, run.stderr = stdout.decode("utf-8"), stderr.decode("utf-8")  # not UTF-8 is itself a failure
    return run


def _strict_json(path: Path) -> None:
    def refuse(constant: str):
        raise AssertionError(f"{path.name} holds {constant}, which is not JSON")

    json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def check(run: Run, expect: Expect) -> None:
    """What every command promises for every input (README, issue 9)."""
    said = f"{run.command} exit {run.exit_code}\nstdout: {run.stdout[-1500:]}\nstderr: {run.stderr[-1500:]}"
    assert run.exit_code >= 0, f"killed by signal {-run.exit_code}\n{said}"
    for leak in LEAKS:
        assert leak not in run.stderr and leak not in run.stdout, f"{leak!r} shown to the user\n{said}"
    raw = sorted({repr(c) for c in run.stdout + run.stderr if c in CONTROL})
    assert not raw, f"raw control characters {', '.join(raw)} printed\n{said}"
    assert INTERNAL not in run.texts(), f"internal error\n{said}"
    assert fingerprints(*run.inputs) == run.before, "an input was modified"
    stray = sorted(p.name for p in run.tmp.iterdir())
    assert set(stray) <= {"in", "current", "out", "current.json", "secret.txt"}, f"written outside the output: {stray}"
    parts = [p for p in run.tmp.rglob("*.part")]
    assert not parts, f"temporary files left behind: {parts}"
    assert run.exit_code in expect.exits, f"expected exit {sorted(expect.exits)}\n{said}"
    if run.exit_code == 2:
        assert not run.written(), f"exit 2 but wrote {run.written()}"
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and run.stderr.endswith("\n") and lines[0].startswith("错误："), \
            f"not one line starting with 错误：\n{said}"
    else:
        missing = [p for p in run.outputs if not p.is_file()]
        assert not missing, f"exit {run.exit_code} without {missing}\n{said}"
    for path in run.written():
        if path.suffix == ".json":
            _strict_json(path)
    if expect.fragment is not None:
        assert expect.fragment in run.texts(), f"{expect.fragment!r} not said\n{said}"
    if run.command in (BATCH, PREVIOUS_DIR) and run.exit_code != 2:
        others = [row for row in run.index() if row["文件"] != run.input.name]
        assert others and all(row["状态"] != "无法读取" for row in others), f"a healthy file paid for the bad one: {others}"


def run_case(case: Case, command: str, tmp: Path, healthy: Healthy, *, contained: bool, jobs: int = 1) -> Run:
    """``contained``: in a child process (see ``invoke_contained``); else in this one. ``jobs``: of a batch."""
    run = prepare(case, command, tmp, healthy, jobs=jobs)
    run = invoke_contained(run, case.timeout) if contained else invoke_here(run)
    check(run, case.expect[command])
    if case.check is not None:
        case.check(run)
    return run
