"""Where cell values come from: a saved file (openpyxl or python-calamine) or, in Excel, a live book.

A source answers two questions: which sheets exist, and the values of a sheet's top-left block (a 2-D list
anchored at A1, bounded by the layout). Reading only that block keeps a sheet that claims a million rows
from slowing anything down. Formulas come back as their cached results (``None`` where the file has none); a
saved file's source also tells which cells of the block hold a formula, from the package's own parse of the
sheet, so that both engines give the same answer (``formula_cells``; a source without it cannot tell).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from ..errors import NotAWorkbook, XxgkError
from .ooxml_text import decode_escapes, has_escape
from .package import Package

Grid = list[list[Any]]


class CellSource(Protocol):
    def sheet_names(self) -> list[str]: ...

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid: ...


def pad(rows: list[list[Any]] | list[tuple], max_row: int, max_col: int) -> Grid:
    grid = [list(r[:max_col]) + [None] * (max_col - len(r[:max_col])) for r in rows[:max_row]]
    return grid + [[None] * max_col for _ in range(max_row - len(grid))]


class OpenpyxlSource:
    """Reads a saved workbook with openpyxl in read-only mode (cached formula values), from the package's checked
    parts; texts are decoded (``_xHHHH_``) here, from the shared strings as stored (see ``ooxml_text``)."""

    def __init__(self, path: Path, package: Package | None = None) -> None:
        import openpyxl

        self.package = package or Package(path)
        try:
            self._wb = openpyxl.load_workbook(io.BytesIO(self.package.stored_copy()), read_only=True, data_only=True)
            strings = self.package.shared_strings()
        except XxgkError:
            raise
        except Exception:
            raise NotAWorkbook("工作簿内容已损坏，无法读取", path=path) from None
        if strings is not None:
            for ws in self._wb.worksheets:  # openpyxl's own table has lost every "x005F_"
                ws._shared_strings = strings
        self.path = path

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames)

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        ws = self._wb[sheet]
        try:
            rows = list(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True))
        except Exception:
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏，无法读取", path=self.path) from None
        return pad([[decode_escapes(v) if type(v) is str else v for v in row] for row in rows], max_row, max_col)

    def formula_cells(self, sheet: str, max_row: int, max_col: int) -> frozenset[tuple[int, int]]:
        return self.package.formula_cells(sheet, max_row, max_col)

    def close(self) -> None:
        self._wb.close()


class CalamineSource:
    """Reads a saved workbook with python-calamine (Rust), from the package's checked parts: the fast path.

    calamine materialises a sheet as a dense block from its first to its last cell, so a single stray cell
    in XFD1048576 would ask for half a terabyte and abort the process. Sheets whose cells span more than
    ``MAX_DENSE_CELLS`` (measured by parsing the sheet, see ``package``) are read through openpyxl instead,
    which stops at the layout's last row; so are sheets where calamine left a ``_xHHHH_`` escape undecoded, and
    sheets holding an error value (calamine reads "#DIV/0!" as an empty cell).
    """

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        self.package = Package(path)
        try:
            self._wb = CalamineWorkbook.from_filelike(io.BytesIO(self.package.stored_copy()))
        except Exception:
            raise NotAWorkbook("工作簿内容已损坏，无法读取", path=path) from None
        self.path = path
        self._fallback: OpenpyxlSource | None = None

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheet_names)

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        if not self.package.dense_readable(sheet):  # openpyxl bounds the rows, and reads "#DIV/0!"
            return self._openpyxl().read(sheet, max_row, max_col)
        try:
            rows = self._wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=max_row)
        except Exception:
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏，无法读取", path=self.path) from None
        # only the block; an empty cell and a text converted without a call, as most are
        rows = [[None if v == "" else v if type(v) is str else as_openpyxl_value(v) for v in row[:max_col]]
                for row in rows[:max_row]]
        texts = [v for row in rows for v in row if type(v) is str]
        if "_x" in "\n".join(texts) and any(has_escape(v) for v in texts):  # (no text holds "_x": none an escape)
            return self._openpyxl().read(sheet, max_row, max_col)
        return pad(rows, max_row, max_col)

    def formula_cells(self, sheet: str, max_row: int, max_col: int) -> frozenset[tuple[int, int]]:
        return self.package.formula_cells(sheet, max_row, max_col)

    def _openpyxl(self) -> OpenpyxlSource:
        self._fallback = self._fallback or OpenpyxlSource(self.path, self.package)
        return self._fallback

    def close(self) -> None:
        self._wb.close()
        if self._fallback:
            self._fallback.close()


_EXACT_INTEGERS = 2**53


def as_openpyxl_value(value: Any) -> Any:
    """A calamine value as openpyxl gives it, so both engines build the same model (findings quote raw values):
    None for an empty cell (not ""), int for a whole number (calamine gives every number as float) within the
    range a float holds exactly (1E+30 stays the float openpyxl reads from "1E+30"), datetime for a date."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < _EXACT_INTEGERS:
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


# Saved workbooks are read with python-calamine (Rust: imports in milliseconds, reads the bounded block fast);
# openpyxl stays the engine where a sheet needs it (see ``CalamineSource``) and for writing.
DEFAULT_ENGINE = "calamine"


def open_source(path: str | Path, engine: str = DEFAULT_ENGINE) -> OpenpyxlSource | CalamineSource:
    return {"openpyxl": OpenpyxlSource, "calamine": CalamineSource}[engine](Path(path))
