"""The geometry of each table: every cell of the printed table with its role, span and key.

Computed once from the format definition, as the national format prints the table (merged headers, the
group rows of 表三 with their row spans, the 勾稽关系 note in the corner). The workbook layout places it on a
sheet (and adds formulas, styles and check cells), the renderers draw it, the importer matches published
tables against it: nobody else works out a span.

Positions are 0-based within the table: row 0 is its first line, column 0 its first column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .definition import Cell, Table

# caption: a line across the table (第二十条第（一）项); corner: the note over the row labels; header: a column
# header (or a group of them); label: a row label (or a group of rows); input and derived: a number.
Role = Literal["caption", "corner", "header", "label", "input", "derived"]


class Area(NamedTuple):  # a named tuple, like the definition's values (fast to define at start-up)
    """A cell of the table starting at (row, col), covering ``rowspan`` × ``colspan`` positions."""

    row: int
    col: int
    role: Role
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    cell: Cell | None = None  # the number a value area holds
    aliases: tuple[str, ...] = ()  # other wordings of a label's text that real reports print (``labels.py``)

    @property
    def key(self) -> str | None:
        """The canonical key of a value area (``t3.new_received.total``)."""
        return self.cell.key if self.cell else None

    @property
    def is_header(self) -> bool:
        return self.cell is None

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


class Geometry:
    """The areas of one table, in the order the shape is read (headers, then each row's labels and numbers)."""

    def __init__(self, areas: tuple[Area, ...], header_rows: int, label_columns: int) -> None:
        self.areas = areas
        self.header_rows = header_rows  # lines at the top that head every column (repeated on each printed page)
        self.label_columns = label_columns  # columns at the left that hold row labels
        self.row_count = 1 + max(a.last_row for a in areas)
        self.column_count = 1 + max(a.last_col for a in areas)
        self.values = tuple(a for a in areas if a.cell)
        self.labels = tuple(a for a in areas if a.cell is None)
        lines: list[list[Area]] = [[] for _ in range(self.row_count)]
        for area in areas:
            lines[area.row].append(area)
        # rows[i]: the areas that start in line i, left to right (covered positions hold none)
        self.rows = tuple(tuple(sorted(line, key=lambda a: a.col)) for line in lines)

    def with_areas(self, areas: tuple[Area, ...]) -> Geometry:
        """The same shape with other areas (the renderers' copy, numbers printed in the value areas)."""
        return Geometry(areas, self.header_rows, self.label_columns)

    def covering(self) -> list[list[Area]]:
        """For every position, the area that covers it; raises on overlapping or uncovered positions."""
        table: list[list[Area | None]] = [[None] * self.column_count for _ in range(self.row_count)]
        for area in self.areas:
            for r in range(area.row, area.last_row + 1):
                for c in range(area.col, area.last_col + 1):
                    if table[r][c] is not None:
                        raise ValueError(f"overlapping cells at ({r}, {c})")
                    table[r][c] = area
        for r, line in enumerate(table):
            if None in line:
                raise ValueError(f"uncovered position in row {r}")
        return table  # type: ignore[return-value]


def run(items: Sequence, index: int, attribute: str) -> int:
    """How many items a group caption (``items[index].group`` or ``.subgroup``) spans when ``items[index]``
    starts its run, else 0: a caption is printed once, beside or over its consecutive items (the schema
    refuses a group whose items are not consecutive)."""
    caption = getattr(items[index], attribute)
    if caption is None or (index > 0 and getattr(items[index - 1], attribute) == caption):
        return 0
    count = 1
    while index + count < len(items) and getattr(items[index + count], attribute) == caption:
        count += 1
    return count


class _Areas:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.cells = {(c.row.key, c.column.key): c for c in table.cells}
        self.areas: list[Area] = []

    def add(self, row: int, col: int, role: Role, text: str, rowspan: int = 1, colspan: int = 1,
            aliases: tuple[str, ...] = ()) -> None:
        self.areas.append(Area(row, col, role, text, rowspan, colspan, aliases=aliases))

    def value(self, row: int, col: int, row_key: str, column_key: str, colspan: int = 1) -> None:
        cell = self.cells[row_key, column_key]
        self.areas.append(Area(row, col, "derived" if cell.derived else "input", "", 1, colspan, cell))


def _blocks(table: Table) -> Geometry:
    """表二: each block a caption line across the table, a header line (信息内容 and its columns), its rows.
    A block with fewer columns than the widest stretches its last column to the right edge."""
    out = _Areas(table)
    width = 1 + max(len(block.columns) for block in table.blocks)
    row = 0
    for block in table.blocks:
        out.add(row, 0, "caption", block.caption, colspan=width)
        out.add(row + 1, 0, "header", table.row_header)
        stretch = width - len(block.columns)
        spans = [stretch if i == len(block.columns) - 1 else 1 for i in range(len(block.columns))]
        for i, column in enumerate(block.columns):
            out.add(row + 1, 1 + i, "header", column.label, colspan=spans[i], aliases=column.aliases)
        row += 2
        for r in block.rows:
            out.add(row, 0, "label", r.label, aliases=r.aliases)
            for i, column in enumerate(block.columns):
                out.value(row, 1 + i, r.key, column.key, colspan=spans[i])
            row += 1
    return Geometry(tuple(out.areas), header_rows=0, label_columns=1)


def _matrix(table: Table) -> Geometry:
    """表三: the corner note over three label columns (group, subgroup, label), 申请人情况 over the columns,
    column groups (法人或其他组织) over their columns, then one line per table row."""
    out, labels = _Areas(table), 3
    columns, rows = table.columns, table.rows
    out.add(0, 0, "corner", table.corner, rowspan=3, colspan=labels)
    out.add(0, labels, "header", table.column_header, colspan=len(columns))
    for i, column in enumerate(columns):
        col = labels + i
        if column.group is None:
            out.add(1, col, "header", column.label, rowspan=2, aliases=column.aliases)
            continue
        if span := run(columns, i, "group"):
            out.add(1, col, "header", column.group.label, colspan=span)
        out.add(2, col, "header", column.label, aliases=column.aliases)
    top = 3
    for i, r in enumerate(rows):
        line = top + i
        if r.group is None:
            out.add(line, 0, "label", r.label, colspan=labels, aliases=r.aliases)
        else:
            if span := run(rows, i, "group"):
                out.add(line, 0, "label", r.group.label, rowspan=span)
            if r.subgroup is None:
                out.add(line, 1, "label", r.label, colspan=labels - 1, aliases=r.aliases)
            else:
                if span := run(rows, i, "subgroup"):
                    out.add(line, 1, "label", r.subgroup.label, rowspan=span)
                out.add(line, 2, "label", r.label, aliases=r.aliases)
        for j, column in enumerate(columns):
            out.value(line, labels + j, r.key, column.key)
    return Geometry(tuple(out.areas), header_rows=top, label_columns=labels)


def _groups(table: Table) -> Geometry:
    """表四: one line of numbers; each table row is a group of columns under a two-level header
    (行政复议 | 行政诉讼 › 未经复议直接起诉, 复议后起诉)."""
    out = _Areas(table)
    columns, rows, n = table.columns, table.rows, len(table.columns)
    for g, r in enumerate(rows):
        start = g * n
        if r.group is None:
            out.add(0, start, "header", r.label, colspan=n, aliases=r.aliases)
            for i, column in enumerate(columns):
                out.add(1, start + i, "header", column.label, rowspan=2, aliases=column.aliases)
        else:
            if span := run(rows, g, "group"):
                out.add(0, start, "header", r.group.label, colspan=span * n)
            out.add(1, start, "header", r.label, colspan=n, aliases=r.aliases)
            for i, column in enumerate(columns):
                out.add(2, start + i, "header", column.label, aliases=column.aliases)
        for i, column in enumerate(columns):
            out.value(3, start + i, r.key, column.key)
    return Geometry(tuple(out.areas), header_rows=3, label_columns=0)


SHAPES = {"blocks": _blocks, "matrix": _matrix, "groups": _groups}


def table_geometry(table: Table) -> Geometry:
    return SHAPES[table.shape](table)
