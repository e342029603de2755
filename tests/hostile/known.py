"""The cases that still fail on main, and why: each is a strict xfail, so the fix that makes it pass fails the
suite until its line here is removed. Delete lines as fixes land; never add one to hide a regression."""

from __future__ import annotations

# case name -> (why it fails, the commands it fails under; "*" = all of the case's commands)
FAILING: dict[str, tuple[str, tuple[str, ...]]] = {
    "far-cell-single-quoted": ("calamine aborts the process on a far cell the density guard does not see", ("batch", "batch --previous-dir", "rollup")),
    "far-cell-spaced": ("calamine aborts the process on a far cell the density guard does not see", ("batch", "batch --previous-dir", "rollup")),
    "far-row-cells-without-r": ("calamine aborts the process on a far cell the density guard does not see", ("batch", "batch --previous-dir", "rollup")),
    "understated-zip-bomb": ("the header's size is trusted: the inflated part is not bounded",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup")),
    "ten-thousand-sheets": ("no limit on the number of sheets (annotate takes 70 s)",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup")),
    "count-5000-digits": ("openpyxl cannot read a 5000-digit <v>: the sheet is called damaged (calamine reads it; "
                          "the engines disagree)",
        ("convert", "validate", "validate --annotate", "validate --previous", "report")),
    "json-nesting-100000": ("--previous-dir identifies JSON reports with json.loads: RecursionError (internal error)",
        ("batch --previous-dir",)),
    "x0000-in-cells": ("the engines decode _x0000_ differently (openpyxl keeps the escape, calamine a NUL)",
        ("engines",)),
    # test_batch_state.py (command "batch")
    "killed-batch-lock": ("the lock file outlives a killed batch", ("batch",)),
    "manifest-lists-keep-json": ("a manifest edited to list keep.json makes the batch move it away", ("batch",)),
    "output-name-is-a-folder": ("a folder under a report's name crashes the batch", ("batch",)),
    "index-output-column": ("the 输出文件 column carries the anti-injection apostrophe", ("batch",)),
}


def failing(case: str, command: str) -> str | None:
    reason, commands = FAILING.get(case, (None, ()))
    return reason if command in commands or "*" in commands else None
