"""Writing the facts of a source: CSV always, Parquet where pyarrow is installed; both streamed.

Rows are written report by report, so an export of a whole country's archive (some 150 000 reports of about
200 numbers each) never holds more than one Parquet row group in memory. The order is the source's (a folder:
by path), then the format definition's (table, row, column): the same content gives the same file.

- CSV: UTF-8 with a BOM (Excel reads the Chinese right), a header of the column names, an empty cell where a
  value is unknown. No cell can run as a formula in Excel (``csv_cells``): a text starting with = + - @ gets an
  apostrophe, a ``report_file`` path ``./``.
- Parquet: the same columns, typed: ``value`` and ``stored`` are doubles (a count of up to 15 digits is exact in
  one, and amounts in 万元 have decimals), ``report_year`` and ``rollup_of`` integers, the rest text; null where
  unknown (``REQUIRED`` columns never are).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ..agency import same_agency_groups
from ..csv_cells import neutralise, path_cell
from ..errors import XxgkError
from .facts import COLUMNS, Fact, report_facts
from .sources import Entry, ReportSource

ROW_GROUP = 50_000  # rows of a Parquet row group: about 250 reports, some 60 MB in memory while they wait
_REPORT_FILE = COLUMNS.index("report_file")
# the report's own texts; the others are the format's keys, labels and codes (none starts like a formula), or numbers
_TEXT = tuple(COLUMNS.index(name) for name in ("agency", "agency_key", "source_file"))
REQUIRED = ("format_version", "key", "table_label", "row_label", "column_label", "state", "report_file")
MISSING_PYARROW = "写出 Parquet 文件需要 pyarrow：请在本工具的目录中执行 pip install -e '.[parquet]' 安装，或改为输出 .csv 文件"


@dataclass
class Summary:
    reports: int = 0
    rows: int = 0
    skipped: list[Entry] = field(default_factory=list)  # entries whose report could not be read
    duplicates: list[list[str]] = field(default_factory=list)  # names of reports of the same agency and year


def _unsafe(fact: Fact) -> bool:
    return any(neutralise(fact[i]) is not fact[i] for i in _TEXT) or path_cell(fact.report_file) != fact.report_file


def _csv_cells(fact: Fact) -> list[object]:
    cells = list(fact)
    for i in _TEXT:
        cells[i] = neutralise(cells[i])
    cells[_REPORT_FILE] = path_cell(fact.report_file)
    return cells


def write_csv(batches: Iterable[list[Fact]], out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for facts in batches:
        writer.writerows(map(_csv_cells, facts) if any(map(_unsafe, facts)) else facts)
    text.flush()
    text.detach()  # the caller closes ``out``


def require_pyarrow() -> None:
    """Stop before any work when Parquet cannot be written."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise XxgkError(MISSING_PYARROW) from None


def write_parquet(batches: Iterable[list[Fact]], out: BinaryIO) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"report_year": pa.int32(), "rollup_of": pa.int32(), "value": pa.float64(), "stored": pa.float64()}
    schema = pa.schema([pa.field(name, types.get(name, pa.string()), nullable=name not in REQUIRED) for name in COLUMNS])
    pending: list[Fact] = []

    def flush(writer) -> None:
        columns = list(zip(*pending)) if pending else [[] for _ in COLUMNS]
        writer.write_table(pa.Table.from_arrays([pa.array(c, type=t) for c, t in zip(columns, schema.types)],
                                                schema=schema))
        pending.clear()

    with pq.ParquetWriter(out, schema) as writer:
        wrote = False
        for facts in batches:
            pending.extend(facts)
            if len(pending) >= ROW_GROUP:
                flush(writer)
                wrote = True
        if pending or not wrote:
            flush(writer)


WRITERS: dict[str, Callable[[Iterable[list[Fact]], BinaryIO], None]] = {".csv": write_csv, ".parquet": write_parquet}


def export_facts(source: ReportSource, out: BinaryIO, suffix: str) -> Summary:
    """The facts of every readable report of ``source`` written to ``out`` as ``suffix`` (.csv or .parquet).
    A source none of whose reports can be read is refused (``XxgkError``): an export of nothing is no export."""
    summary = Summary()
    claims: list[tuple[str, str | None, int | None]] = []

    def batches() -> Iterator[list[Fact]]:
        for entry in source:
            if entry.report is None:
                summary.skipped.append(entry)
                continue
            meta = entry.report.metadata
            claims.append((entry.name, meta.agency_name, meta.report_year))
            facts = report_facts(entry.report, entry.name)
            summary.reports += 1
            summary.rows += len(facts)
            yield facts

    WRITERS[suffix](batches(), out)
    if not summary.reports:
        first = summary.skipped[0]
        raise XxgkError(f"没有可以导出的报告：{len(summary.skipped)} 个文件均无法读取（如 {first.name}：{first.problem}）")
    summary.duplicates = same_agency_groups(claims)
    return summary
