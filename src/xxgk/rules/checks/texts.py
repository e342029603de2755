"""Checks of the texts on their own: presence, the fee statement, and the writing conventions of 公文."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import AnnualReport
from ...text_safety import UNSAFE, code_points, unsafe_characters
from ..context import Context
from ..facts import all_texts, text_parts
from ..registry import Hit, check, hit

OPTIONAL_PARTS = ("texts.overview.lead",)


@check("text-missing")
def missing_text(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """年度报告由六部分组成；第一部分含主动公开、依申请公开、政府信息管理、平台建设、监督保障五个分项。"""
    for key, text in text_parts(report):
        if key not in OPTIONAL_PARTS and not text.strip():
            yield hit(key)


FEE_WORDS = re.compile(r"处理费|收费|缴费")


@check("text-fee-statement")
def fee_statement(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """第六部分报告《政府信息公开信息处理费管理办法》规定的信息处理费收取情况。"""
    text = report.texts.other
    if text.strip() and not FEE_WORDS.search(text):
        yield hit("texts.other")


# An issuer's code (…发, …函, …字) then the year in the wrong brackets: 国办函（2020）109号.
DOCUMENT_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{0,4}[发函字令办规电])\s*[(（\[［【]\s*(?P<year>(?:19|20)\d{2})\s*[)）\]］】]"
    r"\s*(?P<serial>第?\s*\d+\s*号)")


@check("text-document-number")
def document_numbers(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """GB/T 9704—2012：发文字号的年份用六角括号“〔〕”括入。"""
    for key, text in all_texts(report):
        for m in DOCUMENT_NUMBER.finditer(text):
            serial = re.sub(r"\s+", "", m["serial"])
            yield hit(key, found=m.group(0), expected=f"{m['prefix']}〔{m['year']}〕{serial}")


# Traditional forms common in mirrored pages; none of them is a valid simplified character.
TRADITIONAL = frozenset(
    "這個們來為對發務實現經過還進與資訊體處請報號關機縣鎮區條門網電話會議開問國義說時間長東車書學業產動員應當從將並總領導舉"
    "辦認識萬標準確權規範環衛醫療費價設計劃項據數統結構類質級單組織鄉農傳轉運達選歲歷廳審聯繫係隊訴訟複維護決覽錄稱補繳納證檔"
    "獲後裡麼職責戶題"
)


@check("text-traditional")
def traditional_characters(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """《国家通用语言文字法》：公文以规范汉字（简化字）为基本用字。"""
    for key, text in all_texts(report):
        found = [c for c in text if c in TRADITIONAL]
        if found:
            yield hit(key, chars="".join(dict.fromkeys(found)), count=len(found))


HALF_WIDTH_BRACKETS = re.compile(r"\([^()\n]*\)")
CJK = re.compile(r"[\u4e00-\u9fff]")


@check("text-halfwidth-brackets")
def half_width_brackets(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """公文的中文行文使用全角标点：括号内外是中文时用“（）”。"""
    for key, text in all_texts(report):
        found = [m.group(0) for m in HALF_WIDTH_BRACKETS.finditer(text)
                 if CJK.search(m.group(0)) or CJK.match(text[m.start() - 1:m.start()])]
        if found:
            first = found[0] if len(found[0]) <= 24 else found[0][:22] + "…)"
            yield hit(key, found=first, count=len(found))


@check("text-invalid-character")
def invalid_characters(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """Excel、Word 和网页无法保存 NUL 等控制字符和残缺的 Unicode 字符（不成对的代理码位）。

    Every text of the metadata and of the report; the writers replace them with U+FFFD (``text_safety``).
    """
    metadata = ((f"metadata.{name}", value) for name, value in report.metadata if isinstance(value, str))
    for key, text in (*metadata, *all_texts(report)):
        if found := unsafe_characters(text):
            yield hit(key, chars=code_points(found), count=len(UNSAFE.findall(text)))
