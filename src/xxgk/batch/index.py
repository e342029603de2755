"""``index.csv``: one row per input file, for the collecting office to open in Excel.

UTF-8 with a BOM (Excel otherwise reads the Chinese as mojibake). No cell can run as a formula in Excel,
and every file name in it can still be looked up as written:

- 输出文件 is the name on disk as it is: output names never start with = + - @ (see ``names``);
- 文件 and 上年报告 are relative paths: one that starts with such a character is written ``./`` + path,
  which names the same file;
- any other text that Excel would take for a formula (starting with = + - @, tab or carriage return) gets a
  leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..agency import same_agency_groups
from ..csv_cells import neutralise, path_cell
from ..figures import HEADLINE
from ..files import write_bytes_atomic
from .outcome import Outcome

NAME = "index.csv"
COLUMNS = ("文件", "SHA-256", "机关名称", "报告年度", "格式版本", "错误数", "警告数", *HEADLINE.values(),
           "状态", "输出文件", "上年报告", "说明")


def row(outcome: Outcome, output: str | None, note: str = "") -> list[object]:
    has_report = outcome.has_output
    cells = [outcome.sha256, outcome.agency, outcome.year, outcome.format_version,
             outcome.errors if has_report else None, outcome.warnings if has_report else None,
             *(outcome.figures.get(key) for key in HEADLINE), outcome.label]
    # ``output`` as it is: output names never start with a formula character
    return [path_cell(outcome.relpath), *(neutralise(c) for c in cells), output, path_cell(outcome.previous),
            neutralise("；".join(filter(None, (outcome.message, note))))]


def same_agency_notes(outcomes: list[Outcome]) -> dict[str, str]:
    """A note on every report whose agency and year another report of the batch also claims."""
    notes = {}
    for group in same_agency_groups((o.relpath, o.agency, o.year) for o in outcomes if o.has_output):
        for relpath in group:
            others = "、".join(r for r in group if r != relpath)
            notes[relpath] = f"与 {others} 是同一机关同一年度的报告，请确认哪一份有效"
    return notes


def index_text(outcomes: list[Outcome], outputs: dict[str, str]) -> str:
    notes = same_agency_notes(outcomes)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for outcome in outcomes:
        writer.writerow(row(outcome, outputs.get(outcome.relpath), notes.get(outcome.relpath, "")))
    return buffer.getvalue()


def write_index(path: Path, outcomes: list[Outcome], outputs: dict[str, str]) -> None:
    write_bytes_atomic(path, index_text(outcomes, outputs).encode("utf-8-sig"))
