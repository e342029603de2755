"""Next year's report begun from last year's (``xxgk template --previous``): what stays from one year to the next.

Always in the current format, whatever last year's was (2019 or 2021). Carried over: the agency, its level, the
portal and its address, the contact office and its details, the signing agency. The year advances and the
statistics period is that calendar year. 表三 "二、上年结转政府信息公开申请数量" is last year's
"四、结转下年度继续办理", column by column (the 总计 column stays a formula); a column last year left unknown
stays empty. The signing date, the texts and every other number are empty (blank, never 0): they are this
year's to fill.
"""

from __future__ import annotations

from datetime import date

from ..errors import XxgkError
from ..formats import DEFAULT_VERSION, get_format
from ..model import AnnualReport, Number
from ..model.metadata import Metadata

CARRIED = ("agency_name", "agency_level", "portal_name", "portal_url", "contact_office", "address", "postcode",
           "phone", "fax", "email", "signing_agency")


def next_year_report(last: AnnualReport, *, name: object = None) -> AnnualReport:
    """The report of the year after ``last``'s, holding only what carries over; ``name`` names ``last`` in the
    error raised when its year is missing or implausible."""
    year = last.metadata.plausible_year
    if year is None:
        given = last.metadata.report_year
        why = "未写明报告年度" if given is None else f"的报告年度 {given} 不是有效的年度"
        raise XxgkError(f"上年报告{why}，无法确定下一年度", path=name)
    year += 1
    metadata = Metadata(**{field: getattr(last.metadata, field) for field in CARRIED}, report_year=year,
                        period_start=date(year, 1, 1), period_end=date(year, 12, 31))
    fmt = get_format(DEFAULT_VERSION)
    values: dict[str, Number | None] = {key: None for key, cell in fmt.cells.items() if not cell.derived}
    t3, before = fmt.tables["t3"], last.values()
    for column in t3.columns:
        if column.key != t3.total_column:
            values[f"t3.carried_over.{column.key}"] = before.get(f"t3.carried_forward.{column.key}")
    return AnnualReport.from_values(values, format_version=DEFAULT_VERSION, metadata=metadata)
