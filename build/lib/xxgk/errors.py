"""Errors that end a command with one Chinese line on stderr and exit code 2."""

from __future__ import annotations


class XxgkError(Exception):
    """A problem the user can fix (unreadable file, wrong template, usage); never shown as a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, path: object | None = None) -> None:
        self.path = path
        super().__init__(f"{path}：{message}" if path is not None else message)


class NotAWorkbook(XxgkError):
    pass


class NotATemplate(XxgkError):
    pass
