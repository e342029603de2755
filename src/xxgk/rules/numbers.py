"""Numbers as staff type them: normalised, with the reason whenever the raw value was not a clean number.

"3", 3.0, "３", " 3 ", "3件" are read as 3 (with the catalog rule it breaks where it was text); "/", "-", "无" and blanks
are not numbers; 2.5 in a count and negative counts are errors; a number of more digits than a table can hold
(``MAX_MAGNITUDE``: "1E+30", 29 nines, infinity) is too large. Nothing is silently dropped, and no value,
however long or odd, raises: every raw value gives a ``ParsedNumber``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..model import MAX_MAGNITUDE, Number

AMOUNT_PLACES = 4
# Placeholders that staff type for "nothing": read as no number, reported as such.
PLACEHOLDERS = {"/", "／", "-", "—", "——", "－", "–", "无", "空", "暂无", "n/a", "na", "null", "none", "\\", "x", "×"}
_UNITS = ("万元", "件", "条", "个", "次", "项", "份", "起", "元")
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
# Digits that matter to the bound: a text with more is too large without being converted (Decimal would take a
# 5000-digit text, but rounding it to four places overflows the context's 28 digits).
_MAX_DIGITS = len(str(MAX_MAGNITUDE))


@dataclass(frozen=True)
class ParsedNumber:
    """``value`` is what the report holds; ``problem`` is the id of the catalog rule the raw value breaks (or None)."""

    value: Number | None
    problem: str | None = None

    @property
    def clean(self) -> bool:
        return self.problem is None


def _text_to_number(text: str) -> tuple[Decimal | None, bool]:
    """(number, had_unit_in_yuan) from text, or (None, False) when it is not a number at all."""
    normal = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    in_yuan = False
    for unit in _UNITS:
        if normal.endswith(unit) and len(normal) > len(unit):
            in_yuan = unit == "元"
            normal = normal[: -len(unit)]
            break
    if not _NUMBER.match(normal):
        return None, False
    whole = normal.lstrip("+-").split(".")[0].lstrip("0")
    if len(whole) > _MAX_DIGITS:
        return Decimal("Infinity"), in_yuan
    try:
        return Decimal(normal), in_yuan
    except InvalidOperation:
        return None, False


_BLANK = ParsedNumber(None, "cell-blank")
_SMALL_WHOLE: dict[int, ParsedNumber] = {}  # 0–999, each made when first met (frozen: one serves every cell)


def parse_number(raw: object, kind: str = "count") -> ParsedNumber:
    """Parse one cell. ``kind`` is the column kind of the format: count, change or amount (万元)."""
    if type(raw) is int:  # most cells: a whole number, clean unless too large or negative (what follows would say so)
        if kind != "amount" and 0 <= raw < 1000:
            parsed = _SMALL_WHOLE.get(raw)
            if parsed is None:
                parsed = _SMALL_WHOLE[raw] = ParsedNumber(raw)
            return parsed
        if not abs(raw) < MAX_MAGNITUDE:
            return ParsedNumber(None, "cell-too-large")
        if raw < 0 and kind in ("count", "amount"):
            return ParsedNumber(None, "cell-negative")
        return ParsedNumber(float(raw) if kind == "amount" else raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return _BLANK
    if isinstance(raw, (bool, datetime, date)):
        return ParsedNumber(None, "cell-not-number")
    problem = None
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and math.isnan(raw):
            return ParsedNumber(None, "cell-not-number")
        if isinstance(raw, float) and math.isinf(raw):
            return ParsedNumber(None, "cell-too-large")  # calamine reads a number of 400 digits as infinity
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if unicodedata.normalize("NFKC", text).lower() in PLACEHOLDERS:
            return ParsedNumber(None, "cell-placeholder")
        parsed, in_yuan = _text_to_number(text)
        if parsed is None:
            return ParsedNumber(None, "cell-not-number")
        number = parsed
        problem = "cell-text-number" if _NUMBER.match(text) else "cell-unclean-number"
        if in_yuan and kind == "amount":
            number = number / 10000
            problem = "cell-amount-in-yuan"
    else:
        return ParsedNumber(None, "cell-not-number")

    if not abs(number) < MAX_MAGNITUDE:
        return ParsedNumber(None, "cell-too-large")
    if kind == "amount":
        if number < 0:
            return ParsedNumber(None, "cell-negative")
        rounded = round(number, AMOUNT_PLACES)
        if rounded != number and problem is None:
            problem = "cell-amount-precision"
        return ParsedNumber(float(rounded), problem)
    if number != number.to_integral_value():
        return ParsedNumber(None, "cell-fraction")
    if number < 0 and kind == "count":
        return ParsedNumber(None, "cell-negative")
    return ParsedNumber(int(number), problem)
