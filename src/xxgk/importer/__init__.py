"""Reading published reports, first layer: every source (HTML, plain text, Markdown, DOCX, PDF with a text
layer) turned into one neutral ``Document`` of paragraphs and tables with source locations.

``extract(path)`` sniffs the file by content, reads it and converts traditional characters to simplified;
mapping the document onto the format's tables and texts is the next layer's work.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import XxgkError
from .decode import to_simplified
from .document import Block, Cell, Document, Loc, Paragraph, Table
from .sniff import READABLE, Kind, NotASource, ScannedSource, sniff, sniff_with_reason

__all__ = [
    "Block", "Cell", "Document", "Kind", "Loc", "NotASource", "Paragraph", "ScannedSource", "Table",
    "extract", "sniff",
]  # fmt: skip


def extract(path: str | Path) -> Document:
    path = Path(path)
    kind, reason = sniff_with_reason(path, probe_pdf=False)
    if kind is Kind.SCAN:
        raise ScannedSource(reason, path=path)
    if kind is Kind.DAMAGED:
        raise XxgkError(reason, path=path)  # a document that may well be a report: not "no source"
    if kind not in READABLE:
        raise NotASource(reason or _NOT_MINE[kind], path=path)
    if kind is Kind.PDF:
        from .pdf import read_pdf

        doc = read_pdf(path)
    elif kind is Kind.DOCX:
        from .docx import read_docx

        doc = read_docx(path)
    else:
        data = path.read_bytes()
        if kind is Kind.HTML:
            from .html import read_html

            doc = read_html(path, data)
        elif kind is Kind.MARKDOWN:
            from .markdown import read_markdown

            doc = read_markdown(path, data)
        else:
            from .plaintext import read_text

            doc = read_text(path, data)
    simplify(doc)
    return doc


_NOT_MINE = {
    Kind.WORKBOOK: "这是 Excel 工作簿，不是已发布的报告（网页、文本、Word 或 PDF）",
    Kind.JSON: "这是 JSON 文件，不是已发布的报告（网页、文本、Word 或 PDF）",
}


def simplify(doc: Document) -> None:
    """Traditional characters → simplified in every text of ``doc``, with a note saying so."""
    texts: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            texts.append(b.text)
        else:
            texts.extend(c.text for row in b.rows for c in row)
    converted, changed = to_simplified(texts)
    if not changed:
        return
    it = iter(converted)
    blocks: list[Block] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            blocks.append(dataclasses.replace(b, text=next(it)))
        else:
            rows = tuple(tuple(c._replace(text=next(it)) for c in row) for row in b.rows)
            blocks.append(dataclasses.replace(b, rows=rows))
    doc.blocks = blocks
    count = f"{changed} 个字" if changed > 0 else "若干字"
    doc.notes.append(f"原文含繁体字，已转换为简体字（{count}，OpenCC 繁简转换）")
