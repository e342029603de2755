"""Checks of the statistical tables on their own: the printed identity, stored totals, plausibility."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ...formats import Column, get_format
from ...model import MAX_MAGNITUDE, AgencyLevel, AnnualReport, State, derive_totals
from ..context import Context
from ..facts import number
from ..registry import Hit, check, hit

TOLERANCE = 1e-9  # amounts are decimals in 万元; counts are integers


@dataclass(frozen=True)
class Balance:
    """One identity of T3 in one applicant column, with its keys: worked out once per format version."""

    at: str  # where a finding is located: the column's 四、结转下年度继续办理 cell
    column: Column
    left: tuple[str, ...]
    right: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]  # (row label, key) of every input it adds up: a total row stands for its rows


@cache
def balances(version: str) -> tuple[Balance, ...]:
    """The identities of T3 in every applicant column. The 总计 column is the sum of the others, so it fails
    exactly when they do; it is not checked again."""
    table = get_format(version).tables["t3"]
    rows = {row.key: row for row in table.rows}
    found = []
    for identity in table.identities:
        terms = [r for key in (*identity.left, *identity.right)
                 for r in (table.summed_rows(rows[key]) if rows[key].sum_range else (rows[key],))]
        for column in table.columns:
            if column.key != table.total_column:
                found.append(Balance(f"t3.{identity.right[-1]}.{column.key}", column,
                                     tuple(f"t3.{row}.{column.key}" for row in identity.left),
                                     tuple(f"t3.{row}.{column.key}" for row in identity.right),
                                     tuple((r.full_label, f"t3.{r.key}.{column.key}") for r in terms)))
    return tuple(found)


@check("t3-balance")
def t3_balance(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """表三：本列数据的勾稽关系为第一项加第二项之和，等于第三项加第四项之和。

    Checked for every applicant column (``balances``). Located on the column's 四、结转下年度继续办理 cell.
    """
    values = context.values(report)
    for balance in balances(report.format_version):
        left = [number(values, key) for key in balance.left]
        right = [number(values, key) for key in balance.right]
        if None in left or None in right:
            continue  # not assessable: an unknown cell has its own finding
        if sum(left) != sum(right):
            yield hit(balance.at, column=balance.column.label,
                      left=sum(left), left_terms=" + ".join(map(str, left)),
                      right=sum(right), right_terms=" + ".join(map(str, right)),
                      difference=sum(left) - sum(right))


NAMED_CELLS = 3  # the unknown cells a not-assessable finding names; each has its own finding besides


@check("t3-balance-not-assessable")
def t3_balance_not_assessable(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """表三的勾稽关系只在其各项都已知时核对；有空白或未能读取的单元格时，该列的关系无法核对（不按 0 计算）。"""
    values = context.values(report)
    for balance in balances(report.format_version):
        unknown = [label for label, key in balance.terms if values.get(key) is None]
        if unknown:
            named = "、".join(f"“{label}”" for label in unknown[:NAMED_CELLS])
            more = f"等 {len(unknown)} 个单元格" if len(unknown) > NAMED_CELLS else ""
            yield hit(balance.at, column=balance.column.label, missing=named + more)


@check("total-mismatch")
def stored_totals(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """表三每行“总计”、表三“（七）总计”、表四各“总计”等于其各项之和。

    The one comparison of a total the source stored (a workbook's cached or typed total, a JSON file's, a
    published report's printed one) with the total the model recomputed. Not compared: a total that is
    unknown (an input is blank or unread), or one over an input the reader had to interpret (text such as
    "3件": a spreadsheet's SUM skips text, so the stored total would disagree for that reason alone).
    """
    interpreted = {f.key: 1 for f in report.findings if f.origin == "import" and f.key in report.format.cells}
    cells = context.cells(report)
    for table in report.format.tables.values():
        known = [c for c in table.totals if (cell := cells[c.key]).stored is not None and cell.value is not None]
        if not known:  # few sources store a total: the inputs are looked at only for those
            continue
        doubtful = derive_totals(table, {c.key: interpreted.get(c.key, 0) for c in table.inputs})
        for c in known:
            cell = cells[c.key]
            if not doubtful.get(c.key) and abs(cell.stored - cell.value) > TOLERANCE:
                yield hit(c.key, stored=cell.stored, computed=cell.value, difference=round(cell.stored - cell.value, 4))


@check("total-too-large")
def too_large_totals(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """合计超过 15 位数的，无法计算，合计栏为未知。"""
    values = context.values(report)
    for table in report.format.tables.values():
        inputs, terms = _reach(report.format_version, table.key)
        limit = MAX_MAGNITUDE / 2 / terms if terms else 0  # half: the rounding of a float sum cannot matter
        if not terms or all(value is None or abs(value) < limit for value in map(values.__getitem__, inputs)):
            continue  # no total can reach the bound: the sums are not computed again
        for key, total in derive_totals(table, values, bounded=False).items():
            if total is not None and not abs(total) < MAX_MAGNITUDE:
                yield hit(key, computed=total)


@cache
def _reach(version: str, table: str) -> tuple[tuple[str, ...], int]:
    """The inputs of a format's table, and the most of them a total adds up (an input as often as it counts)."""
    definition = get_format(version).tables[table]
    inputs = tuple(c.key for c in definition.inputs)
    return inputs, max(derive_totals(definition, dict.fromkeys(inputs, 1)).values(), default=0)


@check("total-blank")
def blank_totals(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """表三、表四的“总计”“（七）总计”等合计栏应填写；其所含各项已填报数字的，合计栏不得为空。

    A total the source left blank, holding neither a number nor a formula (``formula`` false: a workbook cell
    whose formula was deleted, a blank in a published report or a JSON file), is reported where at least one
    of the cells it adds up holds a number. A total that still holds its formula without a cached value is
    recomputed, never reported; one over cells all blank is left to their own ``cell-blank``.
    """
    cells = context.cells(report)
    for table in report.format.tables.values():
        left = [c for c in table.totals if (cell := cells[c.key]).formula is False and cell.stored is None]
        if not left:  # few sources leave a total blank: the inputs are looked at only for those
            continue
        filled = derive_totals(table, {c.key: int(cells[c.key].state is State.read) for c in table.inputs})
        for c in left:
            if filled.get(c.key):
                value = cells[c.key].value
                computed = "（其中尚有未填写或未能读取的项，合计暂无法计算）" if value is None else f"，按各项计算应为 {value}"
                yield hit(c.key, computed=computed)


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
    values = context.values(report)
    for key in _regulations(report.format_version):
        if value := values[key]:
            yield hit(key, value=value, level=meta.agency_level.label, agency=meta.agency_name or "本机关")


@cache
def _regulations(version: str) -> tuple[str, ...]:
    """The keys of T2's 规章 row, in table order."""
    return tuple(key for key in get_format(version).cells if key.startswith("t2.regulations."))
