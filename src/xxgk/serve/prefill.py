"""The template an agency downloads from its page: ``xxgk template --previous`` from its report of last year
accepted in the office's archive (agency and contacts carried, year and period advanced, 表三's carried-over
applications), or, without one, the blank template; either way with the agency's name as the collection lists
it and the collection's year."""

from __future__ import annotations

from ..formats import DEFAULT_VERSION
from ..model import AnnualReport
from ..model.metadata import Metadata
from ..workbook.fill import filled_bytes
from ..workbook.next_year import next_year_report


def prefilled_template(agency_name: str, year: int, previous: AnnualReport | None = None) -> bytes:
    if previous is None:
        report = AnnualReport(format_version=DEFAULT_VERSION, metadata=Metadata(report_year=year))
    else:
        report = next_year_report(previous, name="上一年度已接收的报告")
    report.metadata = report.metadata.model_copy(update={"agency_name": agency_name, "report_year": year})
    return filled_bytes(report)
