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
        # bytes parse several times faster than a str in lxml
        parser = etree.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True)
        root = etree.fromstring(text.encode("utf-8"), parser)
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
    """The element's tag (libxml2's HTML parser lowercases them); "" for a comment or processing instruction."""
    tag = el.tag
    return tag if isinstance(tag, str) else ""


def _is_block(tag: str) -> bool:
    return tag not in _INLINE and ":" not in tag  # Word's <o:p>, <st1:chsdate> are inline


_HIDDEN_OR_NOT_TEXT = etree.XPath(
    "//*[@hidden]|//*[contains(@style, 'none') or contains(@style, 'hidden')]|//comment()|//processing-instruction()"
)


def _drop_non_content(root) -> None:
    for el in [*root.iter(*_DROP), *_HIDDEN_OR_NOT_TEXT(root)]:
        hidden = not isinstance(el.tag, str) or el.get("hidden") is not None or el.tag in _DROP
        if not hidden and not _HIDDEN.search(el.get("style") or ""):
            continue  # "none" in some other property (border: none)
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


_TEXT_LENGTH = etree.XPath("string-length(translate(normalize-space(.), ' ', ''))")  # whitespace not counted
_TITLE_TEXT = etree.XPath("//text()[contains(., '年度报告')]")


def _weight(el, cache: dict) -> int:
    w = cache.get(el)
    if w is None:
        w = cache[el] = int(_TEXT_LENGTH(el))
    return w


def _titles(start) -> set:
    """The title blocks (short, ending in …政府信息公开[工作]年度报告) and all their ancestors."""
    titled: set = set()
    for text in _TITLE_TEXT(start):
        el = text.getparent()
        while el is not None and not _is_block(_tag(el)):
            el = el.getparent()
        if el is None or el in titled:
            continue
        if 0 < int(_TEXT_LENGTH(el)) <= _TITLE_MAX_CHARS and _TITLE.search("".join("".join(el.itertext()).split())):
            titled.add(el)
            titled.update(el.iterancestors())
    return titled


def _report_body(start, layout: set):
    """The element holding the report, as described in the module docstring. Text lengths are computed
    in libxml2 (XPath) and only for the children of the elements on the way down."""
    weight: dict = {}
    titled = _titles(start)
    node = start
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        if not children:
            return node
        best = max(children, key=lambda c: _weight(c, weight))
        if _weight(best, weight) < _DOMINANT * _weight(node, weight):
            return node
        if _tag(best) == "table" and best not in layout:
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
        rows = table_rows(el)
        if not rows:
            return
        self.n_tables += 1
        loc = Loc(table=self.n_tables, path=self.tree.getpath(el))
        self.doc.blocks.append(build_table(rows, self.n_tables, loc, source=self.doc.source))


_STRING = etree.XPath("string()")


def table_rows(table) -> list[list[RawCell]]:
    rows = []
    for tr in table.iter("tr"):
        row = []
        for td in tr:
            if td.tag == "td" or td.tag == "th":
                rowspan, colspan = td.get("rowspan"), td.get("colspan")
                text = squash(td.text or "") if len(td) == 0 else _cell_text(td)
                row.append(
                    RawCell(text, span(rowspan) if rowspan else 1, span(colspan) if colspan else 1, td.tag == "th")
                )
        if row:
            rows.append(row)
    return rows


def _cell_text(td) -> str:
    """A cell's lines (split at blocks and <br>). Fast path for what Word pastes, <td><p>…</p><p>…</p></td>
    with only inline elements inside each <p>: the text of each child, in libxml2."""
    pieces = [td.text or ""]
    lines: list[str] = []
    for child in td:
        tag = _tag(child)
        if tag == "br" or _is_block(tag):
            if any(_is_block(_tag(e)) or e.tag == "br" for e in child.iterdescendants()):
                return _cell_text_walk(td)
            lines.append("".join(pieces))
            lines.append(_STRING(child) if tag != "br" else "")
            pieces = [child.tail or ""]
        elif tag:
            pieces.append(_STRING(child))
            pieces.append(child.tail or "")
        else:
            pieces.append(child.tail or "")
    lines.append("".join(pieces))
    return join_lines(lines)


def _cell_text_walk(td) -> str:
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
