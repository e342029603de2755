"""Each case under each command that reads it, in this process (click's CliRunner)."""

from __future__ import annotations

import pytest

from .case import params
from .corpus import HERE
from .harness import run_case


@pytest.mark.parametrize("case, command", params(HERE))
def test_case(case, command, tmp_path, healthy):
    run_case(case, command, tmp_path, healthy, contained=False)
