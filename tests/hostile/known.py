"""The cases that still fail on main, and why: each is a strict xfail, so the fix that makes it pass fails the
suite until its line here is removed. Delete lines as fixes land; never add one to hide a regression."""

from __future__ import annotations

# case name -> (why it fails, the commands it fails under; "*" = all of the case's commands)
# not a case: test_a_dead_worker_costs_only_its_own_file
FAILING: dict[str, tuple[str, tuple[str, ...]]] = {
    "far-cell-single-quoted": ("calamine aborts the process on a far cell the density guard does not see",
        ("batch", "batch --previous-dir", "rollup",)),
    "far-cell-spaced": ("calamine aborts the process on a far cell the density guard does not see",
        ("batch", "batch --previous-dir", "rollup",)),
    "far-row-cells-without-r": ("calamine aborts the process on a far cell the density guard does not see",
        ("batch", "batch --previous-dir", "rollup",)),
    "json-text-70-million": ("no limit on JSON input or text length: fill cuts the text, validate runs for minutes",
        ("*",)),
    "understated-zip-bomb": ("the header's size is trusted: the inflated part is not bounded",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup",)),
    "ten-thousand-sheets": ("no limit on the number of sheets (annotate takes 70 s)",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup",)),
    "huge-date-serial": ("openpyxl's UserWarning reaches stderr",
        ("convert", "validate", "validate --annotate", "validate --previous", "report",)),
    "year-3000": ("pydantic refuses the year (internal error) instead of a finding",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup",)),
    "year-1800": ("pydantic refuses the year (internal error) instead of a finding",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup",)),
    "year-0000": ("pydantic refuses the year (internal error) instead of a finding",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup",)),
    "amount-1e30": ("decimal.InvalidOperation (internal error)",
        ("*",)),
    "amount-29-nines": ("decimal.InvalidOperation (internal error)",
        ("*",)),
    "count-5000-digits": ("openpyxl cannot read the number: the sheet is called damaged",
        ("convert", "validate", "validate --annotate", "validate --previous", "report",)),
    "count-5000-digits-text": ("Python's int-string limit (internal error)",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup",)),
    "json-count-true": ("JSON is read with lax types (the wrong type is coerced or accepted)",
        ("validate", "validate --annotate", "validate --previous", "report", "fill", "rollup",)),
    "json-count-string": ("JSON is read with lax types (the wrong type is coerced or accepted)",
        ("validate", "validate --annotate", "validate --previous", "report", "fill", "rollup",)),
    "json-amount-infinity": ("JSON is read with lax types (the wrong type is coerced or accepted)",
        ("validate", "validate --annotate", "validate --previous", "report", "fill", "rollup",)),
    "json-amount-1e400": ("JSON is read with lax types (the wrong type is coerced or accepted)",
        ("validate", "validate --annotate", "validate --previous", "report", "fill", "rollup",)),
    "json-count-4000-digits": ("a count too long is accepted (OverflowError in fill)",
        ("validate", "validate --annotate", "validate --previous", "report", "fill", "rollup",)),
    "json-count-5000-digits": ("Python's int-string limit (internal error)",
        ("validate", "validate --annotate", "validate --previous", "report", "fill", "rollup",)),
    "json-nesting-100000": ("RecursionError (internal error)",
        ("*",)),
    "json-year-3000": ("pydantic refuses the year in English instead of a finding",
        ("validate", "validate --annotate", "validate --previous", "report", "fill", "rollup",)),
    "json-text-lone-surrogate": ("a lone surrogate breaks the writers",
        ("validate --annotate", "report", "fill",)),
    "json-text-nul": ("NUL breaks the writers",
        ("validate --annotate", "report", "fill",)),
    "esc-in-file-name-unreadable": ("escape sequences in file names are printed raw",
        ("convert", "validate", "validate --annotate", "validate --previous", "report", "batch", "rollup",)),
    "esc-in-file-name": ("escape sequences in file names are printed raw",
        ("convert", "batch",)),
    "esc-in-text": ("control characters in a text break the writers and reach the terminal",
        ("validate --annotate", "report", "fill",)),
    "newline-in-cell": ("a newline in a quoted cell splits the message",
        ("validate", "validate --annotate", "report",)),
}


def failing(case: str, command: str) -> str | None:
    reason, commands = FAILING.get(case, (None, ()))
    return reason if command in commands or "*" in commands else None
