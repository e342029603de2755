"""The cells of a workbook open in Excel, as a ``CellSource`` for the reader.

Each sheet is read with one xlwings call (``range((1, 1), (rows, cols)).options(ndim=2).value``),
so the reader sees one 2-D block anchored at A1, as it does from a file. Values are turned into what openpyxl
gives for the saved file (the findings quote raw values, so both must agree): Excel hands every number over
as a float (3.0), a currency-formatted cell as a Decimal, an empty cell as None, a date as a datetime, and, with
``err_to_str``, an error as its text (#DIV/0!), as openpyxl does. Which cells hold a formula is asked of Excel
(one ``range.formula`` call for a sheet, only when the reader needs it: a total cell shows no value).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..workbook.sources import Grid, as_openpyxl_value, pad


def file_value(value: Any) -> Any:
    """A value read through Excel as openpyxl reads it from the saved file."""
    if isinstance(value, Decimal):
        value = float(value)
    return as_openpyxl_value(value)


class XlwingsSource:
    """``CellSource`` over an ``xlwings.Book``; a sheet read once is answered from memory afterwards."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self._grids: dict[str, Grid] = {}
        self._names: list[str] | None = None

    def sheet_names(self) -> list[str]:
        if self._names is None:
            self._names = list(self.book.sheet_names)
        return self._names

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        grid = self._grids.get(sheet, [])
        if len(grid) < max_row or not grid or len(grid[0]) < max_col:
            rows, cols = max(max_row, len(grid)), max(max_col, len(grid[0]) if grid else 0)
            block = self.book.sheets[sheet].range((1, 1), (rows, cols))
            values = block.options(ndim=2, err_to_str=True).value
            grid = self._grids[sheet] = [[file_value(v) for v in row] for row in values]
        return pad(grid, max_row, max_col)

    def formula_cells(self, sheet: str, max_row: int, max_col: int) -> frozenset[tuple[int, int]]:
        """(row, column) of the cells of the block that hold a formula (Excel gives each cell's formula as text
        beginning with "=", a constant as its text)."""
        formulas = self.book.sheets[sheet].range((1, 1), (max_row, max_col)).formula
        rows = formulas if formulas and isinstance(formulas[0], (list, tuple)) else [formulas]
        return frozenset((r, c) for r, row in enumerate(rows, start=1) for c, text in enumerate(row, start=1)
                         if isinstance(text, str) and text.startswith("="))
