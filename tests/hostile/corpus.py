"""Every case of the corpus, by class."""

from __future__ import annotations

from . import bombs, environment, jsons, names, published, workbooks

CASES = [*workbooks.FAR, *workbooks.VALUES, *jsons.WRONG_TYPES, *jsons.VALUES, *jsons.HUGE_TEXT, *names.CASES,
         *bombs.CASES, *environment.CASES, *published.CASES]
assert len({case.name for case in CASES}) == len(CASES), "case names must be unique"
HERE = [case for case in CASES if not case.isolated]
CONTAINED = [case for case in CASES if case.isolated]
