"""Text conventions of an official document (公文): paragraphs, headings by their numbers (``formats.numbering``),
dates."""

from __future__ import annotations

import re
from datetime import date

from ..formats.numbering import opening


def chinese_date(d: date) -> str:
    """Arabic numerals without leading zeros: 2025年2月11日."""
    return f"{d.year}年{d.month}月{d.day}日"


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text typed with one paragraph a line (blank lines and surrounding spaces dropped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


_HEADING_MAX = 30
_SENTENCE_INSIDE = re.compile(r"[。；;，,：:！？]")


def starts_with_heading(text: str, level: int) -> bool:
    """Whether a text opens with a heading of its own at ``level``, run in ("（一）主动公开情况。一是……") or on a
    line of its own: then the agency's heading is printed as written, and the format's short one is not."""
    number = opening(text)
    return number is not None and number.level == level


def heading_level(paragraph: str) -> int | None:
    """The level of a paragraph that is a numbered heading line ("（一）存在的主要问题"), else None.

    A numbered paragraph that goes on with sentences ("（一）主动公开情况。一是……") is body text.
    """
    if len(paragraph) > _HEADING_MAX or _SENTENCE_INSIDE.search(paragraph[:-1]):
        return None
    number = opening(paragraph)
    return number.level if number else None
