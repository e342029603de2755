"""Usage errors and outputs that are inputs: exit 2, one Chinese line, nothing written, inputs unchanged."""

from __future__ import annotations

import pytest

from .case import Expect
from .harness import Run, check, fingerprints, invoke_here
from .known import marks
from .usage import CASES, setup


def _params():
    for usage in CASES:
        yield pytest.param(usage, id=usage.name, marks=marks(usage.name, "usage"))


@pytest.mark.parametrize("usage", list(_params()))
def test_usage(usage, tmp_path):
    setup(tmp_path)
    run = Run(tmp_path, usage.args[0], tmp_path / "in" / "report.xlsx", list(usage.args), [])
    run.before = fingerprints(*run.inputs)
    check(invoke_here(run), Expect.exit(2, usage.fragment))
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["link.json", "link.xlsx", "report.json",
                                                                   "report.xlsx"]
