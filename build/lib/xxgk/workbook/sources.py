"""Where cell values come from: a saved file (openpyxl or python-calamine) or, in Excel, a live book.

A source answers two questions: which sheets exist, and the values of a sheet's top-left block (a 2-D list
anchored at A1, bounded by the layout). Reading only that block keeps a sheet that claims a million rows
from slowing anything down. Formulas come back as their cached results (``None`` where the file has none).
"""

from __future__ import annotations

import html
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from ..errors import NotAWorkbook

Grid = list[list[Any]]
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024


class CellSource(Protocol):
    def sheet_names(self) -> list[str]: ...

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid: ...


def pad(rows: list[list[Any]] | list[tuple], max_row: int, max_col: int) -> Grid:
    grid = [list(r[:max_col]) + [None] * (max_col - len(r[:max_col])) for r in rows[:max_row]]
    return grid + [[None] * max_col for _ in range(max_row - len(grid))]


def check_workbook_file(path: Path) -> None:
    """Refuse, with a clear reason, anything that is not a readable .xlsx/.xlsm before a library sees it."""
    if not path.is_file():
        raise NotAWorkbook("文件不存在", path=path)
    size = path.stat().st_size
    if size == 0:
        raise NotAWorkbook("文件为空", path=path)
    if size > MAX_FILE_BYTES:
        raise NotAWorkbook(f"文件过大（{size // 1024 // 1024} MB），年报工作簿通常小于 1 MB", path=path)
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAWorkbook("这是旧版 Excel（.xls）文件或加密的工作簿，请在 Excel 或 WPS 中另存为 .xlsx 后再处理", path=path)
    if not magic.startswith(b"PK"):
        raise NotAWorkbook("不是 Excel 工作簿（.xlsx）文件", path=path)
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotAWorkbook("文件已损坏（压缩包结构不完整），无法读取", path=path) from None
    if "xl/workbook.xml" not in names:
        raise NotAWorkbook("不是 Excel 工作簿（压缩包中没有工作簿内容，可能是改了扩展名的其他文件）", path=path)
    if unpacked > MAX_UNPACKED_BYTES:
        raise NotAWorkbook("文件解压后过大，可能已损坏或含有异常内容", path=path)


class OpenpyxlSource:
    """Reads a saved workbook with openpyxl in read-only mode (cached formula values)."""

    def __init__(self, path: Path) -> None:
        import openpyxl

        check_workbook_file(path)
        try:
            self._wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:
            raise NotAWorkbook("工作簿内容已损坏，无法读取", path=path) from None
        self.path = path

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames)

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        ws = self._wb[sheet]
        try:
            rows = list(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True))
        except Exception:
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏，无法读取", path=self.path) from None
        return pad(rows, max_row, max_col)

    def close(self) -> None:
        self._wb.close()


class CalamineSource:
    """Reads a saved workbook with python-calamine (Rust): the fast path for batches.

    calamine materialises a sheet as a dense block from its first to its last cell, so a single stray cell
    in XFD1048576 would ask for half a terabyte and abort the process. Sheets whose cells span more than
    ``MAX_DENSE_CELLS`` are read through openpyxl instead, which stops at the layout's last row.
    """

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        check_workbook_file(path)
        try:
            self._wb = CalamineWorkbook.from_path(str(path))
            self._zip = zipfile.ZipFile(path)
            self._members = sheet_members(self._zip)
        except Exception:
            raise NotAWorkbook("工作簿内容已损坏，无法读取", path=path) from None
        self.path = path
        self._fallback: OpenpyxlSource | None = None

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheet_names)

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        if self._too_dense(sheet):
            self._fallback = self._fallback or OpenpyxlSource(self.path)
            return self._fallback.read(sheet, max_row, max_col)
        try:
            rows = self._wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=max_row)
        except Exception:
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏，无法读取", path=self.path) from None
        return pad([[as_openpyxl_value(v) for v in row] for row in rows], max_row, max_col)

    def _too_dense(self, sheet: str) -> bool:
        member = self._members.get(sheet)
        if member is None:
            return False
        try:
            xml = self._zip.read(member)
        except Exception:
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏，无法读取", path=self.path) from None
        if not _FAR_CELL.search(xml):  # the usual case, one scan: every cell within A1:ZZ999
            return False
        rows, cols = xml_span(xml)
        return rows * cols > MAX_DENSE_CELLS

    def close(self) -> None:
        self._wb.close()
        self._zip.close()
        if self._fallback:
            self._fallback.close()


def as_openpyxl_value(value: Any) -> Any:
    """A calamine value as openpyxl gives it, so both engines build the same model (findings quote raw values):
    None for an empty cell (not ""), int for a whole number (calamine gives every number as float),
    datetime for a date."""
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


MAX_DENSE_CELLS = 2_000_000
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]+)"')
# A reference beyond column ZZ or row 999 (of a cell or a row): only then is the exact span worth computing;
# within A1:ZZ999 a sheet has at most 999 × 702 < MAX_DENSE_CELLS cells. Deliberately loose (no word boundary,
# so the regex engine can search for its literal start): another attribute ending in r that matches merely
# costs the exact scan.
_FAR_CELL = re.compile(rb'r="(?:[A-Z]{3}|[A-Z]{1,2}[0-9]{4}|[0-9]{4})')


def _tags(pattern: re.Pattern, xml: bytes) -> list[dict[bytes, bytes]]:
    return [dict(_ATTRIBUTE.findall(tag)) for tag in pattern.findall(xml)]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def sheet_members(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML member in the package."""
    rels = {r.get(b"Id"): r.get(b"Target", b"") for r in _tags(_REL_TAG, z.read("xl/_rels/workbook.xml.rels"))}
    names = set(z.namelist())
    members = {}
    for sheet in _tags(_SHEET_TAG, z.read("xl/workbook.xml")):
        target = rels.get(sheet.get(b"r:id"), b"").decode().lstrip("/")
        member = target if target.startswith("xl/") else f"xl/{target}"
        if member in names:
            members[html.unescape(sheet.get(b"name", b"").decode())] = member
    return members


def xml_span(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of a sheet's XML from its first to its last stored cell; (0, 0) when it has none."""
    cells = _CELL.findall(xml)
    if not cells:
        return 0, 0
    cols = [_column_number(c) for c, _ in cells]
    rows = [int(r) for _, r in cells]
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1


def open_source(path: str | Path, engine: str = "openpyxl") -> OpenpyxlSource | CalamineSource:
    return {"openpyxl": OpenpyxlSource, "calamine": CalamineSource}[engine](Path(path))
