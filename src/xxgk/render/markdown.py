"""The report as Markdown: headings and paragraphs as Markdown, the tables as HTML tables.

A Markdown table cannot merge cells, and flattening the national tables either invents rows the official
table does not have or loses headers (申请人情况); an HTML table keeps them as published, with every text
escaped, and GitHub and most Markdown viewers show it. It is the HTML page's own table (``grid_table.html.j2``).
"""

from __future__ import annotations

import re

from .document import Document, Heading, Paragraph, TableBlock
from .html import table_html

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^([#>+=-])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: str) -> str:
    """Inline text shown as itself: Markdown and HTML markup characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_block(text: str) -> str:
    """A paragraph shown as itself: also what would start a heading, quote or list ("1. …")."""
    return _LIST_NUMBER.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", escape(text)))


def markdown_text(document: Document) -> str:
    out = ["# " + escape(document.title), ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            out += ["#" * (block.level + 1) + " " + escape(block.text), ""]
        elif isinstance(block, Paragraph):
            out += [escape_block(block.text), ""]
        elif isinstance(block, TableBlock):
            out += [table_html(block), ""]
    if document.signature:
        # right alignment does not exist in Markdown; the signature closes the text, one line each
        out += ["  \n".join(escape_block(line) for line in document.signature), ""]
    return "\n".join(out)
