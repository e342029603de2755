"""Which reports belong to the same agency: names compared ignoring spaces, full-/half-width and case."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def agency_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def same_agency_groups(items: Iterable[tuple[T, str | None, int | None]]) -> list[list[T]]:
    """``(item, agency, year)`` → groups of two or more items naming the same agency for the same year."""
    groups: dict[tuple[str, int | None], list[T]] = {}
    for item, agency, year in items:
        if agency and agency.strip():
            groups.setdefault((agency_key(agency), year), []).append(item)
    return [group for group in groups.values() if len(group) > 1]
