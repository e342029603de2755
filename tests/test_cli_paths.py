"""Files a command is given: an output that is one of the inputs (however it is named) is refused before
anything is written; inputs must be regular files (a pipe must not block), outputs must not be folders."""

import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_JSON, EXAMPLE_XLSX
from support import refusal, run_cli, run_xxgk, snapshot

OVERWRITE = "输出文件与输入文件相同"


@pytest.fixture
def folder(tmp_path) -> Path:
    """r.xlsx and r.json (the example), p.xlsx (a last-year report), a symlink and a hard link to each input."""
    shutil.copy(EXAMPLE_XLSX, tmp_path / "r.xlsx")
    shutil.copy(EXAMPLE_JSON, tmp_path / "r.json")
    shutil.copy(EXAMPLE_XLSX, tmp_path / "p.xlsx")
    (tmp_path / "link-r.xlsx").symlink_to("r.xlsx")
    (tmp_path / "link-r.json").symlink_to(tmp_path / "r.json")
    (tmp_path / "link-r.html").symlink_to("r.json")  # an output name a command accepts, pointing at the input
    os.link(tmp_path / "r.json", tmp_path / "hard-r.json")
    os.link(tmp_path / "p.xlsx", tmp_path / "hard-p.xlsx")
    return tmp_path


# Each command whose output is one of its inputs, named differently each time. Run as root (CI), nothing but
# the command's own check stands between it and the input.
OVERWRITES = {
    "convert, same name": ("convert", "r.xlsx", "-o", "r.xlsx"),
    "convert, ./ prefix": ("convert", "r.xlsx", "-o", "./r.xlsx"),
    "convert, via a symlink": ("convert", "r.xlsx", "-o", "link-r.xlsx"),
    "convert, through a folder and back": ("convert", "r.xlsx", "-o", "sub/../r.xlsx"),
    "fill": ("fill", "r.json", "-o", "r.json"),
    "fill, via a symlink": ("fill", "r.json", "-o", "link-r.json"),
    "fill, via a hard link": ("fill", "r.json", "-o", "hard-r.json"),
    "rollup, a file given": ("rollup", "r.json", "p.xlsx", "-o", "r.json"),
    "rollup, a file inside a folder given": ("rollup", ".", "-o", "hard-r.json"),
    "report": ("report", "r.json", "--to", "md", "-o", "r.json"),
    "report, the second of several outputs": ("report", "r.json", "-o", "ok.md", "-o", "link-r.html"),
    "validate --annotate, the input": ("validate", "r.xlsx", "--annotate", "./link-r.xlsx"),
    "validate --annotate, the previous report": ("validate", "r.xlsx", "--previous", "p.xlsx",
                                                 "--annotate", "hard-p.xlsx"),
}


@pytest.mark.parametrize("case", OVERWRITES)
def test_an_output_that_is_an_input_is_refused_and_nothing_is_written(folder, monkeypatch, case):
    (folder / "sub").mkdir()
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    result = run_cli(*OVERWRITES[case])
    assert result.exit_code == 2, result.output
    refusal(result.stderr, OVERWRITE)
    assert snapshot(folder) == before  # inputs byte for byte, no output, no temporary file


def test_a_batch_output_folder_that_is_an_input_folder_is_refused(folder):
    source, out = folder / "in", folder / "out"
    source.mkdir()
    out.mkdir()
    shutil.move(folder / "r.xlsx", source / "r.xlsx")
    (folder / "link-in").symlink_to(source)
    before = snapshot(folder)
    for args in (("batch", source, "-o", folder / "link-in"),
                 ("batch", source, "-o", source / "."),
                 ("batch", source, "-o", out, "--previous-dir", out / "."),
                 ("batch", source, "-o", folder / "link-in" / ".." / "out", "--previous-dir", out)):
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.output)
        refusal(result.stderr, "输出目录不能与输入目录相同")
    assert snapshot(folder) == before


def test_a_different_file_of_the_same_content_is_not_an_input(folder):
    shutil.copy(folder / "r.json", folder / "copy.json")
    result = run_cli("fill", folder / "r.json", "-o", folder / "copy.json")
    assert result.exit_code == 0, result.output
    assert (folder / "copy.json").read_bytes().startswith(b"PK")


# ----------------------------------------------------------------------------- not regular files

PIPES = {
    "convert": ("convert", "pipe.xlsx", "-o", "out.json"),
    "fill": ("fill", "pipe.json", "-o", "out.xlsx"),
    "validate": ("validate", "pipe.json"),
    "validate --previous": ("validate", "r.json", "--previous", "pipe.json"),
    "report": ("report", "pipe.json", "-o", "out.md"),
    "rollup": ("rollup", "r.json", "pipe.json", "-o", "out.json"),
}


@pytest.mark.parametrize("case", PIPES)
def test_a_named_pipe_as_input_is_refused_at_once(folder, case):
    os.mkfifo(folder / "pipe.json")
    os.mkfifo(folder / "pipe.xlsx")
    before = snapshot(folder)
    args = [folder / a if a in ("pipe.json", "pipe.xlsx", "r.json", "out.json", "out.xlsx", "out.md") else a
            for a in PIPES[case]]
    result = run_xxgk(*args, timeout=60)  # a child process: a regression blocks it, not the test suite
    assert result.returncode == 2
    refusal(result.stderr, "pipe.", "这是管道，不是普通文件")
    assert snapshot(folder) == before


def test_a_pipe_inside_folders_is_passed_over(folder):
    for name in ("in", "previous"):
        (folder / name).mkdir()
        os.mkfifo(folder / name / "pipe.xlsx")
    shutil.copy(EXAMPLE_JSON, folder / "in" / "r.json")
    result = run_xxgk("rollup", folder / "in", "-o", folder / "total.json", timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    result = run_xxgk("batch", folder / "in", "-o", folder / "out", "--previous-dir", folder / "previous", "-j", "1",
                      timeout=120)
    assert result.returncode in (0, 1), result.stderr.decode()


def test_a_device_is_not_an_input(tmp_path):
    result = run_cli("validate", "/dev/null")
    assert result.exit_code == 2
    refusal(result.stderr, "/dev/null", "设备")


# ----------------------------------------------------------------------------- folders where files belong

FOLDERS = {
    "convert, input": ("convert", "dir.xlsx"),
    "convert, output": ("convert", "r.xlsx", "-o", "dir.json"),
    "fill, input": ("fill", "dir.json", "-o", "x.xlsx"),
    "fill, output": ("fill", "r.json", "-o", "dir.xlsx"),
    "report, input": ("report", "dir.json", "-o", "x.md"),
    "report, output": ("report", "r.json", "-o", "x.md", "-o", "dir.html"),
    "validate, input": ("validate", "dir.json"),
    "validate --previous": ("validate", "r.json", "--previous", "dir.json"),
    "validate --annotate": ("validate", "r.xlsx", "--annotate", "dir.xlsx"),
    "rollup, output": ("rollup", "r.json", "-o", "dir.json"),
    "template, output": ("template", "-o", "dir.xlsx"),
}


@pytest.mark.parametrize("case", FOLDERS)
def test_a_folder_where_a_file_belongs_is_one_chinese_line(folder, monkeypatch, case):
    for name in ("dir.xlsx", "dir.json", "dir.html"):
        (folder / name).mkdir()
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    result = run_cli(*FOLDERS[case])
    assert result.exit_code == 2, result.output
    refusal(result.stderr, "dir.", "这是一个文件夹")
    assert snapshot(folder) == before


def test_a_device_or_pipe_is_not_an_output(folder):
    os.mkfifo(folder / "pipe.json")
    (folder / "null.json").symlink_to("/dev/null")
    before = snapshot(folder)
    for output in ("/dev/null", folder / "null.json", folder / "pipe.json"):
        result = run_cli("convert", folder / "r.xlsx", "-o", output)
        assert result.exit_code == 2
        refusal(result.stderr, "这是设备或管道，输出应为普通文件")
    assert snapshot(folder) == before
    assert Path("/dev/null").is_char_device()


def test_an_output_given_as_a_symlink_is_written_through_it(folder):
    (folder / "archive").mkdir()
    (folder / "archive" / "2024.json").write_text("old", encoding="utf-8")
    (folder / "latest.json").symlink_to("archive/2024.json")
    result = run_cli("convert", folder / "r.xlsx", "-o", folder / "latest.json")
    assert result.exit_code == 0, result.output
    assert (folder / "latest.json").is_symlink()
    assert (folder / "archive" / "2024.json").read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in (folder / "archive").iterdir()) == ["2024.json"]


def test_a_missing_input_is_named(tmp_path):
    for args in (("convert", tmp_path / "无.xlsx"), ("fill", tmp_path / "无.xlsx", "-o", tmp_path / "x.xlsx"),
                 ("validate", EXAMPLE_JSON, "--previous", tmp_path / "无.xlsx"),
                 ("rollup", EXAMPLE_JSON, tmp_path / "无.xlsx", "-o", tmp_path / "x.json")):
        result = run_cli(*args)
        assert result.exit_code == 2
        refusal(result.stderr, "无.xlsx：文件不存在")
    assert list(tmp_path.iterdir()) == []
