"""The Markdown text: headings, the tables flattened readably with every number, markup escaped."""

from test_render_document import SECTIONS
from xxgk.render.document import build_document
from xxgk.render.grid import format_number
from xxgk.render.markdown import escape_block, markdown_text

from rendering import numbered_report, without_run_in_headings


def rows_of(markdown: str, first_header: str) -> list[list[str]]:
    """The cells of the Markdown table whose header row starts with ``first_header``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header}"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_title_and_headings():
    md = markdown_text(build_document(without_run_in_headings(numbered_report())))
    lines = md.splitlines()
    assert lines[0] == "# 额敏县上户镇人民政府2024年政府信息公开工作年度报告"
    assert [line[3:] for line in lines if line.startswith("## ")] == SECTIONS
    assert "### （一）主动公开" in lines
    assert md.rstrip().endswith("额敏县上户镇人民政府  \n2025年2月11日")


def test_t3_flattened_header_group_rows_and_every_number():
    report = numbered_report()
    rows = rows_of(markdown_text(build_document(report)), "（本列数据的勾稽关系为")
    header, rule, body = rows[0], rows[1], rows[2:]
    assert header[1:] == ["自然人", "法人或其他组织：商业企业", "法人或其他组织：科研机构", "法人或其他组织：社会公益组织",
                          "法人或其他组织：法律服务机构", "法人或其他组织：其他", "总计"]
    assert rule == ["---"] * 8
    groups = [row[0] for row in body if row[0].startswith("**")]
    assert groups == ["**三、本年度办理结果**", "**（三）不予公开**", "**（四）无法提供**", "**（五）不予处理**", "**（六）其他处理**"]
    data = [row for row in body if not row[0].startswith("**")]
    table = report.format.tables["t3"]
    assert [row[0] for row in data] == [r.label for r in table.rows]
    for row, cells in zip(table.rows, data):
        assert cells[1:] == [format_number(c, report.value(f"t3.{row.key}.{c.key}")) for c in table.columns]


def test_t2_one_table_per_block_and_t4_with_joined_headers():
    report = numbered_report()
    md = markdown_text(build_document(report))
    assert "**第二十条第（六）项**\n\n| 信息内容 | 本年处理决定数量 |" in md
    assert f"| 行政处罚 | {report.value('t2.penalty.decisions')} |" in md
    assert "| 行政事业性收费 | 10.25 |" in md
    t4 = rows_of(md, "行政复议：结果维持")
    assert len(t4) == 3 and len(t4[0]) == 15
    assert t4[0][5] == "行政诉讼：未经复议直接起诉：结果维持"
    assert t4[2][-1] == str(report.value("t4.litigation_after_review.total"))


def test_the_2019_tables():
    md = markdown_text(build_document(numbered_report("2019")))
    assert "**第二十条第（九）项**" in md and "| 信息内容 | 采购项目数量 | 采购总金额 |" in md
    assert "| （六）其他处理 |" in md


def test_markup_in_texts_is_escaped():
    md = markdown_text(build_document(numbered_report(other="<script>x</script> a|b *强调* [链接](http://x)\n# 不是标题")))
    assert "\\<script\\>x\\</script\\> a\\|b \\*强调\\* \\[链接\\](http://x)" in md
    assert "\\# 不是标题" in md
    assert escape_block("1. 不是列表") == "1\\. 不是列表"
