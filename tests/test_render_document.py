"""What the report says: title, intro, numbered headings in order, texts, tables, signature."""

from datetime import date

import pytest

from xxgk.render.document import Heading, Paragraph, TableBlock, build_document
from xxgk.render.intro import generated_intro
from xxgk.render.text import chinese_date, heading_level, paragraphs

from rendering import numbered_report, without_run_in_headings
from support import example_report

SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_chinese_dates():
    assert chinese_date(date(2025, 2, 11)) == "2025年2月11日"
    assert chinese_date(date(2024, 12, 1)) == "2024年12月1日"


def test_paragraphs_are_lines_without_blanks():
    assert paragraphs(" 第一段。\n\n  第二段。 \r\n") == ["第一段。", "第二段。"]


@pytest.mark.parametrize("text, level", [
    ("一、存在的问题", 1),
    ("（一）存在的主要问题", 2),
    ("(二)改进情况", 2),
    ("1.加强队伍建设", 3),
    ("（1）培训", 4),
    ("（一）主动公开情况。一是严格按照信息公开目录公开对应信息。", None),  # a numbered sentence is body text
    ("2024年，本机关认真贯彻落实条例", None),
    ("一是日常工作繁忙", None),
    ("1.5万元用于网站改版", None),  # a decimal number, not a heading number
])
def test_numbered_heading_lines_are_recognised(text, level):
    assert heading_level(text) == level


def test_title_headings_tables_and_signature_in_order():
    document = build_document(without_run_in_headings(example_report()))
    assert document.title_lines == ("额敏县上户镇人民政府", "2024年政府信息公开工作年度报告")
    assert document.title == "额敏县上户镇人民政府2024年政府信息公开工作年度报告"
    assert [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1] == SECTIONS
    assert [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]
    after = {document.blocks[i - 1].text: b.key for i, b in enumerate(document.blocks) if isinstance(b, TableBlock)}
    assert after == {SECTIONS[1]: "t2", SECTIONS[2]: "t3", SECTIONS[3]: "t4"}
    assert document.signature == ("额敏县上户镇人民政府", "2025年2月11日")


def test_the_agencys_own_sub_headings_stand_as_written_and_the_formats_are_not_added():
    """The seed runs its headings into the paragraph ("（一）主动公开情况。一是……"): printed as written, once."""
    report = example_report()
    document = build_document(report)
    assert not [b for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert report.texts.overview.proactive in paragraphs
    assert report.texts.overview.proactive.startswith("（一）主动公开情况。")
    assert not any(p.startswith("（一）主动公开") and p != report.texts.overview.proactive for p in paragraphs)


def test_the_reports_own_preamble_is_used_as_written():
    report = example_report()
    document = build_document(report)
    assert document.blocks[0] == Paragraph(report.texts.preamble)


def test_without_preamble_the_intro_is_generated_from_the_metadata():
    report = example_report()
    report.texts.preamble = ""
    intro = build_document(report).blocks[0].text
    assert intro == generated_intro(report)
    for part in ("根据《中华人民共和国政府信息公开条例》", "国办公开办函〔2021〕30号", "额敏县上户镇人民政府编制本报告",
                 ("总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
                  "存在的主要问题及改进情况、其他需要报告的事项六个部分"),
                 "统计期限自2024年1月1日起至2024年12月31日止", "额敏县人民政府门户网站（www.xjem.gov.cn）下载",
                 "地址：额敏县上户镇上户东路047号；邮编：834699；电话：0901-3340090"):
        assert part in intro
    assert "传真" not in intro and "电子邮箱" not in intro  # not given: not printed blank


def test_generated_intro_leaves_out_what_the_metadata_lacks_and_names_the_2019_format():
    report = numbered_report("2019")
    meta = report.metadata
    meta.portal_name = meta.portal_url = meta.period_start = meta.period_end = None
    meta.email = "gk@example.gov.cn"
    intro = generated_intro(report)
    assert "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）" in intro
    assert "下载" not in intro
    assert "统计期限自2024年1月1日起至2024年12月31日止" in intro  # from the report year
    assert "电子邮箱：gk@example.gov.cn" in intro


def test_numbered_lines_in_a_text_become_headings_below_their_section():
    report = numbered_report(problems="（一）存在的主要问题\n人员不足。\n（二）改进情况\n1.加强培训\n继续改进。",
                             other="一、另起的一级标题不打乱正文编号")
    blocks = build_document(report).blocks
    start = blocks.index(Heading(1, SECTIONS[4]))
    assert list(blocks[start + 1 : start + 6]) == [Heading(2, "（一）存在的主要问题"), Paragraph("人员不足。"),
                                             Heading(2, "（二）改进情况"), Heading(3, "1.加强培训"),
                                             Paragraph("继续改进。")]
    assert Paragraph("一、另起的一级标题不打乱正文编号") in blocks


def test_missing_metadata_leaves_title_and_signature_parts_out():
    report = numbered_report()
    report.metadata.agency_name = report.metadata.signing_agency = report.metadata.signing_date = None
    document = build_document(report)
    assert document.title_lines == ("2024年政府信息公开工作年度报告",)
    assert document.signature == ()
