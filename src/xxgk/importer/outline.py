"""The outline of a published report: its title, the preamble, the six sections and the signature.

Found in the neutral document by what the format definition says the report prints, never by position:

- a **section heading** is a short paragraph whose text, its numbering taken off, is close to a section's
  title or one of its published variants (``aliases`` in the definition). Its numbering may be 一、, 1、, 1.
  or 第一部分; headings must follow the definition's order, so a line of a table ("二、上年结转……") or of a
  sub-list that resembles a title is not taken for one (the longest run in order wins);
- the **title** is the first short line naming the report (报告), with the agency on the line before it
  when the title is printed in two lines;
- the **signature** is the agency and the date at the end (a date line alone, the agency above it);
- everything before the title is the page around the report (navigation, a collector's header) and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..formats import FormatDefinition, Section
from ..formats.labels import normalise
from ..formats.numbering import numbering, opening
from .document import Block, Document, Paragraph

MAX_HEADING = 48  # a heading is a line, not a paragraph
MIN_LIKENESS = 0.6  # share of a title's characters a heading must have, in order
_MAX_CANDIDATES = 400  # a page of thousands of numbered lines is not read for headings beyond these

_SENTENCE = re.compile(r"[。；;！？!?]")
_DATE = re.compile(r"^(?P<y>[0-9]{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*月"
                   r"\s*(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日$")
_REPORT = re.compile(r"报告|年报")


@lru_cache(maxsize=4096)
def likeness(text: str, title: str) -> float:
    """How much of ``title`` ``text`` holds, in order (the longest common subsequence over the title's length)."""
    a, b = normalise(text), normalise(title)
    if not a or not b:
        return 0.0
    if sum(min(a.count(c), b.count(c)) for c in set(b)) < MIN_LIKENESS * len(b):
        return 0.0  # too few of the title's characters at all: no order can make it alike enough
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1] / len(b)


@dataclass(frozen=True, slots=True)
class Heading:
    section: Section
    paragraph: Paragraph
    numbering: str


@dataclass(slots=True)
class Outline:
    title: list[Paragraph] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    bodies: dict[str, list[Block]] = field(default_factory=dict)  # section key → the blocks under its heading
    signature: list[Paragraph] = field(default_factory=list)


def _section_score(text: str, section: Section) -> float:
    if len(text) > MAX_HEADING or _SENTENCE.search(text.rstrip("。")):
        return 0.0
    bare = text[len(numbering(text)):]
    if len(normalise(bare)) > 2 * len(normalise(section.title)) + 4:
        return 0.0
    return max(likeness(bare, title) for title in (section.title, *section.aliases))


def _candidates(blocks: list[Block], fmt: FormatDefinition) -> list[tuple[int, int, float]]:
    """(block index, section index, score) of every paragraph that may head a section."""
    found = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or len(found) >= _MAX_CANDIDATES:
            continue
        text = block.text
        number = opening(text)
        if number and number.level in (2, 4):
            continue  # （一） and （1） head parts, not sections
        for s, section in enumerate(fmt.sections):
            score = _section_score(text, section)
            if score >= MIN_LIKENESS and (number or score == 1.0):
                found.append((i, s, score))
    return found


def _in_order(candidates: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The heaviest chain of candidates whose sections follow the definition's order (each block once)."""
    best: list[tuple[float, int]] = []  # per candidate: (weight of the best chain ending here, previous)
    for k, (i, s, score) in enumerate(candidates):
        weight, previous = 1 + score, -1
        for j in range(k):
            pi, ps, _ = candidates[j]
            if pi < i and ps < s and best[j][0] + 1 + score > weight:
                weight, previous = best[j][0] + 1 + score, j
        best.append((weight, previous))
    if not best:
        return []
    k = max(range(len(best)), key=lambda n: best[n][0])
    chain = []
    while k >= 0:
        chain.append(candidates[k][:2])
        k = best[k][1]
    return chain[::-1]


def _title(before: list[Block]) -> tuple[list[Paragraph], int]:
    """The title lines among the blocks before the first section, and the index after them (0: no title)."""
    for i, block in enumerate(before):
        if not isinstance(block, Paragraph) or len(block.text) > 80 or _SENTENCE.search(block.text):
            continue
        text = block.text
        nxt = before[i + 1] if i + 1 < len(before) else None
        if not _REPORT.search(text) and not (isinstance(nxt, Paragraph) and _REPORT.search(nxt.text)
                                             and len(nxt.text) <= 20 and re.search(r"[0-9]{4}\s*年", text)):
            continue
        lines = [block]
        if not _REPORT.search(text):  # "2024年政府信息公开工作" / "年度报告"
            lines.append(nxt)  # type: ignore[arg-type]
        end = i + len(lines)
        previous = before[i - 1] if i > 0 else None
        if (re.match(r"^[0-9]{4}\s*年(?:度)?\s*(?:政府信息公开|政务公开|信息公开)", text)
                and isinstance(previous, Paragraph) and len(previous.text) <= 30
                and not _SENTENCE.search(previous.text) and not _REPORT.search(previous.text)):
            lines.insert(0, previous)  # the agency printed on the line above "2024年……报告"
        return lines, end
    return [], 0


def is_date_line(text: str) -> bool:
    return bool(_DATE.match(text.replace(" ", "").strip("()（）")))


def _dated_subtitle(blocks: list[Block]) -> list[Paragraph]:
    """The agency and the date some reports print under the title instead of at the end ("（2026年1月23日）")."""
    head = [b for b in blocks[:2] if isinstance(b, Paragraph)]
    for k, paragraph in enumerate(head):
        if is_date_line(paragraph.text):
            above = head[:k][-1:]
            if above and (len(above[0].text) > 40 or _SENTENCE.search(above[0].text)):
                above = []
            return [*above, paragraph]
    return []


def _signature(body: list[Block]) -> tuple[list[Block], list[Paragraph]]:
    """The last section's blocks without the signature (agency, date) at their end, and the signature."""
    tail = [k for k in range(len(body) - 1, max(-1, len(body) - 9), -1)
            if isinstance(body[k], Paragraph) and is_date_line(body[k].text)]  # type: ignore[union-attr]
    if not tail:
        return body, []
    k = tail[0]
    signature = [body[k]]
    above = body[k - 1] if k > 0 else None
    if isinstance(above, Paragraph) and len(above.text) <= 40 and not _SENTENCE.search(above.text) \
            and not numbering(above.text):
        signature.insert(0, above)
        k -= 1
    return body[:k], signature  # type: ignore[return-value]


def outline(doc: Document, fmt: FormatDefinition) -> Outline:
    blocks = doc.blocks
    chain = _in_order(_candidates(blocks, fmt))
    result = Outline()
    first = chain[0][0] if chain else len(blocks)
    title, after = _title(blocks[:first])
    result.title = title
    subtitle = _dated_subtitle(blocks[after:first])
    result.preamble = [b for b in blocks[after:first] if isinstance(b, Paragraph) and b not in subtitle]
    for n, (i, s) in enumerate(chain):
        section = fmt.sections[s]
        paragraph = blocks[i]
        assert isinstance(paragraph, Paragraph)
        end = chain[n + 1][0] if n + 1 < len(chain) else len(blocks)
        body = list(blocks[i + 1 : end])
        if n + 1 == len(chain):
            body, result.signature = _signature(body)
        result.bodies[section.key] = body
        result.headings.append(Heading(section, paragraph, numbering(paragraph.text)))
    if not result.signature:
        result.signature = subtitle
    return result

