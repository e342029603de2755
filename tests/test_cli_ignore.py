"""``--ignore RULE`` / ``--select RULE`` on validate, convert, report and batch: warnings and infos left aside,
kept in the JSON marked as ignored, never an error of the national format."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from xxgk.batch.run import run_batch
from xxgk.rules.context import Settings

from conftest import EXAMPLE_XLSX
from support import refusal, run_cli, run_xxgk, snapshot, write_workbook

WARNING = "text-document-number"  # the bundled example's one warning (a 文号 in （） brackets)
INFO = "text-halfwidth-brackets"  # and its one info
T3_BLANK = "t3.new_received.natural_person = /"  # an error: cell-placeholder


def _json(*args) -> tuple[int, dict]:
    result = run_cli("validate", "--format", "json", *args, EXAMPLE_XLSX)
    return result.exit_code, json.loads(result.output)


def test_validate_ignores_a_warning_keeps_it_marked_in_json_and_hides_it_in_the_text():
    assert run_cli("validate", "--strict", EXAMPLE_XLSX).exit_code == 1  # the warning fails --strict
    text = run_cli("validate", "--strict", "--ignore", WARNING, EXAMPLE_XLSX)
    assert text.exit_code == 0, text.output
    assert WARNING not in text.output and INFO in text.output
    assert text.output.rstrip().endswith("共发现错误 0 项，警告 0 项，提示 1 项；已按要求忽略 1 项；校验通过。")

    code, data = _json("--ignore", WARNING)
    assert code == 0 and (data["warnings"], data["infos"]) == (0, 1)
    marked = {f["rule"]: f.get("ignored") for f in data["findings"]}
    assert marked == {WARNING: True, INFO: None}  # left out when false: JSON without --ignore is unchanged


def test_select_keeps_only_the_named_warnings_and_infos_and_ignore_then_drops_from_them():
    code, data = _json("--select", INFO)
    assert code == 0
    assert (data["warnings"], data["infos"]) == (0, 1)
    assert [f["rule"] for f in data["findings"] if f.get("ignored")] == [WARNING]
    _, both = _json("--select", INFO, "--select", WARNING, "--ignore", INFO)
    assert (both["warnings"], both["infos"]) == (1, 0)


def test_errors_are_never_left_aside_by_select(tmp_path):
    book = write_workbook(tmp_path / "e.xlsx", T3_BLANK)
    result = run_cli("validate", "--format", "json", "--select", INFO, book)
    assert result.exit_code == 1
    assert json.loads(result.output)["errors"] >= 1


@pytest.mark.parametrize("command", ["validate", "convert", "report", "batch"])
@pytest.mark.parametrize(("rule", "fragment"), [("t3-balance", "错误级规则“t3-balance”"), ("no-such-rule", "不存在")])
def test_an_error_rule_or_an_unknown_id_is_a_usage_error_and_nothing_is_written(tmp_path, command, rule, fragment):
    out = tmp_path / "out"
    out.mkdir()
    args = {"validate": [EXAMPLE_XLSX], "convert": [EXAMPLE_XLSX, "-o", out / "r.json"],
            "report": [EXAMPLE_XLSX, "-o", out / "r.html"], "batch": [EXAMPLE_XLSX.parent, "-o", out / "b"]}[command]
    option = "--ignore" if rule == "t3-balance" else "--select"
    result = run_xxgk(command, option, rule, *args)
    assert result.returncode == 2 and result.stdout == b""
    refusal(result.stderr, option, fragment)
    assert snapshot(out) == {}


def test_convert_records_the_ignored_rules_and_the_exit_code_is_after_ignoring(tmp_path):
    target = tmp_path / "r.json"
    result = run_cli("convert", "--ignore", WARNING, EXAMPLE_XLSX, "-o", target)
    assert result.exit_code == 0 and "已按要求忽略 1 项" in result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["ignored_rules"] == [WARNING]
    assert [f["rule"] for f in data["findings"] if f.get("ignored")] == [WARNING]
    plain = tmp_path / "plain.json"
    run_cli("convert", EXAMPLE_XLSX, "-o", plain)
    assert "ignored" not in plain.read_text(encoding="utf-8")  # existing JSON stays byte-identical
    assert run_cli("validate", target).output.rstrip().endswith("警告 1 项，提示 1 项；校验通过。")  # a record only


def test_report_does_not_mention_an_ignored_warning(tmp_path):
    shown = run_cli("report", EXAMPLE_XLSX, "-o", tmp_path / "a.html")
    assert "1 项警告" in shown.output
    quiet = run_cli("report", "--ignore", WARNING, EXAMPLE_XLSX, "-o", tmp_path / "b.html")
    assert quiet.exit_code == 0 and "警告" not in quiet.output
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_batch_index_records_the_ignored_findings_and_a_changed_ignore_reconverts(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "a.xlsx")  # the bundled example: one warning, one info
    first = run_batch(src, out, jobs=1)
    assert first.outcomes[0].status == "warnings"
    assert run_batch(src, out, jobs=1).converted == 0

    ignoring = run_batch(src, out, jobs=1, settings=Settings(ignore=frozenset({WARNING})))
    assert ignoring.converted == 1  # the manifest's context holds the ignored rules
    outcome = ignoring.outcomes[0]
    assert outcome.status == "passed" and f"已按要求忽略 1 项（{WARNING}）" in outcome.message
    index = (out / "index.csv").read_text(encoding="utf-8-sig")
    assert f"已按要求忽略 1 项（{WARNING}）" in index
    (json_file,) = [p for p in out.iterdir() if p.suffix == ".json" and not p.name.startswith(".")]
    assert json.loads(json_file.read_text(encoding="utf-8"))["ignored_rules"] == [WARNING]

    cli = run_cli("batch", "--ignore", WARNING, src, "-o", out)
    assert cli.exit_code == 0 and "沿用上次结果 1 个" in cli.output
    assert run_batch(src, out, jobs=1).converted == 1  # without --ignore again: reconverted


def _texts(path) -> str:
    book = load_workbook(path)
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None) + \
        "\n".join(c.comment.text for sheet in book for row in sheet.iter_rows() for c in row if c.comment)


def test_the_annotated_copy_does_not_mark_an_ignored_warning(tmp_path):
    marked, quiet = tmp_path / "marked.xlsx", tmp_path / "quiet.xlsx"
    run_cli("validate", "--annotate", marked, EXAMPLE_XLSX)
    run_cli("validate", "--annotate", quiet, "--ignore", WARNING, EXAMPLE_XLSX)
    assert WARNING in _texts(marked) and WARNING not in _texts(quiet) and INFO in _texts(quiet)
