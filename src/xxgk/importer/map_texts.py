"""The texts of a published report: the preamble and the sections' paragraphs, into the model's parts.

A section of one part (五、六) is its paragraphs, one per line. 一、总体情况 is split at its second-level
headings (（一）…（五）): each heading is matched to a part by its words (the part's title, in order), by its
number where the words do not decide; what comes before the first is the lead. The agency's own heading is
kept as written ("（一）主动公开情况。一是……" stays the start of its part); only the format's own short heading
("（一）主动公开", which ``xxgk report`` prints above a part without one) is dropped, since the report adds it again.
"""

from __future__ import annotations

import re

from ..formats import FormatDefinition, Section, TextPart
from ..formats.numbering import chinese_numeral, opening
from ..rules.registry import Hit
from .document import Paragraph
from .outline import Outline, likeness

MIN_PART_LIKENESS = 0.5


def _which_part(text: str, parts: tuple[TextPart, ...]) -> TextPart | None:
    number = opening(text)
    if number is None or number.level != 2:
        return None
    head = re.split(r"[。，,；;：:]", text[len(number.text):], maxsplit=1)[0]
    scores = [likeness(head, p.title) if p.title else 0.0 for p in parts]
    by_number = parts[number.value - 1] if 1 <= number.value <= len(parts) else None
    best = max(scores, default=0.0)
    if best >= MIN_PART_LIKENESS:
        top = [p for p, s in zip(parts, scores, strict=True) if s >= best - 0.01]
        if by_number in top:
            return by_number
        if len(top) == 1:
            return top[0]
    return by_number


def _parts(section: Section, paragraphs: list[str]) -> dict[str, str]:
    titled = tuple(p for p in section.parts if p.title)
    lead = next((p.key for p in section.parts if not p.title), titled[0].key)
    out: dict[str, list[str]] = {p.key: [] for p in section.parts}
    current = lead
    for text in paragraphs:
        part = _which_part(text, titled)
        if part is not None:
            current = part.key
            if text.replace(" ", "") == f"（{chinese_numeral(titled.index(part) + 1)}）{part.title}":
                continue  # the format's own heading, which the report prints again
        out[current].append(text)
    return {key: "\n".join(lines) for key, lines in out.items()}


def read_texts(result: Outline, fmt: FormatDefinition) -> tuple[dict, list[Hit]]:
    texts: dict = {"preamble": "\n".join(p.text for p in result.preamble)}
    hits: list[Hit] = []
    for section in fmt.text_sections:
        body = result.bodies.get(section.key)
        if body is None:
            hits.append(Hit(f"texts.{section.key}", {"section": section.heading}, "import-section-missing",
                            origin="import"))
            continue
        paragraphs = [b.text for b in body if isinstance(b, Paragraph)]
        texts[section.key] = "\n".join(paragraphs) if len(section.parts) == 1 else _parts(section, paragraphs)
    return texts, hits
