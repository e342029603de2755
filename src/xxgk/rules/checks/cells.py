"""The cell rules of the workbook reader, on the values of the model: a canonical JSON file (or a report built
in code) holds what a workbook cell would have been refused for.

The reader reports a cell it could not read cleanly and leaves it blank (or rounded), so these checks find
nothing in a report read from a workbook: a cell with a reader finding of its own is not reported again.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ...formats import get_format
from ...model import AnnualReport, State
from ..context import Context
from ..numbers import parse_number
from ..registry import Hit, check, hit


def _read_by_the_reader(report: AnnualReport) -> set[str | None]:
    return {f.key for f in report.findings if f.origin == "import"}


@cache
def _input_kinds(version: str) -> dict[str, str]:
    """The column kind of every input cell of a format (totals are recomputed, never read)."""
    return {key: cell.column.kind for key, cell in get_format(version).cells.items() if not cell.derived}


def _odd_inputs(report: AnnualReport, values: dict[str, object]) -> list[tuple[str, str, object]]:
    """(key, column kind, value) of every odd input cell that the reader has not already reported."""
    kinds = _input_kinds(report.format_version)
    # not a count the rules need not look at: blank, negative, or not an integer (most cells are neither)
    odd = [(key, value) for key in kinds if (value := values[key]) is None or type(value) is not int or value < 0]
    if not odd:
        return []
    reported = _read_by_the_reader(report)
    return [(key, kinds[key], value) for key, value in odd if key not in reported]


def _inputs(report: AnnualReport, context: Context) -> list[tuple[str, str, object]]:
    """The odd inputs, found once per validation for the three checks that read them."""
    return context.once(report, _odd_inputs, context.values(report))


def _with_problem(report: AnnualReport, context: Context, rule: str) -> Iterator[Hit]:
    """Cells whose value the number normaliser would report under ``rule`` (negative, fraction, precision)."""
    for key, kind, value in _inputs(report, context):
        if value is not None:
            parsed = parse_number(value, kind)
            if parsed.problem == rule:
                yield hit(key, raw=value, value=parsed.value)


@check("cell-blank")
def blank(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """统计表每一栏都应填写数字，没有发生的事项填 0（规范 JSON 中为 null、状态为 blank 的栏目）。

    Keyed on the cell's state: every input blank in the source, in a canonical JSON file as in a workbook (where
    the reader has reported it already: not again), whatever else was found in that cell. A cell the importer
    could not read (``not_read``) is the import's finding, not a blank of the report: what depends on it is
    not assessable (``t3-balance-not-assessable``)."""
    values = context.values(report)
    blanks = [key for key in _input_kinds(report.format_version) if values[key] is None]
    blanks = [key for key in blanks if report.cell(key).state is State.blank]
    if blanks:
        reported = {f.key for f in report.findings if f.rule == "cell-blank" and f.origin == "import"}
        yield from (hit(key) for key in blanks if key not in reported)


@check("cell-negative")
def negative(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """件数和金额不小于 0（2019 试行格式的“本年增/减”除外）。"""
    yield from _with_problem(report, context, "cell-negative")


@check("cell-fraction")
def fraction(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """件数、数量为整数。"""
    yield from _with_problem(report, context, "cell-fraction")


@check("cell-amount-precision")
def amount_precision(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """以万元为单位的金额最多四位小数（报告和汇总中按四位小数计）。"""
    yield from _with_problem(report, context, "cell-amount-precision")
