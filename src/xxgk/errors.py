"""Errors that end a command with one Chinese line on stderr and exit code 2, and user text made safe to show."""

from __future__ import annotations

import re

# What must not reach a terminal raw: C0 and C1 controls and DEL (newlines, ESC sequences, BEL), line and
# paragraph separators, bidirectional overrides and isolates, and lone surrogates (not encodable at all).
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """``text`` (a file name, a cell's value, a message quoting them) on one line, controls written as escapes
    (a newline as ``\\n``, ESC as ``\\x1b``, a right-to-left override as ``\\u202e``); applying it twice changes
    nothing more."""
    return _UNSHOWABLE.sub(_escape, str(text))


class XxgkError(Exception):
    """A problem the user can fix (unreadable file, wrong template, usage); never shown as a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, path: object | None = None) -> None:
        self.path = path
        self.reason = message  # without the file name, for lists that name the file themselves
        super().__init__(f"{shown(path)}：{message}" if path is not None else message)


class NotAWorkbook(XxgkError):
    pass


class NotATemplate(XxgkError):
    pass
