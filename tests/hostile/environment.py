"""What the environment does to an input: a FIFO where a file is expected (reading it would block forever)."""

from __future__ import annotations

import os
from pathlib import Path

from .case import BATCH, COMPLETES, JSON_COMMANDS, ONE_FILE, PREVIOUS_DIR, WORKBOOK_COMMANDS, Case, Expect


def _fifo(name: str):
    def build(folder: Path) -> Path:
        path = folder / name
        os.mkfifo(path)
        return path

    return build


def _refused_here(commands) -> dict[str, Expect]:
    """One-file commands refuse it (exit 2); a batch, which lists regular files only, does not see it."""
    return {c: Expect.exit(2, "不是普通文件") if c in ONE_FILE else Expect(COMPLETES) for c in commands}


CASES = [
    Case("fifo-json", _fifo("fifo.json"), _refused_here(JSON_COMMANDS), isolated=True, timeout=15),
    Case("fifo-xlsx", _fifo("fifo.xlsx"), _refused_here(WORKBOOK_COMMANDS), isolated=True, timeout=15),
]
assert all(c in (BATCH, PREVIOUS_DIR) or c in ONE_FILE for c in WORKBOOK_COMMANDS + JSON_COMMANDS)
