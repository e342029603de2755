"""Reading numbers out of Chinese prose: sentences, clauses, and the pattern of a numeral in digits or characters
(``formats.numbering.numeral`` reads it)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_SENTENCE_ENDS = "。！？；!?;"
QUOTE_LENGTH = 80

NUMERAL = r"(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text, stripped, each ending with its punctuation (a line break ends one too)."""
    for end in _SENTENCE_ENDS:  # a line break after each: str.replace, not a look-behind tried at every character
        text = text.replace(end, end + "\n")
    for sentence in text.split("\n"):
        if sentence := sentence.strip():
            yield sentence


# the compatibility characters of most Chinese texts, each with its decomposition: NFKC decomposes a text
# before composing it, so replacing them first changes nothing, and NFKC then finds a text it can return as it
# is, instead of decomposing and composing every character (some 50 times the cost)
_COMMON_WIDE = tuple((c, unicodedata.normalize("NFKD", c)) for c in "，：（）；！？％…\u3000０１２３４５６７８９")


@lru_cache(maxsize=4096)
def normal(text: str) -> str:
    """Full-width digits, letters and punctuation folded to half-width, so patterns see one form.

    Cached: every check that reads the texts folds the same sentences."""
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    return unicodedata.normalize("NFKC", text)


def quoted(sentence: str) -> str:
    """A sentence short enough to quote in a message."""
    return sentence if len(sentence) <= QUOTE_LENGTH else sentence[: QUOTE_LENGTH - 1] + "…"
