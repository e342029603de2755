"""An output folder the user cannot write: one Chinese line saying so, exit 2, nothing left behind.

CI runs as root, where permissions do not bite, so the command runs as ``nobody`` (``setpriv``) in a folder
tree that ``nobody`` can read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .case import Expect
from .harness import Run, check, fingerprints
from .known import marks
from conftest import EXAMPLE_JSON, EXAMPLE_XLSX

WRITERS = {
    "convert": ("convert", "in/report.xlsx", "-o", "out/report.json"),
    "validate --annotate": ("validate", "in/report.xlsx", "--annotate", "out/annotated.xlsx"),
    "report": ("report", "in/report.xlsx", "-o", "out/report.html"),
    "fill": ("fill", "in/report.json", "-o", "out/filled.xlsx"),
    "template": ("template", "-o", "out/template.xlsx"),
    "batch": ("batch", "in", "-o", "out"),
    "batch (new folder)": ("batch", "in", "-o", "out/batch"),
    "rollup": ("rollup", "in/report.json", "-o", "out/rollup.json"),
}


@pytest.fixture
def tree():
    """in/ (the example, readable by all) and out/ (writable by nobody but root) in a folder all can enter."""
    base = Path(tempfile.mkdtemp(prefix="xxgk-nobody-"))
    try:
        base.chmod(0o755)
        (base / "in").mkdir(mode=0o755)
        for source, name in ((EXAMPLE_XLSX, "report.xlsx"), (EXAMPLE_JSON, "report.json")):
            (base / "in" / name).write_bytes(source.read_bytes())
            (base / "in" / name).chmod(0o644)
        (base / "out").mkdir(mode=0o555)
        yield base
    finally:
        (base / "out").chmod(0o755)
        shutil.rmtree(base)


def _as_unprivileged(args: tuple[str, ...]) -> list[str]:
    command = [sys.executable, "-m", "xxgk", *args]
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to drop root for this test")
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", *command]


def _params():
    for name, args in WRITERS.items():
        yield pytest.param(args, id=name, marks=marks("unwritable-output-folder", name))


@pytest.mark.parametrize("args", list(_params()))
def test_an_unwritable_output_folder_is_one_clear_line(tree, args):
    run = Run(tree, args[0], tree / "in" / "report.xlsx", list(args), [])
    run.before = fingerprints(*run.inputs)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}, "HOME": str(tree)}
    done = subprocess.run(_as_unprivileged(args), cwd=tree, capture_output=True, timeout=60, env=env)
    run.exit_code, run.stdout, run.stderr = done.returncode, done.stdout.decode(), done.stderr.decode()
    check(run, Expect.exit(2, "无法写入"))
