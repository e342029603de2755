"""``--previous-dir``: each report is checked against its own agency's report of the year before."""

import csv
import io

from xxgk.batch.run import run_batch
from xxgk.jsonio import dumps_report

from support import example_report, write_workbook


def last_year(path, agency="额敏县上户镇人民政府", year=2023, **cells):
    report = example_report()
    report.metadata.agency_name, report.metadata.report_year = agency, year
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(dumps_report(report), encoding="utf-8")
    else:
        write_workbook(path, cells, base=report)
    return path


def index(out):
    rows = csv.DictReader(io.StringIO((out / "index.csv").read_text(encoding="utf-8-sig")))
    return {r["文件"]: r for r in rows}


def test_each_report_is_matched_with_its_agencys_previous_year(tmp_path):
    src, prev, out = tmp_path / "in", tmp_path / "prev", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "a.xlsx")
    write_workbook(src / "b.xlsx", "metadata.agency_name = 乙镇人民政府")
    last_year(prev / "2023" / "shanghu.json", agency="额敏县 上户镇人民政府")  # spacing differs: same agency
    last_year(prev / "yi-2022.xlsx", agency="乙镇人民政府", year=2022)       # two years back: not used
    last_year(prev / "a-2024.json", year=2024)                                 # the same year: not used
    run_batch(src, out, previous_dir=prev, jobs=2)
    rows = index(out)
    assert rows["a.xlsx"]["上年报告"] == "2023/shanghu.json"
    assert rows["b.xlsx"]["上年报告"] == ""
    assert "没有该机关 2023 年度的报告" in rows["b.xlsx"]["说明"]


def test_two_candidates_for_last_year_are_not_guessed_between(tmp_path):
    src, prev = tmp_path / "in", tmp_path / "prev"
    src.mkdir()
    write_workbook(src / "a.xlsx")
    last_year(prev / "one.json")
    last_year(prev / "two.xlsx")
    run_batch(src, tmp_path / "out", previous_dir=prev)
    row = index(tmp_path / "out")["a.xlsx"]
    assert row["上年报告"] == "" and "不止一份（one.json、two.xlsx）" in row["说明"]


def test_a_changed_previous_report_reconverts_the_reports_that_used_it(tmp_path):
    src, prev, out = tmp_path / "in", tmp_path / "prev", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "a.xlsx")
    write_workbook(src / "b.xlsx", "metadata.agency_name = 乙镇人民政府")
    last_year(prev / "last.xlsx")
    assert run_batch(src, out, previous_dir=prev).converted == 2
    assert run_batch(src, out, previous_dir=prev).converted == 0
    last_year(prev / "last.xlsx", **{"t3.carried_forward.natural_person": 4})
    assert run_batch(src, out, previous_dir=prev).converted == 1
    assert run_batch(src, out).converted == 2, "without --previous-dir the cross-year results no longer hold"
