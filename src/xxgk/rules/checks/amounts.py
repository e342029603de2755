"""Amounts in 万元 that are implausibly large: most often a figure in 元 typed into a 万元 cell (251000 for 25.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ...formats import get_format
from ...model import AgencyLevel, AnnualReport
from ..context import Context
from ..registry import Hit, check, hit

# 万元 beyond which an amount is more likely 元: for a township or a county-level department, and for anyone.
LOCAL_LIMIT = 10_000
ANY_LIMIT = 1_000_000
_COUNTY = re.compile(r"[县区旗]")


def amount_limit(report: AnnualReport) -> int:
    meta = report.metadata
    local = meta.agency_level is AgencyLevel.township or (
        meta.agency_level is AgencyLevel.department and bool(_COUNTY.search(meta.agency_name or "")))
    return LOCAL_LIMIT if local else ANY_LIMIT


@check("amount-implausible")
def implausible_amount(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """以万元为单位的金额超出同级机关的合理范围时，多为按“元”填写。"""
    limit = amount_limit(report)
    values = context.values(report)
    for key in _amount_inputs(report.format_version):
        value = values[key]
        if value is not None and value > limit:
            yield hit(key, value=_shown(value), limit=limit, as_wan=_shown(round(value / 10000, 4)))


@cache
def _amount_inputs(version: str) -> tuple[str, ...]:
    """The keys of the amounts a format's tables are filled with (its totals are recomputed)."""
    return tuple(key for key, cell in get_format(version).cells.items()
                 if cell.column.kind == "amount" and not cell.derived)


def _shown(value: float) -> int | float:
    """251000.0 as 251000 in a message."""
    return int(value) if float(value).is_integer() else value
