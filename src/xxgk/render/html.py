"""The report as one self-contained HTML page (``report.html.j2``): semantic tables with rowspan/colspan,
inline CSS with an A4 print style sheet, every text escaped."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, FunctionLoader, StrictUndefined, Template
from markupsafe import Markup

from . import typography as ty
from .document import Document, TableBlock

TEMPLATE = "report.html.j2"
TABLE_TEMPLATE = "grid_table.html.j2"


def font_family(font: ty.Font) -> Markup:
    """A CSS font-family list: the official name, its other names, the free face, a generic family.

    Built from our own constants only, so it is marked safe for the style sheet (escaping would break the
    quotes)."""
    generic = "sans-serif" if "Sans" in font.free_face else "serif"
    names = ", ".join('"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"' for name in (font.name, *font.fallbacks))
    return Markup(f"{names}, {generic}")


def _source(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    return Environment(loader=FunctionLoader(_source), autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


def _template() -> Template:
    return _environment().get_template(TEMPLATE)


def table_html(block: TableBlock) -> str:
    """One table of the report as HTML, one element a line and no blank line (a Markdown HTML block ends at the
    first blank line)."""
    html = _environment().get_template(TABLE_TEMPLATE).module.table(block, None)
    return "\n".join(line for line in str(html).splitlines() if line.strip())


def html_text(document: Document) -> str:
    fonts = {
        "body": font_family(ty.BODY),
        "title": font_family(ty.TITLE),
        "heading_1": font_family(ty.HEADING_1),
        "heading_2": font_family(ty.HEADING_2),
        "page_number": font_family(ty.PAGE_NUMBER),
    }
    return _template().render(document=document, ty=ty, fonts=fonts)
