"""The rows of an export: one per table cell of a report, its agency and year on every row.

Long format, one number per row: summing ``value`` over ``key = 't3.new_received.total'`` is a query in DuckDB,
a filter in Excel, a ``groupby`` in pandas. ``value`` is empty where the number is unknown (``state`` says why:
blank in the source, not read, or a total over an unknown input), never 0. ``stored`` is what the source itself
printed or typed for a total where it differs from the recomputed ``value``.

Only the table numbers are facts: the other metadata (period, contact, signature) and the texts are not numbers
to add up, and a ``value`` column of mixed text and numbers could not be summed; they stay in the canonical JSON.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from ..agency import agency_key
from ..formats import get_format
from ..model import AnnualReport, Number


class Fact(NamedTuple):
    agency: str | None  # the agency's name as the report gives it
    agency_key: str | None  # the name's spelling-free form (``agency.agency_key``): the same for the same spelling
    agency_level: str | None  # province, city, county, township, department
    report_year: int | None
    format_version: str  # 2021, 2019
    key: str  # the canonical key, t3.new_received.total
    table_label: str  # the official labels of the format definition
    row_label: str
    column_label: str
    value: Number | None  # None where unknown
    state: str  # read, blank, not_read, derived
    stored: Number | None  # a total as the source held it, where it differs from value
    source_file: str | None  # the file the report was read from (its provenance) and that file's SHA-256
    source_sha256: str | None
    report_file: str  # where the report is in the exported source: a path relative to the folder
    rollup_of: int | None  # a roll-up (``xxgk rollup``): how many reports it sums; None for an agency's own report


COLUMNS = Fact._fields


@cache
def _labels(version: str) -> dict[str, tuple[str, str, str]]:
    """key → (table, row, column) labels, in the order of the format definition."""
    definition = get_format(version)
    return {key: (definition.tables[cell.table].title, cell.row.full_label, cell.column.label)
            for key, cell in definition.cells.items()}


def report_facts(report: AnnualReport, report_file: str) -> list[Fact]:
    """Every table cell of ``report``, in the order of its format definition."""
    meta, provenance = report.metadata, report.provenance
    name = meta.agency_name
    head = (name, agency_key(name) or None if name else None, meta.agency_level.value if meta.agency_level else None,
            meta.report_year, report.format_version)
    tail = (provenance.source_file if provenance else None, provenance.source_sha256 if provenance else None,
            report_file, len(report.sources) or None)
    cells = report.cells()
    facts = []
    for key, labels in _labels(report.format_version).items():
        cell = cells[key]
        stored = cell.stored if cell.stored is not None and cell.stored != cell.value else None
        facts.append(Fact(*head, key, *labels, cell.value, cell.state.value, stored, *tail))
    return facts
