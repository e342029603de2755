"""Checks: small pure functions, each registered against the catalog rule it implements.

Like Arelle's validation plugins: a check's docstring holds the rule it implements, it yields a ``Hit`` (the
canonical key of the cell at fault and the message's arguments) for every failure, and the runner turns hits
into findings located through the workbook layout, so every front end can find the cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import AnnualReport, Finding
from .catalog import rule
from .context import Context


@dataclass(frozen=True)
class Hit:
    key: str
    args: dict[str, Any] = field(default_factory=dict)


def hit(key: str, **args: Any) -> Hit:
    return Hit(key, args)


Check = Callable[[AnnualReport, Context], Iterable[Hit]]


@dataclass(frozen=True)
class Registered:
    function: Check
    needs_previous: bool


CHECKS: dict[str, Registered] = {}


def check(rule_id: str, *, needs_previous: bool = False) -> Callable[[Check], Check]:
    """Register a check as the implementation of ``rule_id`` (one check per rule)."""

    def register(function: Check) -> Check:
        if rule_id in CHECKS:
            raise ValueError(f"two checks for rule {rule_id}")
        CHECKS[rule_id] = Registered(function, needs_previous)
        return function

    return register


def registered() -> dict[str, Registered]:
    from . import checks  # noqa: F401 - importing the modules registers their checks

    return CHECKS


def run_checks(report: AnnualReport, context: Context) -> Iterator[Finding]:
    from ..workbook.layout import layout_for

    bindings = layout_for(report.format_version).bindings
    for rule_id, entry in registered().items():
        this = rule(rule_id)
        if not this.applies_to(report.format_version) or (entry.needs_previous and context.previous is None):
            continue
        for found in entry.function(report, context):
            b = bindings[found.key]
            yield this.finding(sheet=b.sheet, cell=b.cell, row_label=b.row_label, column_label=b.column_label or None,
                               key=b.key, **found.args)
