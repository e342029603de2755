"""The inputs of a roll-up: report files (workbooks or canonical JSON) and folders of them.

A folder is walked as ``batch`` walks its input (recursively, the same files left out). A spreadsheet that
must first be saved as .xlsx refuses the roll-up, naming the file: a total that silently lacks an agency
would be wrong. Workbooks are read in worker processes, so that a file which kills its reader (an abort in
the spreadsheet engine) ends the roll-up with one line naming that file, not with a crash.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..discovery import UNSUPPORTED, discover, kind_of
from ..errors import XxgkError
from ..jsonio import WORKBOOK_SUFFIXES, dumps_report, load_report_json, report_from_json
from ..model import AnnualReport
from ..workers import crash_reason, isolated_map
from .total import Member

SUFFIXES = (*WORKBOOK_SUFFIXES, ".json")


def _refuse_unsupported(paths: list[Path]) -> None:
    if paths:
        more = f"（另有 {len(paths) - 1} 个同类文件）" if len(paths) > 1 else ""
        raise XxgkError(UNSUPPORTED[paths[0].suffix.lower()] + more, path=paths[0])


def expand(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for the reports anywhere under it (sorted by path)."""
    paths = []
    for path in inputs:
        if path.is_dir():
            found = discover(path, accept=SUFFIXES)
            _refuse_unsupported([path / c.relpath for c in found if c.kind == "unsupported"])
            reports = [path / c.relpath for c in found if c.kind == "report"]
            if not reports:
                raise XxgkError("目录中没有年报工作簿或规范 JSON 文件", path=path)
            paths.extend(reports)
        elif not path.exists():
            raise XxgkError("文件不存在", path=path)
        else:
            _refuse_unsupported([path] if kind_of(path.name, SUFFIXES) == "unsupported" else [])
            paths.append(path)
    return paths


def _read_workbook(path: Path) -> tuple[str | None, str | None]:
    """In a worker: the workbook as canonical JSON (the model's table classes are built at run time and
    cannot be pickled), or why it cannot be read."""
    from ..workbook.reader import read_workbook

    try:
        return dumps_report(read_workbook(path, engine="calamine")), None
    except XxgkError as error:
        return None, error.reason


def _died(path: Path, exitcode: int | None) -> tuple[str | None, str | None]:
    return None, crash_reason(exitcode)


def _load(path: Path, workbooks: dict[Path, tuple[str | None, str | None]]) -> AnnualReport:
    if path not in workbooks:
        return load_report_json(path)
    text, why = workbooks[path]
    if text is None:
        raise XxgkError(str(why), path=path)
    return report_from_json(text, name=path)


def load_members(inputs: Iterable[Path]) -> list[Member]:
    """Each input read and validated (its findings are shown beside it; the sum does not depend on them)."""
    from ..validation import validate
    from ..workbook.layout import layout_for

    paths = expand(inputs)
    books = [p for p in paths if p.suffix.lower() != ".json"]
    workbooks = dict(zip(books, isolated_map(_read_workbook, books, os.cpu_count() or 1, _died)))
    members = []
    for path in paths:
        report = _load(path, workbooks)
        members.append(Member(str(path), report, validate(report, places=layout_for(report.format_version).bindings)))
    return members
