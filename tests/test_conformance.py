"""Conformance suite: fixture workbooks written from compact text, each listing every finding it must raise.

A case is cells (``key = value`` on top of a clean base report), optionally last year's cells and a local
deadline, and its expected findings, one per line: ``rule @ key : words | in | the message``. The findings of
``xxgk.validation.validate`` must be exactly those (rule and cell), and each message must contain its words.
``passes`` names the rules a case shows passing on data that exercises them. A meta-test checks that every
rule of the catalog has at least one failing and one passing case.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from xxgk.formats import get_format
from xxgk.jsonio import dumps_report, load_report
from xxgk.model import AnnualReport
from xxgk.rules import catalog
from xxgk.rules.registry import Hit, registered
from xxgk.validation import Settings
from xxgk.validation.locate import locate
from xxgk.workbook.layout import layout_for

from support import example_report, validate_placed, write_workbook

# --------------------------------------------------------------------------- bases


def clean_base() -> AnnualReport:
    """The bundled example without its two real blemishes (半角括号 in the preamble, 国办函（2020）) and
    without the sentence on applications, so that cases changing T3 need not rewrite the text."""
    report = example_report()
    texts = report.texts
    texts.preamble = texts.preamble.replace("(", "（").replace(")", "）")
    texts.other = texts.other.replace("国办函（2020）109号", "国办函〔2020〕109号")
    texts.overview.on_request = "为进一步规范依申请公开工作，上户镇建立健全接收、登记、办理、答复等流程。"
    return report


def previous_base() -> AnnualReport:
    """Last year's report of the same agency: 2023, texts of its own."""
    report = clean_base()
    meta = report.metadata
    meta.report_year, meta.period_start, meta.period_end = 2023, date(2023, 1, 1), date(2023, 12, 31)
    meta.signing_date = date(2024, 2, 5)
    for section in report.format.text_sections:
        for part in section.parts:
            report.texts.set(section.key, part.key, report.texts.get(section.key, part.key) + "（2023年度）")
    return report


def base_2019(year: int) -> AnnualReport:
    """The example's metadata and texts in the 2019 trial format, every number 0."""
    example = clean_base()
    inputs = {c.key: 0 for c in get_format("2019").cells.values() if not c.derived}
    report = AnnualReport.from_values(inputs, format_version="2019", metadata=example.metadata.model_dump(),
                                      texts=example.texts.model_dump())
    meta = report.metadata
    meta.report_year, meta.period_start, meta.period_end = year, date(year, 1, 1), date(year, 12, 31)
    meta.signing_date = date(year + 1, 2, 11)
    return report


def previous_2019() -> AnnualReport:
    """Last year's report of a 2020 report in the 2019 trial format: 2019, texts of its own."""
    report = base_2019(2019)
    for section in report.format.text_sections:
        for part in section.parts:
            report.texts.set(section.key, part.key, report.texts.get(section.key, part.key) + "（2019年度）")
    return report


BASES = {"clean": clean_base, "2019-in-2024": lambda: base_2019(2024), "2019-in-2020": lambda: base_2019(2020),
         "previous": previous_base, "2019-previous": previous_2019}


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    name: str
    cells: str
    expect: str = ""
    passes: tuple[str, ...] = ()
    previous: str | None = None
    deadline: date | None = None
    base: str = "clean"
    previous_base: str = "previous"
    as_json: bool = False  # validate a canonical JSON file whose values are set raw (totals not recomputed)
    labels: str = ""  # label cells retyped, one per line: ``t2 行政规范性文件 = 规范性文件``
    not_read: tuple[str, ...] = ()  # in a canonical JSON file: cells the importer could not read (null, not_read)
    carried: tuple[tuple[str, str, dict], ...] = ()  # in a canonical JSON file: the import's findings (rule, key, args)

    def expected(self) -> list[tuple[str, str, list[str]]]:
        found = []
        for line in self.expect.strip().splitlines():
            head, _, words = line.partition(":")
            rule, _, key = (part.strip() for part in head.partition("@"))
            found.append((rule, key, [w.strip() for w in words.split("|") if w.strip()]))
        return found


READER = ("cell-blank", "cell-placeholder", "cell-not-number", "cell-text-number", "cell-unclean-number",
          "cell-amount-in-yuan", "cell-amount-precision", "cell-fraction", "cell-negative", "meta-invalid",
          "meta-postcode-number", "label-variant")

CASES = [
    Case("clean base", "", passes=(
        *READER, "meta-missing", "format-version-year", "meta-period", "signing-date-early", "t3-balance",
        "total-mismatch", "total-blank", "total-too-large", "t3-balance-not-assessable", "t2-regulations-authority", "text-missing", "text-fee-statement", "text-document-number",
        "text-traditional", "text-halfwidth-brackets", "text-fee-unpaid")),

    # ---- cells as staff type them (done-when: "/", "-", "3件", "３" and a blank: one finding each, raw value)
    Case("placeholders, units, full-width digits, blank", """
        t2.licensing.decisions = /
        t2.coercion.decisions = -
        t2.penalty.decisions = 3件
        t4.review.upheld = '３'
        t4.review.corrected =
    """, """
        cell-placeholder @ t2.licensing.decisions : “行政许可”行“本年处理决定数量”列 | “/”
        cell-unclean-number @ t2.penalty.decisions : “3件” | 已按 3 读取
        cell-placeholder @ t2.coercion.decisions : “-”
        cell-unclean-number @ t4.review.upheld : “３” | 已按 3 读取
        cell-blank @ t4.review.corrected : “行政复议”行“结果纠正”列未填写
    """),
    Case("text that is not a number", "t2.licensing.decisions = 见附件",
         "cell-not-number @ t2.licensing.decisions : “见附件”"),
    Case("number stored as text", "t2.penalty.decisions = '3'",
         "cell-text-number @ t2.penalty.decisions : 以文本形式存储 | 已按 3 读取"),
    Case("fee in yuan", "t2.fees.amount_wan_yuan = 2500元",
         "cell-amount-in-yuan @ t2.fees.amount_wan_yuan : “2500元” | 0.25 万元"),
    Case("fee with too many decimals", "t2.fees.amount_wan_yuan = 0.123456",
         "cell-amount-precision @ t2.fees.amount_wan_yuan : 0.123456 | 0.1235"),
    Case("fraction of a count", "t2.penalty.decisions = 2.5", "cell-fraction @ t2.penalty.decisions : 2.5"),
    Case("negative count", "t2.coercion.decisions = -1", "cell-negative @ t2.coercion.decisions : -1"),
    Case("numbers of more than 15 digits, typed as a number and as text", f"""
        t2.fees.amount_wan_yuan = 1E+30
        t2.penalty.decisions = '{"9" * 29}'
        t2.licensing.decisions = '{"9" * 5000}'
    """, """
        cell-too-large @ t2.fees.amount_wan_yuan : 1e+30 | 超过 15 位数
        cell-too-large @ t2.penalty.decisions : 99999999999999999999999999999
        cell-too-large @ t2.licensing.decisions : 超过 15 位数
    """),
    Case("canonical JSON with null, negative, fractional and over-precise values", """
        t2.licensing.decisions = None
        t2.coercion.decisions = -1
        t2.penalty.decisions = 2.5
        t2.fees.amount_wan_yuan = 0.123456
    """, """
        cell-blank @ t2.licensing.decisions : “行政许可”行“本年处理决定数量”列未填写
        cell-negative @ t2.coercion.decisions : -1
        cell-fraction @ t2.penalty.decisions : 2.5
        cell-amount-precision @ t2.fees.amount_wan_yuan : 0.123456 | 0.1235
    """, as_json=True),
    Case("canonical JSON: a blank cell is blank whatever else the import found in it; an unread one is not", """
        t2.normative_documents.issued = None
    """, """
        label-variant @ t2.normative_documents.issued
        cell-blank @ t2.normative_documents.issued : “行政规范性文件”行“本年制发件数”列未填写
        cell-not-number @ t3.granted.research_institution
        t3-balance-not-assessable @ t3.carried_forward.research_institution : “科研机构”列 | “三、本年度办理结果（一）予以公开”
    """, as_json=True, not_read=("t3.granted.research_institution", "t4.review.upheld"),
         carried=(("label-variant", "t2.normative_documents.issued",
                   {"at": "第1张表格第5行", "found": "规范性文件", "label": "行政规范性文件", "how": "是其常见的另一种写法"}),
                  ("cell-not-number", "t3.granted.research_institution", {"raw": "■", "value": None}))),
    Case("canonical JSON with clean values, 3.0 a whole count", """
        t2.licensing.decisions = 12
        t2.penalty.decisions = 3.0
        t2.fees.amount_wan_yuan = 0.25
        metadata.postcode = '834699'
    """, passes=("cell-blank", "cell-negative", "cell-fraction", "cell-amount-precision", "cell-too-large",
                 "meta-invalid", "meta-year-range"), as_json=True),
    Case("clean numbers", """
        t2.licensing.decisions = 12
        t2.fees.amount_wan_yuan = 0.25
        t4.review.upheld = 1
        t4.review.total = 1
    """, passes=(*READER[:-2], "total-mismatch")),

    # ---- metadata
    Case("postcode of five digits", "metadata.postcode = '83469'",
         "meta-invalid @ metadata.postcode : “83469” | 六位数字", passes=("meta-missing",)),
    Case("postcode stored as a number that lost its leading 0", "metadata.postcode = 10010",
         "meta-postcode-number @ metadata.postcode : 10010 | “010010”"),
    Case("labels retyped as real reports print them", "", labels="""
        t2 行政规范性文件 = 规范性文件
        t3 2.其他法律行政法规禁止公开 = 2.其他法律行政止公开
        t4 结果维持 = 结果 维持
        基本信息 邮政编码 = 邮政编码：
    """, expect="""
        label-variant @ t2.normative_documents.issued : A5填写为“规范性文件” | “行政规范性文件” | 另一种写法
        label-variant @ t3.denied_prohibited_by_law.natural_person : “2.其他法律行政止公开” | 疑为笔误
        label-variant @ metadata.postcode : “邮政编码：” | 全半角不同
    """),
    Case("postcode stored as a number of six digits", "metadata.postcode = 834699", passes=("meta-postcode-number",)),
    Case("canonical JSON with control characters and a NUL in its texts", """
        metadata.agency_name = '额敏县上户镇\\x00人民政府'
        texts.problems = '存在问题\\x01\\x0b。'
    """, """
        text-invalid-character @ metadata.agency_name : “机关名称”含有 1 个 | U+0000 | “�”
        text-invalid-character @ texts.problems : 含有 2 个 | U+0001、U+000B
    """, as_json=True),
    Case("canonical JSON with texts of every script, tabs and line breaks",
         "texts.problems = '一、\\t问题\\n二、𠀀 é ∑ 😀'", passes=("text-invalid-character",), as_json=True),
    Case("a report year out of range (the dates of the year are then not checked)", "metadata.report_year = 3000",
         "meta-year-range @ metadata.report_year : “报告年度”为 3000 | 应在 2008 年至"),
    Case("a report year of 0000", "metadata.report_year = '0000'", "meta-year-range @ metadata.report_year : 0000"),
    Case("canonical JSON with a year of 1800 and a postcode of five digits", """
        metadata.report_year = 1800
        metadata.postcode = '83469'
    """, """
        meta-year-range @ metadata.report_year : 1800
        meta-invalid @ metadata.postcode : “83469” | 六位数字
    """, as_json=True),
    Case("missing metadata", "metadata.phone =\nmetadata.signing_agency =", """
        meta-missing @ metadata.phone : “联系电话”未填写
        meta-missing @ metadata.signing_agency : “落款机关”未填写
    """),
    Case("2019 template for a 2024 report", "", base="2019-in-2024", expect="""
        format-version-year @ metadata.report_year : 2024 | 2021 版 | 国办公开办函〔2021〕30号 | 2019 版
    """),
    Case("2019 template for a 2020 report", "", base="2019-in-2020",
         passes=("format-version-year", "t3-balance", "meta-period", "text-fee-statement")),
    Case("statistics period not the year", "metadata.period_end = 2024-06-30",
         "meta-period @ metadata.period_end : 2024年6月30日 | 2024年12月31日"),
    Case("signed before the year ended", "metadata.signing_date = 2024-02-11",
         "signing-date-early @ metadata.signing_date : 2024年2月11日 | 2024年12月31日"),

    # ---- table identities
    Case("T3 with a blank and an unreadable cell: those columns' identity is not assessable, not computed as 0", """
        t3.new_received.natural_person = 5
        t3.granted.natural_person = 4
        t3.carried_forward.natural_person =
        t3.granted.research_institution = 见附件
    """, """
        cell-blank @ t3.carried_forward.natural_person : “四、结转下年度继续办理”行“自然人”列未填写
        cell-not-number @ t3.granted.research_institution : “见附件”
        t3-balance-not-assessable @ t3.carried_forward.natural_person : “自然人”列 | “四、结转下年度继续办理”
        t3-balance-not-assessable @ t3.carried_forward.research_institution : “科研机构”列 | “三、本年度办理结果（一）予以公开”
    """, passes=("t3-balance",)),
    Case("T3 column out of balance (done-when example)", """
        t3.new_received.natural_person = 5
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 4
        t3.carried_forward.natural_person = 1
    """, "t3-balance @ t3.carried_forward.natural_person : “自然人”列 | 6（5 + 1） | 5（4 + 1） | 相差 1"),
    Case("T3 balanced with numbers in several rows and columns", """
        t3.new_received.natural_person = 5
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 3
        t3.partially_granted.natural_person = 1
        t3.denied_state_secret.natural_person = 1
        t3.carried_forward.natural_person = 1
        t3.new_received.legal_service_org = 2
        t3.rejected_duplicate.legal_service_org = 2
    """, passes=("t3-balance", "total-mismatch")),
    Case("T3 two columns out of balance, one reported each", """
        t3.new_received.commercial_enterprise = 2
        t3.granted.commercial_enterprise = 1
        t3.granted.research_institution = 1
    """, """
        t3-balance @ t3.carried_forward.commercial_enterprise : “商业企业”列 | 2（2 + 0） | 1（1 + 0） | 相差 1
        t3-balance @ t3.carried_forward.research_institution : “科研机构”列 | 0（0 + 0） | 1（1 + 0） | 相差 -1
    """),
    Case("stored totals overwritten with wrong numbers", """
        t4.review.upheld = 2
        t4.review.total = 3
        t3.total_processed.natural_person = 7
    """, """
        total-mismatch @ t3.total_processed.natural_person : “三、本年度办理结果（七）总计”行“自然人”列 | 合计为 7 | 应为 0
        total-mismatch @ t4.review.total : “行政复议”行“总计”列 | 合计为 3 | 应为 2 | 相差 1
    """),
    Case("canonical JSON with a total that disagrees", """
        t3.new_received.natural_person = 2
        t3.new_received.total = 3
        t3.granted.natural_person = 2
        t3.granted.total = 2
        t3.total_processed.natural_person = 2
        t3.total_processed.total = 2
    """, "total-mismatch @ t3.new_received.total : 合计为 3 | 应为 2", as_json=True),
    Case("totals whose formulas were deleted and left blank while their rows and columns hold numbers", """
        t3.new_received.natural_person = 5
        t3.granted.natural_person = 4
        t3.carried_forward.natural_person = 1
        t3.granted.total =
        t3.total_processed.natural_person =
        t4.review.upheld = 1
        t4.review.total =
    """, """
        total-blank @ t3.granted.total : “三、本年度办理结果（一）予以公开”行“总计”列为合计栏 | 未填写数字 | 应为 4
        total-blank @ t3.total_processed.natural_person : “三、本年度办理结果（七）总计”行“自然人”列 | 应为 4
        total-blank @ t4.review.total : “行政复议”行“总计”列 | 应为 1
    """, passes=("total-mismatch", "t3-balance")),
    Case("counts that add up past fifteen digits leave their totals unknown", """
        t3.new_received.commercial_enterprise = 1
        t3.new_received.legal_service_org = 999999999999999
        t3.denied_administrative_query.commercial_enterprise = 1
        t3.denied_administrative_query.legal_service_org = 999999999999999
    """, """
        total-too-large @ t3.new_received.total : “一、本年新收政府信息公开申请数量”行“总计”列 | 按各项计算为 1000000000000000 | 超过 15 位数
        total-too-large @ t3.denied_administrative_query.total : 按各项计算为 1000000000000000 | 超过 15 位数
        total-too-large @ t3.total_processed.total : “三、本年度办理结果（七）总计”行“总计”列 | 超过 15 位数
    """, passes=("total-mismatch", "cell-too-large")),
    Case("a blank total over a row with a blank cell cannot be computed", """
        t4.review.upheld = 1
        t4.review.corrected =
        t4.review.total =
    """, """
        cell-blank @ t4.review.corrected : “行政复议”行“结果纠正”列未填写
        total-blank @ t4.review.total : 未填写数字 | 暂无法计算
    """),
    Case("totals that keep their formulas without cached values, and a blank total over blank cells", """
        t3.new_received.natural_person = 5
        t3.granted.natural_person = 5
        t4.review.upheld =
        t4.review.corrected =
        t4.review.other =
        t4.review.pending =
        t4.review.total =
    """, """
        cell-blank @ t4.review.upheld : 未填写
        cell-blank @ t4.review.corrected : 未填写
        cell-blank @ t4.review.other : 未填写
        cell-blank @ t4.review.pending : 未填写
    """, passes=("total-blank", "t3-balance")),
    Case("canonical JSON with totals blank (a published report's blank 总计)", """
        t3.new_received.natural_person = 2
        t3.new_received.total = None
        t3.granted.natural_person = 2
        t3.granted.total = None
        t3.total_processed.natural_person = 2
        t3.total_processed.total = 2
    """, """
        total-blank @ t3.new_received.total : “一、本年新收政府信息公开申请数量”行“总计”列为合计栏 | 应为 2
        total-blank @ t3.granted.total : 应为 2
    """, as_json=True),

    # ---- plausibility
    Case("a township reports 规章", "t2.regulations.issued = 1\nt2.regulations.in_force = 1", """
        t2-regulations-authority @ t2.regulations.issued : “规章”行“本年制发件数”列为 1 | 乡镇人民政府、街道办事处 | 额敏县上户镇人民政府
        t2-regulations-authority @ t2.regulations.in_force : “现行有效件数”列为 1
    """),
    Case("a city government reports 规章", """
        metadata.agency_level = 市级人民政府
        metadata.agency_name = 塔城地区行政公署
        t2.regulations.issued = 1
        t2.regulations.in_force = 1
    """, passes=("t2-regulations-authority", "signing-late")),
    Case("a provincial department reports 规章", """
        metadata.agency_level = 县级以上人民政府部门
        metadata.agency_name = 新疆维吾尔自治区教育厅
        metadata.signing_date = 2025-01-20
        t2.regulations.issued = 2
    """, "t2-regulations-authority @ t2.regulations.issued : 县级以上人民政府部门 | 新疆维吾尔自治区教育厅"),

    Case("a fee typed in 元 into the 万元 cell of a township", "t2.fees.amount_wan_yuan = 251000",
         "amount-implausible @ t2.fees.amount_wan_yuan : 为 251000 万元 | 超过 10000 万元 | 应为 25.1 万元"),
    Case("2019 format: a procurement total typed in 元", "t2.procurement.amount_wan_yuan = 251000", base="2019-in-2020",
         expect="amount-implausible @ t2.procurement.amount_wan_yuan : 251000 万元 | 25.1 万元"),
    Case("a procurement total written with its unit 元 (converted, the raw text kept)",
         "t2.procurement.amount_wan_yuan = 251000元", base="2019-in-2020",
         expect="cell-amount-in-yuan @ t2.procurement.amount_wan_yuan : “251000元” | 25.1 万元",
         passes=("amount-implausible",)),
    Case("a city's large fee income in 万元 is plausible", """
        metadata.agency_level = 市级人民政府
        metadata.agency_name = 某某市人民政府
        metadata.signing_agency = 某某市人民政府
        t2.fees.amount_wan_yuan = 96171.6
    """, passes=("amount-implausible",)),

    # ---- texts
    Case("parts left empty", "texts.overview.platform =\ntexts.problems =", """
        text-missing @ texts.overview.platform : “（四）政府信息公开平台建设”未填写
        text-missing @ texts.problems : “五、存在的主要问题及改进情况”未填写
    """),
    Case("no fee statement", "texts.other = 本年度无其他需要报告的事项。",
         "text-fee-statement @ texts.other : 信息处理费"),
    Case("document numbers in wrong brackets", """
        texts.overview.management = 严格执行《某某县政务公开工作实施方案》（额政办发[2023]5号）。
        texts.other = 按照《政府信息公开信息处理费管理办法》（国办函（2020）109号）规定，本年度未收取信息处理费。
    """, """
        text-document-number @ texts.overview.management : “额政办发[2023]5号” | “额政办发〔2023〕5号”
        text-document-number @ texts.other : “国办函（2020）109号” | “国办函〔2020〕109号”
    """),
    Case("traditional characters", "texts.overview.platform = 通過政府網站公開政府信息，保障群眾知情權。",
         "text-traditional @ texts.overview.platform : 過網開 | 共 4 处"),
    Case("half-width brackets in Chinese prose (the example's preamble)",
         "texts.preamble = 本年度报告的电子版可在额敏县人民政府门户网站(www.xjem.gov.cn)下载(如有疑问请来电)。",
         "text-halfwidth-brackets @ texts.preamble : “(www.xjem.gov.cn)” | 共 2 处"),
    Case("the format notice's number written in round brackets",
         "texts.preamble = 按照《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函（2021）30号）编制本报告。",
         "text-document-number @ texts.preamble : “国办公开办函（2021）30号” | “国办公开办函〔2021〕30号”",
         passes=("text-format-citation",)),
    Case("a 2024 report citing the 2019 trial format, its number and its title", """
        texts.preamble = 根据《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）编制本报告。
    """, """
        text-format-citation @ texts.preamble : “国办公开办函〔2019〕60号” | “国办公开办函〔2021〕30号”
        text-format-citation @ texts.preamble : “年度报告格式（试行）” | 《中华人民共和国政府信息公开工作年度报告格式》
    """),
    Case("the format notice under a wrong issuer's code, and 涵 for 函", """
        texts.preamble = 按照国办政务公开办函（2021）30号要求编制本报告。
        texts.overview.lead = 依据国办公开办涵〔2021〕30号，全面梳理本年度工作。
    """, """
        text-format-citation @ texts.preamble : “国办政务公开办函（2021）30号” | “国办公开办函〔2021〕30号”
        text-format-citation @ texts.overview.lead : “国办公开办涵〔2021〕30号”
    """),
    Case("the format notice cited right",
         "texts.preamble = 按照《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制本报告。",
         passes=("text-format-citation", "text-document-number")),
    Case("last year's sentences left in section 一", """
        texts.overview.lead = 2023年，上户镇政府认真贯彻落实《条例》要求。
        texts.overview.supervision = 一是健全制度。二是2023年全年开展培训2次。
    """, """
        text-stale-year @ texts.overview.lead : “2023年，上户镇政府认真贯彻落实《条例》要求。” | 以 2023 年开头 | 2024 年度
        text-stale-year @ texts.overview.supervision : “二是2023年全年开展培训2次。”
    """),
    Case("years that are right where they stand", """
        texts.overview.lead = 2024年，上户镇政府较2023年新增公开栏目3个，2023年以来持续推进政务公开。
        texts.overview.supervision = 对照国办函〔2023〕12号，于2025年1月31日前完成整改。
        texts.problems = 2025年，将重点从以下几个方面改进提升：一是加强培训。
    """, passes=("text-stale-year", "text-problems-none")),
    Case("the same quantity given twice with different numbers", """
        texts.overview.proactive = 全年共发布工作动态20条。
        texts.overview.platform = 在门户网站发布工作动态16条，在公众号推送政策解读5篇。
    """, "text-quantity-conflict @ texts.overview.platform : “发布工作动态” | 先写 20 条 | 后写 16 条 | 全年共发布工作动态20条"),
    Case("the same quantity given twice alike, and different quantities", """
        texts.overview.proactive = 全年共发布工作动态20条，政策解读5篇。
        texts.overview.platform = 在门户网站发布工作动态20条，通过公众号发布信息16条。
    """, passes=("text-quantity-conflict",)),
    Case("section 五 only says 无", "texts.problems = 无。",
         "text-problems-none @ texts.problems : 只写了“无。”"),
    Case("a doubled word", "texts.overview.supervision = 加强资金资金监管，确保专款专用。",
         "text-doubled-word @ texts.overview.supervision : “资金资金”连续重复"),
    Case("reduplication that is Chinese, not a typing error",
         "texts.overview.supervision = 人人参与，常常检查，一点一点改进，与群众息息相关。",
         passes=("text-doubled-word",)),

    # ---- texts against tables
    Case("applications quoted wrong", """
        t3.new_received.natural_person = 2
        t3.granted.natural_person = 2
        texts.overview.on_request = 2024年，本镇共收到政府信息公开申请3件，均已按时答复。
    """, """
        text-applications @ texts.overview.on_request : “（二）依申请公开” | 收到的政府信息公开申请为 3 件 | 为 2 件 | “2024年，本镇共收到政府信息公开申请3件，均已按时答复。”
    """),
    Case("'no applications' while T3 has some", """
        t3.new_received.natural_person = 2
        t3.granted.natural_person = 2
        texts.overview.on_request = 2024年，上户镇未收到依申请公开政府信息申请件。
    """, "text-applications @ texts.overview.on_request : 为 0 件 | 为 2 件 | 未收到"),
    Case("applications and results quoted right", """
        t3.new_received.natural_person = 4
        t3.new_received.commercial_enterprise = 1
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 3
        t3.partially_granted.natural_person = 1
        t3.denied_process_info.commercial_enterprise = 1
        t3.carried_forward.natural_person = 1
        texts.overview.on_request = 本年新收政府信息公开申请5件，上年结转申请1件。其中予以公开3件，部分公开1件，不予公开1件，予以公开和部分公开共4件，结转下年度继续办理1件。
    """, passes=("text-applications", "text-results", "t3-balance")),
    # a real county report (沭阳县人民政府 2025): 受理 749 = 新收 713 + 上年结转 36, then 办理 718 + 结转 31
    Case("受理 counting last year's carried-over applications", """
        t3.new_received.natural_person = 705
        t3.new_received.commercial_enterprise = 3
        t3.new_received.legal_service_org = 5
        t3.carried_over.natural_person = 36
        t3.granted.natural_person = 710
        t3.granted.commercial_enterprise = 3
        t3.granted.legal_service_org = 5
        t3.carried_forward.natural_person = 31
        texts.overview.on_request = 全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；共办理 718 件，结转下一年 31 件。
    """, passes=("text-applications", "t3-balance")),
    Case("受理 matching neither the new nor the new and carried-over applications", """
        t3.new_received.natural_person = 5
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 6
        texts.overview.on_request = 全年共受理政府信息公开申请 7 件。
    """, "text-applications @ texts.overview.on_request : 收到的政府信息公开申请为 7 件 | 为 5 件"),
    Case("收到 does not count last year's carried-over applications", """
        t3.new_received.natural_person = 5
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 6
        texts.overview.on_request = 全年共收到政府信息公开申请 6 件。
    """, "text-applications @ texts.overview.on_request : 收到的政府信息公开申请为 6 件 | 为 5 件"),
    Case("results quoted wrong", """
        t3.new_received.natural_person = 5
        t3.granted.natural_person = 2
        t3.partially_granted.natural_person = 2
        t3.unavailable_not_held.natural_person = 1
        texts.overview.on_request = 收到政府信息公开申请5件，其中予以公开3件，部分公开2件，无法提供1件。
    """, """
        text-results @ texts.overview.on_request : 予以公开的申请为 3 件 | “（一）予以公开”行“总计”列为 2 件
    """),
    Case("review and litigation quoted wrong", """
        t4.review.upheld = 1
        t4.litigation_direct.upheld = 1
        texts.overview.supervision = 本年度发生政府信息公开行政复议2件，行政诉讼1件。
    """, "text-review @ texts.overview.supervision : 行政复议案件为 2 件 | 表四“行政复议”的“总计”为 1 件"),
    Case("'no review, no litigation' while T4 has some", """
        t4.review.pending = 1
        t4.litigation_after_review.corrected = 1
        texts.other = 本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况，未收取信息处理费。
    """, """
        text-review @ texts.other : 行政复议案件为 0 件 | 为 1 件
        text-review @ texts.other : 行政诉讼案件为 0 件 | 表四“行政诉讼”下各“总计”之和为 1 件
    """),
    Case("'all upheld' while a case is pending", """
        t4.review.pending = 1
        texts.overview.supervision = 本年度被申请行政复议1件，均获维持。
    """, "text-upheld @ texts.overview.supervision : 均获维持 | “行政复议” | 尚未审结 1 件"),
    Case("review quoted right, all upheld", """
        t4.review.upheld = 2
        t4.litigation_direct.upheld = 1
        texts.overview.supervision = 本年度被申请行政复议2件、提起行政诉讼1件，均获维持。
    """, passes=("text-review", "text-upheld")),
    Case("T2 numbers quoted wrong", """
        t2.normative_documents.issued = 1
        t2.normative_documents.in_force = 1
        texts.overview.proactive = 本年制发行政规范性文件2件，作出行政处罚决定5件。
    """, """
        text-proactive @ texts.overview.proactive : 制发的行政规范性文件为 2 件 | “行政规范性文件”行“本年制发件数”列为 1 件
        text-proactive @ texts.overview.proactive : 行政处罚决定为 5 件 | 为 3 件
    """),
    Case("T2 numbers quoted right", """
        t2.normative_documents.issued = 2
        t2.normative_documents.in_force = 2
        texts.overview.proactive = 本年印发行政规范性文件2件，作出行政处罚决定3件，主动公开政府信息32条。
    """, passes=("text-proactive",)),
    Case("fee notices not reported", """
        t3.new_received.natural_person = 1
        t3.other_fee_unpaid.natural_person = 1
    """, "text-fee-unpaid @ texts.other : 共 1 件 | “六、其他需要报告的事项”"),
    Case("fee notices reported", """
        t3.new_received.natural_person = 1
        t3.other_fee_unpaid.natural_person = 1
        texts.other = 本年度向申请人发出收费通知1件，金额100元，申请人逾期未缴纳，实际收取信息处理费0元。
    """, passes=("text-fee-unpaid", "text-fee-statement")),

    # ---- last year's report
    Case("last year's report fits", """
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 1
        t2.normative_documents.issued = 2
        t2.normative_documents.repealed = 1
        t2.normative_documents.in_force = 6
    """, previous="""
        t3.new_received.natural_person = 1
        t3.carried_forward.natural_person = 1
        t2.normative_documents.issued = 5
        t2.normative_documents.in_force = 5
    """, passes=("previous-year", "previous-agency", "t3-continuity", "t2-in-force-continuity", "text-copied")),
    Case("last year's report is two years back", "", previous="""
        metadata.report_year = 2022
        metadata.period_start = 2022-01-01
        metadata.period_end = 2022-12-31
        metadata.signing_date = 2023-02-10
        t3.new_received.natural_person = 1
        t3.carried_forward.natural_person = 1
    """, expect="previous-year @ metadata.report_year : 2022 年度 | 2024 年度"),
    Case("last year's report of another agency", "", previous="metadata.agency_name = 额敏县上户乡人民政府",
         expect="previous-agency @ metadata.agency_name : “额敏县上户乡人民政府” | “额敏县上户镇人民政府”"),
    Case("last year's report names the prefecture before the agency: the same body", "",
         previous="metadata.agency_name = 塔城地区额敏县上户镇人民政府", passes=("previous-agency",)),
    Case("last year's report of the same-named township of another county", "",
         previous="metadata.agency_name = 塔城地区裕民县上户镇人民政府",
         expect="previous-agency @ metadata.agency_name : “塔城地区裕民县上户镇人民政府” | “额敏县上户镇人民政府”"),
    Case("carried over is not last year's carried forward", """
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 1
    """, previous="""
        t3.new_received.natural_person = 2
        t3.carried_forward.natural_person = 2
    """, expect="t3-continuity @ t3.carried_over.natural_person : 为 1 | 同列为 2 | 相差 -1"),
    Case("in force does not follow last year", """
        t2.normative_documents.issued = 2
        t2.normative_documents.repealed = 1
        t2.normative_documents.in_force = 5
    """, previous="""
        t2.normative_documents.issued = 5
        t2.normative_documents.in_force = 5
    """, expect="t2-in-force-continuity @ t2.normative_documents.in_force : 为 5 | 现行有效 5 件 | 制发 2 件 | 废止 1 件 | 应为 6"),
    Case("2019 format both years: last year's item count carried on wrong", """
        t2.licensing.previous_items = 10
        t2.penalty.previous_items = 4
    """, base="2019-in-2020", previous_base="2019-previous", previous="""
        t2.licensing.previous_items = 8
        t2.licensing.change = 1
        t2.penalty.previous_items = 5
        t2.penalty.change = -1
    """, expect="""
        t2-items-continuity @ t2.licensing.previous_items : 为 10 | 上一年项目数量 8 | 本年增/减 1 | 应为 9 | 相差 1
    """),
    Case("2019 format both years: item counts carried on", """
        t2.licensing.previous_items = 9
        t2.penalty.previous_items = 4
    """, base="2019-in-2020", previous_base="2019-previous", previous="""
        t2.licensing.previous_items = 8
        t2.licensing.change = 1
        t2.penalty.previous_items = 5
        t2.penalty.change = -1
    """, passes=("t2-items-continuity", "previous-year", "t3-continuity", "text-copied")),
    Case("a part copied from last year", "", previous="""
        texts.overview.platform = （四）政府信息公开平台建设情况。上户镇政府信息公开形式，主要以镇政府、村（队）公示栏等渠道及时准确公开群众普遍关注的养老服务、社会救助等重点领域内容，对涉及的法规政策、部门文件、救助补助资金发放情况等及时予以公开。同时，通过公示栏、宣传横幅等媒介将与群众息息相关的各类政策法规面向社会公开，保障了人民群众的知情权、参与权和监督权。同时发挥公示栏的积极作用，加强政务发布与解读，积极回应社会关切，推进政民互动。
    """, expect="text-copied @ texts.overview.platform : “（四）政府信息公开平台建设”"),

    # ---- deadline
    Case("township signed after the local deadline", "", deadline=date(2025, 1, 31),
         expect="signing-late @ metadata.signing_date : 2025年2月11日 | 本地 | 2025年1月31日"),
    Case("township signed before the local deadline", "", deadline=date(2025, 2, 28), passes=("signing-late",)),
    Case("department signed after 31 January", """
        metadata.agency_level = 县级以上人民政府部门
        metadata.agency_name = 额敏县教育局
    """, "signing-late @ metadata.signing_date : 《条例》第四十九条对县级以上人民政府部门 | 2025年1月31日"),
]


# --------------------------------------------------------------------------- running a case


def _write_json(path: Path, base: AnnualReport, case: Case) -> Path:
    from support import parse_cells

    cells = case.cells
    data = json.loads(dumps_report(base))
    for key in case.not_read:
        table, row, column = key.split(".")
        data["tables"][table][row][column] = {"value": None, "state": "not_read"}
    places = layout_for(base.format_version).bindings
    for rule_id, key, args in case.carried:
        data["findings"].append(locate(Hit(key, args, rule_id, origin="import"), places).model_dump(mode="json"))
    for key, value in parse_cells(cells).items():
        *parents, name = key.split(".")
        in_tables = parents[0] not in ("metadata", "texts")
        place = data["tables"] if in_tables else data
        for part in parents:
            place = place[part]
        place[name] = {"value": value, "state": "read" if value is not None else "blank"} if in_tables else value
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_case(case: Case, directory: Path) -> list:
    base = BASES[case.base]()
    if case.as_json:
        path = _write_json(directory / "case.json", base, case)
    else:
        labels = dict(line.strip().split(" = ") for line in case.labels.strip().splitlines())
        path = write_workbook(directory / "case.xlsx", case.cells, base=base, labels=labels)
    previous = None
    if case.previous is not None:
        previous = load_report(write_workbook(directory / "previous.xlsx", case.previous,
                                                 base=BASES[case.previous_base]()))
    return validate_placed(load_report(path), previous=previous, settings=Settings(deadline=case.deadline))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case_raises_exactly_its_findings(case, tmp_path):
    findings = run_case(case, tmp_path)
    expected = case.expected()
    assert Counter((f.rule, f.key) for f in findings) == Counter((rule, key) for rule, key, _ in expected), \
        [f.message for f in findings]
    for rule, key, words in expected:
        messages = [f.message for f in findings if (f.rule, f.key) == (rule, key)]
        assert any(all(w in m for w in words) for m in messages), (rule, key, words, messages)
    for f in findings:  # located where every front end can find it, on a cell the rule is about
        assert f.sheet and f.cell and f.row_label, f
        assert catalog()[f.rule].involves(f.key), (f.rule, f.key)
        assert "{" not in f.message and f.hint, f


@pytest.mark.parametrize("case", [c for c in CASES if c.passes], ids=lambda c: c.name)
def test_passing_cases_exercise_their_rules(case):
    """A case can only show a rule passing if the rule runs on it."""
    version = BASES[case.base]().format_version
    for rule_id in case.passes:
        assert catalog()[rule_id].applies_to(version), (case.name, rule_id)
        entry = registered().get(rule_id)
        assert entry is None or not entry.needs_previous or case.previous is not None, (case.name, rule_id)
        assert rule_id not in {rule for rule, _, _ in case.expected()}, (case.name, rule_id)


def test_every_rule_has_a_failing_and_a_passing_case():
    """The importer's own rules (``import-*``) have theirs in ``test_import_conformance``."""
    failing = {rule for case in CASES for rule, _, _ in case.expected()}
    passing = {rule for case in CASES for rule in case.passes}
    rules = {r for r in catalog() if not r.startswith("import-")}
    assert rules - failing == set(), "rules without a failing case"
    assert rules - passing == set(), "rules without a passing case"
    assert failing | passing <= rules, "cases name unknown rules"


def test_every_rule_is_checked_somewhere():
    """Each rule is either reported by the workbook reader or registered as a check (and only one check)."""
    checks = set(registered())
    assert checks <= set(catalog())
    for rule in catalog().values():
        assert rule.reader or rule.id in checks, rule.id
