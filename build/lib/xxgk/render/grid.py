"""A table of the report as a grid of cells with row and column spans, derived from the format definition.

One neutral grid per table, drawn exactly as the national format prints it (merged headers, group rows of T3
with their row spans, the 勾稽关系 note in the corner). DOCX, HTML and Markdown all draw this grid, so the
three formats cannot disagree about a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..formats import Column, Row, Table

Role = Literal["corner", "caption", "header", "label", "value"]


@dataclass(frozen=True)
class GridCell:
    """A cell starting at (row, col); it covers ``rowspan`` × ``colspan`` positions of the grid."""

    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    key: str | None = None  # the canonical key of a value cell (``t3.new_received.total``)

    @property
    def is_header(self) -> bool:
        return self.role != "value"


@dataclass(frozen=True)
class Grid:
    """``rows[i]`` holds the cells that start in row i, left to right (covered positions hold none)."""

    rows: tuple[tuple[GridCell, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    header_rows: int = 0  # rows repeated at the top of every page the table runs onto
    label_columns: int = 0

    @property
    def column_count(self) -> int:
        return len(self.widths)

    def covering(self) -> list[list[GridCell]]:
        """For every position of the grid, the cell that covers it."""
        table: list[list[GridCell | None]] = [[None] * self.column_count for _ in self.rows]
        for cells in self.rows:
            for cell in cells:
                for r in range(cell.row, cell.row + cell.rowspan):
                    for c in range(cell.col, cell.col + cell.colspan):
                        if table[r][c] is not None:
                            raise ValueError(f"overlapping cells at ({r}, {c})")
                        table[r][c] = cell
        for r, line in enumerate(table):
            if None in line:
                raise ValueError(f"uncovered position in row {r}")
        return table  # type: ignore[return-value]


def format_number(column: Column, value: object) -> str:
    """As printed: counts as integers (zero as 0), 万元 with its decimals (up to four), a missing number blank.

    A count that is not whole (``cell-fraction`` reports it) is printed as it is, not cut to an integer.
    """
    if value is None:
        return ""
    if column.kind == "amount" or (isinstance(value, float) and not value.is_integer()):
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    return str(int(value))


@dataclass
class _Builder:
    table: Table
    values: Callable[[str], object]
    rows: list[list[GridCell]] = field(default_factory=list)

    def add(self, row: int, col: int, text: str, role: Role, rowspan: int = 1, colspan: int = 1,
            key: str | None = None) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        self.rows[row].append(GridCell(row, col, text, role, rowspan, colspan, key))

    def value(self, row: int, col: int, r: Row, column: Column, colspan: int = 1) -> None:
        key = f"{self.table.key}.{r.key}.{column.key}"
        self.add(row, col, format_number(column, self.values(key)), "value", colspan=colspan, key=key)

    def grid(self, widths: tuple[float, ...], header_rows: int, label_columns: int) -> Grid:
        rows = tuple(tuple(sorted(cells, key=lambda c: c.col)) for cells in self.rows)
        return Grid(rows, widths, header_rows, label_columns)


def _span(items: tuple, index: int, attribute: str) -> int:
    """How many consecutive items from ``index`` share the attribute value of ``items[index]``."""
    value = getattr(items[index], attribute)
    count = 0
    for item in items[index:]:
        if getattr(item, attribute) != value:
            break
        count += 1
    return count


def _starts_run(items: tuple, index: int, attribute: str) -> bool:
    return index == 0 or getattr(items[index - 1], attribute) != getattr(items[index], attribute)


def _blocks(b: _Builder) -> Grid:
    """T2: each block a caption row across the table, a header row (信息内容 + its columns), its rows.

    A block with fewer columns than the widest stretches its last column to the right edge.
    """
    table = b.table
    width = 1 + max(len(block.columns) for block in table.blocks)
    row = 0
    for block in table.blocks:
        b.add(row, 0, block.caption, "caption", colspan=width)
        b.add(row + 1, 0, table.row_header, "header")
        stretch = width - len(block.columns)
        for i, column in enumerate(block.columns):
            last = i == len(block.columns) - 1
            b.add(row + 1, 1 + i, column.label, "header", colspan=stretch if last else 1)
        row += 2
        for r in block.rows:
            b.add(row, 0, r.label, "label")
            for i, column in enumerate(block.columns):
                last = i == len(block.columns) - 1
                b.value(row, 1 + i, r, column, colspan=stretch if last else 1)
            row += 1
    return b.grid((2.0,) + (1.0,) * (width - 1), header_rows=0, label_columns=1)


def _matrix(b: _Builder) -> Grid:
    """T3: the corner note over three label columns (group, subgroup, label), 申请人情况 over the columns,
    column groups (法人或其他组织) with their sub-columns, then one row per table row."""
    table, labels = b.table, 3
    columns, rows = table.columns, table.rows
    b.add(0, 0, table.corner, "corner", rowspan=3, colspan=labels)
    b.add(0, labels, table.column_header, "header", colspan=len(columns))
    for i, column in enumerate(columns):
        col = labels + i
        if column.group is None:
            b.add(1, col, column.label, "header", rowspan=2)
            continue
        if _starts_run(columns, i, "group"):
            b.add(1, col, column.group, "header", colspan=_span(columns, i, "group"))
        b.add(2, col, column.label, "header")
    top = 3
    for i, r in enumerate(rows):
        row = top + i
        if r.group is None:
            b.add(row, 0, r.label, "label", colspan=labels)
        else:
            if _starts_run(rows, i, "group"):
                b.add(row, 0, r.group, "label", rowspan=_span(rows, i, "group"))
            if r.subgroup is None:
                b.add(row, 1, r.label, "label", colspan=labels - 1)
            else:
                if _starts_run(rows, i, "subgroup"):
                    b.add(row, 1, r.subgroup, "label", rowspan=_span(rows, i, "subgroup"))
                b.add(row, 2, r.label, "label")
        for j, column in enumerate(columns):
            b.value(row, labels + j, r, column)
    widths = (0.9, 1.3, 4.2) + (1.0,) * len(columns)
    return b.grid(widths, header_rows=top, label_columns=labels)


def _groups(b: _Builder) -> Grid:
    """T4: one row of numbers; each table row is a group of columns under a two-level header
    (行政复议 | 行政诉讼 › 未经复议直接起诉, 复议后起诉)."""
    table = b.table
    columns, rows, n = table.columns, table.rows, len(table.columns)
    for g, r in enumerate(rows):
        start = g * n
        if r.group is None:
            b.add(0, start, r.label, "header", colspan=n)
            for i, column in enumerate(columns):
                b.add(1, start + i, column.label, "header", rowspan=2)
        else:
            if _starts_run(rows, g, "group"):
                b.add(0, start, r.group, "header", colspan=_span(rows, g, "group") * n)
            b.add(1, start, r.label, "header", colspan=n)
            for i, column in enumerate(columns):
                b.add(2, start + i, column.label, "header")
        for i, column in enumerate(columns):
            b.value(3, start + i, r, column)
    return b.grid((1.0,) * (n * len(rows)), header_rows=3, label_columns=0)


_SHAPES = {"blocks": _blocks, "matrix": _matrix, "groups": _groups}


def table_grid(table: Table, values: Callable[[str], object]) -> Grid:
    """The printed grid of ``table`` with the numbers ``values(key)`` (None prints blank)."""
    return _SHAPES[table.shape](_Builder(table, values))
