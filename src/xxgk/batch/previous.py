"""Last year's reports (``--previous-dir``): each agency's report of the year before, for the cross-year rules.

The folder may hold workbooks, canonical JSON (e.g. last year's batch output) or published reports (the pages
and documents of last year, read by content). Reports are matched by
agency name (the one identity of ``xxgk.agency``: spaces, full-/half-width differences and case aside, and a
city written before the name or not) and report year.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..agency import agency_bucket, same_agency


@dataclass(frozen=True)
class PreviousReport:
    path: str
    relpath: str
    sha256: str
    agency: str
    year: int


def identify(path: Path, relpath: str) -> PreviousReport | None:
    """Agency and year of a report file, or None when it is not a readable report naming both."""
    from ..errors import XxgkError
    from ..files import sha256_of

    try:
        if path.suffix.lower() == ".json":
            from ..jsonio import load_json_value  # bounded: size, nesting, a regular file

            metadata = load_json_value(path).get("metadata") or {}
            agency, year = metadata.get("agency_name"), metadata.get("report_year")
        else:
            from ..jsonio import load_report

            report = load_report(path, engine="calamine")
            agency, year = report.metadata.agency_name, report.metadata.report_year
    except (XxgkError, OSError, ValueError, AttributeError):
        return None
    if not isinstance(agency, str) or not agency.strip() or not isinstance(year, int):
        return None
    return PreviousReport(str(path), relpath, sha256_of(path), agency, year)


class PreviousReports:
    def __init__(self, reports: list[PreviousReport | None]) -> None:
        self._by_key: dict[tuple[str, int], list[PreviousReport]] = {}
        for report in filter(None, reports):
            self._by_key.setdefault((agency_bucket(report.agency), report.year), []).append(report)

    def find(self, agency: str | None, year: int | None) -> tuple[PreviousReport | None, str]:
        """Last year's report of ``agency`` for report ``year``, or None and why not."""
        if not agency or not year:
            return None, "报告未写明机关名称或年度，未做跨年度校验"
        matches = [r for r in self._by_key.get((agency_bucket(agency), year - 1), []) if same_agency(agency, r.agency)]
        if not matches:
            return None, f"上年报告目录中没有该机关 {year - 1} 年度的报告，未做跨年度校验"
        if len(matches) > 1:
            names = "、".join(m.relpath for m in matches)
            return None, f"上年报告目录中该机关 {year - 1} 年度的报告不止一份（{names}），未做跨年度校验"
        return matches[0], ""
