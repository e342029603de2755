"""``xxgk validate``, ``xxgk rules`` and ``xxgk convert`` as users run them: output, exit codes, files."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from xxgk.rules import catalog
from xxgk.rules.docs import as_markdown

from conftest import EXAMPLE_JSON, ROOT
from support import run_cli, run_xxgk, write_workbook

T3 = "三、收到和处理政府信息公开申请情况"
UNBALANCED = """
    t3.new_received.natural_person = 5
    t3.carried_over.natural_person = 1
    t3.granted.natural_person = 4
    t3.carried_forward.natural_person = 1
"""


def test_example_is_valid_exit_0_with_its_warning_listed(example_xlsx):
    result = run_xxgk("validate", example_xlsx)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    assert "【六、其他需要报告的事项】" in text and "六、其他需要报告的事项!A3" in text
    assert "修改建议：" in text
    assert text.rstrip().endswith("共发现错误 0 项，警告 1 项，提示 1 项；校验通过。")


def test_strict_makes_warnings_fail(example_xlsx):
    assert run_cli("validate", "--strict", example_xlsx).exit_code == 1


def test_errors_exit_1_text_names_cell_labels_numbers_and_hint(tmp_path):
    result = run_cli("validate", write_workbook(tmp_path / "u.xlsx", UNBALANCED))
    assert result.exit_code == 1
    out = result.output
    assert f"【{T3}】" in out
    assert f"错误  {T3}!D29 “四、结转下年度继续办理”行“自然人”列（t3-balance）" in out
    assert "第一项加第二项之和为 6（5 + 1），第三项加第四项之和为 5（4 + 1）" in out
    assert "修改建议：核对该列" in out
    assert "校验未通过。" in out


def test_json_output(tmp_path):
    result = run_cli("validate", "--format", "json", write_workbook(tmp_path / "u.xlsx", UNBALANCED))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert list(data) == ["valid", "errors", "warnings", "infos", "findings"]
    assert data["valid"] is False and data["errors"] == 1
    balance = next(f for f in data["findings"] if f["rule"] == "t3-balance")
    assert list(balance) == ["rule", "severity", "sheet", "cell", "row_label", "column_label", "key", "args",
                             "message", "hint", "origin"]
    assert balance["origin"] == "report"
    assert (balance["sheet"], balance["cell"], balance["column_label"]) == (T3, "D29", "自然人")
    assert (balance["args"]["left"], balance["args"]["right"], balance["args"]["difference"]) == (6, 5, 1)


def test_canonical_json_input_and_previous_year(tmp_path):
    previous = write_workbook(tmp_path / "2023.xlsx", "metadata.report_year = 2022")
    result = run_cli("validate", "--format", "json", "--previous", previous, EXAMPLE_JSON)
    data = json.loads(result.output)
    assert result.exit_code == 0
    assert "previous-year" in {f["rule"] for f in data["findings"]}


def test_deadline_option(example_xlsx):
    result = run_cli("validate", "--format", "json", "--deadline", "2025-01-31", example_xlsx)
    assert "signing-late" in {f["rule"] for f in json.loads(result.output)["findings"]}
    bad = run_xxgk("validate", "--deadline", "2025-02-30", example_xlsx)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr.decode() and not bad.stdout


def test_unreadable_input_or_previous_exit_2(tmp_path, example_xlsx):
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    for args in (["validate", tmp_path / "bad.xlsx"], ["validate", "--previous", tmp_path / "bad.xlsx", example_xlsx],
                 ["validate", tmp_path / "missing.json"]):
        result = run_xxgk(*args)
        assert result.returncode == 2, args
        assert result.stderr.decode().startswith("错误：") and "Traceback" not in result.stderr.decode()


def test_annotate_writes_a_marked_copy_input_untouched(tmp_path):
    source = write_workbook(tmp_path / "u.xlsx", UNBALANCED)
    before = source.read_bytes()
    result = run_xxgk("validate", source, "--annotate", tmp_path / "out" / "marked.xlsx")
    assert result.returncode == 1
    assert "已生成标注副本" in result.stderr.decode()
    wb = load_workbook(tmp_path / "out" / "marked.xlsx")
    assert "校验结果" in wb.sheetnames and wb[T3]["D29"].comment is not None
    assert source.read_bytes() == before
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["marked.xlsx"]


def test_annotate_refuses_to_overwrite_the_input_or_write_non_xlsx(tmp_path):
    source = write_workbook(tmp_path / "u.xlsx", UNBALANCED)
    before = source.read_bytes()
    same = run_xxgk("validate", source, "--annotate", source)
    assert same.returncode == 2 and source.read_bytes() == before
    other = run_xxgk("validate", source, "--annotate", tmp_path / "marked.xls")
    assert other.returncode == 2 and not (tmp_path / "marked.xls").exists()


def test_annotate_a_json_report_fills_the_template(tmp_path):
    assert run_cli("validate", EXAMPLE_JSON, "--annotate", tmp_path / "m.xlsx").exit_code == 0
    wb = load_workbook(tmp_path / "m.xlsx")
    assert wb["六、其他需要报告的事项"]["A3"].comment.author == "xxgk"


def test_convert_embeds_findings_and_exits_1_on_errors_json_still_written(tmp_path):
    out = tmp_path / "u.json"
    result = run_xxgk("convert", write_workbook(tmp_path / "u.xlsx", UNBALANCED), "-o", out)
    assert result.returncode == 1
    assert "共发现错误 1 项" in result.stderr.decode()
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert [f["rule"] for f in findings if f["severity"] == "error"] == ["t3-balance"]


def test_convert_of_the_example_embeds_its_warning_exit_0(example_xlsx):
    result = run_cli("convert", example_xlsx)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]] == ["text-halfwidth-brackets", "text-document-number"]


def test_rules_lists_the_catalog_in_every_format():
    text = run_cli("rules").output
    assert "t3-balance" in text and "表三勾稽关系不成立" in text and f"共 {len(catalog())} 条规则" in text
    data = json.loads(run_cli("rules", "--format", "json").output)
    assert [r["id"] for r in data] == list(catalog())
    balance = next(r for r in data if r["id"] == "t3-balance")
    assert balance["arguments"] == ["column", "left", "left_terms", "right", "right_terms", "difference"]
    assert run_cli("rules", "--format", "markdown").output == as_markdown()


def test_docs_rules_md_is_current():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == as_markdown(), "regenerate with: xxgk rules --format markdown > docs/rules.md"
    for rule in catalog():
        assert f"### {rule}\n" in committed
