"""The commands as users run them: deterministic JSON, round trips, and bad input handled in one line."""

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from xxgk.workbook.layout import META_SHEET

from conftest import EXAMPLE_JSON
from support import run_cli, run_xxgk, write_workbook


def test_convert_to_stdout_is_deterministic_utf8_with_chinese_unescaped(example_xlsx):
    first, second = run_xxgk("convert", example_xlsx), run_xxgk("convert", example_xlsx)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout
    text = first.stdout.decode("utf-8")
    assert "额敏县上户镇人民政府" in text and "\\u" not in text
    data = json.loads(text)
    assert list(data) == ["schema_version", "format_version", "metadata", "texts", "tables", "findings", "provenance",
                          "sources"]
    assert data["schema_version"] == "2.0"
    assert data["tables"]["t3"]["new_received"]["natural_person"] == {"value": 0, "state": "read"}
    assert data["tables"]["t3"]["new_received"]["total"] == {"value": 0, "state": "derived"}  # no cached total


def test_convert_writes_the_output_file(tmp_path, example_xlsx):
    out = tmp_path / "sub" / "r.json"
    result = run_cli("convert", example_xlsx, "-o", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["metadata"]["report_year"] == 2024
    assert [p.name for p in out.parent.iterdir()] == ["r.json"]  # no temporary file left behind


def test_json_to_workbook_to_json_is_identical(tmp_path):
    assert run_cli("fill", EXAMPLE_JSON, "-o", tmp_path / "filled.xlsx").exit_code == 0
    assert run_cli("convert", tmp_path / "filled.xlsx", "-o", tmp_path / "back.json").exit_code == 0
    original = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    # provenance names the file that was read, findings are those of the validation at conversion;
    # everything else is the same data
    assert {k: v for k, v in back.items() if k not in ("provenance", "findings")} == {
        k: v for k, v in original.items() if k not in ("provenance", "findings")}


def test_template_command_writes_each_version(tmp_path):
    for version in ("2021", "2019"):
        out = tmp_path / f"{version}.xlsx"
        assert run_cli("template", "--format", version, "-o", out).exit_code == 0
        assert load_workbook(out)[META_SHEET]["B2"].value == version


def test_schema_command_prints_the_json_schema():
    schema = json.loads(run_cli("schema").output)
    assert schema["title"] == "政府信息公开工作年度报告"


# ----------------------------------------------------------------------------- bad input


def _not_a_template(path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "随便一个表格"
    wb.save(path)


def _unknown_version(path: Path) -> None:
    write_workbook(path)
    wb = load_workbook(path)
    wb[META_SHEET]["B2"] = "2030"
    wb.save(path)


def _missing_sheet(path: Path) -> None:
    write_workbook(path)
    wb = load_workbook(path)
    del wb["三、收到和处理政府信息公开申请情况"]
    wb.save(path)


def _row_inserted(path: Path) -> None:
    write_workbook(path)
    wb = load_workbook(path)
    wb["三、收到和处理政府信息公开申请情况"].insert_rows(6)
    wb.save(path)


def _truncated(path: Path) -> None:
    data = Path(__file__).parent.parent.joinpath("workbook_templates/example-2024.xlsx").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _renamed_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")


def _garbage_xml(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<<<not xml")


def _huge(path: Path) -> None:
    """A 'workbook' of 150 MB (sparse on disk): refused before any library reads it."""
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(150 * 1024 * 1024)


BAD_INPUTS = {
    "random-bytes.xlsx": (lambda p: p.write_bytes(bytes(range(256)) * 40), "不是 Excel 工作簿"),
    "renamed.csv.xlsx": (lambda p: p.write_text("机关名称,年度\n某某局,2024\n", encoding="utf-8"), "不是 Excel 工作簿"),
    "old.xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), ".xls"),
    "empty.xlsx": (lambda p: p.write_bytes(b""), "文件为空"),
    "huge.xlsx": (_huge, "文件过大"),
    "truncated.xlsx": (_truncated, "已损坏"),
    "renamed-docx.xlsx": (_renamed_docx, "不是 Excel 工作簿"),
    "garbage-xml.xlsx": (_garbage_xml, "已损坏"),
    "not-a-template.xlsx": (_not_a_template, "不是政府信息公开工作年度报告模板"),
    "unknown-version.xlsx": (_unknown_version, "2030"),
    "missing-sheet.xlsx": (_missing_sheet, "缺少工作表“三、收到和处理政府信息公开申请情况”"),
    "row-inserted.xlsx": (_row_inserted, "结构与模板不符"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_one_chinese_line_exit_2_nothing_written(tmp_path, name):
    make, expected = BAD_INPUTS[name]
    path = tmp_path / name
    make(path)
    before = path.read_bytes()
    out = tmp_path / "out.json"
    result = run_xxgk("convert", path, "-o", out)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("错误："), stderr
    assert "Traceback" not in stderr and expected in stderr and name in stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no partial output
    assert path.read_bytes() == before


def test_a_failed_conversion_keeps_an_existing_output(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nonsense")
    assert run_xxgk("convert", bad, "-o", out).returncode == 2
    assert out.read_text(encoding="utf-8") == "old"


def test_missing_file_and_bad_json_for_fill(tmp_path):
    result = run_xxgk("convert", tmp_path / "nowhere.xlsx")
    assert result.returncode == 2 and "文件不存在" in result.stderr.decode()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": "2021", "tables": {"t2": {"penalty": {"decisions": "3"}}}}', encoding="utf-8")
    result = run_xxgk("fill", bad, "-o", tmp_path / "x.xlsx")
    stderr = result.stderr.decode()
    assert result.returncode == 2 and "不是有效的年报 JSON" in stderr and "penalty" in stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("command", sorted(__import__("xxgk.cli", fromlist=["COMMANDS"]).COMMANDS))
def test_every_command_loads_and_explains_itself_in_chinese(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0, result.output
    assert "显示本帮助并退出。" in result.output and "Show this message" not in result.output


def test_text_that_looks_like_a_formula_stays_text_through_fill_and_convert(tmp_path):
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    data["metadata"]["agency_name"] = "=1+1"
    data["texts"]["other"] = "=HYPERLINK(\"http://example.com\")"
    source = tmp_path / "r.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("fill", source, "-o", tmp_path / "r.xlsx").exit_code == 0
    back = json.loads(run_xxgk("convert", tmp_path / "r.xlsx").stdout)
    assert back["metadata"]["agency_name"] == "=1+1"
    assert back["texts"]["other"] == data["texts"]["other"]
