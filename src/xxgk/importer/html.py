"""HTML (a portal page, a saved page, an HTML fragment) → Document.

1. Decode (decode.py), parse with lxml.html (libxml2: iterative, it caps nesting at 256 levels itself).
2. Drop what is never report text: scripts, styles, forms, navigation, the page head, comments, hidden elements.
3. Find the report body: from <body>, descend into the child holding most of the text (≥ 60 %; a
   container of blocks, not one paragraph or a table) as long as
   that child keeps the report's title (a short block ending in 政府信息公开[工作]年度报告) when the current
   element has it — so a title printed just above the body (``<h1>`` beside ``<ucapcontent>``) stays in.
4. Walk the body without recursion: text between block boundaries (<p>, <div>, <br>, headings, cells of a
   layout table, any unknown tag such as <ucapcontent>) is a Paragraph; a table is a Table unless it holds
   another table or is a single cell (then it is layout, and its cells are walked as flow).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import XxgkError
from .decode import declared_charset, decode
from .document import Document, Loc, Paragraph, join_lines, squash
from .tables import RawCell, build_table, span

_DROP = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "frame", "frameset",
    "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "map", "nav", "header", "footer",
    "aside", "form", "select", "option", "button", "input", "textarea", "dialog", "menu",
}  # fmt: skip
_INLINE = {
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "img", "ins", "kbd", "label", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE = re.compile(r"(?:政府信息公开|政务公开)(?:工作)?年度报告.{0,12}$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOMINANT = 0.6
_TITLE_MAX_CHARS = 100


def read_html(path: Path, data: bytes) -> Document:
    text, notes = decode(data, declared=declared_charset(data[:16384]), source=path)
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = etree.fromstring(text, etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        raise XxgkError("网页没有可读的内容", path=path)
    _drop_non_content(root)
    body = root.find("body")
    start = body if body is not None else root
    layout = _layout_tables(start)
    container = _report_body(start, layout)
    doc = Document(Path(path), "html", notes=notes)
    _Walker(doc, root.getroottree(), layout).walk(container)
    return doc


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_block(tag: str) -> bool:
    return tag not in _INLINE and ":" not in tag  # Word's <o:p>, <st1:chsdate> are inline


def _drop_non_content(root) -> None:
    doomed = []
    for el in root.iter():
        tag = _tag(el)
        # no tag: a comment or processing instruction the parser kept
        if not tag or tag in _DROP or el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail:  # keep the text that follows the dropped element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


def _weight(s: str | None) -> int:
    return len(s) - sum(1 for c in s if c.isspace()) if s else 0


def _report_body(start, layout: set):
    """The element holding the report, as described in the module docstring."""
    elements = list(start.iter(etree.Element))
    weight: dict = {}
    for el in reversed(elements):  # children before parents
        w = _weight(el.text)
        for child in el:
            w += weight.get(child, 0) + _weight(child.tail)
        weight[el] = w
    titled: set = set()
    for el in elements:
        short = 0 < weight[el] <= _TITLE_MAX_CHARS and el not in titled and _is_block(_tag(el))
        if short and _TITLE.search("".join("".join(el.itertext()).split())):
            titled.add(el)
            titled.update(el.iterancestors())
    node = start
    while True:
        children = [c for c in node if weight.get(c, 0) > 0]
        if not children:
            return node
        best = max(children, key=lambda c: weight[c])
        if weight[best] < _DOMINANT * weight[node] or (_tag(best) == "table" and best not in layout):
            return node
        if not any(_is_block(_tag(c)) for c in best):  # a single paragraph is never the whole body
            return node
        if node in titled and best not in titled:
            return node
        node = best


class _Walker:
    def __init__(self, doc: Document, tree, layout: set) -> None:
        self.doc = doc
        self.tree = tree
        self.buf: list[str] = []
        self.first = None  # element where the pending paragraph's text starts
        self.heading: int | None = None
        self.n_paragraphs = 0
        self.n_tables = 0
        self._layout = layout

    def walk(self, container) -> None:
        walker = etree.iterwalk(container, events=("start", "end"))
        for event, el in walker:
            tag = _tag(el)
            if event == "start":
                if tag == "table" and el not in self._layout:
                    self.flush()
                    self.table(el)
                    walker.skip_subtree()
                    continue
                if tag == "br":
                    self.flush()
                elif _is_block(tag):
                    self.flush()
                    self.first = el
                    if tag in _HEADINGS:
                        self.heading = _HEADINGS[tag]
                self.add(el.text, el)
            else:
                if _is_block(tag) or tag == "table":
                    self.flush()
                    if tag in _HEADINGS:
                        self.heading = None
                if el is not container:
                    self.add(el.tail, el.getparent())
        self.flush()

    def add(self, text: str | None, el) -> None:
        if not text:
            return
        if self.first is None:
            self.first = el
        self.buf.append(text)

    def flush(self) -> None:
        text = squash("".join(self.buf))
        self.buf.clear()
        if text:
            self.n_paragraphs += 1
            loc = Loc(paragraph=self.n_paragraphs, path=self.tree.getpath(self.first))
            self.doc.blocks.append(Paragraph(text, loc, self.heading))
        self.first = None

    def table(self, el) -> None:
        caption = el.find("caption")
        if caption is not None:
            self.add("".join(caption.itertext()), caption)
            self.flush()
        rows = []
        for tr in el.iter("tr"):
            rows.append(
                [
                    RawCell(_cell_text(td), span(td.get("rowspan")), span(td.get("colspan")), _tag(td) == "th")
                    for td in tr
                    if _tag(td) in ("td", "th")
                ]
            )
        rows = [r for r in rows if r]
        if not rows:
            return
        self.n_tables += 1
        loc = Loc(table=self.n_tables, path=self.tree.getpath(el))
        self.doc.blocks.append(build_table(rows, self.n_tables, loc, source=self.doc.source))


def _layout_tables(container) -> set:
    """Tables that hold another table, or are a single cell: page layout, not data."""
    layout = set()
    for t in container.iter("table"):
        outer = next(t.iterancestors("table"), None)
        if outer is not None:
            layout.add(outer)
        cells = t.xpath("count(.//td|.//th)")
        if cells <= 1:
            layout.add(t)
    return layout


def _cell_text(td) -> str:
    lines: list[list[str]] = [[]]
    for event, el in etree.iterwalk(td, events=("start", "end")):
        tag = _tag(el)
        if event == "start":
            if el is not td and (tag == "br" or _is_block(tag)):
                lines.append([])
            if el.text:
                lines[-1].append(el.text)
        elif el is not td:
            if _is_block(tag):
                lines.append([])
            if el.tail:
                lines[-1].append(el.tail)
    return join_lines(["".join(x) for x in lines])
