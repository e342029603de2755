"""The inputs of a roll-up: report files (workbooks or canonical JSON) and folders of them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import XxgkError
from ..jsonio import WORKBOOK_SUFFIXES, load_report
from .total import Member

SUFFIXES = (*WORKBOOK_SUFFIXES, ".json")


def expand(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for the reports directly inside it (not hidden, sorted by name)."""
    paths = []
    for path in inputs:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not p.name.startswith((".", "~$")))
            if not found:
                raise XxgkError("目录中没有年报工作簿或规范 JSON 文件", path=path)
            paths.extend(found)
        elif not path.exists():
            raise XxgkError("文件不存在", path=path)
        else:
            paths.append(path)
    return paths


def load_members(inputs: Iterable[Path]) -> list[Member]:
    """Each input read and validated (its findings are shown beside it; the sum does not depend on them)."""
    from ..validation import validate
    from ..workbook.layout import layout_for

    members = []
    for path in expand(inputs):
        report = load_report(path, engine="calamine")
        members.append(Member(str(path), report, validate(report, places=layout_for(report.format_version).bindings)))
    return members
