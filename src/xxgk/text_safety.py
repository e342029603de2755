"""Characters that XML cannot hold, and so neither can Excel, Word nor the HTML the tool writes.

XML 1.0 has no NUL, no C0 control other than tab, line feed and carriage return, no lone surrogate (half of a
UTF-16 pair, which is not a character at all) and no U+FFFE/U+FFFF. A text from a canonical JSON file or from a
library may hold them; the rule ``text-invalid-character`` reports them, and every writer replaces them with
U+FFFD (�), visibly, rather than fail while writing.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unsafe_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` that XML cannot hold, in order of appearance."""
    if text.isprintable():  # no control, surrogate nor noncharacter (most texts): a fifth of the pattern's scan
        return []
    return list(dict.fromkeys(UNSAFE.findall(text)))


def code_points(characters: list[str]) -> str:
    """``U+0000、U+D800`` (the characters themselves cannot be printed)."""
    return "、".join(f"U+{ord(c):04X}" for c in characters)


def xml_safe(text: str) -> str:
    return UNSAFE.sub(REPLACEMENT, text)


def xml_safe_data(data: Any) -> Any:
    """``data`` (dicts, lists, strings, anything else kept) with every string made XML-safe; the same object
    when nothing needed replacing, so the common case costs one scan and no copy."""
    if isinstance(data, str):
        return xml_safe(data) if UNSAFE.search(data) else data
    if isinstance(data, dict):
        cleaned = {key: xml_safe_data(value) for key, value in data.items()}
        return data if all(cleaned[k] is v for k, v in data.items()) else cleaned
    if isinstance(data, list):
        items = [xml_safe_data(value) for value in data]
        return data if all(a is b for a, b in zip(items, data)) else items
    return data


def xml_safe_report(report):
    """``report`` (an ``AnnualReport``) with U+FFFD for every character XML cannot hold in its metadata and
    texts: what the renderers draw and ``fill`` writes. The same object when it holds none."""
    update = {}
    for part in ("metadata", "texts"):
        model = getattr(report, part)
        data = model.model_dump()
        cleaned = xml_safe_data(data)
        if cleaned is not data:
            update[part] = type(model).model_validate(cleaned)
    return report.model_copy(update=update) if update else report
