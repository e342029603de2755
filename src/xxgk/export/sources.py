"""Where the reports of an export come from: a small interface, and a folder of canonical JSON behind it.

A source yields ``Entry`` objects, one per report it holds, in an order that is the same whenever its content
is: a report, or why it could not be read (the export goes on without it and says so). ``FolderSource`` reads
a folder of canonical JSON, such as the output folder of ``xxgk batch`` (its ``index.csv`` and hidden
bookkeeping are not reports). The service's database is another source (``serve.export.DatabaseSource``, above
this layer): it yields the accepted version of each agency's report, its ``name`` saying where that version is
(collection, agency, version), and its ``files`` empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..discovery import SOURCE_SUFFIXES, UNSUPPORTED, discover
from ..errors import XxgkError
from ..jsonio import load_report_json
from ..model import AnnualReport

NOT_CONVERTED = "不是规范 JSON，未导出（工作簿和已发布的报告请先用 xxgk batch 转换）"


@dataclass(frozen=True)
class Entry:
    """One report of a source (``report``), or why it could not be read (``problem``)."""

    name: str  # where the report is in its source: the export's report_file
    report: AnnualReport | None = None
    problem: str | None = None


class ReportSource(Protocol):
    """What ``write.export_facts`` reads."""

    def files(self) -> list[Path]:
        """The files the source reads (an output must not be one of them); none for a database."""
        ...

    def __iter__(self) -> Iterator[Entry]:
        """Every report, in the same order whenever the content is the same."""
        ...


class FolderSource:
    """The canonical JSON files anywhere under a folder, by path. Workbooks, published reports and spreadsheets
    found there are not yet reports of an archive: each is an entry with its problem, so that an export never
    silently lacks one."""

    def __init__(self, folder: Path) -> None:
        if not folder.exists():
            raise XxgkError("文件夹不存在", path=folder)
        if not folder.is_dir():
            raise XxgkError("应给出文件夹（xxgk batch 的输出目录，或存放规范 JSON 的目录）", path=folder)
        self.folder = folder
        found = discover(folder, accept=(".json",))
        self._found = [(c.relpath, c.kind == "report") for c in found
                       if c.kind == "report" or c.path.suffix.lower() in (*SOURCE_SUFFIXES, *UNSUPPORTED)]
        if not any(is_json for _, is_json in self._found):
            books = "；其中的工作簿和已发布的报告请先用 xxgk batch 转换" if self._found else ""
            raise XxgkError(f"目录中没有规范 JSON 文件{books}", path=folder)

    def files(self) -> list[Path]:
        return [self.folder / relpath for relpath, is_json in self._found if is_json]

    def __iter__(self) -> Iterator[Entry]:
        for relpath, is_json in self._found:
            if not is_json:
                yield Entry(relpath, problem=NOT_CONVERTED)
                continue
            try:
                yield Entry(relpath, load_report_json(self.folder / relpath))
            except XxgkError as error:
                yield Entry(relpath, problem=error.reason)
