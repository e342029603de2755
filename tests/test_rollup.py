"""``xxgk rollup``: reports added up cell by cell into a report that is itself valid."""

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from test_batch import read_index
from xxgk.batch.run import run_batch
from xxgk.formats import get_format
from xxgk.jsonio import dumps_report, load_report_json
from xxgk.model import State
from xxgk.rollup.workbook import MEMBERS_SHEET
from xxgk.workbook.reader import read_workbook

from support import example_report, refusal, run_cli, run_xxgk, write_workbook

# Two modified copies of the bundled example; each still satisfies every identity.
COPY_B = """
    metadata.agency_name = 乙镇人民政府
    t3.new_received.natural_person = 5
    t3.new_received.commercial_enterprise = 2
    t3.granted.natural_person = 3
    t3.partially_granted.commercial_enterprise = 2
    t3.rejected_duplicate.natural_person = 1
    t3.carried_forward.natural_person = 1
    t2.fees.amount_wan_yuan = 0.1
    t4.review.upheld = 1
"""
COPY_C = """
    metadata.agency_name = 丙街道办事处
    t3.carried_over.research_institution = 4
    t3.unavailable_not_held.research_institution = 4
    t2.fees.amount_wan_yuan = 0.2
    t2.penalty.decisions = 7
    t4.litigation_direct.pending = 2
"""


@pytest.fixture
def three(tmp_path, example_xlsx):
    return [example_xlsx, write_workbook(tmp_path / "b.xlsx", COPY_B), write_workbook(tmp_path / "c.xlsx", COPY_C)]


def identities_hold(report) -> bool:
    for identity in report.format.tables["t3"].identities:
        for column in report.format.tables["t3"].columns:
            left = sum(report.value(f"t3.{r}.{column.key}") for r in identity.left)
            if left != sum(report.value(f"t3.{r}.{column.key}") for r in identity.right):
                return False
    return True


def test_the_rollup_of_the_example_and_two_modified_copies_is_the_cell_by_cell_sum_and_valid(tmp_path, three):
    result = run_cli("rollup", *three, "-o", tmp_path / "total.json", "--name", "额敏县（汇总）")
    assert result.exit_code == 0, result.output
    total = load_report_json(tmp_path / "total.json")
    inputs = [read_workbook(p) for p in three]
    assert all(identities_hold(r) and r.findings == [] for r in inputs), "the fixture itself must be valid"
    for key in get_format("2021").cells:  # inputs and recomputed totals alike
        assert total.value(key) == pytest.approx(sum(r.value(key) for r in inputs)), key
    assert total.value("t2.fees.amount_wan_yuan") == 0.3  # not 0.30000000000000004
    assert total.value("t3.new_received.total") == 7 and total.value("t3.total_processed.total") == 10
    assert identities_hold(total) and total.findings == []
    assert (total.metadata.agency_name, total.metadata.report_year) == ("额敏县（汇总）", 2024)
    assert str(total.metadata.period_start) == "2024-01-01"
    assert "已汇总 3 份报告（2024 年度）" in result.output
    assert [(s.source_file, s.source_sha256) for s in total.sources] == [
        (r.provenance.source_file, r.provenance.source_sha256) for r in inputs]


def test_the_xlsx_rollup_reads_back_as_the_same_report_and_lists_each_agency(tmp_path, three):
    assert run_cli("rollup", *three, "-o", tmp_path / "total.json").exit_code == 0
    assert run_cli("rollup", *three, "-o", tmp_path / "total.xlsx").exit_code == 0
    back = read_workbook(tmp_path / "total.xlsx")
    total = load_report_json(tmp_path / "total.json")
    # a workbook holds the data, not where it came from (provenance, the sources of a roll-up, and that its
    # input cells are sums: in the JSON they are derived, read back from the workbook they are read)
    assert back.model_dump(exclude={"provenance", "sources", "tables"}) == total.model_dump(
        exclude={"provenance", "sources", "tables"})
    assert back.values() == total.values()
    assert {total.cell(k).state for k, c in total.format.cells.items() if not c.derived} == {State.derived}
    rows = list(load_workbook(tmp_path / "total.xlsx")[MEMBERS_SHEET].iter_rows(values_only=True))
    header = rows[0]
    assert [r[header.index("机关名称")] for r in rows[1:]] == [
        "额敏县上户镇人民政府", "乙镇人民政府", "丙街道办事处", "3 个机关汇总"]
    assert rows[-1][0] == "合计" and rows[-1][header.index("本年新收申请")] == 7
    assert [r[header.index("行政复议")] for r in rows[1:]] == [0, 1, 0, 1]


def test_a_folder_of_batch_output_can_be_rolled_up(tmp_path, three):
    assert run_cli("batch", tmp_path, "-o", tmp_path / "out").exit_code == 0  # b.xlsx and c.xlsx
    assert run_cli("rollup", tmp_path / "out", "-o", tmp_path / "t.json").exit_code == 0
    assert load_report_json(tmp_path / "t.json").value("t2.penalty.decisions") == 3 + 7


def test_the_same_agency_twice_is_flagged(tmp_path, example_xlsx):
    copy = write_workbook(tmp_path / "again.xlsx", "metadata.agency_name = 额敏县 上户镇人民政府")
    result = run_cli("rollup", example_xlsx, copy, "-o", tmp_path / "t.xlsx")
    assert result.exit_code == 1
    assert "同一机关同一年度的报告出现 2 次" in result.output
    rows = list(load_workbook(tmp_path / "t.xlsx")[MEMBERS_SHEET].iter_rows(values_only=True))
    assert "重复计入" in rows[1][-1] and "重复计入" in rows[2][-1]


def test_different_years_are_refused_unless_allowed(tmp_path, example_xlsx):
    older = write_workbook(tmp_path / "2023.xlsx", "metadata.agency_name = 乙镇人民政府\nmetadata.report_year = 2023")
    refused = run_cli("rollup", example_xlsx, older, "-o", tmp_path / "t.json")
    assert refused.exit_code == 2 and not (tmp_path / "t.json").exists()
    assert "2024 年度 1 份" in refused.output and "2023 年度 1 份" in refused.output
    assert "--allow-mixed-years" in refused.output
    allowed = run_cli("rollup", example_xlsx, older, "-o", tmp_path / "t.json", "--allow-mixed-years")
    assert allowed.exit_code == 0
    assert load_report_json(tmp_path / "t.json").metadata.report_year is None


def test_different_format_versions_are_always_refused(tmp_path, example_xlsx):
    data = json.loads(dumps_report(example_report()))
    data["format_version"], data["tables"] = "2019", {}
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("rollup", example_xlsx, old, "-o", tmp_path / "t.json", "--allow-mixed-years")
    assert result.exit_code == 2 and "2019 版格式 1 份" in result.output and "无法逐格相加" in result.output


@pytest.mark.parametrize("args, message", [
    (["missing.json", "-o", "t.json"], "文件不存在"),
    (["EXAMPLE", "-o", "t.csv"], "扩展名应为 .json 或 .xlsx"),
    (["empty", "-o", "t.json"], "目录中没有年报工作簿、规范 JSON 或已发布的报告"),
])
def test_bad_input_is_one_chinese_line_and_exit_2(tmp_path, example_xlsx, args, message):
    (tmp_path / "empty").mkdir()
    args = [str(example_xlsx) if a == "EXAMPLE" else str(tmp_path / a) if a != "-o" else a for a in args]
    result = run_cli("rollup", *args)
    assert result.exit_code == 2 and message in result.output


def test_an_unbalanced_input_makes_an_unbalanced_total_and_exit_1(tmp_path, example_xlsx):
    unbalanced = write_workbook(tmp_path / "u.xlsx", "metadata.agency_name = 乙镇人民政府\nt3.new_received.natural_person = 5")
    result = run_cli("rollup", example_xlsx, unbalanced, "-o", tmp_path / "t.json")
    assert result.exit_code == 1
    assert f"警告：{unbalanced} 有 1 个错误级问题" in result.output and "汇总报告有 1 个错误级问题" in result.output
    (finding,) = load_report_json(tmp_path / "t.json").findings
    assert finding.rule == "t3-balance" and finding.key.endswith(".natural_person")


def test_agency_names_in_the_member_sheet_are_text_not_formulas(tmp_path, example_xlsx):
    data = json.loads(dumps_report(example_report()))
    data["metadata"]["agency_name"] = "=1+1"
    hostile = tmp_path / "h.json"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("rollup", example_xlsx, hostile, "-o", tmp_path / "t.xlsx").exit_code == 0
    cell = load_workbook(tmp_path / "t.xlsx")[MEMBERS_SHEET]["C3"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_a_folder_is_walked_as_batch_walks_it(tmp_path, three):
    folder = tmp_path / "县"
    (folder / "乡镇").mkdir(parents=True)
    for i, path in enumerate(three):
        (folder / ("乡镇" if i else "") / f"{i}.xlsx").write_bytes(path.read_bytes())
    (folder / "~$0.xlsx").write_bytes(b"lock")  # Excel's lock file and other files are not reports
    (folder / "说明.txt").write_text("收件登记", encoding="utf-8")
    direct = run_cli("rollup", *three, "-o", tmp_path / "direct.json")
    walked = run_cli("rollup", folder, "-o", tmp_path / "walked.json")
    assert direct.exit_code == walked.exit_code == 0, walked.output
    assert "已汇总 3 份报告" in walked.output
    assert load_report_json(tmp_path / "walked.json").tables == load_report_json(tmp_path / "direct.json").tables


@pytest.mark.parametrize("name", ["sub/旧.xls", "旧.et", "旧.ods"])
def test_a_spreadsheet_to_save_as_xlsx_refuses_the_rollup_as_batch_reports_it(tmp_path, example_xlsx, name):
    from xxgk.discovery import UNSUPPORTED

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.xlsx").write_bytes(example_xlsx.read_bytes())
    (folder / name).write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    advice = UNSUPPORTED[Path(name).suffix]
    for given in (folder, folder / name):
        result = run_xxgk("rollup", given, "-o", tmp_path / "t.json")
        stderr = result.stderr.decode()
        assert result.returncode == 2 and f"{folder / name}：{advice}" in stderr
        assert len(stderr.strip().splitlines()) == 1
        assert not (tmp_path / "t.json").exists()
    run_batch(folder, tmp_path / "out")  # batch says the same thing in its index
    (row,) = [r for r in read_index(tmp_path / "out") if r["文件"] == name]
    assert (row["状态"], row["说明"]) == ("无法读取", advice)


def test_a_workbook_that_kills_its_reader_ends_the_rollup_with_one_line_naming_it(tmp_path, three, monkeypatch):
    import faulthandler
    import os

    from xxgk.workbook import reader

    real = reader.read_workbook

    def read_workbook(path, **options):
        if Path(path).name == "b.xlsx":
            faulthandler.disable()
            os.abort()
        return real(path, **options)

    monkeypatch.setattr(reader, "read_workbook", read_workbook)
    result = run_cli("rollup", *three, "-o", tmp_path / "t.json")  # in this process: an abort here ends the tests
    assert result.exit_code == 2
    assert f"{three[1]}：处理时工作进程意外退出（信号 SIGABRT），可能是文件结构异常或内存不足" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "t.json").exists()


def test_published_reports_are_rolled_up_as_their_imported_json_and_a_folders_non_reports_are_left_out(tmp_path):
    from test_import_published import NEWS
    from test_import_sources import PUBLISHED

    pdfs = [PUBLISHED / "hongze-2024.pdf", PUBLISHED / "huaian-2024.pdf"]
    imported = []
    for pdf in pdfs:
        imported.append(tmp_path / f"{pdf.stem}.json")
        assert run_xxgk("import", pdf, "-o", imported[-1]).returncode == 1  # both lack their portal: errors
    assert run_cli("rollup", *imported, "-o", tmp_path / "from-json.json").exit_code == 1

    folder = tmp_path / "市"
    folder.mkdir()
    for pdf in pdfs:
        (folder / pdf.name).write_bytes(pdf.read_bytes())
    (folder / "新闻.html").write_text(NEWS, encoding="utf-8")
    (folder / "说明.txt").write_text("收件登记", encoding="utf-8")
    walked = run_xxgk("rollup", folder, "-o", tmp_path / "walked.json")
    stderr = walked.stderr.decode()
    assert walked.returncode == 1 and "已汇总 2 份报告（2024 年度）" in stderr, stderr
    for name in ("新闻.html", "说明.txt"):
        assert f"已跳过：{folder / name}（未找到年度报告的章节标题和统计表" in stderr
    total = load_report_json(tmp_path / "walked.json")
    assert total.tables == load_report_json(tmp_path / "from-json.json").tables
    assert total.value("t3.new_received.total") == 95 + 3119  # as read by hand (tests/test_import_published.py)
    assert [s.source_file for s in total.sources] == [p.name for p in pdfs]


def test_a_named_file_that_is_no_report_or_a_broken_published_file_refuses_the_rollup(tmp_path, example_xlsx):
    from test_import_published import NEWS

    news = tmp_path / "news.html"
    news.write_text(NEWS, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(example_xlsx.read_bytes())
    (folder / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(600))
    for given, fragments in (([example_xlsx, news], (str(news), "不是政府信息公开工作年度报告")),
                             ([folder], (str(folder / "broken.docx"), "已损坏"))):
        result = run_xxgk("rollup", *given, "-o", tmp_path / "t.json")
        assert result.returncode == 2
        refusal(result.stderr, *fragments)
        assert not (tmp_path / "t.json").exists()
