"""Format definitions of the national report format, one per version (see ``definition.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .definition import (
    Block,
    Cell,
    Column,
    DefinitionError,
    FormatDefinition,
    Group,
    Identity,
    Row,
    Section,
    Table,
    TextPart,
    load,
)
from .labels import normalise

DEFAULT_VERSION = "2021"
_HERE = Path(__file__).parent


@cache
def versions() -> tuple[str, ...]:
    """Known format versions, newest first."""
    return tuple(sorted((p.stem[1:] for p in _HERE.glob("v*.toml")), reverse=True))


@cache
def get_format(version: str = DEFAULT_VERSION) -> FormatDefinition:
    if version not in versions():
        raise KeyError(version)
    return load(_HERE / f"v{version}.toml")


def marked_version(texts: Iterable[str]) -> str | None:
    """The version whose marker labels (those only it prints, format.md §4) are among ``texts``, or None."""
    found = "\n".join(normalise(text) for text in texts)
    return next((v for v in versions() if any(normalise(m) in found for m in get_format(v).markers)), None)


def format_for_year(year: int) -> FormatDefinition:
    """The format an agency must use for a report year (the newest whose first year is not after it)."""
    fitting = [get_format(v) for v in versions() if get_format(v).first_year <= year]
    return fitting[0] if fitting else get_format(versions()[-1])


__all__ = [
    "DEFAULT_VERSION",
    "Block",
    "Cell",
    "Column",
    "DefinitionError",
    "FormatDefinition",
    "Group",
    "Identity",
    "Row",
    "Section",
    "Table",
    "TextPart",
    "format_for_year",
    "get_format",
    "marked_version",
    "versions",
]
