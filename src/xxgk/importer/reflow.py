"""Joining hard-wrapped lines (PDF text, text pasted as Markdown) back into paragraphs.

A line continues the previous one when the previous line is full (it reaches the right margin) and the line
is neither indented nor starts with a heading number (一、 （一） 1、 1. （1） 第一部分). Chinese lines are
joined without a space; a space only between two Latin letters (a number or an address broken at the margin
is one token: "0901-3" + "340090").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..formats.numbering import numbering


@dataclass(slots=True)
class Line:
    text: str
    number: int  # its line number (in the file, or on its page)
    full: bool  # reaches the right margin
    indented: bool = False  # starts right of the left margin (a first-line indent)
    page: int | None = None


def continues(prev: Line, line: Line) -> bool:
    return prev.full and not line.indented and not numbering(line.text)


def join(left: str, right: str) -> str:
    if left and right and _latin(left[-1]) and _latin(right[0]):
        return f"{left} {right}"
    return left + right


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def paragraphs(lines: list[Line]) -> list[tuple[str, Line]]:
    """(text, first line) for each paragraph."""
    out: list[tuple[str, Line]] = []
    prev: Line | None = None
    for line in lines:
        if prev is not None and out and continues(prev, line):
            text, first = out[-1]
            out[-1] = (join(text, line.text), first)
        else:
            out.append((line.text, line))
        prev = line
    return out


# East Asian wide and full-width characters (Unicode's W and F), the ranges that Chinese text uses
WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def width(text: str) -> int:
    """Display width: 2 for CJK and full-width characters, 1 otherwise."""
    return len(text) + len(WIDE.findall(text))
