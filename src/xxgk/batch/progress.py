"""Progress of a batch on stderr: a bar on a terminal, one plain line per file otherwise (logs, CI)."""

from __future__ import annotations

import sys
from typing import TextIO

import click

from ..errors import shown
from .outcome import Outcome


class Progress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._bar = None
        self._done = 0
        self._total = 0

    def start(self, total: int) -> None:
        self._total, self._done = total, 0
        if self.tty and total:
            self._bar = click.progressbar(length=total, label="正在转换", file=self.stream, show_pos=True,
                                          item_show_func=lambda o: shown(o.relpath) if o else None)
            self._bar.__enter__()

    def advance(self, outcome: Outcome) -> None:
        self._done += 1
        if self._bar is not None:
            self._bar.update(1, outcome)
        else:
            click.echo(shown(f"[{self._done}/{self._total}] {outcome.relpath}：{outcome.label}"), file=self.stream)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
