"""The Word document read back with python-docx: content, tables with merged cells and the model's numbers,
GB/T 9704 page and fonts (East Asian font set), repeated header rows, page numbers."""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from test_render_document import SECTIONS
from test_render_grid import CORNER
from xxgk.render.document import build_document
from xxgk.render.docx import docx_bytes
from xxgk.render.grid import format_number

from rendering import numbered_report, without_run_in_headings

MM = Mm(1)


@pytest.fixture(scope="module")
def report():
    return without_run_in_headings(numbered_report())  # the format's own sub-headings are printed


@pytest.fixture(scope="module")
def word(report):
    return docx.Document(io.BytesIO(docx_bytes(build_document(report))))


def tables_by_heading(word):
    """{heading text: the table right after it}."""
    found, previous = {}, None
    for item in word.iter_inner_content():
        if isinstance(item, Table):
            found[previous.text] = item
        previous = item
    return found


def printed(report, key):
    return format_number(report.format.cells[key].column, report.value(key))


def test_title_and_section_headings_in_order(word, report):
    title = word.paragraphs[0]
    assert title.style.name == "Title"
    assert title.text.split("\n") == ["额敏县上户镇人民政府", "2024年政府信息公开工作年度报告"]
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == SECTIONS
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"][:5] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]
    assert word.paragraphs[1].text == report.texts.preamble
    assert list(tables_by_heading(word)) == SECTIONS[1:4]


def test_signature_and_date_right_aligned_at_the_end(word):
    last = word.paragraphs[-2:]
    assert [p.text for p in last] == ["额敏县上户镇人民政府", "2025年2月11日"]
    assert all(p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in last)


def test_t3_has_seven_number_columns_and_the_merged_header_cells(word, report):
    t3 = tables_by_heading(word)[SECTIONS[2]]
    assert (len(t3.rows), len(t3.columns)) == (28, 10)
    cell = t3.cell

    def same(a, b):
        return cell(*a)._tc is cell(*b)._tc

    assert cell(0, 0).text == CORNER and same((0, 0), (2, 2))
    assert cell(0, 3).text == "申请人情况" and same((0, 3), (0, 9)) and not same((0, 3), (1, 3))
    assert cell(1, 3).text == "自然人" and same((1, 3), (2, 3))
    assert cell(1, 4).text == "法人或其他组织" and same((1, 4), (1, 8)) and not same((1, 4), (2, 4))
    assert [cell(2, c).text for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert cell(1, 9).text == "总计" and same((1, 9), (2, 9))
    assert cell(5, 0).text == "三、本年度办理结果" and same((5, 0), (26, 0)) and not same((5, 0), (27, 0))
    assert cell(7, 1).text == "（三）不予公开" and same((7, 1), (14, 1)) and not same((7, 1), (15, 1))
    assert cell(3, 0).text == "一、本年新收政府信息公开申请数量" and same((3, 0), (3, 2))
    table = report.format.tables["t3"]
    for i, row in enumerate(t3.rows[3:]):
        numbers = [c.text for c in row.cells[3:]]
        assert numbers == [printed(report, f"t3.{table.rows[i].key}.{c.key}") for c in table.columns]
        assert all(n.isdigit() for n in numbers)


def test_t2_and_t4_numbers_are_the_models(word, report):
    tables = tables_by_heading(word)
    t2 = tables[SECTIONS[1]]
    by_label = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in t2.rows}
    assert by_label["规章"] == [printed(report, f"t2.regulations.{k}") for k in ("issued", "repealed", "in_force")]
    assert by_label["行政处罚"] == [printed(report, "t2.penalty.decisions")] * 3  # one cell across three columns
    assert by_label["行政事业性收费"] == ["10.25"] * 3  # 万元 with its decimals (the tenth number of the report)
    assert by_label["第二十条第（五）项"] == ["第二十条第（五）项"] * 3
    t4 = tables[SECTIONS[3]]
    columns = ("upheld", "corrected", "other", "pending", "total")
    expected = [printed(report, f"t4.{g}.{c}") for g in ("review", "litigation_direct", "litigation_after_review")
                for c in columns]
    assert [c.text for c in t4.rows[3].cells] == expected
    assert t4.cell(0, 5).text == "行政诉讼" and t4.cell(0, 5)._tc is t4.cell(0, 14)._tc


def test_header_rows_repeat_on_each_page_and_tables_fit_the_type_area(word):
    tables = tables_by_heading(word)
    for heading, header_rows in ((SECTIONS[2], 3), (SECTIONS[3], 3), (SECTIONS[1], 0)):
        rows = tables[heading]._tbl.tr_lst
        repeated = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows]
        assert repeated == [True] * header_rows + [False] * (len(rows) - header_rows), heading
        widths = [int(col.get(qn("w:w"))) for col in tables[heading]._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(widths) * 635 - Mm(156)) < MM  # twips → EMU


def test_page_is_a4_with_the_margins_of_gbt_9704(word):
    section = word.sections[0]
    expected = {"page_width": 210, "page_height": 297, "top_margin": 37, "bottom_margin": 35, "left_margin": 28,
                "right_margin": 26}
    for name, mm in expected.items():
        assert abs(getattr(section, name) - Mm(mm)) < MM, name


def fonts_of(style):
    rfonts = style.element.rPr.rFonts
    return {name: rfonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "cs", "asciiTheme",
                                                             "eastAsiaTheme", "hAnsiTheme")}


@pytest.mark.parametrize("style, font, size", [
    ("Normal", "仿宋_GB2312", 16),
    ("Title", "方正小标宋简体", 22),
    ("Heading 1", "黑体", 16),
    ("Heading 2", "楷体_GB2312", 16),
    ("Heading 3", "仿宋_GB2312", 16),
    ("Table Text", "仿宋_GB2312", 10.5),
    ("Footer", "宋体", 14),
])
def test_styles_name_their_font_for_east_asian_text_without_theme_fonts(word, style, font, size):
    s = word.styles[style]
    assert fonts_of(s) == {"ascii": font, "hAnsi": font, "eastAsia": font, "cs": font, "asciiTheme": None,
                           "eastAsiaTheme": None, "hAnsiTheme": None}
    assert s.font.size == Pt(size)
    assert not s.font.bold


def test_body_paragraphs_fixed_28pt_with_a_two_character_indent(word):
    normal = word.styles["Normal"].paragraph_format
    assert (normal.line_spacing, normal.line_spacing_rule) == (Pt(28), WD_LINE_SPACING.EXACTLY)
    ind = word.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and normal.first_line_indent == Pt(32)
    assert word.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    lang = word.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    body = [p for p in word.paragraphs if p.style.name == "Normal"]
    assert body and all(run.element.rPr is None for p in body for run in p.runs)  # the style decides


def test_page_numbers_dash_page_dash_right_on_odd_left_on_even_pages(word):
    section = word.sections[0]
    assert word.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph: Paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert paragraph.text == "— 1 —"


def test_the_2019_format_gets_its_own_tables():
    word = docx.Document(io.BytesIO(docx_bytes(build_document(numbered_report("2019")))))
    t2 = tables_by_heading(word)[SECTIONS[1]]
    labels = [row.cells[0].text for row in t2.rows]
    assert "其他对外管理服务事项" in labels and "第二十条第（九）项" in labels
    assert len(tables_by_heading(word)[SECTIONS[2]].rows) == 26


def test_injected_markup_is_plain_text_in_word():
    report = numbered_report(other="<w:p>不是标记</w:p> & <script>")
    word = docx.Document(io.BytesIO(docx_bytes(build_document(report))))
    assert "<w:p>不是标记</w:p> & <script>" in [p.text for p in word.paragraphs]


def test_font_table_gives_word_an_alternative_for_each_official_font(word):
    table = etree.fromstring(word.part.part_related_by(RT.FONT_TABLE).blob)
    alternatives = {font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val")) for font in table}
    assert alternatives == {"仿宋_GB2312": "仿宋", "方正小标宋简体": "华文中宋", "黑体": "SimHei", "楷体_GB2312": "楷体",
                            "宋体": "SimSun"}


def test_the_documents_date_is_the_signing_date_so_rendering_again_gives_the_same_content(word, report):
    assert word.core_properties.created.date() == word.core_properties.modified.date() == report.metadata.signing_date
    again = docx.Document(io.BytesIO(docx_bytes(build_document(report))))
    assert again.core_properties.modified == word.core_properties.modified
