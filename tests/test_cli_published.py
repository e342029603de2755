"""Every command that takes a report takes a published one: ``fill``, ``validate --previous``, ``report``."""

from __future__ import annotations

import json
import shutil

from test_import_published import NEWS
from test_import_sources import PUBLISHED
from xxgk.importer.published import read_published
from xxgk.jsonio import load_report

from support import example_report, refusal, run_xxgk, write_workbook

HONGZE_2023, HONGZE_2024 = PUBLISHED / "hongze-2023.pdf", PUBLISHED / "hongze-2024.pdf"


def test_fill_turns_a_published_report_into_the_workbook_import_writes(tmp_path):
    done = run_xxgk("fill", HONGZE_2024, "-o", tmp_path / "filled.xlsx")
    assert done.returncode == 0, done.stderr.decode()
    run_xxgk("import", HONGZE_2024, "-o", tmp_path / "imported.xlsx")
    assert (tmp_path / "filled.xlsx").read_bytes() == (tmp_path / "imported.xlsx").read_bytes()
    filled, published = load_report(tmp_path / "filled.xlsx"), read_published(HONGZE_2024)
    assert filled.values() == published.values() and filled.metadata == published.metadata


def test_fill_refuses_a_page_that_is_no_report_and_writes_nothing(tmp_path):
    news = tmp_path / "news.html"
    news.write_text(NEWS, encoding="utf-8")
    done = run_xxgk("fill", news, "-o", tmp_path / "x.xlsx")
    assert done.returncode == 2
    refusal(done.stderr, str(news), "不是政府信息公开工作年度报告")
    assert not (tmp_path / "x.xlsx").exists()


def test_validate_checks_against_last_years_published_report(tmp_path):
    report = example_report()
    report.metadata.agency_name, report.metadata.report_year = "淮安市洪泽区人民政府", 2024
    this_year = write_workbook(tmp_path / "2024.xlsx", "t3.carried_over.natural_person = 2\n"
                                                       "t3.new_received.natural_person = 1", base=report)
    last_year = tmp_path / "去年的报告"  # no suffix: recognised by its content
    shutil.copy(HONGZE_2023, last_year)
    done = run_xxgk("validate", "--format", "json", "--previous", last_year, this_year)
    assert done.returncode == 1, done.stderr.decode()
    findings = json.loads(done.stdout)["findings"]
    continuity = [(f["key"], f["args"]["previous"]) for f in findings if f["rule"] == "t3-continuity"]
    assert continuity == [("t3.carried_over.natural_person", 0)]  # hongze-2023 carried forward nothing
    assert not {"previous-year", "previous-agency"} & {f["rule"] for f in findings}


def test_report_renders_a_published_report_that_imports_back_the_same(tmp_path):
    done = run_xxgk("report", HONGZE_2024, "-o", tmp_path / "hongze.html")
    assert done.returncode == 1 and "警告：报告存在" in done.stderr.decode()  # its metadata is incomplete
    published = read_published(HONGZE_2024)
    again = read_published(tmp_path / "hongze.html")
    assert again.values() == published.values()
    assert again.metadata.agency_name == published.metadata.agency_name == "淮安市洪泽区人民政府"
