"""Which reports belong to the same agency: one identity of an agency's name, for every comparison of names.

Two names are the same agency when they are equal after NFKC normalisation (full-width letters, digits and
brackets become half-width: ``（开发区）`` and ``(开发区)`` compare equal), case folding and the removal of all
whitespace. Nothing else is dropped: what is inside brackets still tells two agencies apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def agency_key(name: str) -> str:
    """The identity of an agency's name: equal keys, same agency."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def same_agency_groups(items: Iterable[tuple[T, str | None, int | None]]) -> list[list[T]]:
    """``(item, agency, year)`` → groups of two or more items naming the same agency for the same year."""
    groups: dict[tuple[str, int | None], list[T]] = {}
    for item, agency, year in items:
        if agency and agency.strip():
            groups.setdefault((agency_key(agency), year), []).append(item)
    return [group for group in groups.values() if len(group) > 1]
