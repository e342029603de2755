"""``xxgk template --previous LAST_YEAR``: next year's workbook in the current format, begun from last year's
report (a workbook, canonical JSON or a published report; 2019 or 2021 format) — read back and checked field
by field."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from test_import_published import NEWS
from test_import_sources import PUBLISHED
from xxgk.importer.published import read_published
from xxgk.jsonio import dumps_report, load_report
from xxgk.model import AgencyLevel, State
from xxgk.model.texts import Texts
from xxgk.workbook.layout import layout_for
from xxgk.workbook.reader import read_workbook

from support import refusal, run_xxgk, snapshot, write_workbook

COLUMNS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
           "legal_service_org", "other_org")
# last year's 四、结转下年度继续办理, a different number in every column (so a column mixed up shows)
FORWARD = "\n".join(f"t3.carried_forward.{c} = {n}" for n, c in enumerate(COLUMNS, start=1))
CONTACT = "metadata.fax = 0901-3340091\nmetadata.email = shanghu@example.gov.cn"


def expected_metadata(last, year: int) -> dict:
    m = last.metadata
    return {"agency_name": m.agency_name, "agency_level": m.agency_level, "report_year": year,
            "period_start": date(year, 1, 1), "period_end": date(year, 12, 31), "portal_name": m.portal_name,
            "portal_url": m.portal_url, "contact_office": m.contact_office, "address": m.address,
            "postcode": m.postcode, "phone": m.phone, "fax": m.fax, "email": m.email,
            "signing_agency": m.signing_agency, "signing_date": None}


def next_year(tmp_path, last_year) -> object:
    out = tmp_path / "next.xlsx"
    done = run_xxgk("template", "--previous", last_year, "-o", out)
    assert done.returncode == 0, done.stderr.decode()
    return out


def assert_next_year(out, last, year: int) -> None:
    """Exactly what carries over, in the current format; everything else empty."""
    report = load_report(out)
    assert report.format_version == "2021"
    assert report.metadata.model_dump() == expected_metadata(last, year)
    assert report.texts == Texts()
    carried = {f"t3.carried_over.{c}": last.value(f"t3.carried_forward.{c}") for c in COLUMNS}
    for key, cell in report.cells().items():
        if report.format.cells[key].derived:
            continue
        if key in carried and carried[key] is not None:
            assert (cell.value, cell.state) == (carried[key], State.read), key
        else:
            assert (cell.value, cell.state) == (None, State.blank), key  # blank, never 0
    known = [v for v in carried.values() if v is not None]
    assert report.value("t3.carried_over.total") == (sum(known) if len(known) == len(COLUMNS) else None)
    # the totals are still the template's formulas, not numbers written over them
    wb, bindings = load_workbook(out), layout_for("2021").bindings
    for key in ("t3.carried_over.total", "t3.new_received.total", "t3.total_processed.natural_person"):
        cell = wb[bindings[key].sheet][bindings[key].cell]
        assert cell.data_type == "f" and str(cell.value).startswith("="), key


@pytest.fixture
def last_year_workbook(tmp_path):
    return write_workbook(tmp_path / "2024.xlsx", f"{FORWARD}\n{CONTACT}")


def test_from_last_years_workbook(tmp_path, last_year_workbook):
    last = read_workbook(last_year_workbook)
    assert last.metadata.fax and last.texts.overview and last.value("t2.penalty.decisions") == 3
    assert_next_year(next_year(tmp_path, last_year_workbook), last, 2025)


def test_from_last_years_json(tmp_path, last_year_workbook):
    last = read_workbook(last_year_workbook)
    source = tmp_path / "2024.json"
    source.write_text(dumps_report(last), encoding="utf-8")
    assert_next_year(next_year(tmp_path, source), last, 2025)


@pytest.mark.parametrize(("name", "year"), [("hongze-2023.pdf", 2024), ("huaian-2024.pdf", 2025),
                                            ("shuyang-fgj-2023.html", 2024)])
def test_from_last_years_published_report(tmp_path, name, year):
    last = read_published(PUBLISHED / name)
    assert_next_year(next_year(tmp_path, PUBLISHED / name), last, year)


def test_hongze_2024_begins_with_what_hongze_2023_carried_forward(tmp_path):
    report = load_report(next_year(tmp_path, PUBLISHED / "hongze-2023.pdf"))
    assert [report.value(f"t3.carried_over.{c}") for c in COLUMNS] == [0] * 6  # printed 0 in every column
    assert report.metadata.agency_name == "洪泽区人民政府" and report.metadata.agency_level is AgencyLevel.county
    assert report.metadata.contact_office == "淮安市洪泽区人民政府办公室" and report.metadata.phone == "0517-87222589"
    assert report.value("t3.new_received.natural_person") is None


def test_from_a_2019_format_report_the_template_is_the_current_format(tmp_path):
    cells = (f"{FORWARD}\nmetadata.agency_name = 乙镇人民政府\nmetadata.agency_level = 乡镇人民政府、街道办事处\n"
             "metadata.report_year = 2020\nmetadata.phone = 0901-1234567\nmetadata.signing_agency = 乙镇人民政府\n"
             "t3.new_received.natural_person = 9")
    source = write_workbook(tmp_path / "2020.xlsx", cells, version="2019")
    last = read_workbook(source)
    assert last.format_version == "2019" and last.metadata.agency_level is AgencyLevel.township
    out = next_year(tmp_path, source)
    assert_next_year(out, last, 2021)
    assert load_workbook(out)["_xxgk"]["B2"].value == "2021"


@pytest.mark.parametrize(("make", "fragments"), [
    (lambda d: (d / "news.html").write_text(NEWS, encoding="utf-8") and d / "news.html",
     ("news.html", "不是政府信息公开工作年度报告")),
    (lambda d: write_workbook(d / "无年度.xlsx", "metadata.report_year = None"), ("无年度.xlsx", "未写明报告年度")),
    (lambda d: write_workbook(d / "3000.xlsx", "metadata.report_year = 3000"), ("3000.xlsx", "3000 不是有效的年度")),
    (lambda d: (d / "bad.json").write_text("{", encoding="utf-8") and d / "bad.json", ("bad.json", "JSON")),
    (lambda d: d / "missing.xlsx", ("missing.xlsx",)),
])
def test_bad_last_year_input_is_one_chinese_line_exit_2_and_nothing_written(tmp_path, make, fragments):
    folder = tmp_path / "in"
    folder.mkdir()
    source = make(folder)
    before = snapshot(tmp_path)
    done = run_xxgk("template", "--previous", source, "-o", tmp_path / "next.xlsx")
    assert done.returncode == 2
    refusal(done.stderr, *fragments)
    assert snapshot(tmp_path) == before


def test_another_format_cannot_be_asked_for_and_the_input_is_never_the_output(tmp_path, last_year_workbook):
    before = snapshot(tmp_path)
    done = run_xxgk("template", "--previous", last_year_workbook, "--format", "2019", "-o", tmp_path / "n.xlsx")
    assert done.returncode == 2
    refusal(done.stderr, "总是当前格式")
    same = run_xxgk("template", "--previous", last_year_workbook, "-o", last_year_workbook)
    assert same.returncode == 2
    refusal(same.stderr, "覆盖输入")
    assert snapshot(tmp_path) == before
