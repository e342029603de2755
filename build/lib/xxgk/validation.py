"""The public entry point of validation, called by every front end (CLI, Excel add-in, batch).

``validate(report, previous=..., settings=...)`` returns the findings of a report: what the reader saw
in the cells (kept in ``report.findings``; it cannot be recomputed from the model) plus the findings of every
rule of the catalog, in a deterministic order: by the cell's place in the workbook layout, then by rule.
"""

from __future__ import annotations

from .model import AnnualReport, Finding, Severity
from .rules.context import Context, Settings

__all__ = ["Settings", "counts", "is_valid", "validate"]


def validate(report: AnnualReport, *, previous: AnnualReport | None = None,
             settings: Settings | None = None) -> list[Finding]:
    """All findings of ``report``; ``previous`` is last year's report of the same agency, if known."""
    from .rules import catalog
    from .rules.registry import run_checks
    from .workbook.layout import layout_for

    rules = catalog()
    carried = [f for f in report.findings if f.rule in rules and rules[f.rule].reader]
    seen = {(f.rule, f.key) for f in carried}
    found = [f for f in run_checks(report, Context(previous, settings or Settings())) if (f.rule, f.key) not in seen]
    place = {key: i for i, key in enumerate(layout_for(report.format_version).bindings)}
    order = {rule_id: i for i, rule_id in enumerate(rules)}
    return sorted(carried + found, key=lambda f: (place.get(f.key, -1), order.get(f.rule, len(order))))


def counts(findings: list[Finding]) -> dict[Severity, int]:
    return {severity: sum(f.severity is severity for f in findings) for severity in Severity}


def is_valid(findings: list[Finding], *, strict: bool = False) -> bool:
    """No errors (and, when strict, no warnings either)."""
    failing = (Severity.error, Severity.warning) if strict else (Severity.error,)
    return not any(f.severity in failing for f in findings)
