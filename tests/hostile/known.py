"""The cases that still fail on main, and why: each is a strict xfail, so the fix that makes it pass fails the
suite until its line here is removed. Delete lines as fixes land; never add one to hide a regression."""

from __future__ import annotations

import pytest

# case name -> (why it fails, the commands it fails under; "*" = all of the case's commands)
FAILING: dict[str, tuple[str, tuple[str, ...]]] = {}


def failing(case: str, command: str) -> str | None:
    reason, commands = FAILING.get(case, (None, ()))
    return reason if command in commands or "*" in commands else None


def marks(case: str, command: str) -> list:
    """A strict xfail for a (case, command) listed above, else nothing."""
    reason = failing(case, command)
    return [pytest.mark.xfail(strict=True, reason=f"issue 9: {reason}")] if reason else []
