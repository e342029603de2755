"""Facts the checks derive from a report: table values with totals recomputed, text parts, dates in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import AnnualReport, Number, derive_totals


def recomputed(report: AnnualReport) -> dict[str, Number | None]:
    """Every table value by canonical key, totals recomputed from the inputs (as the reader does).

    A report read from a workbook already holds recomputed totals; a canonical JSON file may not, and a
    stored total that disagrees is the ``total-mismatch`` check's business, not every other check's.
    """
    cells = report.format.cells
    inputs = {k: v for k, v in report.values().items() if not cells[k].derived}
    values = dict(inputs)
    for table in report.format.tables.values():
        values.update(derive_totals(table, inputs))
    return values


def number(values: dict[str, Number | None], *keys: str) -> Number:
    """The sum of some table values, a missing number counting 0 (it has a finding of its own)."""
    return sum(values.get(k) or 0 for k in keys)


def text_parts(report: AnnualReport, sections: tuple[str, ...] | None = None) -> Iterator[tuple[str, str]]:
    """``(canonical key, text)`` of every text part of the format's sections (in report order)."""
    for section in report.format.text_sections:
        if sections is None or section.key in sections:
            for part in section.parts:
                yield section.text_key(part), report.texts.get(section.key, part.key)


def all_texts(report: AnnualReport) -> Iterator[tuple[str, str]]:
    """The preamble and every text part."""
    yield "texts.preamble", report.texts.preamble
    yield from text_parts(report)


def chinese_date(day: date) -> str:
    """2025年2月11日: Arabic numerals, no leading zeros (GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日"
