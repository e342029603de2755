"""Checks of how the texts are written: last year's text left in, a quantity given twice, empty problem statements,
doubled words. All are practice, so warnings and infos: they point a reader at a sentence, never block."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import AnnualReport
from ..context import Context
from ..facts import text_sentences
from ..registry import Hit, check, hit
from ..sentences import normal, quoted

OVERVIEW = ("overview",)  # section 一: the statements of the year; 五 and 六 may well name other years

# A sentence that opens with a year as the time of its statement: "2023年，我局……", "二是2023年全年……".
# Comparisons ("较2023年"), document numbers (〔2020〕) and deadlines never open a sentence this way;
# "2023年以来" (a span reaching into this year) does, and is left alone.
_OPENING_YEAR = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十]+[)）、.]|[一二三四五六七八九十]+是|\d+[.、])?\s*"
    r"(?P<year>(?:19|20)\d{2})\s*年度?(?=[,，]|全年|[我本全该][\u4e00-\u9fff])")


@check("text-stale-year")
def stale_year(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """年度报告总结本年度工作：第一部分以往年年份开头的陈述，多为沿用上一年度报告的文字。"""
    year = report.metadata.plausible_year  # a mistyped year (3000) has a finding of its own
    if year is None:
        return
    for section, key, sentence, folded in context.once(report, text_sentences):
        match = _OPENING_YEAR.match(folded) if section in OVERVIEW else None
        if match and int(match["year"]) < year:
            yield hit(key, sentence=quoted(sentence), year=int(match["year"]), report_year=year)


# "主动公开政府信息20条": the words before a count, and its unit. Two mentions in different sentences name the same
# quantity when their words end alike over at least five characters ("全年共发布工作动态" and
# "在门户网站发布工作动态" both count 发布工作动态).
# (A match begins where the text or a run of Han characters does, or after the unit of the match before: the same
# matches as without the look-behind, without trying every character of a run.)
_QUANTITY = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[条件个篇期次份项]))"
                       r"(?P<words>[\u4e00-\u9fff]{2,})(?P<n>\d+)\s*(?P<unit>[条件个篇期次份项])")
_SAME_NAME = 5
# what every such mention holds, Han characters right before digits: a sentence without it is not scanned for
# them (the look-behind is tried at every character of a sentence; this class is found faster)
_COUNTED = re.compile(r"[\u4e00-\u9fff]\d")


def _common_ending(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n:]


@check("text-quantity-conflict")
def quantity_conflict(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """同一事项在正文中前后数字应一致。"""
    seen: list[tuple[str, str, int, str]] = []  # words, unit, number, sentence
    reported: set[str] = set()
    for section, key, sentence, folded in context.once(report, text_sentences):
        for m in _QUANTITY.finditer(folded) if section in OVERVIEW and _COUNTED.search(folded) else ():
            words, unit, n = m["words"], m["unit"], int(m["n"])
            for words0, unit0, n0, sentence0 in seen:
                name = _common_ending(words, words0)
                if (unit0 == unit and n0 != n and sentence0 != sentence and len(name) >= _SAME_NAME
                        and name not in reported):
                    reported.add(name)
                    yield hit(key, quantity=name, unit=unit, first=n0, second=n,
                              first_sentence=quoted(sentence0), second_sentence=quoted(sentence))
            seen.append((words, unit, n, sentence))


_NOTHING = re.compile(r"^(?:无|暂无|没有|无问题|没有问题)[。.]?$")


@check("text-problems-none")
def problems_none(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """第五部分报告存在的主要问题及改进情况；只写“无”不符合《格式》要求。"""
    text = report.texts.problems.strip()
    if text and _NOTHING.match(normal(text)):
        yield hit("texts.problems", text=text)


# A word of two to four characters written twice in a row ("资金资金"). Single-character reduplication (常常,
# 人人) is Chinese, and so are "一点一点", "一步一步": repeats that begin with 一 are left alone.
_DOUBLED = re.compile(r"(?P<word>(?!一)[\u4e00-\u9fff]{2,4})(?P=word)")


@check("text-doubled-word")
def doubled_word(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """正文中连续重复的词语，多为录入或粘贴错误。"""
    for _, key, sentence, _ in context.once(report, text_sentences):
        match = _DOUBLED.search(sentence)
        if match:
            yield hit(key, found=match.group(0), sentence=quoted(sentence))
