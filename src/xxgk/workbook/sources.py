"""Where cell values come from: a saved file (openpyxl or python-calamine) or, in Excel, a live book.

A source answers two questions: which sheets exist, and the values of a sheet's top-left block (a 2-D list
anchored at A1, bounded by the layout). Reading only that block keeps a sheet that claims a million rows
from slowing anything down. Formulas come back as their cached results (``None`` where the file has none).
"""

from __future__ import annotations

import zipfile
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
        except Exception:  # noqa: BLE001 - any parser failure means a damaged file
            raise NotAWorkbook("工作簿内容已损坏，无法读取", path=path) from None
        self.path = path

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames)

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        ws = self._wb[sheet]
        try:
            rows = list(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True))
        except Exception:  # noqa: BLE001
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏，无法读取", path=self.path) from None
        return pad(rows, max_row, max_col)

    def close(self) -> None:
        self._wb.close()


class CalamineSource:
    """Reads a saved workbook with python-calamine (Rust): the fast path for batches."""

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        check_workbook_file(path)
        try:
            self._wb = CalamineWorkbook.from_path(str(path))
        except Exception:  # noqa: BLE001
            raise NotAWorkbook("工作簿内容已损坏，无法读取", path=path) from None
        self.path = path

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheet_names)

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        try:
            rows = self._wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=max_row)
        except Exception:  # noqa: BLE001
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏，无法读取", path=self.path) from None
        # calamine gives "" for empty cells; openpyxl gives None. Readers see None.
        return pad([[None if v == "" else v for v in row] for row in rows], max_row, max_col)

    def close(self) -> None:
        self._wb.close()


def open_source(path: str | Path, engine: str = "openpyxl") -> OpenpyxlSource | CalamineSource:
    return {"openpyxl": OpenpyxlSource, "calamine": CalamineSource}[engine](Path(path))
