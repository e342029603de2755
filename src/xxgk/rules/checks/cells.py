"""The cell rules of the workbook reader, on the values of the model: a canonical JSON file (or a report built
in code) holds what a workbook cell would have been refused for.

The reader reports a cell it could not read cleanly and leaves it blank (or rounded), so these checks find
nothing in a report read from a workbook: a cell with a reader finding of its own is not reported again.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import AnnualReport
from ..catalog import catalog
from ..context import Context
from ..numbers import parse_number
from ..registry import Hit, check, hit


def _read_by_the_reader(report: AnnualReport) -> set[str | None]:
    rules = catalog()
    return {f.key for f in report.findings if f.rule in rules and rules[f.rule].reader}


def _inputs(report: AnnualReport) -> Iterator[tuple[str, str, object]]:
    """(key, column kind, value) of every input cell (totals are recomputed, never read)."""
    cells = report.format.cells
    reported = _read_by_the_reader(report)
    for key, value in report.values().items():
        cell = cells[key]
        if not cell.derived and key not in reported:
            yield key, cell.column.kind, value


def _with_problem(report: AnnualReport, rule: str) -> Iterator[Hit]:
    """Cells whose value the number normaliser would report under ``rule`` (negative, fraction, precision)."""
    for key, kind, value in _inputs(report):
        if value is None or (type(value) is int and value >= 0):
            continue  # the common case, decided without the normaliser
        parsed = parse_number(value, kind)
        if parsed.problem == rule:
            yield hit(key, raw=value, value=parsed.value)


@check("cell-blank")
def blank(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """统计表每一栏都应填写数字，没有发生的事项填 0（规范 JSON 中为 null 的栏目）。"""
    for key, _, value in _inputs(report):
        if value is None:
            yield hit(key)


@check("cell-negative")
def negative(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """件数和金额不小于 0（2019 试行格式的“本年增/减”除外）。"""
    yield from _with_problem(report, "cell-negative")


@check("cell-fraction")
def fraction(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """件数、数量为整数。"""
    yield from _with_problem(report, "cell-fraction")


@check("cell-amount-precision")
def amount_precision(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """以万元为单位的金额最多四位小数（报告和汇总中按四位小数计）。"""
    yield from _with_problem(report, "cell-amount-precision")
