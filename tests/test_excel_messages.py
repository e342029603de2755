"""The text of the button's message boxes, and how values read through Excel are taken."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from xxgk.errors import NotATemplate
from xxgk.excel import messages
from xxgk.excel.source import file_value
from xxgk.model import Finding
from xxgk.validation import ValidationResult


def _finding(severity: str, n: int) -> Finding:
    return Finding(rule="r", severity=severity, sheet="表", cell=f"D{n}", message=f"问题{n}" + "很长" * 100 * (n == 7))


def test_the_result_lists_the_worst_problems_first_and_counts_the_rest():
    findings = [_finding("info", 1), _finding("warning", 2), *(_finding("error", n) for n in range(3, 10))]
    text = messages.result(ValidationResult.of(findings))
    assert text.startswith("共发现错误 7 项，警告 1 项，提示 1 项；校验未通过。")
    assert "1. 错误　表!D3\n    问题3" in text and "5. 错误　表!D7" in text
    assert "问题8" not in text and "问题2" not in text
    assert "……另有 4 项。" in text and text.endswith(messages.MARKS)
    assert max(len(line) for line in text.splitlines()) < 130  # long messages are shortened
    assert messages.result(ValidationResult()) == "共发现错误 0 项，警告 0 项，提示 0 项；校验通过。"


def test_a_finding_without_a_cell_is_on_the_whole_report():
    text = messages.result(ValidationResult.of([Finding(rule="r", severity="warning", message="报送逾期")]))
    assert "1. 警告　全报告\n    报送逾期" in text


def test_reasons_are_short_and_chinese():
    class ComError(Exception):  # pywintypes.com_error: (hresult, text, excepinfo, argerror)
        excepinfo = (0, "Microsoft Excel", "不能更改受保护的工作表中的单元格。", None, 0, -2146827284)

    assert messages.reason(ComError(-2147352567, "发生意外。")) == "Excel 拒绝了操作：不能更改受保护的工作表中的单元格。"
    assert messages.reason(ValueError()) == "程序内部错误（ValueError）。"
    assert messages.reason(OSError(28, "No space left on device", "C:\\报送\\年报.json")) == \
        "无法读写 C:\\报送\\年报.json：No space left on device。"
    assert messages.not_checked(NotATemplate("不是年报模板。", path="工作簿1")) == \
        f"工作簿1：不是年报模板。\n\n{messages.UNCHANGED}"


def test_the_question_names_the_files(tmp_path):
    paths = [tmp_path / "年报.json", tmp_path / "年报.docx"]
    assert messages.offer(paths) == ("是否在工作簿所在的文件夹中导出以下文件？\n"
                                      "    年报.json（规范 JSON，供归档和汇总）\n    年报.docx（年度报告 Word 文档）")
    assert messages.failure(ValueError("x"), messages.UNCHANGED, Path("C:/Temp/xxgk-excel.log")).startswith(
        "校验未能完成：程序内部错误（ValueError：x）。\n\n工作簿未作任何改动。\n详细信息已记录在 ")


def test_values_read_through_excel_are_taken_as_openpyxl_reads_the_file():
    assert file_value(3.0) == 3 and type(file_value(3.0)) is int
    assert file_value(2.5) == 2.5
    assert file_value(Decimal(1500)) == 1500 and type(file_value(Decimal(1500))) is int  # a currency cell
    assert file_value(Decimal("0.25")) == 0.25
    assert file_value(datetime(2025, 2, 11)) == datetime(2025, 2, 11)
    assert file_value(None) is None and file_value("") is None and file_value(True) is True
