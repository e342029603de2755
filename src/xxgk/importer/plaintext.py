"""Plain text (copied from a web page, or extracted from a PDF) → Document.

What it produces, line by line (line numbers are the file's, 1-based):

- **Tab-cell tables**, as a browser copies a Word-pasted table (the seed): a run of lines that start with a
  tab, one cell per line, rows separated by blank lines; a line holding only the tab is a blank cell ("").
  Spans are unknown, so each row is as long as the source made it.
- **Column tables**: two or more consecutive lines whose fields are separated by tabs or by runs of two or
  more spaces (``pdftotext -layout``, a table copied from a spreadsheet), one holding a number at least;
  each line a row, each field a cell in order (columns are not aligned by position).
- Every other non-blank line is a Paragraph of its own, not reflowed: in copied text a line is the only
  unit that can be trusted (a table row "1.属于国家秘密 1 0 0 0 0 0 1" with single spaces, or a label broken
  into one character per line, is left to the mapper, which knows the labels).
"""

from __future__ import annotations

import re
from pathlib import Path

from .decode import decode
from .document import Document, Loc, Paragraph, squash
from .tables import RawCell, build_table

_NEWLINE = re.compile(r"\r\n|\r|\n")
_FIELD_SEP = re.compile(r"\t+| {2,}|\u3000{2,}")
_NUMBER = re.compile(r"\d")


def read_text(path: Path, data: bytes) -> Document:
    text, notes = decode(data, source=path)
    doc = Document(Path(path), "text", notes=notes)
    lines = _NEWLINE.split(text)
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            i = _tab_table(doc, lines, i)
            continue
        end = _column_region(lines, i)
        if end > i:
            _column_table(doc, lines, i, end)
            i = end
            continue
        if line.strip():
            doc.blocks.append(Paragraph(squash(line), Loc(line=i + 1)))
        i += 1
    return doc


def _tab_table(doc: Document, lines: list[str], start: int) -> int:
    """Rows of tab-led lines from ``start``; returns the index after the region."""
    rows: list[list[RawCell]] = []
    row: list[RawCell] = []
    i = start
    last = start
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            row.append(RawCell(squash(line), line=i + 1))
            last = i
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
        else:
            break
        i += 1
    if row:
        rows.append(row)
    _add_table(doc, rows, start + 1)
    return last + 1


def _fields(line: str) -> list[str]:
    return [f for f in (squash(x) for x in _FIELD_SEP.split(line.strip())) if f] if line.strip() else []


def _column_region(lines: list[str], start: int) -> int:
    """End (exclusive) of a run of at least two multi-field lines from ``start`` with a number; else start."""
    i = start
    numeric = False
    while i < len(lines) and not lines[i].startswith("\t"):
        fields = _fields(lines[i])
        if len(fields) < 2:
            break
        numeric = numeric or any(_NUMBER.search(f) for f in fields[1:])
        i += 1
    return i if i - start >= 2 and numeric else start


def _column_table(doc: Document, lines: list[str], start: int, end: int) -> None:
    rows = [
        [RawCell(f, col=k, line=i + 1) for k, f in enumerate(_fields(lines[i]), start=1)] for i in range(start, end)
    ]
    _add_table(doc, rows, start + 1)


def _add_table(doc: Document, rows: list[list[RawCell]], line: int) -> None:
    if not rows:
        return
    index = len(doc.tables) + 1
    doc.blocks.append(build_table(rows, index, Loc(line=line, table=index), source=doc.source))
