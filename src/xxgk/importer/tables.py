"""Placing a source's rows of cells, with their spans, on a grid (the HTML table model; Word and PDF give
explicit columns)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import XxgkError
from ..limits import MAX_SPAN, MAX_TABLE_CELLS
from .document import Cell, Loc, Table


@dataclass(slots=True)
class RawCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    col: int | None = None  # explicit 1-based grid column (Word, PDF); None: the next free one (HTML)
    line: int | None = None  # the cell's own line in a text source


def span(value: object) -> int:
    """An HTML rowspan/colspan attribute as an int in 1..MAX_SPAN ("2", " 3 ", "2px", junk → 1)."""
    digits = ""
    for ch in str(value or "").strip():
        if not ch.isascii() or not ch.isdigit():
            break
        digits += ch
    return min(max(int(digits), 1), MAX_SPAN) if digits else 1


def build_table(rows: list[list[RawCell]], index: int, loc: Loc, *, source: object = None) -> Table:
    """Rows (each cell once) → a Table; rowspans are cut at the table's last row."""
    n_rows = len(rows)
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[Cell, ...]] = []
    n_cols = 0
    for r, row in enumerate(rows, start=1):
        out = []
        next_col = 1
        for raw in row:
            if raw.col is not None:
                col = raw.col
            else:
                col = next_col
                while (r, col) in taken:
                    col += 1
            rowspan = min(raw.rowspan, n_rows - r + 1)
            colspan = raw.colspan
            if (n_rows * max(n_cols, col + colspan - 1)) > MAX_TABLE_CELLS:
                raise XxgkError(f"表格 {index} 过大（超过 {MAX_TABLE_CELLS} 个单元格），不像年报表格", path=source)
            for rr in range(r, r + rowspan):
                for cc in range(col, col + colspan):
                    taken.add((rr, cc))
            n_cols = max(n_cols, col + colspan - 1)
            next_col = col + colspan
            cell_loc = Loc(page=loc.page, line=raw.line or loc.line, table=index, row=r, col=col)
            out.append(Cell(raw.text, r, col, rowspan, colspan, cell_loc, raw.header))
        placed.append(tuple(out))
    return Table(tuple(placed), loc, n_rows, n_cols)
