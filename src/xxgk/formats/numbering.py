"""Numerals and heading numbers of Chinese official documents (公文), written once.

``numeral`` reads a number written in digits or in characters (十二, 一百零五, 二〇二四); ``chinese_numeral``
writes one (12 → 十二). ``opening`` says which heading number a line opens with, and at which level.

Level 1 is 一、 (also 一. 一．) or 第一部分 (第一章, 第一节); level 2 is （一）; level 3 is 1、 1. 1．; level 4 is
（1）. Brackets and digits may be full- or half-width, with spaces inside. A digit followed by a point and
another digit is a decimal number (1.5万元), not a heading number. The reader of published reports uses these
to find headings and paragraph starts, the label matcher to compare labels without their numbers, and the
renderer to tell an agency's own sub-heading from body text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_CHINESE = "[一二三四五六七八九十]+"
_ARABIC = "[0-9０-９]"
_STYLES = (  # (level, pattern), tried in this order
    (1, rf"第\s*{_CHINESE}\s*(?:部分|章|节)\s*[、.．:：]?"),
    (1, rf"{_CHINESE}\s*[、.．]"),
    (2, rf"[（(]\s*{_CHINESE}\s*[）)]"),
    (3, rf"{_ARABIC}{{1,2}}\s*[、.．](?!{_ARABIC})"),
    (4, rf"[（(]\s*{_ARABIC}{{1,2}}\s*[）)]"),
)
_OPENING = re.compile(r"^\s*(?:" + "|".join(f"({pattern})" for _, pattern in _STYLES) + r")\s*")
_NUMERAL = re.compile(rf"{_CHINESE}|{_ARABIC}+")
_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES = {c: n for n, c in enumerate(_DIGITS)} | {"〇": 0, "○": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def numeral(text: str) -> int | None:
    """12, "１２", "十二", "二十", "一百零五" → the number; "二〇二四" (a year, digit by digit) → 2024; None when
    ``text`` is not a numeral."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGIT_VALUES and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):
        return int("".join(str(_DIGIT_VALUES[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in _DIGIT_VALUES:
            current = _DIGIT_VALUES[char]
        else:
            total += (current or 1) * _UNITS[char]
            current = 0
    return total + current


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99, enough for headings)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


class Number(NamedTuple):
    """The heading number a text opens with."""

    text: str  # as written, with the spaces around it ("（一） ")
    level: int  # 1 一、 or 第一部分, 2 （一）, 3 1., 4 （1）
    value: int  # 一 → 1, 十二 → 12, （3） → 3


@lru_cache(maxsize=8192)  # labels and headings recur in every report of a batch
def opening(text: str) -> Number | None:
    """The heading number ``text`` opens with, or None."""
    match = _OPENING.match(text)
    if match is None:
        return None
    style = match.lastindex or 0  # one group per style: the one that matched
    digits = _NUMERAL.search(match.group(style))
    return Number(match.group(0), _STYLES[style - 1][0], (numeral(digits.group(0)) if digits else None) or 0)


def numbering(text: str) -> str:
    """The heading number ``text`` opens with ("一、", "（一） ", "1.", "第一部分"), or ""."""
    number = opening(text)
    return number.text if number else ""
