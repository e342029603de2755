"""Cold command-line time of ``xxgk validate`` on the bundled example, next to baselines.

    python benchmarks/validate.py [--runs N] [WORKBOOK]

Each figure is a fresh process (imports included), as a user running the command sees it; the table
shows the best and the median of N runs. Baselines: the bare interpreter, and openpyxl loading the same
workbook. The last line is the in-process time of ``validate()`` alone on an already read report.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbook_templates" / "example-2024.xlsx"


def cold(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
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
    print(f"{args.workbook.name}, {args.runs} cold runs each")
    print(f"{'command':<40} {'best':>8} {'median':>8}")
    results = {}
    for name, command in cases.items():
        times = cold(command, args.runs)
        results[name] = min(times)
        print(f"{name:<40} {min(times):>7.3f}s {statistics.median(times):>7.3f}s")
    ratio = results["xxgk validate"] / results["openpyxl.load_workbook (baseline)"]
    print(f"xxgk validate / baseline: {ratio:.2f}×")
    print(f"validate() alone, in process: {warm_validate(args.workbook, 50) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
