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


# An issuer's code (…发, …函, …字) then the year in any brackets and the serial: 国办函（2020）109号. The code
# is the Chinese run before the year, less words that only lead up to it ("根据国办函…" → 国办函).
DOCUMENT_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{0,10}[发函涵字令办规电])\s*(?P<open>[(（\[［【〔])\s*(?P<year>(?:19|20)\d{2})\s*"
    r"(?P<close>[)）\]］】〕])\s*(?P<serial>第?\s*\d+\s*号)")
# What every document number holds: its year in brackets (one quick scan leaves the texts without any).
_BRACKETED_YEAR = re.compile(r"[(（\[［【〔]\s*(?:19|20)\d{2}\s*[)）\]］】〕]")
_LEADING = re.compile(r"^.*(?:根据|按照|依据|依照|参照|对照|落实|贯彻|执行|印发|转发|通过|结合|以及|和|及|与|的|了|将|对|在|为|以|由|向|把|即|是)")


def document_numbers_in(text: str) -> Iterator[tuple[str, str, int, int]]:
    """``(as written, issuer's code, year, serial)`` of each document number in a text."""
    if not _BRACKETED_YEAR.search(text):
        return
    for m in DOCUMENT_NUMBER.finditer(text):
        code = _LEADING.sub("", m["prefix"]) or m["prefix"]
        written = m.group(0)[m.group(0).index(code):] if code in m.group(0) else m.group(0)
        yield written, code, int(m["year"]), int(re.sub(r"\D", "", m["serial"]))


def cited_numbers(report: AnnualReport) -> tuple[tuple[str, str, str, int, int], ...]:
    """``(canonical key, as written, issuer's code, year, serial)`` of each document number in the texts; two checks
    read them (``Context.once``)."""
    return tuple((key, *found) for key, text in all_texts(report) for found in document_numbers_in(text))


@check("text-document-number")
def document_numbers(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """GB/T 9704—2012：发文字号的年份用六角括号“〔〕”括入。"""
    for key, written, code, year, serial in context.once(report, cited_numbers):
        if not ("〔" in written and "〕" in written) and not _miscited(report, code, year, serial):
            yield hit(key, found=written, expected=f"{code}〔{year}〕{serial}号")


# The notices that issued the format: (year, serial) → the format version it issued.
FORMAT_NOTICE_CODE = "国办公开办函"
FORMAT_NOTICES = {(2021, 30): "2021", (2019, 60): "2019"}
FORMAT_CITATION = f"{FORMAT_NOTICE_CODE}〔2021〕30号"
TRIAL_TITLE = re.compile(r"年度报告格式\s*[（(]\s*试行\s*[)）]")


def _miscited(report: AnnualReport, code: str, year: int, serial: int) -> bool:
    """A citation of the format notice that a 2021-format report should write as 国办公开办函〔2021〕30号: the
    2019 trial notice, or the 2021 notice under a wrong issuer's code (国办政务公开办函, 国办公开办涵)."""
    notice = FORMAT_NOTICES.get((year, serial))
    if report.format_version != "2021" or notice is None or not code.startswith("国"):
        return False
    return notice == "2019" or code != FORMAT_NOTICE_CODE


@check("text-format-citation")
def format_citation(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """2021 年度起的报告依据《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制。"""
    cited = context.once(report, cited_numbers)
    for key, text in all_texts(report):
        for _, written, code, year, serial in (c for c in cited if c[0] == key):
            if _miscited(report, code, year, serial):
                yield hit(key, found=written, expected=FORMAT_CITATION)
        match = TRIAL_TITLE.search(text) if report.format_version == "2021" else None
        if match:
            yield hit(key, found=match.group(0), expected=f"《中华人民共和国政府信息公开工作年度报告格式》（{FORMAT_CITATION}）")


# Traditional forms common in mirrored pages; none of them is a valid simplified character. One character class:
# the regular expression engine scans a text for them without making a string of each of its characters.
TRADITIONAL = re.compile(
    "[這個們來為對發務實現經過還進與資訊體處請報號關機縣鎮區條門網電話會議開問國義說時間長東車書學業產動員應當從將並總領導舉"
    "辦認識萬標準確權規範環衛醫療費價設計劃項據數統結構類質級單組織鄉農傳轉運達選歲歷廳審聯繫係隊訴訟複維護決覽錄稱補繳納證檔"
    "獲後裡麼職責戶題]"
)


@check("text-traditional")
def traditional_characters(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """《国家通用语言文字法》：公文以规范汉字（简化字）为基本用字。"""
    for key, text in all_texts(report):
        found = TRADITIONAL.findall(text)
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
