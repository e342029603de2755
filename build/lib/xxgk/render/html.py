"""The report as one self-contained HTML page (``report.html.j2``): semantic tables with rowspan/colspan,
inline CSS with an A4 print style sheet, every text escaped."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from . import typography as ty
from .document import Document

TEMPLATE = "report.html.j2"


def font_family(font: ty.Font) -> Markup:
    """A CSS font-family list: the official name, its other names, the free face, a generic family.

    Built from our own constants only, so it is marked safe for the style sheet (escaping would break the
    quotes)."""
    generic = "sans-serif" if "Sans" in font.free_face else "serif"
    names = ", ".join('"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"' for name in (font.name, *font.fallbacks))
    return Markup(f"{names}, {generic}")


@cache
def _template() -> Template:
    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)
    return environment.from_string(files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8"))


def html_text(document: Document) -> str:
    fonts = {
        "body": font_family(ty.BODY),
        "title": font_family(ty.TITLE),
        "heading_1": font_family(ty.HEADING_1),
        "heading_2": font_family(ty.HEADING_2),
        "page_number": font_family(ty.PAGE_NUMBER),
    }
    return _template().render(document=document, ty=ty, fonts=fonts)
