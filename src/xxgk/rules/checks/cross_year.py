"""Checks against last year's report (``--previous``): same agency, the year before, numbers that carry over.

When the previous report is not of the year before, only that is reported: comparing its numbers would
produce nothing but noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...agency import same_agency
from ...model import AnnualReport
from ..context import Context
from ..facts import number, text_parts
from ..registry import Hit, check, hit

MIN_COPIED_LENGTH = 20  # "无。" twice is not copying


def _previous(context: Context) -> AnnualReport:
    assert context.previous is not None  # registered with needs_previous
    return context.previous


def consecutive(report: AnnualReport, previous: AnnualReport) -> bool:
    """False only when both years are known and the previous one is not the year before."""
    year, last = report.metadata.report_year, previous.metadata.report_year
    return year is None or last is None or last == year - 1


@check("previous-year", needs_previous=True)
def previous_is_last_year(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """跨年度核对以上一年度的报告为准。"""
    previous = _previous(context)
    if not consecutive(report, previous):
        yield hit("metadata.report_year", previous_year=previous.metadata.report_year, year=report.metadata.report_year)


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@check("previous-agency", needs_previous=True)
def previous_is_same_agency(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """跨年度核对以同一机关的报告为准。"""
    this, last = report.metadata.agency_name, _previous(context).metadata.agency_name
    if this and last and not same_agency(this, last):
        yield hit("metadata.agency_name", previous_agency=last, agency=this)


@check("t3-continuity", needs_previous=True)
def carried_over_is_last_years_carried_forward(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """本年“二、上年结转政府信息公开申请数量”等于上年度“四、结转下年度继续办理”（每一列；总计列随之成立，不另报）。"""
    previous = _previous(context)
    if not consecutive(report, previous):
        return
    table = report.format.tables["t3"]
    now, last = context.values(report), context.values(previous)
    for column in table.columns:
        if column.key == table.total_column:
            continue
        value = number(now, f"t3.carried_over.{column.key}")
        before = number(last, f"t3.carried_forward.{column.key}")
        if value is not None and before is not None and value != before:
            yield hit(f"t3.carried_over.{column.key}", value=value, previous=before, difference=value - before)


IN_FORCE_ROWS = ("regulations", "normative_documents")


@check("t2-in-force-continuity", needs_previous=True)
def in_force_follows_last_year(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """现行有效件数约等于上年度现行有效件数加本年制发件数、减本年废止件数（修改会使其不完全衔接，故为警告）。"""
    previous = _previous(context)
    if not consecutive(report, previous):
        return
    now, last = context.values(report), context.values(previous)
    for row in IN_FORCE_ROWS:
        key = f"t2.{row}.in_force"
        if key not in last:  # last year's report is in the 2019 format, which has no such column
            continue
        before = number(last, key)
        issued, repealed = number(now, f"t2.{row}.issued"), number(now, f"t2.{row}.repealed")
        value = number(now, key)
        if None in (before, issued, repealed, value):
            continue
        expected = before + issued - repealed
        if value != expected:
            yield hit(key, value=value, previous=before, issued=issued, repealed=repealed, expected=expected,
                      difference=value - expected)


@check("t2-items-continuity", needs_previous=True)
def items_follow_last_year(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """2019 年试行格式：本年“上一年项目数量”等于上年度报告的“上一年项目数量”加“本年增/减”（每一行）。"""
    previous = _previous(context)
    if previous.format_version != "2019" or not consecutive(report, previous):
        return
    now, last = context.values(report), context.values(previous)
    for row in report.format.tables["t2"].rows:
        key, change = f"t2.{row.key}.previous_items", f"t2.{row.key}.change"
        if key in now and key in last and change in last:
            value, expected = number(now, key), number(last, key) + number(last, change)
            if value != expected:
                yield hit(key, value=value, previous=number(last, key), change=number(last, change),
                          expected=expected, difference=value - expected)


@check("text-copied", needs_previous=True)
def text_not_copied(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """年度报告如实反映本年度工作：正文各部分不与上年度报告的同一部分完全相同。"""
    previous = _previous(context)
    if not consecutive(report, previous):
        return
    last = dict(text_parts(previous))
    for key, text in text_parts(report):
        squashed = _squash(text)
        if len(squashed) >= MIN_COPIED_LENGTH and squashed == _squash(last.get(key)):
            yield hit(key)
