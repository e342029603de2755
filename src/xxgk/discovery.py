"""Which files of a folder the batch and the roll-up look at, and what kind each is: one walk for both.

A file with the suffix of a workbook or of a published report (``SOURCE_SUFFIXES``) is a candidate; whether it
holds a report is known only once it is read (a web page may be a news item).

Every file under the folder, recursively; hidden files and folders and the lock files Excel and WPS leave
beside an open workbook are left out. Spreadsheets staff may send instead of .xlsx (.xls, .et, .ods) are
never silently passed over: they are reported with the way to fix them.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .jsonio import PUBLISHED_SUFFIXES, WORKBOOK_SUFFIXES

Kind = Literal["report", "unsupported", "other"]

UNSUPPORTED = {
    ".xls": "旧版 Excel（.xls）文件无法处理，请在 Excel 或 WPS 中另存为 .xlsx 后重新提交",
    ".et": "WPS 表格（.et）文件无法处理，请在 WPS 中另存为 .xlsx 后重新提交",
    ".ods": "OpenDocument 表格（.ods）文件无法处理，请另存为 .xlsx 后重新提交",
}
SOURCE_SUFFIXES = (*WORKBOOK_SUFFIXES, *PUBLISHED_SUFFIXES)  # what a report is filled in or published as
OTHER = f"不是年报工作簿（{'、'.join(WORKBOOK_SUFFIXES)}）或已发布的报告（{'、'.join(PUBLISHED_SUFFIXES)}），已跳过"


@dataclass(frozen=True)
class Candidate:
    path: Path
    relpath: str  # POSIX style, relative to the folder: the file's identity in the batch's index and cache
    kind: Kind


def kind_of(name: str, accept: Collection[str] = SOURCE_SUFFIXES) -> Kind:
    """``report`` for the suffixes the command reads, ``unsupported`` for a spreadsheet to save as .xlsx."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in accept:
        return "report"
    return "unsupported" if suffix in UNSUPPORTED else "other"


def _ignored(name: str) -> bool:
    """Hidden files and the lock files Excel and WPS leave beside an open workbook (~$报告.xlsx)."""
    return name.startswith((".", "~$"))


def discover(root: Path, *, accept: Collection[str] = SOURCE_SUFFIXES,
             exclude: Path | None = None) -> list[Candidate]:
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
                    found.append(Candidate(path, path.relative_to(root).as_posix(), kind_of(name, accept)))
    return sorted(found, key=lambda c: c.relpath)
