"""A hostile case: how to build its input, which commands read it, and what each must do with it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from .known import marks

# Every command and option that reads a report file (the harness knows how to call each, see harness.ARGV).
CONVERT, VALIDATE, ANNOTATE, PREVIOUS, REPORT = "convert", "validate", "validate --annotate", "validate --previous", "report"
FILL, BATCH, PREVIOUS_DIR, ROLLUP = "fill", "batch", "batch --previous-dir", "rollup"
IMPORT = "import"
WORKBOOK_COMMANDS = (CONVERT, VALIDATE, ANNOTATE, PREVIOUS, REPORT, BATCH, PREVIOUS_DIR, ROLLUP)
JSON_COMMANDS = (VALIDATE, ANNOTATE, PREVIOUS, REPORT, FILL, PREVIOUS_DIR, ROLLUP)
PUBLISHED_COMMANDS = (IMPORT, VALIDATE, ANNOTATE, PREVIOUS, REPORT, FILL, BATCH, PREVIOUS_DIR, ROLLUP)  # what reads a published report
ONE_FILE = (CONVERT, VALIDATE, ANNOTATE, PREVIOUS, REPORT, FILL, ROLLUP, IMPORT)  # a bad input ends the command

COMPLETES = frozenset({0, 1})  # the command did its work (1: the report has errors); the exact code is the report's


@dataclass(frozen=True)
class Expect:
    """What one command must do: exit with one of ``exits``; ``fragment`` (Chinese) somewhere the user reads it
    (stderr, stdout, or a text file the command wrote, such as ``index.csv``)."""

    exits: frozenset[int]
    fragment: str | None = None

    @classmethod
    def exit(cls, code: int, fragment: str | None = None) -> Expect:
        return cls(frozenset({code}), fragment)


@dataclass(frozen=True)
class Case:
    """``build(folder)`` writes the input file(s) into ``folder`` and returns the one the commands are given."""

    name: str
    build: Callable[[Path], Path]
    expect: Mapping[str, Expect]  # command -> expectation; the commands the case applies to
    # run as a child process under a timeout and an address-space cap (process aborts, memory, warnings)
    isolated: bool = False
    timeout: float = 60.0
    check: Callable[..., None] | None = None  # extra assertion on the run (see harness.Run)

    @property
    def commands(self) -> tuple[str, ...]:
        return tuple(self.expect)

    def params(self) -> Iterable:
        for command in self.expect:
            yield pytest.param(self, command, id=f"{self.name}[{command}]", marks=marks(self.name, command))


def refused(fragment: str, commands: Iterable[str] = WORKBOOK_COMMANDS) -> dict[str, Expect]:
    """Unreadable input: one-file commands stop with exit 2 and one line; a batch lists the file as unreadable
    (exit 1) with the reason in ``index.csv``; as last year's report in a batch, it is merely not used."""
    table = {}
    for command in commands:
        if command in ONE_FILE:
            table[command] = Expect.exit(2, fragment)
        elif command == BATCH:
            table[command] = Expect.exit(1, fragment)
        else:
            table[command] = Expect(COMPLETES)
    return table


def not_a_report(fragment: str, commands: Iterable[str] = PUBLISHED_COMMANDS) -> dict[str, Expect]:
    """A readable file that holds no report: refused as ``refused`` says, except that a batch lists it as 跳过
    with the reason and its exit code stays 0."""
    table = refused(fragment, commands)
    if BATCH in table:
        table[BATCH] = Expect.exit(0, fragment)
    return table


def finding(fragment: str, commands: Iterable[str] = WORKBOOK_COMMANDS) -> dict[str, Expect]:
    """A value of the right kind that breaks a rule: an error-level finding quoting ``fragment`` (exit 1).
    ``fill`` does not validate, and as last year's report the value only feeds the cross-year rules."""
    table = {}
    for command in commands:
        if command in (PREVIOUS, PREVIOUS_DIR):
            table[command] = Expect(COMPLETES)
        elif command == FILL:
            table[command] = Expect.exit(0)
        elif command == ROLLUP:  # names the member with errors; the total has only the tables' findings
            table[command] = Expect.exit(1)
        else:
            table[command] = Expect.exit(1, fragment)
    return table


def completes(commands: Iterable[str] = WORKBOOK_COMMANDS, fragment: str | None = None) -> dict[str, Expect]:
    """Read and processed as a normal report would be (the extra content neither breaks nor changes anything)."""
    return {command: Expect(COMPLETES, fragment) for command in commands}


def built(filename: str, make: Callable[[], bytes]) -> Callable[[Path], Path]:
    """A build that writes ``make()``'s bytes, made once per session, as ``folder/filename``."""
    made: list[bytes] = []

    def build(folder: Path) -> Path:
        if not made:
            made.append(make())
        path = folder / filename
        path.write_bytes(made[0])
        return path

    return build


def params(cases: Iterable[Case]) -> list:
    return [p for case in cases for p in case.params()]
