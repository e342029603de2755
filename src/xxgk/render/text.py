"""Text conventions of an official document (公文): paragraphs, numbering 一、（一）1.（1）, dates."""

from __future__ import annotations

import re
from datetime import date

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99, enough for headings)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_date(d: date) -> str:
    """Arabic numerals without leading zeros: 2025年2月11日."""
    return f"{d.year}年{d.month}月{d.day}日"


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text typed with one paragraph a line (blank lines and surrounding spaces dropped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^[0-9]+[.．、]")),
    (4, re.compile(r"^[（(][0-9]+[）)]")),
)
_HEADING_MAX = 30
_SENTENCE_INSIDE = re.compile(r"[。；;，,：:！？]")


def starts_with_heading(text: str, level: int) -> bool:
    """Whether a text opens with a heading of its own at ``level``, run in ("（一）主动公开情况。一是……") or on a
    line of its own: then the agency's heading is printed as written, and the format's short one is not."""
    pattern = dict(_LEVELS)[level]
    return bool(pattern.match(text.lstrip()))


def heading_level(paragraph: str) -> int | None:
    """The level of a paragraph that is a numbered heading line ("（一）存在的主要问题"), else None.

    A numbered paragraph that goes on with sentences ("（一）主动公开情况。一是……") is body text.
    """
    if len(paragraph) > _HEADING_MAX or _SENTENCE_INSIDE.search(paragraph[:-1]):
        return None
    return next((level for level, pattern in _LEVELS if pattern.match(paragraph)), None)
