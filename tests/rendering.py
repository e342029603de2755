"""Helpers of the rendering tests: a report whose every number differs, HTML tables parsed into cells, and
the glyphs a PDF draws as missing-glyph boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader

from xxgk.formats import get_format
from xxgk.model import AnnualReport

from support import example_report

RUN_IN_HEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。]{1,20}。")


def without_run_in_headings(report: AnnualReport) -> AnnualReport:
    """The report with the agency's own sub-headings ("（一）主动公开情况。") taken off the start of its parts, so
    that the renderer prints the format's."""
    copy = report.model_copy(deep=True)
    for section in copy.format.text_sections:
        for part in section.parts:
            copy.texts.set(section.key, part.key, RUN_IN_HEADING.sub("", copy.texts.get(section.key, part.key)))
    return copy


def numbered_report(version: str = "2021", **texts: str) -> AnnualReport:
    """The bundled example's metadata and texts with a different number in every input cell (1, 2, 3, …;
    amounts with decimals, 2019 changes negative), so a number printed in the wrong cell shows."""
    base = example_report()
    values = {}
    inputs = [c for c in get_format(version).cells.values() if not c.derived]
    for i, cell in enumerate(inputs, start=1):
        kind = cell.column.kind
        values[cell.key] = i + 0.25 if kind == "amount" else -i if kind == "change" else i
    base_texts = base.texts.model_dump()
    base_texts.update(texts)
    return AnnualReport.from_values(values, format_version=version, metadata=base.metadata.model_dump(),
                                    texts=base_texts)


# --------------------------------------------------------------------------- HTML


@dataclass
class HtmlCell:
    tag: str
    text: str
    rowspan: int
    colspan: int
    attrs: dict


@dataclass
class HtmlTable:
    attrs: dict
    head: list[list[HtmlCell]] = field(default_factory=list)
    body: list[list[HtmlCell]] = field(default_factory=list)

    @property
    def rows(self) -> list[list[HtmlCell]]:
        return self.head + self.body

    def width_of_rows(self) -> list[int]:
        """How many grid columns each row occupies, counting the cells that span down from rows above."""
        widths: list[int] = []
        carried: list[tuple[int, int]] = []  # (following rows still covered, colspan) of cells from above
        for row in self.rows:
            widths.append(sum(colspan for _, colspan in carried) + sum(c.colspan for c in row))
            carried = [(left - 1, colspan) for left, colspan in carried if left > 1]
            carried += [(c.rowspan - 1, c.colspan) for c in row if c.rowspan > 1]
        return widths


class TableParser(HTMLParser):
    """Tables, their rows and cells (tag, text, spans), plus every start tag seen in the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self.start_tags: list[str] = []
        self.text: list[str] = []
        self._section = "body"
        self._cell: HtmlCell | None = None

    def handle_starttag(self, tag, attrs):
        self.start_tags.append(tag)
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append(HtmlTable(attrs))
        elif tag in ("thead", "tbody"):
            self._section = tag[1:]
        elif tag == "tr":
            getattr(self.tables[-1], self._section).append([])
        elif tag in ("th", "td"):
            self._cell = HtmlCell(tag, "", int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1)), attrs)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            getattr(self.tables[-1], self._section)[-1].append(self._cell)
            self._cell = None
        elif tag == "table":
            self._section = "body"

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.text += data


def parse_html(text: str) -> TableParser:
    parser = TableParser()
    parser.feed(text)
    parser.close()
    return parser


# --------------------------------------------------------------------------- PDF


def _to_unicode(cmap: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = ord(bytes.fromhex(start).decode("utf-16-be")[0])
            for i, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + i)
    return mapping


def _glyph_names(font) -> dict[int, str]:
    """code → glyph name of an embedded Type 1 font program (its /Encoding array in the clear-text part)."""
    program = font["/FontDescriptor"].get_object()["/FontFile"].get_object()
    clear = program.get_data()[: program["/Length1"]].decode("latin-1")
    return {int(code): name for code, name in re.findall(r"dup (\d+) /(\S+) put", clear)}


def missing_glyphs(path: Path) -> set[str]:
    """Characters a PDF draws with the .notdef glyph (a missing-glyph box, "tofu").

    The text layer still holds such characters (ToUnicode maps their codes), so extracted text cannot show
    them; the font program can: their codes are encoded as /.notdef. LibreOffice embeds the Noto CJK faces as
    Type 1 subsets; any other kind of font fails here so that the check is extended rather than skipped."""
    missing: set[str] = set()
    seen: set[int] = set()
    for page in PdfReader(path).pages:
        for reference in page["/Resources"]["/Font"].values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            font = reference.get_object()
            assert font["/Subtype"] == "/Type1" and "/FontFile" in font["/FontDescriptor"], (
                f"font {font['/BaseFont']} is {font['/Subtype']}: extend missing_glyphs() to this kind of font")
            used = _to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1"))
            names = _glyph_names(font)
            missing |= {text for code, text in used.items() if names.get(code, ".notdef") == ".notdef"}
    return missing
