"""What to mark, computed from findings once for every marker.

- ``fills``: per sheet and severity, the cells to colour grouped into rectangles ("D5:J7"), so a live marker
  writes one range per call instead of one cell per call. A cell takes the colour of its most severe finding;
  info findings get a note but no colour.
- ``notes``: one note per cell; several findings on a cell are joined.
- ``rows``: the rows of the 校验结果 sheet, each with the cell it links to; ``results`` places them on the sheet
  (title, header, body, widths, colours, links), so a marker only writes what the plan says where it says.

A marker also keeps a record of the cells it changed (the hidden ``_xxgk_marks`` sheet, ``MARKS_HEADER``),
with their fill and note from before, so that marking again first restores them instead of stacking marks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ..model import Finding, Severity
from ..validation import ValidationResult
from ..workbook.layout import a1
from ..workbook.layout import rectangles as cell_rectangles

RESULTS_SHEET = "校验结果"
MARKS_SHEET = "_xxgk_marks"
MARKS_HEADER = ("sheet", "cell", "fill", "comment", "comment_author")
NOTE_AUTHOR = "xxgk"
FILL_COLORS = {Severity.error: "FF7C80", Severity.warning: "FFC000"}  # red, amber; info: note only
RESULTS_HEADER = ("序号", "级别", "位置", "说明", "修改建议", "规则编号")
RESULTS_WIDTHS = {"A": 6, "B": 8, "C": 34, "D": 70, "E": 50, "F": 24}
RESULTS_TITLE_ROW, RESULTS_HEADER_ROW = 1, 3  # the summary in A1, a blank row, the header, then one row a finding
SEVERITY_COLUMN, LINK_COLUMN = 2, 3  # 级别 (coloured like the cells it lists), 位置 (a link to the cell)
_RANK = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


@dataclass(frozen=True)
class Fill:
    sheet: str
    ref: str  # "D5" or a rectangle "D5:J7"
    severity: Severity

    @property
    def color(self) -> str:
        return FILL_COLORS[self.severity]


@dataclass(frozen=True)
class Note:
    sheet: str
    cell: str
    text: str


@dataclass(frozen=True)
class ResultRow:
    number: int
    severity: Severity
    sheet: str | None
    cell: str | None
    message: str
    hint: str
    rule: str

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else (self.sheet or "全报告")

    @property
    def target(self) -> str | None:
        """The hyperlink location inside the workbook: 'sheet'!D5."""
        return f"'{self.sheet}'!{self.cell}" if self.sheet and self.cell else None

    @property
    def values(self) -> tuple[object, ...]:
        """The row as written, in the order of ``RESULTS_HEADER``."""
        return (self.number, self.severity.label, self.location, self.message, self.hint, self.rule)


@dataclass(frozen=True)
class Link:
    """A link on the 校验结果 sheet (row, col) to a finding's cell (``target``: 'sheet'!D5)."""

    row: int
    col: int
    target: str
    text: str

    @property
    def cell(self) -> str:
        return a1(self.row, self.col)


@dataclass(frozen=True)
class ResultsSheet:
    """Where everything sits on the 校验结果 sheet: both markers write exactly this."""

    summary: str
    rows: tuple[ResultRow, ...]
    title_cell: str = a1(RESULTS_TITLE_ROW, 1)
    widths: tuple[tuple[str, float], ...] = tuple(RESULTS_WIDTHS.items())

    @property
    def width(self) -> int:
        return len(RESULTS_HEADER)

    @property
    def first_row(self) -> int:
        return RESULTS_HEADER_ROW + 1

    @property
    def header_ref(self) -> str:
        return f"{a1(RESULTS_HEADER_ROW, 1)}:{a1(RESULTS_HEADER_ROW, self.width)}"

    @property
    def body_ref(self) -> str | None:
        """The rows of findings (None when there are none)."""
        if not self.rows:
            return None
        return f"{a1(self.first_row, 1)}:{a1(self.first_row + len(self.rows) - 1, self.width)}"

    @property
    def freeze(self) -> str:
        return a1(self.first_row, 1)

    @property
    def grid(self) -> list[list[object]]:
        """Every value from A1, one list a sheet row, each as wide as the header."""
        top: list[list[object]] = [[None] * self.width for _ in range(RESULTS_HEADER_ROW)]
        top[RESULTS_TITLE_ROW - 1][0] = self.summary
        top[RESULTS_HEADER_ROW - 1] = list(RESULTS_HEADER)
        return top + [list(row.values) for row in self.rows]

    @property
    def severity_fills(self) -> list[tuple[str, str]]:
        """(ref, colour) of the 级别 cells, grouped into rectangles per colour."""
        by_color: dict[str, list[str]] = defaultdict(list)
        for n, row in enumerate(self.rows, start=self.first_row):
            if row.severity in FILL_COLORS:
                by_color[FILL_COLORS[row.severity]].append(a1(n, SEVERITY_COLUMN))
        return [(ref, color) for color, cells in by_color.items() for ref in rectangles(cells)]

    @property
    def links(self) -> list[Link]:
        return [Link(n, LINK_COLUMN, row.target, row.location)
                for n, row in enumerate(self.rows, start=self.first_row) if row.target]


@dataclass(frozen=True)
class MarkPlan:
    fills: tuple[Fill, ...]
    notes: tuple[Note, ...]
    rows: tuple[ResultRow, ...]
    summary: str

    @property
    def results(self) -> ResultsSheet:
        return ResultsSheet(self.summary, self.rows)

    @property
    def marked(self) -> list[tuple[str, str]]:
        """Every (sheet, cell) a marker changes (to record before changing it)."""
        cells = [(f.sheet, c) for f in self.fills for c in cells_of(f.ref)] + [(n.sheet, n.cell) for n in self.notes]
        return list(dict.fromkeys(cells))


class Marker(Protocol):
    """Draws a plan on a workbook (a file's copy, or the live book in Excel)."""

    def clear(self) -> None:
        """Remove the marks of a previous run: restore recorded fills and notes, drop the 校验结果 sheet."""

    def fill(self, sheet: str, ref: str, color: str) -> None: ...

    def note(self, sheet: str, cell: str, text: str) -> None: ...

    def results(self, plan: MarkPlan) -> None:
        """Write the 校验结果 sheet and the record of the marked cells."""


def apply(plan: MarkPlan, marker: Marker) -> None:
    marker.clear()
    for fill in plan.fills:
        marker.fill(fill.sheet, fill.ref, fill.color)
    for note in plan.notes:
        marker.note(note.sheet, note.cell, note.text)
    marker.results(plan)


def summary(result: ValidationResult) -> str:
    if not result:
        return "校验结果：未发现问题。"
    n = result.counts
    return f"校验结果：错误 {n[Severity.error]} 项，警告 {n[Severity.warning]} 项，提示 {n[Severity.info]} 项。"


def note_text(findings: Iterable[Finding]) -> str:
    lines = (f"{f.severity.label}：{f.message}\n修改建议：{f.hint}" for f in findings)
    return "\n\n".join(dict.fromkeys(lines))


def plan_marks(findings: Iterable[Finding]) -> MarkPlan:
    """The plan of a validation result (or of any findings, taken in their order)."""
    result = findings if isinstance(findings, ValidationResult) else ValidationResult.of(findings)
    on_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result:
        if f.sheet and f.cell:
            on_cell[(f.sheet, f.cell)].append(f)
    coloured: dict[tuple[str, Severity], list[str]] = defaultdict(list)
    for (sheet, cell), found in on_cell.items():
        worst = min((f.severity for f in found), key=_RANK.__getitem__)
        if worst in FILL_COLORS:
            coloured[(sheet, worst)].append(cell)
    fills = tuple(Fill(sheet, ref, severity) for (sheet, severity), cells in coloured.items()
                  for ref in rectangles(cells))
    notes = tuple(Note(sheet, cell, note_text(found)) for (sheet, cell), found in on_cell.items())
    rows = tuple(ResultRow(i, f.severity, f.sheet, f.cell, f.message, f.hint, f.rule)
                 for i, f in enumerate(result, start=1))
    return MarkPlan(fills, notes, rows, summary(result))


# --------------------------------------------------------------------------- A1 rectangles


def _row_col(cell: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(cell)
    return row, column_index_from_string(letters)


def cells_of(ref: str) -> list[str]:
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = _row_col(first), _row_col(last or first)
    return [a1(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def rectangles(cells: Iterable[str]) -> list[str]:
    """Cells grouped into few rectangles ("D5:J7"), as the template groups its number cells."""
    refs = []
    for r1, c1, r2, c2 in sorted(cell_rectangles(_row_col(c) for c in cells)):
        start, end = a1(r1, c1), a1(r2, c2)
        refs.append(start if start == end else f"{start}:{end}")
    return refs
