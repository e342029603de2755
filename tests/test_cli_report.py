"""``xxgk report`` as users run it: formats by extension or --to, several outputs at once, the input left
untouched, reports with errors rendered with a warning (or refused with --strict), usage errors in one line."""

import docx

from conftest import EXAMPLE_JSON
from support import run_cli, write_workbook


def test_one_command_writes_several_formats_and_leaves_the_input_untouched(tmp_path):
    before = EXAMPLE_JSON.read_bytes()
    out = tmp_path / "输出"
    result = run_cli("report", EXAMPLE_JSON, "-o", out / "r.docx", "-o", out / "r.html", "-o", out / "r.md")
    assert result.exit_code == 0, result.output
    assert EXAMPLE_JSON.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["r.docx", "r.html", "r.md"]  # no temporary file left
    assert docx.Document(out / "r.docx").paragraphs[0].style.name == "Title"
    assert (out / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "r.md").read_text(encoding="utf-8").startswith("# 额敏县上户镇人民政府")
    assert "已生成" in result.stderr


def test_to_names_the_format_whatever_the_extension(tmp_path):
    result = run_cli("report", EXAMPLE_JSON, "-o", tmp_path / "报告.txt", "--to", "md")
    assert result.exit_code == 0
    assert (tmp_path / "报告.txt").read_text(encoding="utf-8").startswith("# ")


def test_unknown_extension_or_ambiguous_to_is_a_usage_error(tmp_path):
    result = run_cli("report", EXAMPLE_JSON, "-o", tmp_path / "r.txt")
    assert result.exit_code == 2 and "扩展名" in result.stderr
    result = run_cli("report", EXAMPLE_JSON, "-o", tmp_path / "a.md", "-o", tmp_path / "b.md", "--to", "md")
    assert result.exit_code == 2 and "--to" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_input_is_never_the_output(tmp_path):
    source = tmp_path / "r.json"
    source.write_bytes(EXAMPLE_JSON.read_bytes())
    result = run_cli("report", source, "-o", source, "--to", "md")
    assert result.exit_code == 2 and "输入文件相同" in result.stderr
    assert source.read_bytes() == EXAMPLE_JSON.read_bytes()


def test_unreadable_input_is_one_line_and_nothing_is_written(tmp_path):
    result = run_cli("report", tmp_path / "缺失.json", "-o", tmp_path / "r.md")
    assert result.exit_code == 2 and result.stderr.startswith("错误：") and len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_report_with_errors_is_rendered_with_a_warning(tmp_path):
    workbook = write_workbook(tmp_path / "有错.xlsx", "t2.penalty.decisions = /")
    result = run_cli("report", workbook, "-o", tmp_path / "r.html")
    assert result.exit_code == 1
    assert result.stderr.startswith("警告：报告存在") and "行政处罚" in result.stderr and "“/”" in result.stderr
    assert (tmp_path / "r.html").is_file()


def test_strict_refuses_a_report_with_errors(tmp_path):
    workbook = write_workbook(tmp_path / "有错.xlsx", "t2.penalty.decisions = /")
    result = run_cli("report", workbook, "-o", tmp_path / "r.docx", "--strict")
    assert result.exit_code == 1 and "--strict" in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_the_published_numbers_are_the_workbooks(tmp_path):
    workbook = write_workbook(tmp_path / "r.xlsx", "t2.penalty.decisions = 17\nt3.new_received.natural_person = 4")
    assert run_cli("report", workbook, "-o", tmp_path / "r.md").exit_code in (0, 1)
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert '<th class="label" scope="row">行政处罚</th><td colspan="3">17</td>' in md
    new = '<th class="label" scope="row" colspan="3">一、本年新收政府信息公开申请数量</th>'
    assert new + "<td>4</td>" + "<td>0</td>" * 5 + "<td>4</td>" in md  # the total recomputed
