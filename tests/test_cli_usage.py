"""Every message is one clean Chinese line: click's usage errors translated, user text (file names, cell texts)
with its control characters escaped, library warnings kept off stderr, no traceback from any command."""

import errno
import json
import re
import shutil
import subprocess
import sys

import pytest

from xxgk.cli import COMMANDS
from xxgk.cli.usage import range_in_chinese
from xxgk.errors import XxgkError, shown

from conftest import EXAMPLE_JSON, EXAMPLE_XLSX
from support import refusal, run_cli, run_xxgk, write_workbook

HOSTILE_NAME = "年报\n\x1b]0;标题\x07\x1b[2J\u202egpj\x85"
HOSTILE_SHOWN = "年报\\n\\x1b]0;标题\\x07\\x1b[2J\\u202egpj\\x85"


def test_shown_escapes_controls_and_keeps_everything_else():
    assert shown(HOSTILE_NAME) == HOSTILE_SHOWN
    assert shown("a\tb\rc\x00d\x7f\u2028\u2066\ud800") == "a\\tb\\rc\\x00d\\x7f\\u2028\\u2066\\ud800"
    plain = r"C:\报告\2024 年（汇总）“某局”.xlsx ✓"
    assert shown(plain) == plain
    assert shown(shown(HOSTILE_NAME)) == shown(HOSTILE_NAME)
    assert str(XxgkError("文件不存在", path=HOSTILE_NAME)) == f"{HOSTILE_SHOWN}：文件不存在"


# ----------------------------------------------------------------------------- help and usage errors

def _all_commands() -> list[tuple[str, ...]]:
    return [(name,) for name in sorted(COMMANDS)] + [("excel", sub) for sub in ("addin", "install", "uninstall")]


@pytest.mark.parametrize("command", _all_commands(), ids=" ".join)
def test_help_is_chinese(command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"用法：xxgk {' '.join(command)} [选项]")
    assert "选项：" in result.output and "显示本帮助并退出。" in result.output
    assert not any(word in result.output for word in ("Usage:", "Options:", "Show this message", "Commands:"))
    options = result.output.split("选项：", 1)[1]  # click's annotations and type names, in Chinese too
    assert not re.search(r"\[default:|required\]|env var:|x[<>]=|<=x|\b(?:TEXT|INTEGER|FLOAT|PATH|FILE|DIRECTORY|BOOLEAN)\b",
                         options), options


def test_option_annotations_say_the_default_the_range_and_what_is_required():
    serve = run_cli("serve", "--help").output
    assert "--port 整数" in serve and "[默认：8000；1～65535]" in serve and "[默认：127.0.0.1]" in serve
    export = run_cli("export", "--help").output
    assert "-o, --output 文件" in export and "[必填]" in export and "[不小于 1]" in export


@pytest.mark.parametrize(("written", "said"), [
    ("1<=x<=64", "1～64"), ("x>=1", "不小于 1"), ("x>0", "大于 0"), ("x<=5", "不大于 5"),
    ("0<x<=5", "大于 0、不大于 5"), ("1<=x<5", "不小于 1、小于 5"), ("-1.5<x<2.5", "大于 -1.5、小于 2.5"),
    ("something else", "something else"),
])
def test_clicks_ranges_in_chinese(written, said):
    assert range_in_chinese(written) == said


@pytest.mark.parametrize("command", _all_commands(), ids=" ".join)
def test_an_unknown_option_is_one_chinese_line_for_every_command(command):
    result = run_cli(*command, "--no-such-option")
    assert result.exit_code == 2
    refusal(result.stderr, "没有选项 --no-such-option", f"用法见 xxgk {' '.join(command)} --help")


def test_the_top_level_help_and_version():
    result = run_cli("--help")
    assert result.exit_code == 0 and result.output.startswith("用法：xxgk [选项] 命令 [参数]...")
    assert "命令：" in result.output and "Commands:" not in result.output
    result = run_cli("--version")
    assert result.exit_code == 0 and result.output.startswith("xxgk ") and "version" not in result.output


USAGE_ERRORS = {
    "missing -o (fill)": (("fill", EXAMPLE_JSON), "缺少选项 -o/--output"),
    "missing -o (report)": (("report", EXAMPLE_JSON), "缺少选项 -o/--output"),
    "missing -o (rollup)": (("rollup", EXAMPLE_JSON), "缺少选项 -o/--output"),
    "missing -o (batch)": (("batch", "."), "缺少选项 -o/--output"),
    "missing -o (template)": (("template",), "缺少选项 -o/--output"),
    "missing argument (convert)": (("convert",), "缺少参数 WORKBOOK"),
    "missing argument (validate)": (("validate",), "缺少参数 INPUT"),
    "missing argument (rollup)": (("rollup", "-o", "x.json"), "缺少参数 INPUTS"),
    "missing argument (batch)": (("batch", "-o", "out"), "缺少参数 DIRECTORY"),
    "bad choice (validate --format)": (("validate", EXAMPLE_JSON, "--format", "xml"), "选项 --format 的值应为 text、json 之一"),
    "bad choice (template --format)": (("template", "--format", "2030", "-o", "t.xlsx"), "2021"),
    "bad choice (report --to)": (("report", EXAMPLE_JSON, "--to", "rtf", "-o", "x.rtf"), "选项 --to 的值应为"),
    "bad choice (rules --format)": (("rules", "--format", "csv"), "选项 --format 的值应为 text、markdown、json 之一"),
    "not an integer (batch --jobs)": (("batch", ".", "-o", "out", "--jobs", "many"), "选项 -j/--jobs 的值应为整数"),
    "extra argument": (("convert", EXAMPLE_XLSX, "more.xlsx"), "多余的参数：more.xlsx"),
    "option without its value": (("convert", EXAMPLE_XLSX, "-o"), "选项 -o 后面缺少取值"),
    "flag given a value": (("validate", EXAMPLE_JSON, "--strict=yes"), "选项 --strict 不带取值"),
    "unknown command": (("conver", EXAMPLE_XLSX), "没有命令“conver”"),
    "unknown excel command": (("excel", "instal"), "没有命令“instal”"),
}


@pytest.mark.parametrize("case", USAGE_ERRORS)
def test_click_usage_errors_are_one_chinese_line_exit_2(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    args, expected = USAGE_ERRORS[case]
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    line = refusal(result.stderr, expected)
    assert not any(word in line for word in ("Error", "Usage", "Missing", "Invalid", "Try ")), line
    assert list(tmp_path.iterdir()) == []


def test_the_real_entry_point_writes_the_same_single_line():
    result = run_xxgk("fill", EXAMPLE_JSON)
    assert result.returncode == 2 and result.stdout == b""
    refusal(result.stderr, "缺少选项 -o/--output（用法见 xxgk fill --help）")


# ----------------------------------------------------------------------------- user text in messages

def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path):
    missing = tmp_path / f"{HOSTILE_NAME}.xlsx"
    result = run_xxgk("convert", missing)
    assert result.returncode == 2
    refusal(result.stderr, f"{HOSTILE_SHOWN}.xlsx：文件不存在")
    junk = tmp_path / f"{HOSTILE_NAME}.json"
    junk.write_text("{", encoding="utf-8")
    result = run_cli("validate", junk)
    assert result.exit_code == 2
    refusal(result.stderr, f"{HOSTILE_SHOWN}.json：")


def _clean_lines(text: str) -> list[str]:
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in text), repr(text)
    return text.splitlines()


def test_batch_summary_and_progress_lines_escape_file_names(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(EXAMPLE_XLSX, source / "good.xlsx")
    (source / f"{HOSTILE_NAME}.xlsx").write_bytes(b"not a workbook")
    result = run_xxgk("batch", source, "-o", tmp_path / "out", "-j", "1")
    assert result.returncode == 1
    lines = _clean_lines(result.stderr.decode())
    assert sum(HOSTILE_SHOWN in line for line in lines) == 2, lines  # its progress line and its summary line


def test_rollup_lines_escape_file_names(tmp_path):
    for name in (f"{HOSTILE_NAME}-1.json", f"{HOSTILE_NAME}-2.json"):
        shutil.copy(EXAMPLE_JSON, tmp_path / name)
    result = run_xxgk("rollup", tmp_path, "-o", tmp_path / "total.json")
    assert result.returncode == 1  # the same agency twice
    lines = _clean_lines(result.stderr.decode())
    assert any("已重复计入" in line and f"{HOSTILE_SHOWN}-1.json" in line for line in lines), lines


def test_a_cell_text_quoted_in_a_finding_stays_on_its_line(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", {"t3.new_received.natural_person": "五\n件\t"})
    result = run_xxgk("validate", path)
    assert result.returncode == 1
    lines = _clean_lines(result.stdout.decode())
    assert any("“五\\n件\\t”不是数字" in line for line in lines), lines
    result = run_xxgk("report", path, "-o", tmp_path / "r.md")
    assert result.returncode == 1
    lines = _clean_lines(result.stderr.decode())
    assert any("“五\\n件\\t”不是数字" in line for line in lines), lines


def test_library_warnings_stay_off_stderr_and_the_bad_date_is_a_finding(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", {"metadata.signing_date": 99999999})  # a date serial past 9999
    result = run_xxgk("convert", path)
    stderr = result.stderr.decode()
    assert "Warning" not in stderr and "site-packages" not in stderr, stderr
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert any(f["key"] == "metadata.signing_date" and f["severity"] == "error" for f in findings), findings


# ----------------------------------------------------------------------------- the last resort

def test_an_unexpected_exception_is_one_line_without_traceback(monkeypatch):
    def boom():
        raise RuntimeError("第一行\n第二行\x1b[2J")

    monkeypatch.setattr("xxgk.cli.schema.schema_text", boom)
    result = run_cli("schema")
    assert result.exit_code == 2
    line = result.stderr
    assert line.count("\n") == 1 and "程序内部错误（RuntimeError: 第一行\\n第二行\\x1b[2J）" in line, line


def test_an_unforeseen_os_error_is_one_chinese_line(monkeypatch):
    def full():
        raise OSError(errno.ENOSPC, "No space left on device", "/某处/输出.json")

    monkeypatch.setattr("xxgk.cli.schema.schema_text", full)
    result = run_cli("schema")
    assert result.exit_code == 2
    refusal(result.stderr, "/某处/输出.json：磁盘空间不足")


def test_a_closed_pipe_ends_quietly():
    """``xxgk rules --format json | head -1``: the reader went away; that is no error to report."""
    process = subprocess.Popen([sys.executable, "-m", "xxgk", "rules", "--format", "json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()
    assert process.wait(timeout=120) in (0, 1)  # 0 when everything fitted in the pipe before it was closed
    assert process.stderr.read() == b""
