"""PDF with a text layer (pypdfium2) → Document.

Per page: the characters with their boxes, and the ruling lines of the path objects (strokes and thin
filled rectangles, in form XObjects too; large filled rectangles are cell or line backgrounds and are
ignored), all in the page as displayed (its /Rotate applied). Lines → tables (lattice.py); characters inside
a table's cell are that cell's text (its lines joined with "\\n"); the other characters are grouped into
text lines by position, and blocks of lines with aligned wide gaps are tables without rules (stream.py).
Page furniture (a page number such as "— 1 —", "- 1 -", "第 1 页"; a header or footer repeated on most
pages) is dropped, with a note. Text lines are reflowed into
paragraphs (reflow.py) across line and page breaks, measured against the body's own margins: a line
continues the previous one when that one reaches the right margin and it is not indented, a heading, or
after a table. A PDF with no text at all is a scan (no OCR).

Locations: a paragraph has the page and the line on that page (1-based, top to bottom, tables excluded);
a cell has its page, table, grid row and column. A table continued on the next page with the same columns
is one Table.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from ..errors import XxgkError
from ..limits import MAX_PDF_PAGES
from .document import Cell, Document, Loc, Paragraph, Table, join_lines
from .lattice import SNAP, Grid, grids
from .reflow import WIDE, Line, paragraphs
from .sniff import SCAN_MESSAGE, ScannedSource
from .stream import stream_tables

_PAGE_NUMBER = re.compile(
    r"^[-—–－~～_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:[/／]\s*\d{1,4}|共\s*\d{1,4}\s*页)?[-—–－~～_\s]*$"
)
_BAND = 0.1  # top and bottom tenth of the page: where headers, footers and page numbers live
# a gap wider than this share of the font size is a space: beside a Latin letter or digit, and between two
# Chinese characters (whose tight boxes, punctuation above all, leave gaps of half a character)
_SPACE_GAP = 0.3
_SPACE_GAP_CJK = 1.0
_MIN_TEXT_CHARS = 20  # fewer readable characters than this in the whole file: a scan
_BIG_FILL = 2.5  # a filled rectangle thicker than this (points) in both directions is a background


class Char:
    __slots__ = ("bottom", "ch", "cy", "size", "top", "x0", "x1")

    def __init__(self, ch: str, x0: float, top: float, x1: float, bottom: float) -> None:
        self.ch, self.x0, self.top, self.x1, self.bottom = ch, x0, top, x1, bottom
        self.cy = (top + bottom) / 2
        self.size = bottom - top


@dataclass(slots=True)
class TextLine:
    chars: list[Char]
    text: str
    page: int
    number: int = 0

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def size(self) -> float:
        return median(c.size for c in self.chars)


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise XxgkError("PDF 已加密（需要密码才能打开），无法读取，请提供未加密的文件", path=path) from None
        raise XxgkError("PDF 文件已损坏或不完整，无法读取", path=path) from None
    except OSError:
        raise XxgkError("PDF 文件无法打开", path=path) from None
    return pdf


def has_text_layer(path: Path) -> bool | None:
    """True if some page has text, False if none has (a scan), None if the file cannot be opened."""
    try:
        pdf = _open(path)
    except XxgkError:
        return None
    try:
        for i in range(min(len(pdf), MAX_PDF_PAGES)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            if text.strip():
                return True
        return False
    except Exception:
        return None
    finally:
        pdf.close()


def read_pdf(path: Path) -> Document:
    pdf = _open(path)
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise XxgkError(f"PDF 页数过多（{len(pdf)} 页，上限 {MAX_PDF_PAGES} 页），不像一份年度报告", path=path)
        pages = []
        for i in range(len(pdf)):
            try:
                pages.append(_read_page(pdf[i], i + 1))
            except XxgkError:
                raise
            except Exception:
                raise XxgkError(f"PDF 第 {i + 1} 页已损坏，无法读取", path=path) from None
    finally:
        pdf.close()
    doc = Document(Path(path), "pdf")
    removed = _drop_furniture(pages)
    if (
        sum(len(c.ch.strip()) for p in pages for line in p.lines for c in line.chars)
        + sum(len(r.chars) for p in pages for g in p.grids for r in g.regions)
        < _MIN_TEXT_CHARS
    ):
        raise ScannedSource(SCAN_MESSAGE, path=path)
    if removed:
        doc.notes.append(f"已删除页码、页眉和页脚 {removed} 处")
    _assemble(doc, pages)
    return doc


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    lines: list[TextLine]
    grids: list[Grid]


def _read_page(page, number: int) -> _Page:
    import pypdfium2.raw as raw

    view = _View(page)
    tp = page.get_textpage()
    chars = _chars(raw, tp.raw, view)
    page_grids = grids(*_segments(raw, page.raw, view))
    loose = []
    for ch in chars:
        cx = (ch.x0 + ch.x1) / 2
        for g in page_grids:
            region = g.region_at(cx, ch.cy)
            if region is not None:
                region.chars.append(ch)
                break
        else:
            loose.append(ch)
    lines, borderless = stream_tables(_lines(loose, number))
    page_grids = sorted(page_grids + borderless, key=lambda g: (g.ys[0], g.xs[0]))
    return _Page(number, view.height, lines, page_grids)


class _View:
    """Page space (y up, before the page's /Rotate) → what a reader sees: x to the right, y downwards."""

    def __init__(self, page) -> None:
        width, height = page.get_size()  # as displayed, rotation applied
        self.rotation = page.get_rotation() % 360
        self.height = height
        # the unrotated page's width and height
        self.w, self.h = (height, width) if self.rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.w - x, y
        if self.rotation == 270:
            return self.h - y, self.w - x
        return x, self.h - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) in the view."""
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def _chars(raw, tp, view: _View) -> list[Char]:
    get_unicode = raw.FPDFText_GetUnicode
    char_box, loose_box = raw.FPDFText_GetCharBox, raw.FPDFText_GetLooseCharBox
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    rect = raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    chars: list[Char] = []
    for i in range(raw.FPDFText_CountChars(tp)):
        code = get_unicode(tp, i)
        if code < 33 or code in (0xA0, 0x3000, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue  # spaces are re-derived from the gaps; control characters are not text
        # x from the tight box, y from the loose one (the font's full height, the same for every glyph of a
        # line) unless that is absurd, as for the characters WPS sets one per line in vertical labels
        if not char_box(tp, i, *refs):
            continue
        if right.value <= left.value and top.value <= bottom.value:
            continue  # a character pdfium generated (it has no box)
        x0, y0, x1, y1 = view.box(left.value, bottom.value, right.value, top.value)
        glyph = max(x1 - x0, y1 - y0, 1.0)
        if loose_box(tp, i, rect_ref):
            _, ly0, _, ly1 = view.box(rect.left, rect.bottom, rect.right, rect.top)
            if ly1 - ly0 <= 3 * glyph:
                chars.append(Char(chr(code), x0, ly0, x1, ly1))
                continue
        cy = (y0 + y1) / 2
        chars.append(Char(chr(code), x0, cy - glyph * 0.55, x1, cy + glyph * 0.55))
    return chars


_MAX_FORM_DEPTH = 8  # form XObjects inside form XObjects (some tools wrap the whole page in one)
_MAX_PATH_OBJECTS = 100_000


def _compose(outer: tuple, inner: tuple) -> tuple:
    """The matrix that applies ``inner`` first, then ``outer`` (PDF order a b c d e f)."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a2 * a1 + b2 * c1, a2 * b1 + b2 * d1, c2 * a1 + d2 * c1, c2 * b1 + d2 * d1,
            e2 * a1 + f2 * c1 + e1, e2 * b1 + f2 * d1 + f1)  # fmt: skip


def _segments(raw, page, view: _View):
    """Ruling lines of the page's path objects (in form XObjects too): (y, x0, x1) horizontal, (x, y0, y1)
    vertical, in the view."""
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    bounds = [ctypes.c_float() for _ in range(4)]
    fs_matrix = raw.FS_MATRIX()
    path_type, form_type = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    moveto, lineto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(raw.FPDFPage_GetObject(page, k), identity, 0) for k in range(raw.FPDFPage_CountObjects(page))][::-1]
    seen = 0
    while stack and seen < _MAX_PATH_OBJECTS:
        obj, parent, depth = stack.pop()
        seen += 1
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == form_type and depth < _MAX_FORM_DEPTH:
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(fs_matrix))
            m = _compose(parent, (fs_matrix.a, fs_matrix.b, fs_matrix.c, fs_matrix.d, fs_matrix.e, fs_matrix.f))
            n = raw.FPDFFormObj_CountObjects(obj)
            stack.extend((raw.FPDFFormObj_GetObject(obj, i), m, depth + 1) for i in range(n - 1, -1, -1))
            continue
        if kind != path_type:
            continue
        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in bounds))
        left, bottom, right, top = (v.value for v in bounds)
        if not stroke.value and min(right - left, top - bottom) > _BIG_FILL:
            continue  # a cell or line background, not a rule
        raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(fs_matrix))
        own = (fs_matrix.a, fs_matrix.b, fs_matrix.c, fs_matrix.d, fs_matrix.e, fs_matrix.f)
        a, b, c, d, e, f = own if parent is identity else _compose(parent, own)
        start = prev = None
        for n in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, n)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            point = view.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            segment_kind = raw.FPDFPathSegment_GetType(seg)
            if segment_kind == moveto:
                start = prev = point
                continue
            if prev is not None and segment_kind == lineto:
                _add(horizontal, vertical, prev, point)
            prev = point
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _add(horizontal, vertical, prev, start)
                prev = start
    return horizontal, vertical


def _add(horizontal, vertical, a, b) -> None:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) <= SNAP / 2 and abs(x1 - x0) > SNAP:
        horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= SNAP / 2 and abs(y1 - y0) > SNAP:
        vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters → lines (top to bottom), each sorted left to right. A character joins the current line when
    its vertical extent overlaps that of the line's tallest character by half its own height or more."""
    lines: list[list[Char]] = []
    tallest: list[Char] = []
    for ch in sorted(chars, key=lambda c: c.cy):
        if lines:
            t = tallest[-1]
            overlap = min(t.bottom, ch.bottom) - max(t.top, ch.top)
            if overlap >= 0.5 * min(t.size, ch.size):
                lines[-1].append(ch)
                if ch.size > t.size:
                    tallest[-1] = ch
                continue
        lines.append([ch])
        tallest.append(ch)
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _text(chars: list[Char]) -> str:
    out = [chars[0].ch] if chars else []
    for prev, ch in itertools.pairwise(chars):
        gap = ch.x0 - prev.x1
        if gap > 0:
            share = _SPACE_GAP if _latin_pair(prev.ch, ch.ch) else _SPACE_GAP_CJK
            if gap > share * (prev.size if prev.size > ch.size else ch.size):
                out.append(" ")
        out.append(ch.ch)
    return _CJK_SPACE.sub("", "".join(out))


# The gap typesetting leaves between Chinese and Latin text (WPS, Word and LibreOffice "autospace") is no space
# of the author's: a space beside a wide character is dropped.
_CJK_SPACE = re.compile(f"(?<={WIDE.pattern}) +| +(?={WIDE.pattern})")


def _latin_pair(a: str, b: str) -> bool:
    """Two characters between which a Latin word space is possible: not after or before Chinese punctuation,
    whose tight boxes leave wide gaps."""
    if a.isascii() and b.isascii():
        return True
    other = b if a.isascii() else a if b.isascii() else None
    return other is not None and unicodedata.category(other) == "Lo"


def _lines(chars: list[Char], page: int) -> list[TextLine]:
    lines = [TextLine(cs, _text(cs), page) for cs in _group_lines(chars)]
    for n, line in enumerate(lines, start=1):
        line.number = n
    return lines


def _drop_furniture(pages: list[_Page]) -> int:
    """Remove page numbers and headers/footers repeated on most pages; returns how many lines went."""

    def in_band(line: TextLine, page: _Page) -> bool:
        return line.top < page.height * _BAND or line.top > page.height * (1 - _BAND)

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", "".join(text.split()))

    repeated = Counter(
        key(line.text) for p in pages for line in {key(x.text): x for x in p.lines if in_band(x, p)}.values()
    )
    threshold = max(2, (len(pages) + 1) // 2)
    removed = 0
    for p in pages:
        keep = []
        for line in p.lines:
            if in_band(line, p) and (_PAGE_NUMBER.match(line.text) or repeated[key(line.text)] >= threshold):
                removed += 1
            else:
                keep.append(line)
        p.lines = keep
    return removed


def _margins(pages: list[_Page]) -> tuple[float, float, float]:
    """(left margin, right margin, typical font size) of the body text."""
    lines = [line for p in pages for line in p.lines if len(line.chars) >= 4]
    if not lines:
        return 0.0, 0.0, 10.0
    size = median(line.size for line in lines)
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    rights = sorted(line.x1 for line in lines)
    right = rights[int(len(rights) * 0.9)]
    return left, right, size


def _assemble(doc: Document, pages: list[_Page]) -> None:
    left, right, size = _margins(pages)
    run: list[Line] = []
    open_table: tuple[Grid, Table, int] | None = None  # the last table, its page, if nothing followed it yet

    def flush() -> None:
        for text, first in paragraphs(run):
            doc.blocks.append(Paragraph(text, Loc(page=first.page, line=first.number)))
        run.clear()

    for page in pages:
        items: list[tuple[float, object]] = [(line.top, line) for line in page.lines]
        items += [(g.ys[0], g) for g in page.grids]
        items.sort(key=lambda t: t[0])
        for _, item in items:
            if isinstance(item, TextLine):
                full = item.x1 >= right - 1.5 * size
                indented = item.x0 > left + 0.8 * size
                run.append(Line(item.text, item.number, full, indented, page.number))
                open_table = None
                continue
            flush()
            if open_table is not None and open_table[2] == page.number - 1 and _same_columns(open_table[0], item):
                table = _extend(open_table[1], item, page.number)
                doc.blocks[-1] = table
            else:
                index = len(doc.tables) + 1
                table = _table(item, index, page.number)
                doc.blocks.append(table)
            open_table = (item, table, page.number)
    flush()


def _same_columns(a: Grid, b: Grid) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= 2 * SNAP for x, y in zip(a.xs, b.xs))


def _cells(grid: Grid, index: int, page: int, row_offset: int) -> list[tuple[Cell, ...]]:
    rows: dict[int, list[Cell]] = {}
    for r in grid.regions:
        text = join_lines([_text(line) for line in _group_lines(r.chars)])
        row, col = r.r0 + 1 + row_offset, r.c0 + 1
        loc = Loc(page=page, table=index, row=row, col=col)
        rows.setdefault(row, []).append(Cell(text, row, col, r.r1 - r.r0, r.c1 - r.c0, loc))
    return [tuple(sorted(rows[k], key=lambda c: c.col)) for k in sorted(rows)]


def _table(grid: Grid, index: int, page: int) -> Table:
    rows = _cells(grid, index, page, 0)
    return Table(tuple(rows), Loc(page=page, table=index), len(grid.ys) - 1, len(grid.xs) - 1)


def _extend(table: Table, grid: Grid, page: int) -> Table:
    index = table.loc.table or 0
    rows = _cells(grid, index, page, table.n_rows)
    return Table(table.rows + tuple(rows), table.loc, table.n_rows + len(grid.ys) - 1, table.n_cols)
