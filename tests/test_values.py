"""Ordinary values, however odd, never crash a command: strict canonical JSON, odd texts, huge numbers.

A wrong type in a canonical JSON file refuses the file with one Chinese line naming the key (exit 2); a value
of the right type that breaks a rule is a finding (``test_conformance.py`` has those cases); every writer copes
with whatever the model holds; every JSON the tool writes is standard JSON.
"""

from __future__ import annotations

import json
import os
import zipfile

import pytest
from openpyxl import load_workbook

from xxgk.jsonio import MAX_JSON_BYTES, dumps_report, load_report_json, report_from_json
from xxgk.model import AnnualReport
from xxgk.render import build_document, render
from xxgk.workbook.fill import EXCEL_CELL_CHARACTERS, filled_bytes
from xxgk.workbook.reader import read_workbook

from support import example_report, run_xxgk


def _strict_json(text: str):
    """Standard JSON only: NaN and Infinity are not JSON."""
    def refuse(constant):
        raise AssertionError(f"not standard JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def _example_json() -> dict:
    return json.loads(dumps_report(example_report()))


def _one_chinese_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert text.count("\n") == 1 and "Traceback" not in text and "程序内部错误" not in text, text
    for english in ("Input should", "validation error", "Invalid JSON", "pydantic"):
        assert english not in text, text
    return text


def _set(data: dict, key: str, value) -> dict:
    *parents, name = key.split(".")
    place = data
    for part in parents:
        place = place[part]
    place[name] = value
    return data


CELL = "tables.t3.new_received.natural_person.value"
AMOUNT = "tables.t2.fees.amount_wan_yuan.value"

WRONG_TYPES = [
    (CELL, True, "应为整数，实为布尔值 true"),
    (CELL, "3", "应为整数，实为文本 “3”"),
    (CELL, {"value": 3}, "应为整数，实为对象"),
    (CELL, [3], "应为整数，实为数组"),
    ("tables.t3.new_received.natural_person", 3, "应为对象，实为整数 3"),  # a bare number, as in schema 1.0
    ("tables.t3.new_received.natural_person.state", "zero", "应为 'read'、'blank'"),
    (CELL, 10**15, "超过 15 位数"),
    (CELL, 10**4000, "超过 15 位数"),
    (AMOUNT, "0.5", "应为数字，实为文本"),
    ("metadata.report_year", "2024", "应为整数，实为文本 “2024”"),
    ("metadata.report_year", 20240, "应不大于 9999"),
    ("metadata.period_start", 20240101, "应为日期"),
    ("metadata.agency_level", "乡镇", "应为 'province'、'city'"),
    ("texts.problems", 5, "应为文本，实为整数 5"),
    ("format_version", "2030", "未知的报告格式版本：2030"),
]


@pytest.mark.parametrize(("key", "value", "words"), WRONG_TYPES, ids=lambda v: str(v)[:20])
def test_a_wrong_type_refuses_the_file_naming_the_key(tmp_path, key, value, words):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_set(_example_json(), key, value), ensure_ascii=False), encoding="utf-8")
    result = run_xxgk("validate", path)
    assert result.returncode == 2
    line = _one_chinese_line(result.stderr)
    assert str(path) in line and words in line, line
    if key != "format_version":
        assert key in line, line


@pytest.mark.parametrize(("literal", "words"), [("NaN", "应为有限的数字"), ("Infinity", "应为有限的数字"),
                                                ("-Infinity", "应为有限的数字"), ("1e400", "应为有限的数字")])
def test_non_finite_amounts_are_refused_naming_the_key(tmp_path, literal, words):
    text = json.dumps(_set(_example_json(), AMOUNT, 12345.5), ensure_ascii=False).replace("12345.5", literal)
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    result = run_xxgk("report", path, "-o", tmp_path / "r.html")
    assert result.returncode == 2 and not (tmp_path / "r.html").exists()
    line = _one_chinese_line(result.stderr)
    assert AMOUNT in line and words in line, line


@pytest.mark.parametrize(("text", "words"), [
    ('{"metadata": ' + "[" * 100_000 + "]" * 100_000 + "}", "嵌套层数过多"),
    ('{"tables": {"t2": {"fees": {"amount_wan_yuan": 1' + "0" * 5000 + "}}}}", "数字位数过多"),
    ('{"texts": {"problems": "\\ud800"}, "tables": []}', "tables：应为对象，实为数组"),
    ('{"texts": ', "意外结束"),
    ("[]", "应为对象，实为数组"),
])
def test_syntax_and_structure_errors_are_one_chinese_line(tmp_path, text, words):
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    for command in (("validate", path), ("fill", path, "-o", tmp_path / "f.xlsx")):
        result = run_xxgk(*command)
        assert result.returncode == 2
        assert words in _one_chinese_line(result.stderr)
    assert not (tmp_path / "f.xlsx").exists()


@pytest.mark.parametrize("escaped", [True, False])
def test_lone_surrogates_in_json_texts_are_replaced_with_a_finding_and_every_writer_succeeds(tmp_path, escaped):
    data = _set(_example_json(), "texts.problems", "前\ud800后\udc00")
    text = json.dumps(_set(data, "metadata.agency_name", "机关\udfff"), ensure_ascii=escaped)
    report = report_from_json(text)
    assert report.texts.problems == "前�后�" and report.metadata.agency_name == "机关�"
    found = {f.key: f for f in report.findings if f.rule == "text-invalid-character"}
    assert set(found) == {"texts.problems", "metadata.agency_name"}
    assert "U+D800、U+DC00" in found["texts.problems"].message and found["texts.problems"].cell
    if escaped:  # a file can only hold them as escapes
        path = tmp_path / "r.json"
        path.write_text(text, encoding="utf-8")
        result = run_xxgk("validate", path)
        assert result.returncode == 0 and result.stdout.decode().count("无法保存的控制字符或残缺字符") == 2
        for command in (("report", path, "-o", tmp_path / "r.docx", "-o", tmp_path / "r.html"),
                        ("fill", path, "-o", tmp_path / "r.xlsx")):
            result = run_xxgk(*command)
            assert result.returncode in (0, 1), result.stderr.decode()
    again = report_from_json(dumps_report(report))  # what the tool writes of it, it reads again
    assert again.texts.problems == "前�后�" and again.findings == report.findings


def test_a_json_file_over_the_size_limit_or_not_a_regular_file_is_refused(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(MAX_JSON_BYTES + 1)
    result = run_xxgk("validate", big)
    assert result.returncode == 2 and "文件过大" in _one_chinese_line(result.stderr)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    result = run_xxgk("validate", fifo)  # would block forever if it were opened
    assert result.returncode == 2 and "不是普通文件" in _one_chinese_line(result.stderr)


ODD = "问题\x00一\ud800二\x0b三\ufffe"


def _odd_report() -> AnnualReport:
    report = example_report()
    report.texts.problems = ODD
    report.metadata.agency_name = "额敏县\x1b]0;title\x07上户镇人民政府"
    return report


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_every_writer_copes_with_control_characters_and_lone_surrogates(fmt):
    data = render(build_document(_odd_report()), fmt)
    if fmt == "docx":
        data = zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/document.xml")
    text = data.decode("utf-8")
    assert "问题�一�二�三�" in text and "\x00" not in text


def test_fill_replaces_what_a_cell_cannot_hold_and_reads_back(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(filled_bytes(_odd_report()))
    report = read_workbook(path)
    assert report.texts.problems == "问题�一�二�三�"
    assert report.metadata.agency_name == "额敏县�]0;title�上户镇人民政府"


def test_a_json_with_a_nul_in_a_text_is_reported_rendered_and_filled(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_set(_example_json(), "texts.problems", "问题\x00。"), ensure_ascii=False),
                    encoding="utf-8")
    result = run_xxgk("validate", path)
    assert "text-invalid-character" in result.stdout.decode() or "无法保存" in result.stdout.decode()
    assert run_xxgk("report", path, "-o", tmp_path / "r.docx").returncode in (0, 1)
    assert run_xxgk("fill", path, "-o", tmp_path / "r.xlsx").returncode == 0
    assert load_workbook(tmp_path / "r.xlsx")["五、存在的主要问题及改进情况"]["A3"].value == "问题�。"


def test_fill_refuses_a_text_longer_than_a_cell_holds(tmp_path):
    path = tmp_path / "r.json"
    long = "长" * (EXCEL_CELL_CHARACTERS - 1) + "😀"  # 32 768 UTF-16 units, as Excel counts them
    path.write_text(json.dumps(_set(_example_json(), "texts.problems", long), ensure_ascii=False), encoding="utf-8")
    result = run_xxgk("fill", path, "-o", tmp_path / "r.xlsx")
    assert result.returncode == 2 and not (tmp_path / "r.xlsx").exists()
    line = _one_chinese_line(result.stderr)
    assert "五、存在的主要问题及改进情况" in line and "32768" in line and "32767" in line, line
    fits = "长" * EXCEL_CELL_CHARACTERS
    path.write_text(json.dumps(_set(_example_json(), "texts.problems", fits), ensure_ascii=False), encoding="utf-8")
    assert run_xxgk("fill", path, "-o", tmp_path / "r.xlsx").returncode == 0
    assert load_workbook(tmp_path / "r.xlsx")["五、存在的主要问题及改进情况"]["A3"].value == fits


@pytest.mark.parametrize("year", [3000, 1800, 0])
def test_a_year_out_of_range_is_read_reported_rendered_and_filled(tmp_path, year):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_set(_example_json(), "metadata.report_year", year)), encoding="utf-8")
    result = run_xxgk("validate", path)
    assert result.returncode == 1 and "报告年度" in result.stdout.decode()
    for command in (("report", path, "-o", tmp_path / "r.html", "-o", tmp_path / "r.docx"),
                    ("fill", path, "-o", tmp_path / "r.xlsx")):
        result = run_xxgk(*command)
        assert result.returncode in (0, 1), result.stderr.decode()
    assert load_report_json(path).metadata.report_year == year


def test_rollup_writes_standard_json_and_refuses_a_sum_beyond_15_digits(tmp_path):
    huge = []
    for i in range(2):
        data = _set(_example_json(), AMOUNT, 600_000_000_000_000.0 - i)
        data["metadata"]["agency_name"] = f"机关{i}"
        huge.append(tmp_path / f"h{i}.json")
        huge[-1].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_xxgk("rollup", *huge, "-o", tmp_path / "total.json")
    assert result.returncode == 2 and not (tmp_path / "total.json").exists()
    assert "超过 15 位数" in _one_chinese_line(result.stderr)
    ok = _set(_example_json(), AMOUNT, 123_456_789_012.5)
    (tmp_path / "ok.json").write_text(json.dumps(ok, ensure_ascii=False), encoding="utf-8")
    result = run_xxgk("rollup", tmp_path / "ok.json", huge[0], "-o", tmp_path / "total.json")
    assert result.returncode in (0, 1), result.stderr.decode()
    total = _strict_json((tmp_path / "total.json").read_text(encoding="utf-8"))
    assert total["tables"]["t2"]["fees"]["amount_wan_yuan"]["value"] == pytest.approx(
        600_000_000_000_000.0 + 123_456_789_012.5)


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_numbers_of_more_than_15_digits_in_cells_are_findings_in_both_engines(tmp_path, engine):
    from support import write_workbook

    path = write_workbook(tmp_path / "big.xlsx", {
        "t2.penalty.decisions": 10**29 - 1,  # a number cell of 29 nines
        "t2.fees.amount_wan_yuan": 1e30,
        "t2.licensing.decisions": "9" * 5000,  # text
        "t2.coercion.decisions": 10**15 - 1,  # 15 digits: the largest number a table holds
    })
    report = read_workbook(path, engine=engine)
    too_large = {f.key for f in report.findings if f.rule == "cell-too-large"}
    assert too_large == {"t2.penalty.decisions", "t2.fees.amount_wan_yuan", "t2.licensing.decisions"}
    assert report.value("t2.penalty.decisions") is None and report.value("t2.coercion.decisions") == 10**15 - 1
    assert _strict_json(dumps_report(report))["tables"]["t2"]["fees"]["amount_wan_yuan"] == {
        "value": None, "state": "not_read"}


def test_batch_previous_dir_skips_json_files_it_cannot_read_within_the_limits(tmp_path, example_xlsx):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.xlsx").write_bytes(example_xlsx.read_bytes())
    previous = tmp_path / "prev"
    previous.mkdir()
    (previous / "deep.json").write_text('{"metadata": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    (previous / "list.json").write_text("[1, 2]", encoding="utf-8")
    with open(previous / "big.json", "wb") as f:
        f.write(b'{"metadata": {"agency_name": "x", "report_year": 2023}}')
        f.truncate(MAX_JSON_BYTES + 1)
    result = run_xxgk("batch", tmp_path / "in", "-o", tmp_path / "out", "--previous-dir", previous)
    assert result.returncode in (0, 1), result.stderr.decode()
    assert "程序内部错误" not in result.stderr.decode() and "Traceback" not in result.stderr.decode()
