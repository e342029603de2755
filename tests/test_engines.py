"""The batch reads with python-calamine, single conversions with openpyxl: both must give the same model.

Every fixture workbook we can make is read by both engines and compared field by field, findings included.
"""

from datetime import date, datetime
from pathlib import Path

import pytest

from xxgk.model import State
from xxgk.workbook.reader import read_workbook

from conftest import ROOT, TEMPLATES
from support import example_report, recalculated, validate_placed, write_workbook

FIXTURES = {
    "unclean-cells": {
        "t3.new_received.natural_person": "/", "t3.new_received.commercial_enterprise": "-",
        "t3.new_received.research_institution": "无", "t3.granted.natural_person": "3件",
        "t3.granted.commercial_enterprise": "３", "t3.carried_over.natural_person": None,
        "t3.carried_forward.natural_person": "3", "t3.carried_forward.other_org": " 4 ",
        "t2.penalty.decisions": 2.5, "t2.coercion.decisions": -1, "t2.fees.amount_wan_yuan": "251000元",
        "t4.review.upheld": "", "t4.review.corrected": "—", "t4.review.other": "1,000",
    },
    "numbers-of-every-type": {
        "t3.new_received.natural_person": 3.0, "t3.granted.natural_person": 123456789,
        "t2.fees.amount_wan_yuan": 0.00001, "t2.licensing.decisions": True,
        "t2.penalty.decisions": datetime(2024, 5, 1), "t4.review.upheld": "1e3",
    },
    "stored-totals-overwritten": {
        "t3.new_received.natural_person": 5, "t3.new_received.total": 4, "t3.total_processed.natural_person": 9,
        "t4.review.total": "七",
    },
    "metadata-as-staff-type-it": {
        "metadata.signing_date": "2025年2月11日", "metadata.period_start": datetime(2024, 1, 1),
        "metadata.period_end": "明年", "metadata.postcode": 834699, "metadata.report_year": "2024年",
        "metadata.agency_level": "乡镇人民政府、街道办事处", "metadata.phone": 9013456789,
        "metadata.email": " office@example.gov.cn ",
    },
    "error-values": {"t3.new_received.total": "#DIV/0!", "t2.penalty.decisions": "#REF!"},  # t="e" cells
    "texts-with-line-breaks-and-odd-values": {
        "texts.overview.proactive": "第一段\r\n  第二段  \r\n\r\n第三段   ",
        "texts.problems": 2024, "texts.other": date(2025, 1, 1), "texts.preamble": "  前后空格  ",
    },
}


def fixture_workbooks(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    books = {"example": TEMPLATES / "example-2024.xlsx",
             "blank-2021": TEMPLATES / "annual-report-2021.xlsx",
             "blank-2019": TEMPLATES / "annual-report-2019.xlsx"}
    for name, cells in FIXTURES.items():
        books[name] = write_workbook(folder / f"{name}.xlsx", cells)
    books["labels-retyped"] = write_workbook(folder / "labels-retyped.xlsx", labels={
        "t2 行政规范性文件": "规范性文件", "t3 2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
        "t4 结果维持": "结果 维持", "基本信息 邮政编码": "邮政编码："})
    data = example_report().model_dump()
    data["format_version"], data["tables"] = "2019", {}
    books["filled-2019"] = write_workbook(folder / "filled-2019.xlsx", {
        "t2.licensing.change": -3, "t2.procurement.amount_wan_yuan": 12.5, "t3.other_handling.natural_person": 1,
        "t3.granted.natural_person": "2 件"}, base=type(example_report()).model_validate(data))
    return books


def both_engines_agree(path: Path) -> None:
    by_openpyxl = read_workbook(path, engine="openpyxl").model_dump(mode="json")
    by_calamine = read_workbook(path, engine="calamine").model_dump(mode="json")
    assert by_calamine == by_openpyxl


@pytest.mark.parametrize("name", ["example", "blank-2021", "blank-2019", *FIXTURES, "filled-2019", "labels-retyped"])
def test_both_engines_give_the_same_model(tmp_path, name):
    path = fixture_workbooks(tmp_path)[name]
    both_engines_agree(path)
    report = read_workbook(path)  # the fixture really exercises what it claims to
    if name.startswith("texts"):
        assert report.texts.overview.proactive == "第一段\n  第二段\n\n第三段"
    elif name in FIXTURES:
        assert report.findings
    elif name == "labels-retyped":
        assert [f.rule for f in report.findings] == ["label-variant"] * 3


BINARY_FIXTURES = ROOT / "tests" / "data" / "workbooks"  # made by make_fixtures.py there: saved by LibreOffice,
# and one reconstruction of how Excel writes a workbook (shared strings, cached values, calcChain)


def test_both_engines_agree_on_every_binary_fixture():
    paths = sorted(BINARY_FIXTURES.rglob("*.xls[xm]"))
    assert len(paths) >= 4, f"the binary fixtures of {BINARY_FIXTURES} are missing"
    for path in paths:
        both_engines_agree(path)


@pytest.mark.parametrize(("name", "rules"), [
    ("example-libreoffice.xlsx", set()),
    ("example-excel-reconstruction.xlsx", set()),
    ("totals-typed-over.xlsx", {"total-mismatch"}),  # 7 and 2 typed over formulas whose sums are 0
])
def test_binary_fixtures_read_as_what_they_are(name, rules):
    report = read_workbook(BINARY_FIXTURES / name, engine="calamine")
    assert report.findings == []  # nothing the reader had to interpret
    assert {f.rule for f in validate_placed(report) if f.key.split(".")[0] in report.format.tables} == rules
    assert report.value("t2.penalty.decisions") == 3  # the example's one non-zero number, read from a real file
    totals = [c for c in report.cells().values() if c.state is State.derived]
    assert all(c.stored is not None for c in totals), "a saved file caches every total, and the model keeps it"
    if rules:
        assert {f.key for f in validate_placed(report) if f.rule == "total-mismatch"} == {
            "t3.total_processed.total", "t4.review.total"}
        assert report.cell("t4.review.total").stored != report.value("t4.review.total")


CLEARED = {"t3.granted.total", "t3.partially_granted.total", "t3.total_processed.total"}  # see make_fixtures.py


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_totals_whose_formulas_were_deleted_are_blank_in_the_source(engine, tmp_path):
    """A real file saved by LibreOffice: the totals of three result rows cleared (formula and value gone) while
    their rows hold numbers. Each is a ``total-blank`` error (the model still recomputes it), for both engines,
    and again once converted to JSON; a total that keeps its formula is not one of them."""
    from xxgk.jsonio import dumps_report, load_report

    report = read_workbook(BINARY_FIXTURES / "totals-emptied.xlsx", engine=engine)
    assert report.value("t3.granted.natural_person") == 4
    assert report.value("t3.granted.total") == 4 and report.value("t3.total_processed.total") == 4
    assert {k for k, c in report.cells().items() if c.formula is False} == CLEARED
    assert report.cell("t3.granted.total").stored is None  # nothing stored: nothing to compare
    found = {f.key: f for f in validate_placed(report) if f.rule == "total-blank"}
    assert set(found) == CLEARED
    assert "“总计”列为合计栏，未填写数字" in found["t3.granted.total"].message
    assert "应为 4" in found["t3.granted.total"].message
    (tmp_path / "r.json").write_text(dumps_report(report), encoding="utf-8")
    again = validate_placed(load_report(tmp_path / "r.json"))
    assert {f.key for f in again if f.rule == "total-blank"} == CLEARED


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_totals_holding_formulas_without_cached_values_are_only_recomputed(engine, example_xlsx):
    """The bundled example is written by openpyxl: every total holds its formula and no cached result."""
    report = read_workbook(example_xlsx, engine=engine)
    totals = [c for k, c in report.cells().items() if report.format.cells[k].derived]
    assert all(c.stored is None and c.formula is None and c.value is not None for c in totals)
    assert "total-blank" not in {f.rule for f in validate_placed(report)}


def test_both_engines_agree_on_files_saved_by_libreoffice(soffice, tmp_path):
    """LibreOffice stores cached formula results, shared strings and its own number formats."""
    books = fixture_workbooks(tmp_path / "src")
    for name in ("example", "unclean-cells", "stored-totals-overwritten", "metadata-as-staff-type-it",
                 "texts-with-line-breaks-and-odd-values", "filled-2019"):
        both_engines_agree(recalculated(soffice, books[name], tmp_path / "lo"))


def test_a_stray_cell_far_away_but_within_bounds_is_still_read_by_calamine(tmp_path, example_xlsx):
    """The density guard scans exactly only when a reference lies beyond ZZ999; a block of 5000 × 28 cells
    is within calamine's budget, so it reads the sheet itself (no openpyxl fallback)."""
    from openpyxl import load_workbook

    from xxgk.workbook.layout import layout_for
    from xxgk.workbook.sources import CalamineSource

    wb = load_workbook(example_xlsx)
    wb[layout_for("2021").table_sheet("t3").name]["AB5000"] = "备注"
    path = tmp_path / "stray.xlsx"
    wb.save(path)
    both_engines_agree(path)
    source = CalamineSource(path)
    sheet = layout_for("2021").table_sheet("t3")
    assert source.read(sheet.name, sheet.max_row, sheet.max_col) and source._fallback is None
    source.close()
