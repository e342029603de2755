"""The HTML page parsed back: the three tables with the national layout's row and column spans, the model's
numbers, a self-contained page with an A4 print style sheet, every text escaped."""

import pytest

from test_render_document import SECTIONS
from test_render_grid import T2_2021, T3_HEADER, T3_LABELS_2021
from xxgk.render.document import build_document
from xxgk.render.grid import format_number
from xxgk.render.html import html_text

from rendering import numbered_report, parse_html


@pytest.fixture(scope="module")
def report():
    return numbered_report()


@pytest.fixture(scope="module")
def page(report):
    return parse_html(html_text(build_document(report)))


def tables(page):
    return {table.attrs["class"]: table for table in page.tables}


def header_spans(rows):
    return [[(c.text, c.rowspan, c.colspan) for c in row if c.tag == "th"] for row in rows]


def test_three_tables_each_a_full_rectangle(page):
    found = tables(page)
    assert list(found) == ["t2", "t3", "t4"]
    for key, width in (("t2", 4), ("t3", 10), ("t4", 15)):
        assert set(found[key].width_of_rows()) == {width}, key


def test_t3_spans_are_the_national_layout(page, report):
    t3 = tables(page)["t3"]
    assert header_spans(t3.head) == T3_HEADER
    assert header_spans(t3.body) == T3_LABELS_2021
    table = report.format.tables["t3"]
    for row, cells in zip(table.rows, t3.body):
        numbers = [c.text for c in cells if c.tag == "td"]
        assert numbers == [format_number(c, report.value(f"t3.{row.key}.{c.key}")) for c in table.columns]
    corner = t3.head[0][0]
    assert "scope" not in corner.attrs and t3.head[0][1].attrs["scope"] == "colgroup"
    assert t3.body[2][0].attrs["scope"] == "rowgroup" and t3.body[2][1].attrs["scope"] == "row"


def test_t2_blocks_and_t4_two_level_header(page, report):
    found = tables(page)
    assert header_spans(found["t2"].body) == T2_2021
    assert found["t2"].head == []
    fees = found["t2"].body[-1]
    assert [(c.text, c.colspan) for c in fees] == [("行政事业性收费", 1), ("10.25", 3)]
    t4 = found["t4"]
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert header_spans(t4.head) == [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(label, 2, 1) for label in five] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(label, 1, 1) for label in five * 2],
    ]
    assert [c.text for c in t4.body[0]] == [
        format_number(c, report.value(f"t4.{g}.{c.key}"))
        for g in ("review", "litigation_direct", "litigation_after_review") for c in report.format.tables["t4"].columns]


def test_headings_title_and_signature(page):
    text = "".join(page.text)
    positions = [text.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert page.start_tags.count("h1") == 1 and page.start_tags.count("h2") == 6
    assert "额敏县上户镇人民政府2024年政府信息公开工作年度报告" in text  # <title>
    assert text.rstrip().endswith("2025年2月11日")


def test_one_self_contained_page_with_an_a4_print_style_sheet():
    html = html_text(build_document(numbered_report()))
    page = parse_html(html)
    assert not {"script", "link", "img", "iframe"} & set(page.start_tags)
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert page.start_tags.count("style") == 1
    assert "size: A4" in html and "margin: 37mm 26mm 35mm 28mm" in html
    assert '"仿宋_GB2312"' in html and '"黑体"' in html  # font names inside the style sheet are not escaped


def test_injected_markup_shows_as_text():
    evil = "<script>alert('x')</script><b>粗体</b>"
    report = numbered_report(problems=evil)
    report.metadata.agency_name = "某局<i>斜体</i>&amp;"
    html = html_text(build_document(report))
    page = parse_html(html)
    assert "script" not in page.start_tags and "b" not in page.start_tags and "i" not in page.start_tags
    text = "".join(page.text)
    assert evil in text
    assert "某局<i>斜体</i>&amp;" in text  # the agency as typed, in the title and the signature
    assert "&lt;script&gt;" in html
