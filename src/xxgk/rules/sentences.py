"""Reading numbers out of Chinese prose: sentences, clauses, and the pattern of a numeral in digits or characters
(``formats.numbering.numeral`` reads it)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")
QUOTE_LENGTH = 80

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


def quoted(sentence: str) -> str:
    """A sentence short enough to quote in a message."""
    return sentence if len(sentence) <= QUOTE_LENGTH else sentence[: QUOTE_LENGTH - 1] + "…"
