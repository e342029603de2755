"""The Markdown text: headings, the tables as the HTML page's tables (merged cells kept), markup escaped."""

import pytest

from test_render_document import SECTIONS
from xxgk.render.document import build_document
from xxgk.render.grid import format_number
from xxgk.render.html import html_text
from xxgk.render.markdown import escape_block, markdown_text

from rendering import numbered_report, parse_html, without_run_in_headings


def test_title_and_headings():
    md = markdown_text(build_document(without_run_in_headings(numbered_report())))
    lines = md.splitlines()
    assert lines[0] == "# 额敏县上户镇人民政府2024年政府信息公开工作年度报告"
    assert [line[3:] for line in lines if line.startswith("## ")] == SECTIONS
    assert "### （一）主动公开" in lines
    assert md.rstrip().endswith("额敏县上户镇人民政府  \n2025年2月11日")


def _tables(text: str) -> list[list[list[tuple]]]:
    """Every table of a text as rows of (tag, text, rowspan, colspan)."""
    return [[[(c.tag, c.text, c.rowspan, c.colspan) for c in row] for row in t.rows] for t in parse_html(text).tables]


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_tables_are_the_html_pages_tables_merged_cells_and_all(version):
    """The official layout as published: 申请人情况 over the applicant columns, 三、本年度办理结果 spanning its rows,
    no group rows of empty cells that the national table does not have."""
    document = build_document(numbered_report(version))
    md, page = markdown_text(document), html_text(document)
    assert _tables(md) == _tables(page) and len(_tables(md)) == 3
    t3 = parse_html(md).tables[1]
    assert [len(row) for row in t3.rows] and all(width == t3.width_of_rows()[0] for width in t3.width_of_rows())
    texts = [c.text for row in t3.rows for c in row]
    assert "申请人情况" in texts and "三、本年度办理结果" in texts
    assert sum(1 for row in t3.body if all(c.text == "" for c in row if c.tag == "td")) == 0


def test_every_number_of_every_table_is_printed_where_it_belongs():
    report = numbered_report()
    t3 = parse_html(markdown_text(build_document(report))).tables[1]
    table = report.format.tables["t3"]
    body = [[c.text for c in row if c.tag == "td"] for row in t3.body]
    for row, cells in zip(table.rows, body):
        assert cells == [format_number(c, report.value(f"t3.{row.key}.{c.key}")) for c in table.columns]


def test_a_table_is_one_html_block():
    """A Markdown HTML block ends at the first blank line: the table has none, and blank lines surround it."""
    md = markdown_text(build_document(numbered_report()))
    for table in md.split("<div class=\"table\">")[1:]:
        block = table.split("</div>")[0]
        assert "\n\n" not in block


def test_markup_in_texts_is_escaped():
    md = markdown_text(build_document(numbered_report(other="<script>x</script> a|b *强调* [链接](http://x)\n# 不是标题")))
    assert "\\<script\\>x\\</script\\> a\\|b \\*强调\\* \\[链接\\](http://x)" in md
    assert "\\# 不是标题" in md
    assert escape_block("1. 不是列表") == "1\\. 不是列表"
