"""Cold command-line time of ``xxgk validate`` on the bundled example, next to baselines.

    python benchmarks/validate.py [--runs N] [WORKBOOK]

Each figure is a fresh process (imports included), as a user running the command sees it; after one warm-up
run of each (which also leaves the bytecode, see ``ENVIRONMENT``), the commands run in turn N times (interleaved), and the table shows the best and the median. Baselines: the bare interpreter, and openpyxl loading the same
workbook. The last line is the in-process time of ``validate()`` alone on an already read report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbook_templates" / "example-2024.xlsx"


# The commands run as on a user's machine, where Python keeps the bytecode it compiled (pip writes it for the
# libraries, the first run for an editable install): a PYTHONDONTWRITEBYTECODE of the calling shell would make
# every run of xxgk compile its own modules again, and none of openpyxl's.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENVIRONMENT)
    return time.perf_counter() - start


def interleaved(cases: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Each command once as a warm-up (file cache, .pyc), then ``runs`` rounds of every command in turn, so a
    change in the machine's load falls on all of them alike."""
    for command in cases.values():
        once(command)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, command in cases.items():
            times[name].append(once(command))
    return times


def warm_validate(path: Path, runs: int) -> float:
    from xxgk.jsonio import load_report
    from xxgk.validation import validate
    from xxgk.workbook.layout import layout_for

    report = load_report(path)
    places = layout_for(report.format_version).bindings
    validate(report, places=places)  # first call loads the catalog and the layout
    start = time.perf_counter()
    for _ in range(runs):
        validate(report, places=places)
    return (time.perf_counter() - start) / runs


def _load() -> str:
    """The machine's load average (1, 5, 15 minutes): on a busy machine every figure is slower, the ratio less so."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    cases = {
        "python -c pass (interpreter start)": [py, "-c", "pass"],
        "openpyxl.load_workbook (baseline)": [py, "-c", f"import openpyxl; openpyxl.load_workbook({str(args.workbook)!r})"],
        "xxgk validate": [py, "-m", "xxgk", "validate", str(args.workbook)],
        "xxgk validate --format json": [py, "-m", "xxgk", "validate", "--format", "json", str(args.workbook)],
    }
    print(f"{args.workbook.name}, {args.runs} cold runs each; load average before: {_load()}")
    print(f"{'command':<40} {'best':>8} {'median':>8}")
    medians = {}
    for name, times in interleaved(cases, args.runs).items():
        medians[name] = statistics.median(times)
        print(f"{name:<40} {min(times):>7.3f}s {medians[name]:>7.3f}s")
    ratio = medians["xxgk validate"] / medians["openpyxl.load_workbook (baseline)"]
    print(f"xxgk validate / baseline (medians of interleaved runs; goal ≤ 1.0): {ratio:.2f}×; load average after: {_load()}")
    print(f"validate() alone, in process: {warm_validate(args.workbook, 50) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
