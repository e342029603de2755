"""Tables drawn with ruling lines (every WPS, Word and LibreOffice PDF export): line segments → cell grid.

Horizontal and vertical segments are snapped (coordinates within ``SNAP`` points are one line) and joined;
lines that cross form a table; the distinct x and y of its lines are the grid, and two neighbouring grid
cells belong to one merged cell where no line separates them. Coordinates are top-down (y grows downwards).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

SNAP = 2.5  # points: strokes, thin filled rectangles and their anti-aliasing differ by about 1 pt
MIN_LINE = 4.0


@dataclass(slots=True)
class Region:
    """One (merged) cell: grid rows r0..r1-1, columns c0..c1-1 (0-based), and its box."""

    r0: int
    c0: int
    r1: int
    c1: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    xs: list[float]
    ys: list[float]
    regions: list[Region]
    index: dict[tuple[int, int], Region]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def region_at(self, x: float, y: float) -> Region | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        r = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return self.index.get((r, c))


def _cluster(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _merge(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(position, start, end) segments → lines at snapped positions, overlapping pieces joined."""
    lines: list[tuple[float, float, float]] = []
    by_pos: list[list[tuple[float, float, float]]] = []
    for seg in sorted(segments):
        if by_pos and seg[0] - by_pos[-1][-1][0] <= SNAP:
            by_pos[-1].append(seg)
        else:
            by_pos.append([seg])
    for group in by_pos:
        pos = sum(s[0] for s in group) / len(group)
        spans = sorted((s[1], s[2]) for s in group)
        a, b = spans[0]
        for s, e in spans[1:]:
            if s <= b + SNAP:
                b = max(b, e)
            else:
                lines.append((pos, a, b))
                a, b = s, e
        lines.append((pos, a, b))
    return [line for line in lines if line[2] - line[1] >= MIN_LINE]


def grids(horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]) -> list[Grid]:
    """horizontal: (y, x0, x1); vertical: (x, y0, y1). Returns the tables of at least 2 × 2 grid cells."""
    hs = _merge(horizontal)
    vs = _merge(vertical)
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - SNAP <= x <= x1 + SNAP and y0 - SNAP <= y <= y1 + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    out = []
    for h_lines, v_lines in groups.values():
        grid = _grid(h_lines, v_lines)
        if grid is not None:
            out.append(grid)
    out.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return out


def _at(lines: list[tuple[float, float, float]], positions: list[float]) -> list[list[tuple[float, float]]]:
    """For each grid position, the (start, end) of the lines lying there."""
    out: list[list[tuple[float, float]]] = [[] for _ in positions]
    for p, s, e in lines:
        for k, q in enumerate(positions):
            if abs(p - q) <= SNAP:
                out[k].append((s, e))
    return out


def _covered(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    """Does one of the spans cover the middle of [a, b]?"""
    mid = (a + b) / 2
    return any(s - SNAP <= mid <= e + SNAP for s, e in spans)


def _grid(h_lines, v_lines) -> Grid | None:
    if len(h_lines) < 2 or len(v_lines) < 2:
        return None
    # the frame closes where the lines end, even if its outer border is not drawn as a line (a table
    # broken by the page end often has no bottom rule)
    ys = _cluster([h[0] for h in h_lines] + [min(v[1] for v in v_lines), max(v[2] for v in v_lines)])
    xs = _cluster([v[0] for v in v_lines] + [min(h[1] for h in h_lines), max(h[2] for h in h_lines)])
    n_r, n_c = len(ys) - 1, len(xs) - 1
    if n_r < 1 or n_c < 1 or n_r * n_c < 2:
        return None
    parent = list(range(n_r * n_c))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    v_at = _at(v_lines, xs)
    h_at = _at(h_lines, ys)
    for r in range(n_r):
        for c in range(n_c):
            if c + 1 < n_c and not _covered(v_at[c + 1], ys[r], ys[r + 1]):
                parent[find(r * n_c + c + 1)] = find(r * n_c + c)
            if r + 1 < n_r and not _covered(h_at[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * n_c + c)] = find(r * n_c + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_r):
        for c in range(n_c):
            members.setdefault(find(r * n_c + c), []).append((r, c))
    regions = []
    index: dict[tuple[int, int], Region] = {}
    for cells in members.values():
        r0 = min(r for r, _ in cells)
        r1 = max(r for r, _ in cells) + 1
        c0 = min(c for _, c in cells)
        c1 = max(c for _, c in cells) + 1
        region = Region(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1], ys[r1]))
        regions.append(region)
        for rc in cells:
            index[rc] = region
    if len(regions) < 2:
        return None  # a frame around text, not a table
    regions.sort(key=lambda g: (g.r0, g.c0))
    return Grid(xs, ys, regions, index)
