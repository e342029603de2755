"""The deadline for publishing the report (《条例》第四十九条; local deadlines for townships)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ...model import AgencyLevel, AnnualReport
from ..context import Context
from ..facts import chinese_date
from ..registry import Hit, check, hit

# 《条例》第四十九条: (month, day) of the year after the report year, and who the rule speaks of.
STATUTORY = {
    AgencyLevel.department: ((1, 31), "《条例》第四十九条对县级以上人民政府部门"),
    AgencyLevel.county: ((3, 31), "《条例》第四十九条对县级以上地方人民政府"),
    AgencyLevel.city: ((3, 31), "《条例》第四十九条对县级以上地方人民政府"),
    AgencyLevel.province: ((3, 31), "《条例》第四十九条对县级以上地方人民政府"),
}
LOCAL = "本地"


def deadline_for(level: AgencyLevel | None, year: int, local: date | None) -> tuple[date, str] | None:
    """The deadline of a report of ``year`` and who sets it; None where it is not known."""
    if local is not None:
        return local, LOCAL
    if level in STATUTORY:
        (month, day), authority = STATUTORY[level]
        return date(year + 1, month, day), authority
    return None  # 乡镇、街道: set by the county, only known from the settings


@check("signing-late")
def signed_late(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """县级以上人民政府部门每年 1 月 31 日前、县级以上地方人民政府每年 3 月 31 日前公布上一年度的年度报告。"""
    meta = report.metadata
    if meta.signing_date is None or meta.plausible_year is None:
        return
    found = deadline_for(meta.agency_level, meta.plausible_year, context.settings.deadline)
    if found is not None and meta.signing_date > found[0]:
        yield hit("metadata.signing_date", signing_date=chinese_date(meta.signing_date), authority=found[1],
                  deadline=chinese_date(found[0]))
