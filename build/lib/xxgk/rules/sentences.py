"""Reading numbers out of Chinese prose: sentences, clauses, numerals written in digits or in characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")
QUOTE_LENGTH = 80

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = r"(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text, stripped, each ending with its punctuation."""
    for sentence in _SENTENCE_END.split(text):
        if sentence.strip():
            yield sentence.strip()


@lru_cache(maxsize=4096)
def normal(text: str) -> str:
    """Full-width digits, letters and punctuation folded to half-width, so patterns see one form.

    Cached: every check that reads the texts folds the same sentences."""
    return unicodedata.normalize("NFKC", text)


def numeral(text: str) -> int | None:
    """12, "12", "十二", "二十", "一百零五" → int; None when it is not a numeral."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _UNITS:
            total += (current or 1) * _UNITS[char]
            current = 0
        else:
            return None
    return total + current


def quoted(sentence: str) -> str:
    """A sentence short enough to quote in a message."""
    return sentence if len(sentence) <= QUOTE_LENGTH else sentence[: QUOTE_LENGTH - 1] + "…"
