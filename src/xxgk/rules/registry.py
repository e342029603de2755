"""Checks: small pure functions, each registered against the catalog rule it implements.

Like Arelle's validation plugins: a check's docstring holds the rule it implements, it yields a ``Hit`` (the
canonical key of the cell at fault and the message's arguments) for every failure, and the runner names the
rule of each hit. Turning hits into located findings is the validation layer's locator (``validation.locate``):
rules know no workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..model import AnnualReport, Origin
from .catalog import rule
from .context import Context


@dataclass(frozen=True)
class Hit:
    """One failure: the canonical key at fault (None: the whole report), the message's arguments, the rule
    (named by the runner for checks, by the reader for what it saw) and whose finding it is (``Finding.origin``)."""

    key: str | None
    args: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    origin: Origin = "report"


def hit(key: str | None, **args: Any) -> Hit:
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


def run_checks(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """The hits of every check that applies to the report, each naming its rule."""
    for rule_id, entry in _applying(report.format_version):
        if entry.needs_previous and context.previous is None:
            continue
        for found in entry.function(report, context):
            yield Hit(found.key, found.args, rule_id)


@cache
def _applying(version: str) -> tuple[tuple[str, Registered], ...]:
    """The checks of the rules that apply to a format version, worked out once per version."""
    return tuple((rule_id, entry) for rule_id, entry in registered().items() if rule(rule_id).applies_to(version))
