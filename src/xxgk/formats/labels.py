"""The label matcher: which official label of a table a found text stands for, and how it was matched.

One matcher for everything that reads labels (the workbook reader checks its label cells with it, the
importer finds published rows with it): exact; one of the definition's ``aliases`` (规范性文件 for
行政规范性文件); the same text once normalised (NFKC, whitespace, the numbering punctuation 、 . ．, a trailing colon, full- and
half-width brackets); or a typo of a few characters (one in four of the label's, at most three), when the
found text is clearly closer to one label than to every other label of the same table (the real
2.其他法律行政止公开, three characters dropped, → 2.其他法律行政法规禁止公开). Short labels (其他, 总计) never
match by closeness. Pure: no spreadsheet library, no format file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from .numbering import numbering

How = Literal["exact", "alias", "normalised", "unnumbered", "typo", "truncated"]
# How a found text differs from the label it was matched to, as a finding says it.
HOW_SAID: dict[str, str] = {"alias": "是其常见的另一种写法", "normalised": "仅空格、标点或全半角不同",
                            "unnumbered": "未写或另写了编号", "typo": "疑为笔误", "truncated": "只印出或读到了开头"}

_NOISE = re.compile(r"[\s、.．。:]+")


@lru_cache(maxsize=8192)  # labels recur in every workbook of a batch: found and expected alike
def normalise(text: str) -> str:
    """The text as the matcher compares it: NFKC (full-width brackets and digits become half-width), without
    whitespace or numbering punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=8192)
def unnumbered(text: str) -> str:
    """The normalised text without the number it opens with (一、 （一） 1. （1）)."""
    plain = unicodedata.normalize("NFKC", text)
    return normalise(plain[len(numbering(plain)):])


def _allowed_edits(label: str) -> int:
    """How many characters a typo may change: none in labels of up to three characters, one in four of a
    longer label's, at most three."""
    return min(3, len(label) // 4)


def distance(a: str, b: str, limit: int) -> int:
    """The edit distance (insertions, deletions, substitutions) of ``a`` and ``b``, or ``limit + 1`` when it is
    larger than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


class Match(NamedTuple):
    label: str  # the official label the found text stands for
    how: How


class Labels:
    """The official labels of one table (with their aliases), and what found texts match among them.

    Built once per table; every answer is cached, so a batch compares each distinct text once.
    """

    def __init__(self, labels: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._official: set[str] = set()
        self._normal: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        bare: dict[str, set[str]] = {}
        for label, aliases in labels:
            self._official.add(label)
            self._normal.setdefault(normalise(label), label)
            bare.setdefault(unnumbered(label), set()).add(label)
            for alias in aliases:
                self._aliases.setdefault(normalise(alias), label)
        # a label without its number stands for it only where no other label reads the same unnumbered
        self._bare = {text: next(iter(found)) for text, found in bare.items() if len(found) == 1 and len(text) > 3}
        self._cache: dict[str, Match | None] = {}

    def match(self, expected: str, found: str) -> Match | None:
        """How ``found`` matches the label ``expected``; None when it does not, or stands for another label."""
        if found == expected:
            return Match(expected, "exact")
        best = self.closest(found)
        return best if best is not None and best.label == expected else None

    def closest(self, found: str) -> Match | None:
        """The official label ``found`` stands for, or None when it stands for none (or for two equally)."""
        try:
            return self._cache[found]
        except KeyError:
            best = self._cache[found] = self._closest(found)
            return best

    def beginning(self, found: str) -> Match | None:
        """The one official label whose text begins with ``found`` (six characters at least: a long label
        broken at the end of a line, or cut off by an extraction), or None."""
        text = normalise(found)
        if len(text) < 6:
            return None
        bare = unnumbered(found)
        fits = {label for normal, label in self._normal.items() if normal.startswith(text) and normal != text}
        fits |= {label for normal, label in self._bare.items() if len(bare) >= 6 and normal.startswith(bare)}
        return Match(fits.pop(), "truncated") if len(fits) == 1 else None

    def _closest(self, found: str) -> Match | None:
        if found in self._official:
            return Match(found, "exact")
        text = normalise(found)
        if text in self._aliases:
            return Match(self._aliases[text], "alias")
        if text in self._normal:
            return Match(self._normal[text], "normalised")
        if (bare := unnumbered(found)) in self._bare:
            return Match(self._bare[bare], "unnumbered")
        scored = sorted((distance(text, normal, 3), normal) for normal in self._normal)
        if not scored:
            return None
        (best, normal), runner_up = scored[0], (scored[1][0] if len(scored) > 1 else 4)
        if 0 < best <= _allowed_edits(normal) and best < runner_up:
            return Match(self._normal[normal], "typo")
        return None
