"""``xxgk export``: the archive as data, one row per agency × year × key, as CSV and as Parquet."""

from __future__ import annotations

import csv
import importlib
import io
import os
import shutil
import sys
from pathlib import Path

import pytest

from xxgk.csv_cells import FORMULA_START
from xxgk.export import write
from xxgk.export.facts import COLUMNS
from xxgk.formats import get_format, versions
from xxgk.jsonio import dumps_report, load_report_json
from xxgk.model import AgencyLevel, Provenance

from conftest import ROOT, required
from support import example_report, refusal, run_cli, run_xxgk, snapshot, write_workbook

ARCHIVES = ROOT / "tests" / "data" / "archive-1.0"
# two agencies besides the bundled example: one with a blank input (its totals unknown) and a total typed over
COPY_B = """
    metadata.agency_name = 乙镇人民政府
    t3.new_received.natural_person = 5
    t3.granted.natural_person = 5
    t4.review.upheld = 1
    t4.review.total = 7
"""
COPY_C = """
    metadata.agency_name = 丙街道办事处
    metadata.agency_level = 县级以上人民政府部门
    t3.new_received.commercial_enterprise =
    t2.fees.amount_wan_yuan = 0.25
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A batch's output folder of three reports."""
    base = tmp_path_factory.mktemp("archive")
    inbox = base / "inbox"
    inbox.mkdir()
    shutil.copy(ROOT / "workbook_templates" / "example-2024.xlsx", inbox / "a.xlsx")
    write_workbook(inbox / "b.xlsx", COPY_B)
    write_workbook(inbox / "c.xlsx", COPY_C)
    result = run_cli("batch", inbox, "-o", base / "out", "--jobs", "1")
    assert result.exit_code == 1, result.output  # b has a total typed over, c a blank: errors
    return base / "out"


def installed(name: str):
    """A module of the test extra: skipped without it here, required in CI."""
    try:
        return importlib.import_module(name)
    except ImportError:
        required(f"{name} is not installed (pip install -e '.[test]')")


def reports_of(folder: Path) -> dict[str, object]:
    """The reports of a folder as the test reads them (the batch's hidden manifest is none)."""
    return {p.relative_to(folder).as_posix(): load_report_json(p) for p in sorted(folder.rglob("*.json"))
            if not p.name.startswith(".")}


def csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese right
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_each_cell_of_each_report_is_one_row_with_its_value_state_and_labels(archive, tmp_path):
    result = run_cli("export", archive, "-o", tmp_path / "facts.csv")
    assert result.exit_code == 0, result.output
    rows = csv_rows(tmp_path / "facts.csv")
    assert list(rows[0]) == list(COLUMNS)
    reports = reports_of(archive)
    cells = get_format("2021").cells
    assert len(rows) == len(reports) * len(cells) == 600
    assert f"已导出 3 份报告，共 600 行 → {tmp_path / 'facts.csv'}" in result.stderr
    for row in rows:
        report = reports[row["report_file"]]
        cell, spec = report.cell(row["key"]), cells[row["key"]]
        assert number(row["value"]) == cell.value and row["state"] == cell.state.value
        assert (row["agency"], row["report_year"], row["format_version"]) == (
            report.metadata.agency_name, str(report.metadata.report_year), "2021")
        assert row["agency_level"] == report.metadata.agency_level.value
        assert (row["row_label"], row["column_label"]) == (spec.row.full_label, spec.column.label)
        assert (row["source_file"], row["source_sha256"]) == (report.provenance.source_file,
                                                               report.provenance.source_sha256)
    by = {(r["agency"], r["key"]): r for r in rows}
    blank = by["丙街道办事处", "t3.new_received.commercial_enterprise"]
    assert (blank["value"], blank["state"]) == ("", "blank")  # unknown, never 0
    assert (by["丙街道办事处", "t3.new_received.total"]["value"], by["丙街道办事处", "t3.new_received.total"]["state"]) == (
        "", "derived")
    assert by["丙街道办事处", "t2.fees.amount_wan_yuan"]["value"] == "0.25"
    assert by["丙街道办事处", "t2.fees.amount_wan_yuan"]["agency_level"] == "department"
    typed = by["乙镇人民政府", "t4.review.total"]
    assert (typed["value"], typed["stored"]) == ("1", "7")  # recomputed, and what the workbook held
    assert by["乙镇人民政府", "t3.new_received.total"]["stored"] == ""  # a formula whose sum agrees: nothing stored
    assert by["乙镇人民政府", "t3.new_received.total"]["value"] == "5"
    first = rows[0]
    assert (first["key"], first["table_label"], first["row_label"], first["column_label"]) == (
        "t2.regulations.issued", "主动公开政府信息情况", "规章", "本年制发件数")
    assert {r["rollup_of"] for r in rows} == {""}


def test_the_same_archive_gives_the_same_bytes(archive, tmp_path):
    for name in ("one.csv", "two.csv", "one.parquet", "two.parquet"):
        assert run_cli("export", archive, "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert (tmp_path / "one.parquet").read_bytes() == (tmp_path / "two.parquet").read_bytes()
    rows = csv_rows(tmp_path / "one.csv")
    order = list(get_format("2021").cells)
    assert [r["key"] for r in rows] == order * 3  # by file, then in the order of the format definition
    assert [r["report_file"] for r in rows[::len(order)]] == sorted(reports_of(archive))


def test_duckdb_sums_the_parquet_as_the_reports_say(archive, tmp_path):
    duckdb = installed("duckdb")
    assert run_cli("export", archive, "-o", tmp_path / "facts.parquet").exit_code == 0
    reports = reports_of(archive).values()
    query = f"SELECT sum(value), count(value), count(*) FROM '{tmp_path / 'facts.parquet'}' WHERE key = ?"
    for key in ("t3.new_received.total", "t3.new_received.natural_person", "t4.review.total", "t2.fees.amount_wan_yuan"):
        known = [r.value(key) for r in reports if r.value(key) is not None]
        total, counted, rows = duckdb.execute(query, [key]).fetchone()
        assert (total, counted, rows) == (pytest.approx(sum(known)), len(known), 3), key
    assert sum(r.value("t3.new_received.total") or 0 for r in reports) == 5  # the fixture has a number to sum
    by_agency = dict(duckdb.execute(
        f"SELECT agency, sum(value) FROM '{tmp_path / 'facts.parquet'}' WHERE key LIKE 't3.new_received.%' "
        "AND state <> 'derived' GROUP BY agency").fetchall())
    assert by_agency["乙镇人民政府"] == 5
    kinds = dict(duckdb.execute(f"SELECT column_name, column_type FROM (DESCRIBE '{tmp_path / 'facts.parquet'}')").fetchall())
    assert (kinds["value"], kinds["stored"], kinds["report_year"], kinds["agency"]) == ("DOUBLE", "DOUBLE", "INTEGER", "VARCHAR")
    unknown = duckdb.execute(f"SELECT count(*) FROM '{tmp_path / 'facts.parquet'}' WHERE value IS NULL").fetchone()[0]
    assert unknown == sum(1 for r in reports for v in r.values().values() if v is None) > 0


def test_parquet_holds_the_same_rows_as_the_csv(archive, tmp_path):
    pq = installed("pyarrow.parquet")
    assert run_cli("export", archive, "-o", tmp_path / "facts.csv").exit_code == 0
    assert run_cli("export", archive, "-o", tmp_path / "facts.parquet").exit_code == 0
    table = pq.read_table(tmp_path / "facts.parquet").to_pylist()
    rows = csv_rows(tmp_path / "facts.csv")

    def same(parquet: dict, text: dict) -> bool:
        numbers = ("value", "stored", "report_year", "rollup_of")
        return all((number(text[k]) == parquet[k]) if k in numbers else (text[k] == (parquet[k] or "")) for k in COLUMNS)

    assert len(table) == len(rows) == 600
    assert all(same(a, b) for a, b in zip(table, rows))


def test_a_folder_of_json_with_a_1_0_archive_and_a_roll_up(archive, tmp_path):
    folder = tmp_path / "json"
    (folder / "old").mkdir(parents=True)
    shutil.copy(ARCHIVES / "flawed-2024.json", folder / "old" / "flawed-2024.json")
    assert run_cli("rollup", archive, "-o", folder / "county.json", "--name", "某县（汇总）").exit_code == 1
    result = run_cli("export", folder, "-o", tmp_path / "facts.csv")
    assert result.exit_code == 0, result.output
    rows = csv_rows(tmp_path / "facts.csv")
    by = {(r["report_file"], r["key"]): r for r in rows}
    total = by["old/flawed-2024.json", "t3.new_received.total"]
    assert (total["value"], total["state"], total["stored"]) == ("", "derived", "0")  # 1.0 counted a blank as 0
    assert by["old/flawed-2024.json", "t4.review.total"]["stored"] == "99"
    assert by["old/flawed-2024.json", "t3.new_received.natural_person"]["state"] == "blank"
    county = by["county.json", "t3.new_received.natural_person"]
    assert (county["agency"], county["rollup_of"], county["source_file"]) == ("某县（汇总）", "3", "")
    assert number(by["county.json", "t2.fees.amount_wan_yuan"]["value"]) == 0.25


def test_an_unreadable_json_among_good_ones_is_skipped_with_a_warning_and_exit_1(archive, tmp_path):
    folder = tmp_path / "json"
    shutil.copytree(archive, folder)
    (folder / "broken.json").write_text('{"schema_version": "2.0", "tables": ', encoding="utf-8")
    (folder / "inbox.xlsx").write_bytes((ROOT / "workbook_templates" / "example-2024.xlsx").read_bytes())
    (folder / "portal").mkdir()
    (folder / "portal" / "2024.html").write_text("<html></html>", encoding="utf-8")
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")  # neither a report nor a report's source
    result = run_xxgk("export", folder, "-o", tmp_path / "facts.csv")
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("已导出 3 份报告，共 600 行")
    assert lines[1].startswith("警告：已跳过 broken.json：不是有效的 JSON 文件")
    assert lines[2] == "警告：已跳过 inbox.xlsx：不是规范 JSON，未导出（工作簿和已发布的报告请先用 xxgk batch 转换）"
    assert lines[3].startswith("警告：已跳过 portal/2024.html：不是规范 JSON")
    assert len(lines) == 4 and "Traceback" not in result.stderr.decode()
    assert {r["report_file"] for r in csv_rows(tmp_path / "facts.csv")} == set(reports_of(archive))


def test_two_reports_of_the_same_agency_and_year_are_exported_and_warned_of(archive, tmp_path):
    folder = tmp_path / "json"
    shutil.copytree(archive, folder)
    report = load_report_json(folder / "乙镇人民政府-2024.json")
    report.metadata.agency_name = "某某市乙镇人民政府"  # the same agency, its city written before it
    (folder / "again.json").write_text(dumps_report(report), encoding="utf-8")
    result = run_cli("export", folder, "-o", tmp_path / "facts.csv")
    assert result.exit_code == 1
    assert "警告：同一机关同一年度有 2 份报告，按机关汇总时将重复计入：again.json、乙镇人民政府-2024.json" in result.stderr
    rows = csv_rows(tmp_path / "facts.csv")
    assert len(rows) == 800
    assert {r["agency_key"] for r in rows if r["report_file"] == "again.json"} == {"某某市乙镇人民政府"}


def test_csv_cells_excel_would_run_as_formulas_are_neutralised(tmp_path):
    folder = tmp_path / "json"
    folder.mkdir()
    report = example_report()
    (folder / "plain.json").write_text(dumps_report(report), encoding="utf-8")
    report.metadata.agency_name = '=HYPERLINK("http://example.com","点此")'
    report.provenance = Provenance(source_file="@SUM(1+1).xlsx", source_sha256="0" * 64, tool_version="0.1.0")
    (folder / "=cmd.json").write_text(dumps_report(report), encoding="utf-8")
    assert run_cli("export", folder, "-o", tmp_path / "facts.csv").exit_code == 0
    rows = csv_rows(tmp_path / "facts.csv")
    assert len(rows) == 400
    for row in rows[:200]:
        assert row["agency"] == "'" + report.metadata.agency_name
        assert row["agency_key"].startswith("'=") and row["source_file"] == "'@SUM(1+1).xlsx"
        assert row["report_file"] == "./=cmd.json"  # still names the file
    assert {(r["agency"], r["source_file"], r["report_file"]) for r in rows[200:]} == {
        ("额敏县上户镇人民政府", "", "plain.json")}


def test_no_key_or_label_of_the_format_could_run_as_a_formula():
    """Why the CSV writer neutralises only the report's own texts."""
    for version in versions():
        for key, cell in get_format(version).cells.items():
            texts = (key, get_format(version).tables[cell.table].title, cell.row.full_label, cell.column.label)
            assert not any(t.startswith(FORMULA_START) for t in texts), texts
    assert not any(level.value.startswith(FORMULA_START) for level in AgencyLevel)


def test_many_reports_are_written_in_row_groups_without_losing_a_row(tmp_path, monkeypatch):
    pq = installed("pyarrow.parquet")
    folder = tmp_path / "json"
    folder.mkdir()
    report = example_report()
    for i in range(12):
        report.metadata.agency_name = f"第{i:02d}镇人民政府"
        report.cell("t3.new_received.natural_person").value = i
        (folder / f"{i:02d}.json").write_text(dumps_report(report), encoding="utf-8")
    monkeypatch.setattr(write, "ROW_GROUP", 500)  # 200 rows a report: a row group every third report
    assert run_cli("export", folder, "-o", tmp_path / "facts.parquet").exit_code == 0
    assert run_cli("export", folder, "-o", tmp_path / "facts.csv").exit_code == 0
    metadata = pq.ParquetFile(tmp_path / "facts.parquet").metadata
    assert (metadata.num_rows, metadata.num_row_groups) == (2400, 4)
    table = pq.read_table(tmp_path / "facts.parquet")
    assert len(csv_rows(tmp_path / "facts.csv")) == 2400
    rows = [r for r in table.to_pylist() if r["key"] == "t3.new_received.total"]
    assert [r["value"] for r in rows] == list(range(12)) and [r["report_file"] for r in rows] == [
        f"{i:02d}.json" for i in range(12)]


# ------------------------------------------------------------------------------------------------ refusals


def test_bad_sources_are_refused_in_one_line_and_nothing_is_written(archive, tmp_path):
    empty, books = tmp_path / "empty", tmp_path / "books"
    empty.mkdir()
    books.mkdir()
    (empty / "index.csv").write_text("文件\n", encoding="utf-8")
    shutil.copy(ROOT / "workbook_templates" / "example-2024.xlsx", books / "a.xlsx")
    unreadable = tmp_path / "unreadable"
    unreadable.mkdir()
    (unreadable / "a.json").write_text("[1, 2", encoding="utf-8")
    cases = [
        (tmp_path / "missing", "文件夹不存在"),
        (archive / "index.csv", "应给出文件夹"),
        (empty, "目录中没有规范 JSON 文件"),
        (books, "目录中没有规范 JSON 文件；其中的工作簿和已发布的报告请先用 xxgk batch 转换"),
        (unreadable, "没有可以导出的报告：1 个文件均无法读取（如 a.json：不是有效的 JSON 文件"),
    ]
    before = snapshot(tmp_path)
    for source, message in cases:
        result = run_xxgk("export", source, "-o", tmp_path / "facts.csv")
        assert result.returncode == 2, (source, result.stderr)
        refusal(result.stderr, message)
    assert snapshot(tmp_path) == before


def test_bad_outputs_are_refused_before_anything_is_read(archive, tmp_path):
    folder = tmp_path / "json"
    shutil.copytree(archive, folder)
    target = folder / "乙镇人民政府-2024.json"
    (folder / "facts.csv").symlink_to(target.name)  # writing through it would replace a report
    before = snapshot(tmp_path)
    for output, message in [(folder / "facts.csv", "输出文件与输入文件相同"),
                            (tmp_path / "facts.xlsx", "输出文件的扩展名应为 .csv 或 .parquet"),
                            (tmp_path, "这是一个文件夹")]:
        result = run_xxgk("export", folder, "-o", output)
        assert result.returncode == 2, (output, result.stderr)
        refusal(result.stderr, message)
    assert snapshot(tmp_path) == before


def test_parquet_without_pyarrow_says_how_to_install_it(archive, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = run_cli("export", archive, "-o", tmp_path / "facts.parquet")
    assert result.exit_code == 2
    refusal(result.stderr, "写出 Parquet 文件需要 pyarrow", "pip install -e '.[parquet]'", ".csv")
    assert os.listdir(tmp_path) == []
    assert run_cli("export", archive, "-o", tmp_path / "facts.csv").exit_code == 0  # CSV needs nothing more


def test_a_failed_write_leaves_no_file(archive, tmp_path, monkeypatch):
    def fail(batches, out):
        next(iter(batches))
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(write.WRITERS, ".csv", fail)
    (tmp_path / "facts.csv").write_text("old", encoding="utf-8")
    result = run_cli("export", archive, "-o", tmp_path / "facts.csv")
    assert result.exit_code == 2
    refusal(result.stderr, "磁盘空间不足")
    assert os.listdir(tmp_path) == ["facts.csv"] and (tmp_path / "facts.csv").read_text(encoding="utf-8") == "old"
