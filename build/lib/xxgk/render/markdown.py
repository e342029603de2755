"""The report as Markdown: headings, paragraphs and the tables, readable as plain text.

Markdown tables cannot merge cells, so a grid is flattened: a full-width caption row (T2's 第二十条第（一）项)
becomes a bold line starting a new table; the header rows become one header row whose titles join the merged
headers above a column (法人或其他组织：商业企业), leaving out a header over every number column (申请人情况);
the label columns become one column; a label spanning several rows (三、本年度办理结果, （三）不予公开) becomes a
row of its own above the rows it groups.
"""

from __future__ import annotations

import re

from .document import Document, Heading, Paragraph, TableBlock
from .grid import Grid, GridCell

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^([#>+=-])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: str) -> str:
    """Inline text shown as itself: Markdown and HTML markup characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_block(text: str) -> str:
    """A paragraph shown as itself: also what would start a heading, quote or list ("1. …")."""
    return _LIST_NUMBER.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", escape(text)))


def _header_path(covering: list[list[GridCell]], rows: range, col: int, skip: set[int]) -> str:
    parts: list[str] = []
    for r in rows:
        cell = covering[r][col]
        if id(cell) not in skip and cell.text and (not parts or parts[-1] != cell.text):
            parts.append(cell.text)
    return "：".join(parts)


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _segment(grid: Grid, covering: list[list[GridCell]], header: range, body: range) -> list[str]:
    """One Markdown table: the grid's ``header`` rows flattened into one, then the ``body`` rows."""
    n, labels = grid.column_count, grid.label_columns
    last_header = header.stop - 1
    # one Markdown column per distinct bottom header cell over the number columns
    starts = [c for c in range(labels, n) if c == labels or covering[last_header][c] is not covering[last_header][c - 1]]
    everywhere = {id(cell) for cell in (covering[r][labels] for r in header)
                  if len(starts) > 1 and cell.col <= labels and cell.col + cell.colspan >= n}
    titles = [_header_path(covering, header, c, everywhere) for c in starts]
    if labels:
        titles.insert(0, _header_path(covering, header, 0, set()))
    lines = [_line([escape(t) for t in titles]), _line(["---"] * len(titles))]
    emitted: set[int] = set()
    for r in body:
        for c in range(labels - 1):  # labels spanning several rows: a row of their own, once
            cell = covering[r][c]
            if cell.rowspan > 1 and id(cell) not in emitted:
                emitted.add(id(cell))
                lines.append(_line([f"**{escape(cell.text)}**"] + [""] * len(starts)))
        values = [escape(covering[r][c].text) for c in starts]
        lines.append(_line(([escape(covering[r][labels - 1].text)] if labels else []) + values))
    return lines


def table_markdown(grid: Grid) -> str:
    covering = grid.covering()
    full_width = [len(cells) == 1 and cells[0].colspan == grid.column_count and cells[0].role == "caption"
                  for cells in grid.rows]
    out: list[str] = []
    r = 0
    while r < len(grid.rows):
        if full_width[r]:
            out += [f"**{escape(grid.rows[r][0].text)}**", ""]
            r += 1
        header_end = r + (grid.header_rows or 1)
        body_end = next((i for i in range(header_end, len(grid.rows)) if full_width[i]), len(grid.rows))
        out += [*_segment(grid, covering, range(r, header_end), range(header_end, body_end)), ""]
        r = body_end
    return "\n".join(out).rstrip("\n")


def markdown_text(document: Document) -> str:
    out = ["# " + escape(document.title), ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            out += ["#" * (block.level + 1) + " " + escape(block.text), ""]
        elif isinstance(block, Paragraph):
            out += [escape_block(block.text), ""]
        elif isinstance(block, TableBlock):
            out += [table_markdown(block.grid), ""]
    if document.signature:
        # right alignment does not exist in Markdown; the signature closes the text, one line each
        out += ["  \n".join(escape_block(line) for line in document.signature), ""]
    return "\n".join(out)
