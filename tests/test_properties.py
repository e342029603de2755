"""Properties (Hypothesis): any raw cell value gives a number or the rule it breaks; any workbook the reader
reads gives the report validation would make of it; any JSON text gives a report, or one Chinese line, never
another exception."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.errors import XxgkError
from xxgk.jsonio import dumps_report, report_from_json
from xxgk.model import MAX_MAGNITUDE, AnnualReport
from xxgk.render import build_document, render
from xxgk.rules import catalog
from xxgk.rules.numbers import AMOUNT_PLACES, ParsedNumber, parse_number
from xxgk.validation import validate
from xxgk.workbook.layout import layout_for
from xxgk.workbook.reader import report_from_source
from xxgk.workbook.sources import open_source

from conftest import EXAMPLE_XLSX
from support import example_report

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = st.sampled_from(["count", "change", "amount"])

# --------------------------------------------------------------------------- the number normaliser

digits = st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n)
numeric_text = st.one_of(
    st.from_regex(r"\A\s*[+-]?[0-9０-９,，.]{0,30}\s*(万元|元|件|条|个)?\s*\Z", fullmatch=True),
    st.builds(lambda d, frac, unit: d + frac + unit, digits, st.sampled_from(["", ".5", ".123456", "."]),
              st.sampled_from(["", "元", "万元", "件"])),
    st.sampled_from(["1E+30", "1e400", "NaN", "inf", "-0", "0.00001", "/", "无", "—", "", "  ", "\x00", "\ud800"]),
)
raw_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**5000), max_value=10**5000),
    st.floats(allow_nan=True, allow_infinity=True), st.text(), numeric_text, st.dates(), st.datetimes(),
    st.decimals(allow_nan=True), st.lists(st.integers(), max_size=2),
)


@FAST
@given(raw_values, KINDS)
def test_any_raw_value_gives_a_number_or_the_rule_it_breaks(raw, kind):
    parsed = parse_number(raw, kind)
    assert isinstance(parsed, ParsedNumber)
    assert parsed.problem is None or parsed.problem in catalog(), parsed
    value = parsed.value
    if value is None:
        assert parsed.problem is not None, (raw, parsed)  # nothing is dropped silently
        return
    assert math.isfinite(value) and abs(value) < MAX_MAGNITUDE
    AnnualReport.from_values({_key(kind): value})  # whatever it gives, the model holds
    if kind == "amount":
        assert isinstance(value, float) and value >= 0
        assert Decimal(repr(value)) == round(Decimal(repr(value)), AMOUNT_PLACES)
    else:
        assert isinstance(value, int) and not isinstance(value, bool)
        assert kind == "change" or value >= 0


def _key(kind: str) -> str:
    return {"count": "t2.penalty.decisions", "change": "t2.penalty.decisions",
            "amount": "t2.fees.amount_wan_yuan"}[kind]


@FAST
@given(st.integers(min_value=-(10**20), max_value=10**20), KINDS)
def test_a_clean_whole_number_reads_as_itself_or_is_reported(number, kind):
    for raw in (number, str(number), float(number)):
        parsed = parse_number(raw, kind)
        if parsed.value is not None:
            assert parsed.value == number


# --------------------------------------------------------------------------- the workbook reader


class _Replaced:
    """The example workbook's cells, with some of the cells the layout binds holding other raw values."""

    def __init__(self, raws: dict[str, object]) -> None:
        self.raws = raws

    def sheet_names(self) -> list[str]:
        return _example_sheet_names()

    def read(self, sheet: str, max_row: int, max_col: int) -> list[list[object]]:
        grid = [list(row) for row in _example_grid(sheet, max_row, max_col)]
        for key, raw in self.raws.items():
            binding = _bindings()[key]
            if binding.sheet == sheet:
                grid[binding.row - 1][binding.col - 1] = raw
        return grid


@cache
def _bindings() -> dict:
    return layout_for("2021").bindings


@cache
def _example_sheet_names() -> list[str]:
    source = open_source(EXAMPLE_XLSX)
    try:
        return source.sheet_names()
    finally:
        source.close()


@cache
def _example_grid(sheet: str, max_row: int, max_col: int) -> list[list[object]]:
    source = open_source(EXAMPLE_XLSX)
    try:
        return source.read(sheet, max_row, max_col)
    finally:
        source.close()


# what a source gives for a cell (calamine: numbers as floats; openpyxl: ints too; dates and datetimes)
cell_raws = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(), numeric_text, st.dates(), st.datetimes(),
    st.sampled_from(["2024", "2024年", "二〇二四", "2025-02-11", "2025年2月11日", "省级人民政府", "province",
                     "100010", 100010, 10010, 45000, "1E+30"]),
)


@FAST
@given(st.dictionaries(st.sampled_from(sorted(_bindings())), cell_raws, max_size=8))
def test_the_workbook_reader_builds_the_report_validation_makes(raws):
    """The reader builds its report without validating it again (``AnnualReport.from_checked``): whatever the
    cells hold, validating that report's values changes nothing, to the type of each number."""
    report = report_from_source(_Replaced(raws))
    again = AnnualReport.model_validate(report.model_dump())
    assert again == report
    assert dumps_report(again) == dumps_report(report)


# --------------------------------------------------------------------------- the JSON reader

json_leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**4000), max_value=10**4000),
                        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=50),
                        st.sampled_from(["2024", "2024-01-01", "province", "0", "-1", "\x00", "\ud800", "1E+30"]))
json_values = st.recursive(json_leaves, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)), max_leaves=12)
CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _example() -> str:
    return dumps_report(example_report())


def _leaf_paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaf_paths(value, (*prefix, key))
    elif isinstance(data, list) and data:
        for i, value in enumerate(data):
            yield from _leaf_paths(value, (*prefix, i))
    else:
        yield prefix


LEAVES = tuple(_leaf_paths(json.loads(_example())))


def _read(text: str) -> AnnualReport | None:
    """The report, or None after checking the refusal is one Chinese line (any other exception fails)."""
    try:
        report = report_from_json(text)
    except XxgkError as error:
        message = str(error)
        assert "\n" not in message and CJK.search(message), message
        ours = re.sub(r"“[^”]*”", "", message)  # the user's own text, quoted, may say anything
        for english in ("Input should", "validation error", "Invalid JSON", "Value error"):
            assert english not in ours, message
        return None
    found = validate(report)  # a report that loads can be validated and rendered
    assert all(f.message for f in found)
    render(build_document(report), "md")
    json.loads(dumps_report(report), parse_constant=lambda c: (_ for _ in ()).throw(AssertionError(c)))
    return report


@FAST
@given(json_values)
def test_any_json_value_gives_a_report_or_one_chinese_line(value):
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:
        return  # Python cannot even write it (an integer beyond its string limit)
    _read(text)


@FAST
@given(st.sampled_from(LEAVES), json_values)
def test_any_leaf_of_the_example_replaced_gives_a_report_or_one_chinese_line(path, value):
    data = json.loads(_example())
    place = data
    for part in path[:-1]:
        place = place[part]
    place[path[-1]] = value
    try:
        text = json.dumps(data, ensure_ascii=False)
    except ValueError:
        return
    _read(text)


@FAST
@given(st.sampled_from(LEAVES), st.sampled_from(["delete", "rename", "wrap"]))
def test_any_leaf_of_the_example_removed_renamed_or_nested_gives_a_report_or_one_chinese_line(path, how):
    data = json.loads(_example())
    place = data
    for part in path[:-1]:
        place = place[part]
    key = path[-1]
    if how == "delete":
        del place[key]
    elif how == "rename" and isinstance(place, dict):
        place[f"{key}\n\x1b[2J"] = place.pop(key)
    else:
        place[key] = {"value": place[key]}
    _read(json.dumps(data, ensure_ascii=False))


def test_the_readers_accept_what_the_tool_writes():
    """The property tests above would pass vacuously if the example itself were refused."""
    assert _read(_example()) == example_report()


def test_dates_and_datetimes_are_not_numbers():
    assert parse_number(date(2024, 1, 1)).problem == "cell-not-number"
    assert parse_number(datetime(2024, 1, 1)).problem == "cell-not-number"
