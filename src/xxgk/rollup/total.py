"""Adding up reports: one format version, one year (unless told otherwise), each agency once.

The total is itself an ``AnnualReport``: its input cells are the sums of the inputs' input cells (derived
cells: unknown where any input is blank or unread, never a sum that took it as 0) and its totals are
recomputed, so it passes the identities whenever every input does (the identities are linear).
It is checked by the rules on the tables only: a total has no texts, contact details or signature of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..agency import same_agency_groups
from ..errors import XxgkError
from ..figures import headline
from ..formats import get_format
from ..model import MAX_MAGNITUDE, AnnualReport, Number, Severity, State
from ..validation import ValidationResult

AMOUNT_PLACES = 4


@dataclass
class Member:
    """One input of a roll-up, as the per-agency sheet and the summary show it."""

    source: str
    report: AnnualReport
    result: ValidationResult = field(default_factory=ValidationResult)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.result.count(Severity.error)

    @property
    def warnings(self) -> int:
        return self.result.count(Severity.warning)


@dataclass
class Rollup:
    report: AnnualReport
    members: list[Member]
    duplicates: list[list[Member]]
    result: ValidationResult = field(default_factory=ValidationResult)  # the total's own (tables only)

    @property
    def figures(self) -> dict[str, Number | None]:
        return headline(self.report)


def _all_alike(members: list[Member], value: Callable[[Member], object], label: Callable[[object], str],
                hint: str) -> None:
    """Refuse inputs that differ in ``value``, naming the files of each value (at most three each)."""
    groups: dict[object, list[str]] = {}
    for member in members:
        groups.setdefault(value(member), []).append(member.source)
    if len(groups) > 1:
        parts = []
        for key, sources in groups.items():
            shown = "、".join(sources[:3]) + ("等" if len(sources) > 3 else "")
            parts.append(f"{label(key)} {len(sources)} 份：{shown}")
        raise XxgkError(f"输入报告{'；'.join(parts)}。{hint}")


def add_up(values: list[dict[str, Number | None]], keys: list[str], amounts: set[str]) -> dict[str, Number | None]:
    """Cell-by-cell sums of ``keys``; unknown (None) where any input does not know the cell."""
    total: dict[str, Number | None] = {}
    for key in keys:
        terms = [v.get(key) for v in values]
        number = None if None in terms else sum(terms)
        total[key] = round(number, AMOUNT_PLACES) if number is not None and key in amounts else number
    return total


def roll_up(members: list[Member], *, name: str | None = None, allow_mixed_years: bool = False) -> Rollup:
    if not members:
        raise XxgkError("没有可汇总的报告")
    _all_alike(members, lambda m: m.report.format_version, lambda v: f"{v} 版格式",
               "不同版本格式的统计表栏目不同，无法逐格相加，请按格式版本分别汇总")
    if not allow_mixed_years:
        _all_alike(members, lambda m: m.report.metadata.report_year,
                   lambda y: f"{y} 年度" if y else "未填写年度",
                   "不同年度的报告一般不应相加；如确需汇总，请加 --allow-mixed-years")
    version = members[0].report.format_version
    fmt = get_format(version)
    inputs = [key for key, cell in fmt.cells.items() if not cell.derived]
    amounts = {key for key in inputs if fmt.cells[key].column.kind == "amount"}
    summed = add_up([m.report.values() for m in members], inputs, amounts)
    too_large = [key for key, number in summed.items() if number is not None and not abs(number) < MAX_MAGNITUDE]
    if too_large:
        cell = fmt.cells[too_large[0]]
        raise XxgkError(f"汇总后“{cell.row.full_label}”行“{cell.column.label}”列超过 15 位数，无法汇总；"
                        "请检查各报告中该栏的数字")

    common = {f: getattr(members[0].report.metadata, f) for f in ("report_year", "period_start", "period_end")}
    metadata = {f: v for f, v in common.items() if all(getattr(m.report.metadata, f) == v for m in members)}
    metadata["agency_name"] = name or f"{len(members)} 个机关汇总"
    cells = {key: {"value": value, "state": State.derived} for key, value in summed.items()}
    report = AnnualReport.from_cells(cells, format_version=version, metadata=metadata,
                                     sources=[m.report.provenance for m in members if m.report.provenance])
    result = table_findings(report)
    report.findings = list(result)

    duplicates = same_agency_groups((m, m.report.metadata.agency_name, m.report.metadata.report_year)
                                    for m in members)
    for group in duplicates:
        for member in group:
            others = "、".join(o.source for o in group if o is not member)
            member.notes.append(f"与 {others} 是同一机关同一年度的报告，重复计入")
    return Rollup(report, members, duplicates, result)


def table_findings(report: AnnualReport) -> ValidationResult:
    """The findings of the rules on the tables (identities, totals, plausibility)."""
    from ..validation import validate
    from ..workbook.layout import layout_for

    found = validate(report, places=layout_for(report.format_version).bindings)
    return ValidationResult.of(f for f in found if f.key and f.key.split(".")[0] in report.format.tables)
