"""Tables printed without ruling lines, from the positions of their text: rows are text lines, columns the
gaps that run through every line of the block.

A block is three or more consecutive text lines that split into two or more fragments at gaps wider than
``GAP_EMS`` characters, one fragment at least a number; a line of one fragment between two such lines (a
label wrapped in its cell) stays in the block. The columns are the x ranges that the fragments cover,
merged where they overlap; each line becomes a row of single cells (no spans are guessed).
"""

from __future__ import annotations

import itertools
import re

from .lattice import Grid, Region

GAP_EMS = 2.0
MIN_ROWS = 3
_NUMBER = re.compile(r"\d")


def _fragments(chars: list, size: float) -> list[list]:
    out = [[chars[0]]]
    for prev, ch in itertools.pairwise(chars):
        if ch.x0 - prev.x1 > GAP_EMS * size:
            out.append([ch])
        else:
            out[-1].append(ch)
    return out


def stream_tables(lines: list) -> tuple[list, list[Grid]]:
    """(the lines left, the tables found) for one page's text lines (top to bottom)."""
    split = [_fragments(line.chars, line.size) for line in lines]
    wide = [len(f) >= 2 for f in split]
    keep: list = []
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (wide[j] or (j + 1 < len(lines) and j > i and wide[j - 1] and wide[j + 1])):
            j += 1
        block = range(i, j)
        numeric = any(_NUMBER.search("".join(c.ch for c in f)) for k in block for f in split[k][1:])
        if j - i >= MIN_ROWS and numeric:
            grids.append(_grid([lines[k] for k in block], [split[k] for k in block]))
            i = j
        else:
            keep.append(lines[i])
            i += 1
    return keep, grids


def _grid(lines: list, split: list[list[list]]) -> Grid:
    spans = sorted((f[0].x0, f[-1].x1) for fragments in split for f in fragments)
    columns: list[list[float]] = []
    for a, b in spans:
        if columns and a <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], b)
        else:
            columns.append([a, b])
    xs = [columns[0][0]] + [(left[1] + right[0]) / 2 for left, right in itertools.pairwise(columns)]
    xs.append(columns[-1][1])
    ys = [line.top for line in lines] + [max(c.bottom for c in lines[-1].chars)]
    regions: list[Region] = []
    index: dict[tuple[int, int], Region] = {}
    for r, fragments in enumerate(split):
        for c in range(len(columns)):
            region = Region(r, c, r + 1, c + 1, (xs[c], ys[r], xs[c + 1], ys[r + 1]))
            regions.append(region)
            index[(r, c)] = region
        for f in fragments:
            for ch in f:
                cx = (ch.x0 + ch.x1) / 2
                col = next((k for k in range(len(columns)) if cx < xs[k + 1]), len(columns) - 1)
                index[(r, col)].chars.append(ch)
    return Grid(xs, ys, regions, index)
