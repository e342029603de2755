"""Markdown (as other tools write reports: headings, hard-wrapped paragraphs, pipe tables) → Document.

- A run of consecutive lines starting with ``|`` is one Table; delimiter rows (``|---|``) are dropped, and
  the row before one is marked ``header`` (what the Markdown says — lossy extractions put data there too).
- ``#`` headings are Paragraphs with their level; other lines are grouped by blank lines and reflowed
  (reflow.py): a line continues the previous one only when that one is full, measured against the widest
  lines of the file, so a file with one paragraph per line keeps them apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from .decode import decode
from .document import Document, Loc, Paragraph, squash
from .reflow import Line, paragraphs, width
from .tables import RawCell, build_table

_NEWLINE = re.compile(r"\r\n|\r|\n")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.I)
_HTML_TABLE = re.compile(r"^\s{0,3}<table\b", re.I)
# a backslash escape keeps its character (CommonMark: any ASCII punctuation); emphasis and code marks go
_INLINE = re.compile(r"\\([!-/:-@\[-`{-~])|\*\*|__|`")


def _inline(text: str) -> str:
    return _INLINE.sub(lambda m: m.group(1) or "", text)

_FULL_SLACK = 6  # display columns (3 Chinese characters) short of the widest lines still counts as full


def read_markdown(path: Path, data: bytes) -> Document:
    text, notes = decode(data, source=path)
    doc = Document(Path(path), "markdown", notes=notes)
    lines = _NEWLINE.split(text)
    prose = [squash(x) for x in lines if x.strip() and not x.lstrip().startswith("|") and not _HEADING.match(x)]
    widths = sorted(width(x) for x in prose)
    wrap = widths[int(len(widths) * 0.9)] if len(widths) >= 10 else None
    group: list[Line] = []

    def flush() -> None:
        for text, first in paragraphs(group):
            doc.blocks.append(Paragraph(text, Loc(line=first.number)))
        group.clear()

    i = 0
    while i < len(lines):
        raw = lines[i]
        if raw.lstrip().startswith("|"):
            flush()
            i = _table(doc, lines, i)
            continue
        if _HTML_TABLE.match(raw):
            flush()
            i = _html_table(doc, lines, i)
            continue
        m = _HEADING.match(raw)
        if m:
            flush()
            if m.group(2).strip():
                doc.blocks.append(Paragraph(squash(_inline(m.group(2))), Loc(line=i + 1), len(m.group(1))))
        elif raw.strip():
            t = squash(_inline(raw))
            group.append(Line(t, i + 1, full=wrap is not None and width(t) >= wrap - _FULL_SLACK))
        else:
            flush()
        i += 1
    flush()
    return doc


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [squash(_inline(_BR.sub("\n", c))) for c in _PIPE.split(body)]


def _html_table(doc: Document, lines: list[str], start: int) -> int:
    """An HTML table inside the Markdown (as ``xxgk report`` writes the merged headers of 表三), read as the
    HTML reader reads one."""
    from lxml import etree, html

    from .html import table_rows

    end = start
    while end < len(lines) and "</table>" not in lines[end].lower():
        end += 1
    fragment = "\n".join(lines[start : end + 1])
    try:
        table = html.fragment_fromstring(fragment)
    except (etree.ParserError, ValueError):
        table = None
    rows = table_rows(table) if table is not None and table.tag == "table" else []
    if rows:
        index = len(doc.tables) + 1
        doc.blocks.append(build_table(rows, index, Loc(line=start + 1, table=index), source=doc.source))
    return end + 1


def _table(doc: Document, lines: list[str], start: int) -> int:
    rows: list[list[RawCell]] = []
    lines_of: list[int] = []
    i = start
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        line = lines[i]
        if _DELIMITER.match(line):
            if rows and lines_of[-1] == i:  # the row just above is the header row
                rows[-1] = [RawCell(c.text, header=True, col=c.col, line=c.line) for c in rows[-1]]
        else:
            rows.append([RawCell(t, col=k, line=i + 1) for k, t in enumerate(_cells(line), start=1)])
            lines_of.append(i + 1)
        i += 1
    if rows:
        index = len(doc.tables) + 1
        doc.blocks.append(build_table(rows, index, Loc(line=start + 1, table=index), source=doc.source))
    return i
