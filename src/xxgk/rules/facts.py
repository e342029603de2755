"""Facts the checks derive from a report: sums of table values, text parts, dates in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import AnnualReport, Number
from .sentences import normal, sentences


def number(values: dict[str, Number | None], *keys: str) -> Number | None:
    """The sum of some table values; None when any of them is unknown (a blank or unread cell has a finding
    of its own, and a check over it is not assessed as if it were 0)."""
    total: Number = 0
    for k in keys:
        value = values.get(k)
        if value is None:
            return None
        total += value
    return total


def text_parts(report: AnnualReport, sections: tuple[str, ...] | None = None) -> Iterator[tuple[str, str]]:
    """``(canonical key, text)`` of every text part of the format's sections (in report order)."""
    for section in report.format.text_sections:
        if sections is None or section.key in sections:
            for part in section.parts:
                yield section.text_key(part), report.texts.get(section.key, part.key)


def text_sentences(report: AnnualReport) -> tuple[tuple[str, str, str, str], ...]:
    """``(section key, canonical key, sentence, the sentence folded by normal)`` of every sentence of every text
    part, in report order; several checks read them (``Context.once(report, text_sentences)`` splits them once)."""
    return tuple((section.key, key, sentence, normal(sentence))
                 for section in report.format.text_sections for part in section.parts
                 for key in (section.text_key(part),)
                 for sentence in sentences(report.texts.get(section.key, part.key)))


def all_texts(report: AnnualReport) -> Iterator[tuple[str, str]]:
    """The preamble and every text part."""
    yield "texts.preamble", report.texts.preamble
    yield from text_parts(report)


def chinese_date(day: date) -> str:
    """2025年2月11日: Arabic numerals, no leading zeros (GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日"
