"""The one locator: hits (rule id, canonical key, arguments) become findings placed where people look.

Checks and readers only say *which* key failed *which* rule; where that key sits — the sheet, the A1 cell and
the official row and column labels — comes from the places a caller passes (the workbook layout's bindings
for the template), so the rules stay pure functions of the report and know no workbook. Where the report's
cell says where its value was read in the source (``Cell.source``, a published report), the finding says so too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Protocol

from ..model import Finding, Location
from ..rules import catalog, rule
from ..rules.registry import Hit


class Place(Protocol):
    """Where a canonical key is shown: satisfied by the template layout's ``Binding``."""

    @property
    def sheet(self) -> str: ...

    @property
    def cell(self) -> str: ...

    @property
    def row_label(self) -> str: ...

    @property
    def column_label(self) -> str: ...


Places = Mapping[str, Place]
Sources = Mapping[str, Location]


def locate(hit: Hit, places: Places | None = None, sources: Sources | None = None) -> Finding:
    """The finding of one hit, placed on its key's cell when ``places`` knows the key, and on the place in the
    source where the key's value was read when ``sources`` knows it."""
    place = places.get(hit.key) if places is not None and hit.key is not None else None
    if place is None:
        found = rule(hit.rule).finding(key=hit.key, origin=hit.origin, **hit.args)
    else:
        found = rule(hit.rule).finding(sheet=place.sheet, cell=place.cell, row_label=place.row_label or None,
                                       column_label=place.column_label or None, key=hit.key, origin=hit.origin,
                                       **hit.args)
    if sources and hit.key in sources:
        found.source = sources[hit.key]
    return found


def locate_all(hits: Iterable[Hit], places: Places | None = None, sources: Sources | None = None) -> list[Finding]:
    return [locate(h, places, sources) for h in hits]


def ordered(findings: Iterable[Finding], places: Places | None = None) -> list[Finding]:
    """The one order of findings: by the key's place (report-wide findings first), then by the catalog."""
    position, rank = _positions(places), _ranks()
    return sorted(findings, key=lambda f: (position.get(f.key, -1), rank.get(f.rule, len(rank))))


# the places last ordered by, with their positions (a batch orders by one layout's); replaced whole, so that a
# thread never pairs one layout with another's positions
_last_places: tuple[Places | None, dict[str, int]] = (None, {})


def _positions(places: Places | None) -> dict[str, int]:
    global _last_places
    if places is None:
        return {}
    last = _last_places
    if last[0] is not places:
        last = _last_places = (places, {key: i for i, key in enumerate(places)})
    return last[1]


@cache
def _ranks() -> dict[str, int]:
    return {rule_id: i for i, rule_id in enumerate(catalog())}
