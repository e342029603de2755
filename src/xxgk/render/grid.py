"""A table of the report as a grid: the table's geometry (``formats/geometry.py``) with its numbers printed.

DOCX, HTML and Markdown all draw this grid, so the three formats cannot disagree about a table; its shape
(merged headers, the group rows of 表三 with their row spans) is the one the workbook template has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..formats import Column, Table
from ..formats.geometry import Area, Geometry

GridCell = Area  # a cell of the grid: an area of the geometry, numbers printed in ``text``

# Relative column widths of each shape, as the printed tables have them: long row labels, even number columns.
_LABEL_WIDTHS = {"blocks": (2.0,), "matrix": (0.9, 1.3, 4.2), "groups": ()}


@dataclass(frozen=True)
class Grid:
    """``rows[i]`` holds the cells that start in row i, left to right (covered positions hold none)."""

    geometry: Geometry
    widths: tuple[float, ...]  # relative column widths

    @property
    def rows(self) -> tuple[tuple[GridCell, ...], ...]:
        return self.geometry.rows

    @property
    def header_rows(self) -> int:
        """Rows repeated at the top of every page the table runs onto."""
        return self.geometry.header_rows

    @property
    def label_columns(self) -> int:
        return self.geometry.label_columns

    @property
    def column_count(self) -> int:
        return self.geometry.column_count

    def covering(self) -> list[list[GridCell]]:
        """For every position of the grid, the cell that covers it."""
        return self.geometry.covering()


def format_number(column: Column, value: object) -> str:
    """As printed: counts as integers (zero as 0), 万元 with its decimals (up to four), a missing number blank.

    A count that is not whole (``cell-fraction`` reports it) is printed as it is, not cut to an integer.
    """
    if value is None:
        return ""
    if column.kind == "amount" or (isinstance(value, float) and not value.is_integer()):
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    return str(int(value))


def table_grid(table: Table, values: Callable[[str], object]) -> Grid:
    """The printed grid of ``table`` with the numbers ``values(key)`` (None prints blank)."""
    shape = table.geometry
    areas = tuple(a._replace(text=format_number(a.cell.column, values(a.cell.key))) if a.cell else a
                  for a in shape.areas)
    labels = _LABEL_WIDTHS[table.shape]
    widths = labels + (1.0,) * (shape.column_count - len(labels))
    return Grid(shape.with_areas(areas), widths)
