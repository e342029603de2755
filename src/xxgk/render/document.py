"""The report as a neutral document: title, intro, numbered headings, paragraphs, table grids, signature.

Built once from the model and the format definition; the DOCX, HTML and Markdown writers only draw it, so
what the report says (labels, numbering, numbers, order) is decided here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ..formats.numbering import chinese_numeral
from ..model import AnnualReport
from ..text_safety import xml_safe_report
from .grid import Grid, table_grid
from .intro import generated_intro
from .text import chinese_date, heading_level, paragraphs, starts_with_heading

REPORT_NAME = "政府信息公开工作年度报告"


@dataclass(frozen=True)
class Heading:
    """Level 1 一、 (黑体), 2 （一） (楷体), 3 1. and 4 （1） (仿宋); the text includes its number."""

    kind: ClassVar[str] = "heading"
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class TableBlock:
    kind: ClassVar[str] = "table"
    key: str  # t2, t3, t4
    grid: Grid


Block = Heading | Paragraph | TableBlock


@dataclass(frozen=True)
class Document:
    title_lines: tuple[str, ...]  # agency, then year and report name: printed on two lines
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]  # agency, date; right-aligned at the end
    signed: date | None = None  # the signing date, also the document's date in file properties

    @property
    def title(self) -> str:
        return "".join(self.title_lines)


def report_title_lines(report: AnnualReport) -> tuple[str, ...]:
    meta = report.metadata
    year = f"{meta.report_year}年" if meta.report_year else ""
    return tuple(filter(None, (meta.agency_name, year + REPORT_NAME)))


def _text_blocks(text: str, depth: int) -> list[Block]:
    """Paragraphs of a text; short numbered lines deeper than ``depth`` become headings of their level."""
    blocks: list[Block] = []
    for paragraph in paragraphs(text):
        level = heading_level(paragraph)
        blocks.append(Heading(level, paragraph) if level and level > depth else Paragraph(paragraph))
    return blocks


def build_document(report: AnnualReport) -> Document:
    report = xml_safe_report(report)  # a NUL or a lone surrogate would break every writer (text-invalid-character)
    fmt, texts, meta = report.format, report.texts, report.metadata
    blocks: list[Block] = [Paragraph(p) for p in paragraphs(texts.preamble or generated_intro(report))]
    for section in fmt.sections:
        blocks.append(Heading(1, section.heading))
        if section.table:
            blocks.append(TableBlock(section.table, table_grid(fmt.tables[section.table], report.value)))
        numbered = 0
        for part in section.parts:
            depth, text = 1, texts.get(section.key, part.key)
            if part.title:
                numbered += 1
                depth = 2
                if not starts_with_heading(text, 2):  # the agency's own sub-heading stands as written
                    blocks.append(Heading(2, f"（{chinese_numeral(numbered)}）{part.title}"))
            blocks.extend(_text_blocks(text, depth))
    signature = (meta.signing_agency or meta.agency_name, chinese_date(meta.signing_date) if meta.signing_date else None)
    return Document(report_title_lines(report), tuple(blocks), tuple(filter(None, signature)), meta.signing_date)
