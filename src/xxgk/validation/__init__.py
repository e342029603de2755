"""The public entry point of validation, called by every front end (CLI, Excel add-in, batch, roll-up).

``validate(report, previous=..., settings=..., places=...)`` returns a ``ValidationResult``: what the reader saw
in the cells (``origin`` "import", kept in ``report.findings``: it cannot be recomputed) plus the findings of every
rule of the catalog, placed by the one locator (``locate``) and in its one order; the warnings and infos that
``settings`` leaves aside (``--ignore``/``--select``) are marked ``ignored`` here, once for every front end. ``places`` is where each
canonical key is shown (the template layout's bindings); without it findings carry keys and labels only.
"""

from __future__ import annotations

from ..model import AnnualReport, Finding
from ..rules.context import Context, Settings, rule_to_leave_aside, selection
from .locate import Places, locate, ordered
from .result import ValidationResult

__all__ = ["Settings", "ValidationResult", "rule_to_leave_aside", "selection", "validate"]


def validate(report: AnnualReport, *, previous: AnnualReport | None = None, settings: Settings | None = None,
             places: Places | None = None) -> ValidationResult:
    """All findings of ``report``; ``previous`` is last year's report of the same agency, if known."""
    from ..rules.registry import run_checks

    settings = settings or Settings()
    carried = [f for f in report.findings if f.origin == "import"]
    context = Context(previous, settings)
    hits = list(run_checks(report, context))
    cells = context.cells(report)  # the sources of the keys at fault only: few cells are
    sources = {h.key: cell.source for h in hits if (cell := cells.get(h.key)) is not None and cell.source is not None}
    found = [locate(h, places, sources) for h in hits]
    return ValidationResult.of((_marked(f, settings) for f in ordered(carried + found, places)), settings.ignored_rules)


def _marked(finding: Finding, settings: Settings) -> Finding:
    """The finding marked ``ignored`` as the settings say: a copy where that changes (the copy is what costs)."""
    ignored = settings.ignores(finding)
    return finding if finding.ignored is ignored else finding.model_copy(update={"ignored": ignored})
