"""CSV cells for Excel: text that Excel would run as a formula, written so that it cannot run.

A cell of a CSV file that starts with = + - @, a tab or a carriage return is taken by Excel for a formula. Such
a text gets a leading apostrophe (a script reading the file drops it to get the text); a relative path gets
``./`` instead, so it still names the same file. Numbers pass unchanged (``-3`` is a number, not a formula).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel run a cell of a CSV file as a formula


def neutralise(value: object) -> object:
    """Text that Excel would run as a formula gets a leading apostrophe; numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def path_cell(relpath: str | None) -> str | None:
    """A relative path that Excel would run as a formula, written so that it still names the same file."""
    return f"./{relpath}" if relpath is not None and relpath.startswith(FORMULA_START) else relpath
