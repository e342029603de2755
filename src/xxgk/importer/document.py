"""The neutral document every published source is turned into: paragraphs and tables, each with where it was read.

The extraction layer does not know the format: it does not match labels, read numbers or decide what is a
heading. It keeps what the source says, as text, and where it says it:

- a ``Paragraph`` is a run of text (a heading is a paragraph too; ``heading`` is the level the source itself
  declares — an HTML ``<h2>``, a Word heading style, a Markdown ``##`` — and ``None`` otherwise);
- a ``Table`` has its rows as the source gives them (``rows``, each cell once, with its spans) and the
  expanded ``grid`` in which every position covered by a merged cell points to that cell;
- a cell's ``text`` is the source's text with whitespace runs collapsed; lines inside a cell are joined with
  ``"\\n"``; a blank cell (empty, ``&nbsp;``) is ``""``, never ``"0"``; digits stay as written (full-width too).

``Document.notes`` are the extraction's own remarks (a charset fallback, characters converted, page furniture
removed), in Chinese, for the mapper to turn into import findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..model.cells import Location

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]")


def squash(text: str) -> str:
    """One line of source text as the document keeps it: invisible characters dropped, every run of
    whitespace (``&nbsp;`` and the ideographic space included) one space, no space at either end."""
    if text.isdigit():  # most table cells
        return text
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def join_lines(lines: list[str]) -> str:
    """Lines of one cell: squashed, empty ones dropped, joined with "\\n"."""
    return "\n".join(t for t in (squash(x) for x in lines) if t)


class Loc(NamedTuple):  # named tuples: a report's few thousand cells are made fast
    """Where something was read; every number is 1-based, ``None`` where the source has no such notion."""

    page: int | None = None  # PDF page
    line: int | None = None  # line of a text/Markdown file, or line on a PDF page
    paragraph: int | None = None  # paragraph of a Word or HTML body (its n-th paragraph)
    table: int | None = None  # n-th table of the document
    row: int | None = None  # grid row inside the table
    col: int | None = None  # grid column inside the table
    path: str | None = None  # HTML element path (lxml getpath), for a table or a paragraph

    def describe(self) -> str:
        """Chinese, for messages: "第 3 页第 12 行", "表格 2 第 4 行第 3 列" (as the model's ``Location`` says it)."""
        return self.location().describe()

    def location(self) -> Location:
        """The model's record of this place (the element path is left out)."""
        return Location(**self.fields())

    def fields(self) -> dict[str, int]:
        """The place as the model's ``Location`` fields, those known only: what a cell's ``source`` is given as
        (the model validates it in one pass with the report)."""
        named = (("page", self.page), ("line", self.line), ("paragraph", self.paragraph), ("table", self.table),
                 ("row", self.row), ("column", self.col))
        return {name: value for name, value in named if value is not None}


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    loc: Loc
    heading: int | None = None


class Cell(NamedTuple):
    text: str
    row: int  # grid row of the top-left corner, 1-based
    col: int  # grid column of the top-left corner, 1-based
    rowspan: int = 1
    colspan: int = 1
    loc: Loc = Loc()
    header: bool = False  # the source marks it as a header cell (<th>, a Markdown header row); may be wrong


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]  # as in the source: each cell once, in source order
    loc: Loc
    n_rows: int
    n_cols: int

    @property
    def grid(self) -> list[list[Cell | None]]:
        """n_rows × n_cols; a merged cell fills every position it covers; ``None`` where the source has no cell."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for row in self.rows:
            for c in row:
                for r in range(c.row - 1, min(c.row - 1 + c.rowspan, self.n_rows)):
                    for k in range(c.col - 1, min(c.col - 1 + c.colspan, self.n_cols)):
                        grid[r][k] = c
        return grid

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), 1-based."""
        for r in self.rows:
            for c in r:
                if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                    return c
        return None


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    source: Path
    kind: str  # Kind value of the sniffer: "html", "text", "markdown", "docx", "pdf"
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
