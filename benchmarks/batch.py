"""Batch speed: ``xxgk batch`` against a plain openpyxl loop (the baseline) and a raw python-calamine read (the floor).

Generates N filled workbooks (default 1000; one in ten with an error, one in ten with a warning, each with
its own agency name), then prints in one run:

- ``xxgk batch`` wall time with ``--jobs 1`` and ``--jobs 2`` (a child process each, fresh output folder),
  and the CPU time it and its workers used (steadier than wall time on a busy machine);
- the baseline: a plain openpyxl loop that loads each file and reads the same cells the reader reads;
- the floor: python-calamine reading the same sheets of each file, nothing else;
- the ratios. Targets: ``--jobs 2`` at least 5 × faster than the baseline and within 3 × of the floor.

    python benchmarks/batch.py [--n 1000] [--keep DIR]

The machine's load average is printed too: other processes on the same cores slow every figure.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from xxgk.jsonio import load_report_json
from xxgk.workbook.fill import filled_workbook
from xxgk.workbook.layout import META_SHEET, layout_for
from xxgk.workbook.template import workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbook_templates" / "example-2024.json"
PLACEHOLDER = "AGENCY-PLACEHOLDER"
VARIANTS = 20  # distinct contents; each file then gets its own agency name


def variant(i: int) -> bytes:
    """The bundled example with different numbers: variant 0, 10 have an error, 5, 15 a warning."""
    report = load_report_json(EXAMPLE)
    report.metadata.agency_name = PLACEHOLDER
    report.texts.other = report.texts.other.replace("（2020）", "〔2020〕")  # the example's one warning, fixed
    wb = filled_workbook(report)
    bindings = layout_for(report.format_version).bindings

    def put(key: str, value: object) -> None:
        b = bindings[key]
        wb[b.sheet].cell(b.row, b.col).value = value

    put("t3.carried_over.natural_person", i)  # carried over and forward alike: the identities hold
    put("t3.carried_forward.natural_person", i)
    put("t2.fees.amount_wan_yuan", i / 4)
    if i % 10 == 0:
        put("t3.carried_over.natural_person", "/")  # a placeholder instead of 0: an error
    elif i % 10 == 5:
        put("t2.licensing.decisions", "3件")  # a unit typed into a number: a warning
    return workbook_bytes(wb)


def with_agency(data: bytes, agency: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = content.replace(PLACEHOLDER.encode(), agency.encode())
            dst.writestr(info, content)
    return out.getvalue()


def generate(folder: Path, n: int) -> list[Path]:
    variants = [variant(i) for i in range(VARIANTS)]
    paths = []
    for i in range(n):
        path = folder / f"区县{i // 100:02d}" / f"单位{i:05d}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(with_agency(variants[i % VARIANTS], f"某某县第{i:05d}号单位"))
        paths.append(path)
    return paths


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def batch_seconds(source: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall time and CPU time (the command and the workers it waited for) of one ``xxgk batch``."""
    shutil.rmtree(out, ignore_errors=True)
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-m", "xxgk", "batch", str(source), "-o", str(out), "--jobs", str(jobs)],
                          capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode not in (0, 1) or not (out / "index.csv").exists():
        sys.exit(f"xxgk batch failed:\n{done.stderr}")
    print("    " + next(line for line in done.stderr.splitlines() if line.startswith("共")))
    return seconds, cpu


def cells_by_sheet(version: str = "2021") -> dict[str, list[tuple[int, int]]]:
    """The cells the reader reads: every bound cell, by sheet."""
    cells: dict[str, list[tuple[int, int]]] = {}
    for b in layout_for(version).bindings.values():
        cells.setdefault(b.sheet, []).append((b.row, b.col))
    return cells


def openpyxl_seconds(paths: list[Path]) -> float:
    import openpyxl

    cells = cells_by_sheet()
    start = time.perf_counter()
    for path in paths:
        wb = openpyxl.load_workbook(path, data_only=True)
        values = [wb[sheet].cell(r, c).value for sheet, where in cells.items() for r, c in where]
        assert values
        wb.close()
    return time.perf_counter() - start


def calamine_seconds(paths: list[Path], *, with_meta: bool = False) -> float:
    """The floor: the layout's sheets, each up to its last row; ``with_meta`` adds the hidden ``_xxgk`` sheet
    the reader also opens for the template id and format version (calamine parses a sheet whole)."""
    from python_calamine import CalamineWorkbook

    sheets = {plan.name: plan.max_row for plan in layout_for("2021").sheets}
    if with_meta:
        sheets[META_SHEET] = 3
    start = time.perf_counter()
    for path in paths:
        wb = CalamineWorkbook.from_path(str(path))
        for sheet, rows in sheets.items():
            wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=rows)
        wb.close()
    return time.perf_counter() - start


def stages(paths: list[Path]) -> dict[str, float]:
    """Milliseconds per file of each step of a batch job, in this process (where the time goes)."""
    from xxgk.jsonio import dumps_report
    from xxgk.validation import validate
    from xxgk.workbook.layout import layout_for
    from xxgk.workbook.reader import read_workbook

    times = dict.fromkeys(("read (xxgk reader, calamine)", "validate", "canonical JSON"), 0.0)
    for path in paths:
        start = time.perf_counter()
        report = read_workbook(path, engine="calamine")
        read = time.perf_counter()
        report.findings = list(validate(report, places=layout_for(report.format_version).bindings))
        checked = time.perf_counter()
        dumps_report(report)
        for name, seconds in zip(times, (read - start, checked - read, time.perf_counter() - checked)):
            times[name] += seconds
    return {name: seconds * 1000 / len(paths) for name, seconds in times.items()}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    try:
        start = time.perf_counter()
        paths = generate(folder / "in", args.n)
        print(f"{args.n} workbooks generated in {time.perf_counter() - start:.1f} s; load average {load()}")
        print("xxgk batch --jobs 1")
        jobs1, cpu1 = batch_seconds(folder / "in", folder / "out1", 1)
        print("xxgk batch --jobs 2")
        jobs2, cpu2 = batch_seconds(folder / "in", folder / "out2", 2)
        floor = calamine_seconds(paths)
        floor_meta = calamine_seconds(paths, with_meta=True)
        baseline = openpyxl_seconds(paths)
        per = 1000 / args.n
        print(f"\n{'':52}{'seconds':>9}{'ms/file':>9}{'CPU ms/file':>13}")
        for name, seconds, cpu in [("xxgk batch --jobs 1 (whole command)", jobs1, cpu1),
                                   ("xxgk batch --jobs 2 (whole command)", jobs2, cpu2),
                                   ("baseline: openpyxl load + read cells (loop)", baseline, None),
                                   ("floor: python-calamine read (loop)", floor, None),
                                   ("  the same with the hidden _xxgk sheet", floor_meta, None)]:
            print(f"{name:52}{seconds:9.2f}{seconds * per:9.2f}" + (f"{cpu * per:13.2f}" if cpu is not None else ""))
        print("\nwhere a batch job's time goes, one process (ms/file):")
        for name, ms in stages(paths[:200]).items():
            print(f"  {name:50}{ms:9.2f}")
        print(f"\nbaseline / batch --jobs 2 = {baseline / jobs2:5.1f} ×   (target ≥ 5)")
        print(f"batch --jobs 2 / floor    = {jobs2 / floor:5.1f} ×   (target ≤ 3)")
        print(f"batch --jobs 1 / --jobs 2 = {jobs1 / jobs2:5.1f} ×")
        print(f"load average at the end: {load()}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
