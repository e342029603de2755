"""Reading one workbook: xxgk's reader (openpyxl read-only and calamine) against a plain openpyxl load.

Also a copy whose sheets claim a million rows (dimension A1:XFD1048576, a cell in the last row): the reader
reads only the bound block of each sheet, so it must cost about the same as the normal file.

    python benchmarks/read.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl

from xxgk.workbook.reader import read_workbook

EXAMPLE = Path(__file__).resolve().parent.parent / "workbook_templates" / "example-2024.xlsx"


def million_row_copy(target: Path) -> Path:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data, count=1)
                data = data.replace(b"</sheetData>", far + b"</sheetData>")
            dst.writestr(info, data)
    return target


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        huge = million_row_copy(Path(tmp) / "huge.xlsx")
        print(f"median of {repeat} runs, milliseconds per workbook")
        print(f"{'':38}{'example':>10}{'million-row':>14}")
        rows = {
            "baseline: openpyxl.load_workbook": lambda p: openpyxl.load_workbook(p, data_only=True),
            "xxgk reader (openpyxl read-only)": lambda p: read_workbook(p),
            "xxgk reader (calamine)": lambda p: read_workbook(p, engine="calamine"),
        }
        for name, fn in rows.items():
            normal = timed(lambda fn=fn: fn(EXAMPLE), repeat)
            big = timed(lambda fn=fn: fn(huge), max(1, repeat // 10) if "baseline" in name else repeat)
            print(f"{name:38}{normal:10.1f}{big:14.1f}")


if __name__ == "__main__":
    main()
