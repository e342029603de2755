"""The report as a Word document (DOCX), typeset after GB/T 9704.

Formatting lives in paragraph styles (正文 Normal, 标题 Title, 标题 1–4, 表格文字, 落款, 页脚) so staff who edit
the document in Word or WPS keep it consistent. Every style names its font for East Asian text too
(``w:eastAsia``): without it Word on Windows shows Chinese in the theme font instead of 仿宋.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.shared import Mm, Pt
from lxml import etree

from . import typography as ty
from .document import Document, Heading, Paragraph, TableBlock
from .grid import Grid

UNDATED = date(2021, 9, 26)  # a report without a signing date: the date of 国办公开办函〔2021〕30号

HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")  # 一、 （一） 1. （1）
TABLE_STYLE = "Table Text"
SIGNATURE_STYLE = "Signature"
_TWIPS_PER_MM = 1440 / 25.4
W_NS = nsmap["w"]


def _sub(parent, tag: str, **attributes):
    """Append ``<w:tag w:name="value" …>`` to parent (lxml directly: OxmlElement is ten times slower)."""
    return etree.SubElement(parent, qn(tag), {qn(f"w:{k}"): str(v) for k, v in attributes.items()})


def _set_fonts(rpr, name: str) -> None:
    """One font for every script, East Asian included, and no theme font that would override it."""
    rfonts = rpr.get_or_add_rFonts()
    rfonts.attrib.clear()
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{script}"), name)


def _reset(style) -> None:
    """Drop the default template's formatting of a built-in style (theme fonts, colours, borders)."""
    for tag in ("w:pPr", "w:rPr"):
        for element in style.element.findall(qn(tag)):
            style.element.remove(element)


def _paragraph_style(styles, name: str, font: ty.Font, *, indent: bool = True, align=None, line: float = ty.LINE_PITCH,
                     outline: int | None = None):
    """A paragraph style (built-in ones reset first); ``outline`` makes it a heading of that outline level,
    kept with the next paragraph."""
    try:
        style = styles[name]
        _reset(style)
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
    _set_fonts(style.element.get_or_add_rPr(), font.name)
    style.font.size = Pt(font.size)
    style.font.bold = False
    pf = style.paragraph_format
    pf.line_spacing = Pt(line)
    pf.space_before = pf.space_after = Pt(0)
    if align is not None:
        pf.alignment = align
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    chars = ty.INDENT_CHARS if indent else 0
    ind.set(qn("w:firstLineChars"), str(chars * 100))  # Word and WPS: indent in characters
    ind.set(qn("w:firstLine"), str(round(chars * font.size * 20)))  # the same in twips, for other readers
    if outline is not None:
        pf.keep_with_next = True
        _sub(style.element.get_or_add_pPr(), "w:outlineLvl", val=outline)
    return style


def _defaults(document) -> None:
    """Document defaults: the body font and Chinese as the East Asian language (LibreOffice picks glyphs by it)."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, ty.BODY.name)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), ty.LANGUAGE)
    lang.set(qn("w:eastAsia"), ty.LANGUAGE)


def _font_table(document) -> None:
    """The document's font table lists our fonts, each with its usual other name (仿宋_GB2312 → 仿宋) and the
    GB2312 character set: Word on a PC without the official font substitutes that alternative instead of a
    default font (the template's table lists Japanese theme fonts)."""
    fonts = etree.Element(qn("w:fonts"), nsmap={"w": W_NS})
    for name, substitute in dict.fromkeys((f.name, f.fallbacks[0]) for f in ty.FONTS):
        entry = _sub(fonts, "w:font", name=name)
        _sub(entry, "w:altName", val=substitute)
        _sub(entry, "w:charset", val="86")
        _sub(entry, "w:family", val="auto")
        _sub(entry, "w:pitch", val="variable")
    part = document.part.part_related_by(RT.FONT_TABLE)
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)  # a plain Part


def _styles(document) -> None:
    styles = document.styles
    _defaults(document)
    _font_table(document)
    _paragraph_style(styles, "Normal", ty.BODY, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(styles, "Title", ty.TITLE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                     line=ty.TITLE_LINE_PITCH).paragraph_format.space_after = Pt(ty.LINE_PITCH)
    for level, (name, font) in enumerate(zip(HEADING_STYLES, (ty.HEADING_1, ty.HEADING_2, ty.BODY, ty.BODY))):
        _paragraph_style(styles, name, font, outline=level)
    _paragraph_style(styles, TABLE_STYLE, ty.TABLE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                     line=ty.TABLE.size * 1.25)
    signature = _paragraph_style(styles, SIGNATURE_STYLE, ty.BODY, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(ty.INDENT_CHARS * ty.BODY.size)  # 右空二字
    _paragraph_style(styles, "Footer", ty.PAGE_NUMBER, indent=False, line=ty.PAGE_NUMBER.size * 1.25)


# --------------------------------------------------------------------------- page and page numbers


def _page_number(paragraph) -> None:
    """"— 1 —": a PAGE field between two dashes."""

    def field_char(kind: str) -> None:
        _sub(paragraph.add_run()._r, "w:fldChar", fldCharType=kind)

    paragraph.add_run(f"{ty.PAGE_NUMBER_DASH} ")
    field_char("begin")
    instruction = _sub(paragraph.add_run()._r, "w:instrText")
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = " PAGE "
    field_char("separate")
    paragraph.add_run("1")
    field_char("end")
    paragraph.add_run(f" {ty.PAGE_NUMBER_DASH}")


def _page(document) -> None:
    """A4 with the margins of the standard; page numbers right on odd pages, left on even pages, one
    character in from the edge of the type area."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(ty.PAGE_WIDTH), Mm(ty.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(ty.MARGIN_TOP), Mm(ty.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(ty.MARGIN_LEFT), Mm(ty.MARGIN_RIGHT)
    section.footer_distance = Mm(ty.FOOTER_DISTANCE)
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        paragraph.alignment = align
        setattr(paragraph.paragraph_format, side, Pt(ty.PAGE_NUMBER.size))
        _page_number(paragraph)


# --------------------------------------------------------------------------- tables


def _twips(widths: tuple[float, ...]) -> list[int]:
    """Relative widths → twips filling the type area exactly."""
    total = round(ty.TYPE_AREA_WIDTH * _TWIPS_PER_MM)
    scale = total / sum(widths)
    twips = [round(w * scale) for w in widths]
    twips[-1] += total - sum(twips)
    return twips


def _table(grid: Grid, style_id: str):
    """A ``w:tbl`` drawn from the grid in one pass: spans as gridSpan and vMerge. A table that fits on a page
    is kept on one page (every row kept with the next); one that does not repeats its header rows on every
    page and never splits a row."""
    widths = _twips(grid.widths)
    tbl = OxmlElement("w:tbl")
    tbl_pr = _sub(tbl, "w:tblPr")
    _sub(tbl_pr, "w:tblW", w=sum(widths), type="dxa")
    _sub(tbl_pr, "w:jc", val="center")
    borders = _sub(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, f"w:{side}", val="single", sz=4, space=0, color="000000")
    _sub(tbl_pr, "w:tblLayout", type="fixed")
    margins = _sub(tbl_pr, "w:tblCellMar")
    for side in ("left", "right"):
        _sub(margins, f"w:{side}", w=round(_TWIPS_PER_MM), type="dxa")
    tbl_grid = _sub(tbl, "w:tblGrid")
    for width in widths:
        _sub(tbl_grid, "w:gridCol", w=width)
    covering = grid.covering()
    last_row = len(covering) - 1
    for r, line in enumerate(covering):
        tr = _sub(tbl, "w:tr")
        tr_pr = _sub(tr, "w:trPr")
        _sub(tr_pr, "w:cantSplit")
        if r < grid.header_rows:
            _sub(tr_pr, "w:tblHeader")
        c = 0
        while c < grid.column_count:
            cell = line[c]
            tc = _sub(tr, "w:tc")
            tc_pr = _sub(tc, "w:tcPr")
            _sub(tc_pr, "w:tcW", w=sum(widths[c : c + cell.colspan]), type="dxa")
            if cell.colspan > 1:
                _sub(tc_pr, "w:gridSpan", val=cell.colspan)
            if cell.rowspan > 1:
                _sub(tc_pr, "w:vMerge", val="restart" if cell.row == r else "continue")
            _sub(tc_pr, "w:vAlign", val="center")
            p = _sub(tc, "w:p")
            p_pr = _sub(p, "w:pPr")
            _sub(p_pr, "w:pStyle", val=style_id)
            if r < last_row:
                _sub(p_pr, "w:keepNext")
            if cell.role == "label" and cell.rowspan == 1:
                _sub(p_pr, "w:jc", val="left")
            if cell.row == r and cell.text:
                _sub(_sub(p, "w:r"), "w:t").text = cell.text
            c += cell.colspan
    return tbl


# --------------------------------------------------------------------------- document


def build_docx(document: Document):
    """A python-docx ``Document`` of the report."""
    out = docx.Document()
    _styles(out)
    _page(out)
    style_ids = {name: out.styles[name].style_id for name in ("Title", *HEADING_STYLES, TABLE_STYLE, SIGNATURE_STYLE)}

    def paragraph(text: str, style: str | None = None):
        p = out.add_paragraph(text)
        if style:  # by id: python-docx's lookup by name scans every style for each paragraph
            p._p.style = style_ids[style]
        return p

    title = paragraph("", "Title")
    for i, line in enumerate(document.title_lines):
        run = title.add_run(line)
        if i < len(document.title_lines) - 1:
            run.add_break()
    body, last = out.element.body, title
    for block in document.blocks:
        if isinstance(block, Heading):
            last = paragraph(block.text, HEADING_STYLES[min(block.level, len(HEADING_STYLES)) - 1])
        elif isinstance(block, Paragraph):
            last = paragraph(block.text)
        elif isinstance(block, TableBlock):
            body._insert_tbl(_table(block.grid, style_ids[TABLE_STYLE]))
    if document.signature:  # never a page with nothing but the signature (GB/T 9704 7.3.5)
        last.paragraph_format.keep_with_next = True
    for i, line in enumerate(document.signature):
        p = paragraph(line, SIGNATURE_STYLE)
        if i == 0:  # one blank line below the body, the date kept on the same page
            p.paragraph_format.space_before = Pt(ty.LINE_PITCH)
            p.paragraph_format.keep_with_next = True
    properties = out.core_properties
    properties.title = document.title
    properties.author = properties.last_modified_by = document.signature[0] if document.signature else ""
    properties.language = ty.LANGUAGE
    # The signing date, not the time of rendering: the same report gives the same file.
    properties.created = properties.modified = datetime.combine(document.signed or UNDATED, time())
    properties.revision = 1
    properties.comments = properties.keywords = properties.subject = ""
    return out


def docx_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    build_docx(document).save(buffer)
    return buffer.getvalue()
