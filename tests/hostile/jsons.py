"""Hostile canonical JSON: the example's JSON with one value replaced by a raw JSON literal."""

from __future__ import annotations

import json

from .case import FILL, JSON_COMMANDS, PREVIOUS_DIR, VALIDATE, Case, Expect, built, completes, finding, refused
from conftest import EXAMPLE_JSON

_SLOT = '"@@slot@@"'
COUNT = ("tables", "t3", "new_received", "natural_person")
AMOUNT = ("tables", "t2", "fees", "amount_wan_yuan")
TEXT = ("texts", "other")
YEAR = ("metadata", "report_year")
ONE_FILE_JSON = [c for c in JSON_COMMANDS if c != PREVIOUS_DIR]


def with_literal(where: tuple[str, ...], literal: str) -> bytes:
    """The example's JSON with the value at ``where`` written as ``literal``, verbatim."""
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    node = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = "@@slot@@"
    text = json.dumps(data, ensure_ascii=False, indent=2)
    assert text.count(_SLOT) == 1
    return text.replace(_SLOT, literal).encode("utf-8")


def _case(name: str, where: tuple[str, ...], literal: str, expect, **kw) -> Case:
    return Case(name, built(f"{name}.json", lambda: with_literal(where, literal)), expect, **kw)


# 4. Wrong values accepted: a wrong type refuses the file, naming the key.
WRONG_TYPES = [
    _case("json-count-true", COUNT, "true", refused("natural_person", JSON_COMMANDS)),
    _case("json-count-string", COUNT, '"3"', refused("natural_person", JSON_COMMANDS)),
    _case("json-amount-nan", AMOUNT, "NaN", refused("amount_wan_yuan", JSON_COMMANDS)),
    _case("json-amount-infinity", AMOUNT, "Infinity", refused("amount_wan_yuan", JSON_COMMANDS)),
    _case("json-amount-1e400", AMOUNT, "1e400", refused("amount_wan_yuan", JSON_COMMANDS)),
    _case("json-count-4000-digits", COUNT, "7" * 4000, refused("natural_person", JSON_COMMANDS)),
    # beyond Python's int-string limit, the JSON parser itself refuses it (the message gives the line)
    _case("json-count-5000-digits", COUNT, "7" * 5000, refused("不是有效的 JSON 文件", JSON_COMMANDS)),
    _case("json-nesting-100000", TEXT, "[" * 100_000 + "]" * 100_000, refused("JSON", JSON_COMMANDS)),
]

# 3. Ordinary values that crashed: a value of the right type breaking a rule is a finding.
VALUES = [
    _case("json-year-3000", YEAR, "3000", finding("报告年度", JSON_COMMANDS)),
    # Characters XML cannot hold (a lone surrogate, NUL) are replaced where read, with a finding, so every
    # writer succeeds.
    _case("json-text-lone-surrogate", TEXT, '"前\\ud800后"', completes(JSON_COMMANDS)),
    _case("json-text-nul", TEXT, '"前\\u0000后"', completes(JSON_COMMANDS)),
]

# 9. A text far beyond a cell's 32 767 characters (and any JSON a report needs): refused, never cut (a cut text
#    is lost data) and never left to run for minutes.
HUGE_TEXT = [
    Case("json-text-70-million", built("json-text-70-million.json", lambda: with_literal(TEXT, '"' + "x" * 70_000_000 + '"')),
         {FILL: Expect.exit(2), VALIDATE: Expect.exit(2)}, isolated=True, timeout=30),
]
