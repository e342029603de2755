"""Each case that could abort or exhaust a process, under each command, in a child process capped by
``prlimit --as`` and a timeout."""

from __future__ import annotations

import pytest

from .case import BATCH, params
from .corpus import CONTAINED
from .harness import HEALTHY, prepare, run_case
from .workbooks import FAR


@pytest.mark.parametrize("case, command", params(CONTAINED))
def test_case(case, command, tmp_path, healthy):
    run_case(case, command, tmp_path, healthy, contained=True)


def test_a_dead_worker_costs_only_its_own_file(tmp_path, healthy):
    """Two real workers and healthy copies beside the file that aborts its reader: every copy is converted."""
    from .harness import check, fingerprints, invoke_contained

    case = FAR[0]
    run = prepare(case, BATCH, tmp_path, healthy, jobs=2)
    for n in range(4):
        (tmp_path / "in" / f"{n}-{HEALTHY}").write_bytes(healthy.example_xlsx)
    run.before = fingerprints(*run.inputs)
    run = invoke_contained(run, case.timeout)
    check(run, case.expect[BATCH])
    assert len(run.index()) == 6
