"""Checks of the metadata (基本信息): presence, the statistics period, the format version of the year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ...formats import format_for_year
from ...model import FIRST_REPORT_YEAR, AnnualReport, Metadata, plausible_year
from ..context import Context
from ..facts import chinese_date
from ..registry import Hit, check, hit


@check("meta-missing")
def missing_metadata(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """年度报告载明机关名称、报告年度、统计期限、下载平台、联系方式、落款机关和成文日期（传真、电子邮箱可不填）。

    A field the reader could not parse already has its ``meta-invalid`` finding and is not reported again.
    """
    invalid = {f.key for f in report.findings if f.rule == "meta-invalid"}
    for name in Metadata.required_fields():
        key = f"metadata.{name}"
        if getattr(report.metadata, name) in (None, "") and key not in invalid:
            yield hit(key)


@check("format-version-year")
def format_of_the_year(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """国办公开办函〔2021〕30号：2021 年度起的报告使用新格式；2019、2020 年度使用试行格式。"""
    year = report.metadata.plausible_year
    if year is None:
        return
    expected = format_for_year(year)
    if expected.version != report.format_version:
        yield hit("metadata.report_year", year=year, expected=expected.version, expected_notice=expected.notice,
                  actual=report.format_version, actual_notice=report.format.notice)


@check("meta-period")
def period_is_the_year(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """统计期限为报告年度的 1 月 1 日至 12 月 31 日。"""
    meta, year = report.metadata, report.metadata.plausible_year
    if year is None:
        return
    for name, expected in (("period_start", date(year, 1, 1)), ("period_end", date(year, 12, 31))):
        value = getattr(meta, name)
        if value is not None and value != expected:
            yield hit(f"metadata.{name}", value=chinese_date(value), year=year,
                      expected=chinese_date(expected))


@check("signing-date-early")
def signed_after_the_period(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """年度报告在统计期限结束后编制：成文日期晚于统计期限止（未填时为报告年度的 12 月 31 日）。"""
    meta = report.metadata
    end = meta.period_end or (date(meta.plausible_year, 12, 31) if meta.plausible_year else None)
    if meta.signing_date is not None and end is not None and meta.signing_date <= end:
        yield hit("metadata.signing_date", signing_date=chinese_date(meta.signing_date), period_end=chinese_date(end))


@check("meta-year-range")
def year_in_range(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """《条例》自 2008 年 5 月 1 日起施行：报告年度不早于 2008 年，也不晚于下一年。

    The model holds any four-digit year; checks that compute dates from it skip a year out of this range.
    """
    year = report.metadata.report_year
    if year is not None and not plausible_year(year):
        yield hit("metadata.report_year", year=f"{year:04d}", first=FIRST_REPORT_YEAR, last=date.today().year + 1)


POSTCODE = re.compile(r"\d{6}")


@check("meta-invalid")
def invalid_postcode(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """邮政编码为六位数字。

    The workbook reader reports every field it cannot parse (and leaves it blank); this check finds a postcode
    of other text in a canonical JSON file or a report built in code.
    """
    postcode = report.metadata.postcode
    if postcode is not None and not POSTCODE.fullmatch(postcode):
        yield hit("metadata.postcode", raw=postcode, reason="邮政编码应为六位数字")
