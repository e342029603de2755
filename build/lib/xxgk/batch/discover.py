"""Which files of the input folder a batch looks at, and what kind each is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..jsonio import WORKBOOK_SUFFIXES

Kind = Literal["workbook", "unsupported", "other"]

# Spreadsheets staff may send instead of .xlsx: listed as unreadable with the fix, never silently skipped.
UNSUPPORTED = {
    ".xls": "旧版 Excel（.xls）文件无法处理，请在 Excel 或 WPS 中另存为 .xlsx 后重新提交",
    ".et": "WPS 表格（.et）文件无法处理，请在 WPS 中另存为 .xlsx 后重新提交",
    ".ods": "OpenDocument 表格（.ods）文件无法处理，请另存为 .xlsx 后重新提交",
}
OTHER = "不是 Excel 工作簿（.xlsx、.xlsm），已跳过"


@dataclass(frozen=True)
class Candidate:
    path: Path
    relpath: str  # POSIX style, relative to the input folder: the file's identity in the index and cache
    kind: Kind


def _kind(name: str) -> Kind:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook"
    return "unsupported" if suffix in UNSUPPORTED else "other"


def _ignored(name: str) -> bool:
    """Hidden files and the lock files Excel and WPS leave beside an open workbook (~$报告.xlsx)."""
    return name.startswith((".", "~$"))


def discover(root: Path, *, exclude: Path | None = None) -> list[Candidate]:
    """Every file under ``root`` (recursively, hidden folders and ``exclude`` left out), sorted by path."""
    root = root.resolve()
    exclude = exclude.resolve() if exclude is not None else None
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not _ignored(d) and (here / d) != exclude]
        for name in files:
            if not _ignored(name):
                path = here / name
                if path.is_file():
                    found.append(Candidate(path, path.relative_to(root).as_posix(), _kind(name)))
    return sorted(found, key=lambda c: c.relpath)
