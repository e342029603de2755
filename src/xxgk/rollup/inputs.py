"""The inputs of a roll-up: report files (workbooks, canonical JSON, published reports) and folders of them.

A folder is walked as ``batch`` walks its input (recursively, the same files left out). A spreadsheet that
must first be saved as .xlsx refuses the roll-up, naming the file: a total that silently lacks an agency
would be wrong. So does any file that cannot be read. A file found in a folder that is readable but holds no
report (a note in a .txt, a news page) is left out and named, as ``batch`` lists it as 跳过; a file named on
the command line must be a report. Every file but canonical JSON is read in a worker process, so that a file
which kills its reader (an abort in the spreadsheet engine) ends the roll-up with one line naming that file,
not with a crash.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..discovery import UNSUPPORTED, discover, kind_of
from ..errors import XxgkError
from ..jsonio import REPORT_SUFFIXES as SUFFIXES
from ..jsonio import dumps_report, load_report_json, report_from_json
from ..model import AnnualReport
from ..workers import crash_reason, isolated_map
from .total import Member


@dataclass(frozen=True)
class Input:
    path: Path
    found: bool  # found by walking a folder (not named on the command line)


def _refuse_unsupported(paths: list[Path]) -> None:
    if paths:
        more = f"（另有 {len(paths) - 1} 个同类文件）" if len(paths) > 1 else ""
        raise XxgkError(UNSUPPORTED[paths[0].suffix.lower()] + more, path=paths[0])


def inputs_of(given: Iterable[Path]) -> list[Input]:
    """Files as given; a folder stands for the reports anywhere under it (sorted by path)."""
    inputs = []
    for path in given:
        if path.is_dir():
            found = discover(path, accept=SUFFIXES)
            _refuse_unsupported([path / c.relpath for c in found if c.kind == "unsupported"])
            reports = [Input(path / c.relpath, True) for c in found if c.kind == "report"]
            if not reports:
                raise XxgkError("目录中没有年报工作簿、规范 JSON 或已发布的报告", path=path)
            inputs.extend(reports)
        elif not path.exists():
            raise XxgkError("文件不存在", path=path)
        else:
            _refuse_unsupported([path] if kind_of(path.name, SUFFIXES) == "unsupported" else [])
            inputs.append(Input(path, False))
    return inputs


def expand(given: Iterable[Path]) -> list[Path]:
    return [i.path for i in inputs_of(given)]


Read = tuple[str | None, str | None, bool]  # canonical JSON, or why not and whether it merely holds no report


def _read(path: Path) -> Read:
    """In a worker: the report as canonical JSON (the model's table classes are built at run time and cannot
    be pickled), or why it cannot be read."""
    from ..importer.sniff import NotASource
    from ..jsonio import load_report

    try:
        return dumps_report(load_report(path, engine="calamine")), None, False
    except XxgkError as error:
        return None, error.reason, isinstance(error, NotASource)


def _died(path: Path, exitcode: int | None) -> Read:
    return None, crash_reason(exitcode), False


def _load(path: Path, read: dict[Path, Read]) -> AnnualReport:
    if path not in read:
        return load_report_json(path)
    text, why, _ = read[path]
    if text is None:
        raise XxgkError(str(why), path=path)
    return report_from_json(text, name=path)


def load_members(given: Iterable[Path]) -> tuple[list[Member], list[tuple[Path, str]]]:
    """Each input read and validated (its findings are shown beside it; the sum does not depend on them), and
    the files found in folders that hold no report, with the reason."""
    from ..validation import validate
    from ..workbook.layout import layout_for

    inputs = inputs_of(given)
    others = [i.path for i in inputs if i.path.suffix.lower() != ".json"]
    read = dict(zip(others, isolated_map(_read, others, os.cpu_count() or 1, _died)))
    members, skipped = [], []
    for entry in inputs:
        _, why, no_report = read.get(entry.path, (None, None, False))
        if no_report and entry.found:
            skipped.append((entry.path, str(why)))
            continue
        report = _load(entry.path, read)
        members.append(Member(str(entry.path), report, validate(report, places=layout_for(report.format_version).bindings)))
    return members, skipped
