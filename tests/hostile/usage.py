"""Command lines a careless user types: an output that is one of the inputs (same path, ``./``, a symlink),
a folder where a file is expected and the reverse, an unknown option, a missing ``-o``, a bad value.

Each is an argument list over a fixed set of files (``setup``); every one must end with exit 2, one Chinese
line, nothing written and every input unchanged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from conftest import EXAMPLE_JSON, EXAMPLE_XLSX


@dataclass(frozen=True)
class Usage:
    name: str
    args: tuple[str, ...]  # relative to the run's folder (the command runs there)
    fragment: str | None = None


def setup(tmp: Path) -> None:
    """in/: the example as a workbook and as JSON, and symlinks to each; out/: folders named like outputs."""
    (tmp / "in").mkdir()
    (tmp / "in" / "report.xlsx").write_bytes(EXAMPLE_XLSX.read_bytes())
    (tmp / "in" / "report.json").write_bytes(EXAMPLE_JSON.read_bytes())
    os.symlink("report.xlsx", tmp / "in" / "link.xlsx")
    os.symlink("report.json", tmp / "in" / "link.json")
    for name in ("folder.json", "folder.xlsx", "folder.html"):
        (tmp / "out" / name).mkdir(parents=True)


X, J, LX, LJ = "in/report.xlsx", "in/report.json", "in/link.xlsx", "in/link.json"
# 2. Inputs overwritten: every command that writes refuses an output that is one of its inputs.
SAME = [
    Usage("convert-onto-its-input", ("convert", X, "-o", X), "输出文件与输入文件相同"),
    Usage("convert-onto-its-input-dot", ("convert", X, "-o", "./in/./report.xlsx"), "输出文件与输入文件相同"),
    Usage("convert-through-a-symlink", ("convert", LX, "-o", X), "输出文件与输入文件相同"),
    Usage("convert-onto-a-symlink-to-its-input", ("convert", X, "-o", LX), "输出文件与输入文件相同"),
    Usage("fill-onto-its-input", ("fill", J, "-o", J), "输出文件与输入文件相同"),
    Usage("fill-onto-a-symlink-to-its-input", ("fill", J, "-o", LJ), "输出文件与输入文件相同"),
    Usage("rollup-onto-its-input", ("rollup", J, "-o", J), "输出文件与输入文件相同"),
    Usage("rollup-onto-one-of-its-inputs", ("rollup", X, J, "-o", "./in/report.json"), "输出文件与输入文件相同"),
    Usage("report-onto-its-input", ("report", X, "--to", "html", "-o", "./in/report.xlsx"), "输出文件与输入文件相同"),
    Usage("report-through-a-symlink", ("report", LJ, "--to", "md", "-o", J), "输出文件与输入文件相同"),
    Usage("annotate-onto-its-input", ("validate", X, "--annotate", "./in/report.xlsx"), "输出文件与输入文件相同"),
    Usage("annotate-through-a-symlink", ("validate", LX, "--annotate", X), "输出文件与输入文件相同"),
    Usage("batch-into-its-input-folder", ("batch", "in", "-o", "./in/"), "输出目录不能与输入目录相同"),
]
# 6. click's own usage errors, in Chinese and on one line.
CLICK = [
    Usage("convert-a-folder", ("convert", "in", "-o", "out/r.json"), "这是一个文件夹，应给出文件"),
    Usage("validate-a-folder", ("validate", "in"), "这是一个文件夹，应给出文件"),
    Usage("report-a-folder", ("report", "in", "-o", "out/r.html"), "这是一个文件夹，应给出文件"),
    Usage("fill-a-folder", ("fill", "in", "-o", "out/r.xlsx"), "这是一个文件夹，应给出文件"),
    Usage("convert-into-a-folder", ("convert", X, "-o", "out/folder.json"), "这是一个文件夹，输出应为文件"),
    Usage("fill-into-a-folder", ("fill", J, "-o", "out/folder.xlsx"), "这是一个文件夹，输出应为文件"),
    Usage("report-into-a-folder", ("report", X, "-o", "out/folder.html"), "这是一个文件夹，输出应为文件"),
    Usage("annotate-into-a-folder", ("validate", X, "--annotate", "out/folder.xlsx"), "这是一个文件夹，输出应为文件"),
    Usage("rollup-into-a-folder", ("rollup", J, "-o", "out/folder.json"), "这是一个文件夹，输出应为文件"),
    Usage("convert-unknown-option", ("convert", "--bogus", X), "--bogus"),
    Usage("validate-unknown-option", ("validate", X, "--bogus"), "--bogus"),
    Usage("batch-unknown-option", ("batch", "in", "-o", "out/b", "--bogus"), "--bogus"),
    Usage("unknown-command", ("convertt", X), "convertt"),
    Usage("fill-without-output", ("fill", J), "-o"),
    Usage("report-without-output", ("report", X), "-o"),
    Usage("batch-without-output", ("batch", "in"), "-o"),
    Usage("rollup-without-output", ("rollup", J), "-o"),
    Usage("convert-without-input", ("convert",), "缺少参数"),
    Usage("validate-bad-format", ("validate", X, "--format", "xml"), "--format"),
    Usage("batch-jobs-not-a-number", ("batch", "in", "-o", "out/b", "--jobs", "two"), "--jobs"),
]
CASES = SAME + CLICK
