"""Checks of the statistical tables on their own: the printed identity, stored totals, plausibility."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import AgencyLevel, AnnualReport
from ..context import Context
from ..facts import number
from ..registry import Hit, check, hit

TOLERANCE = 1e-9  # amounts are decimals in 万元; counts are integers


@check("t3-balance")
def t3_balance(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """表三：本列数据的勾稽关系为第一项加第二项之和，等于第三项加第四项之和。

    Checked for every applicant column. The 总计 column is the sum of the others, so it fails exactly when
    they do; it is not reported again. Located on the column's 四、结转下年度继续办理 cell.
    """
    table = report.format.tables["t3"]
    values = context.values(report)
    for identity in table.identities:
        for column in table.columns:
            if column.key == table.total_column:
                continue
            left = [number(values, f"t3.{row}.{column.key}") for row in identity.left]
            right = [number(values, f"t3.{row}.{column.key}") for row in identity.right]
            if sum(left) != sum(right):
                yield hit(f"t3.{identity.right[-1]}.{column.key}", column=column.label,
                          left=sum(left), left_terms=" + ".join(map(str, left)),
                          right=sum(right), right_terms=" + ".join(map(str, right)),
                          difference=sum(left) - sum(right))


@check("total-mismatch")
def stored_totals(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """表三每行“总计”、表三“（七）总计”、表四各“总计”等于其各项之和。

    A workbook's stored totals are compared by the reader (the model then holds recomputed totals, so this
    finds nothing there); this check finds a canonical JSON file whose totals disagree with its inputs.
    """
    cells = report.format.cells
    computed = context.values(report)
    for key, stored in report.values().items():
        if cells[key].derived and stored is not None:
            expected = computed[key] or 0
            if abs(stored - expected) > TOLERANCE:
                yield hit(key, stored=stored, computed=expected, difference=round(stored - expected, 4))


RULE_MAKERS = (AgencyLevel.province, AgencyLevel.city)
# Departments with rule-making power are the State Council's (部门规章); their names carry no place name.
CENTRAL_PREFIXES = ("国务院", "中华人民共和国", "国家", "中国")


def may_make_rules(level: AgencyLevel | None, name: str | None) -> bool | None:
    """Whether an agency can issue 规章 (None: not known from the metadata)."""
    if level is None:
        return None
    if level in RULE_MAKERS:
        return True
    if level is AgencyLevel.department:
        return name.startswith(CENTRAL_PREFIXES) if name else None
    return False


@check("t2-regulations-authority")
def regulations_without_authority(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """规章只由国务院部门、省级人民政府和设区的市、自治州人民政府制定；县级、乡镇人民政府和地方人民政府部门应填 0。"""
    meta = report.metadata
    if may_make_rules(meta.agency_level, meta.agency_name) is not False:
        return
    for key, value in report.values().items():
        if key.startswith("t2.regulations.") and value:
            yield hit(key, value=value, level=meta.agency_level.label, agency=meta.agency_name or "本机关")
