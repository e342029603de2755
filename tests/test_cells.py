"""What a value means (schema 2.0): cell states, stored totals, unknown totals, and 1.0 archives still read."""

from __future__ import annotations

import json
from pathlib import Path

from xxgk.jsonio import dumps_report, load_report_json, report_from_json
from xxgk.model import AnnualReport, Location, State

from conftest import EXAMPLE_JSON, ROOT
from support import example_report, run_cli, validate_placed, write_workbook

ARCHIVES = ROOT / "tests" / "data" / "archive-1.0"  # written by `xxgk convert` before schema 2.0
BLANK = "t3.granted.natural_person =\nt3.granted.research_institution = 2"


def test_a_blank_input_makes_its_totals_unknown_in_the_converted_json(tmp_path):
    source = write_workbook(tmp_path / "blank.xlsx", BLANK)
    result = run_cli("convert", source, "-o", tmp_path / "blank.json")
    assert result.exit_code == 1  # the blank cell is an error of the report
    t3 = json.loads((tmp_path / "blank.json").read_text(encoding="utf-8"))["tables"]["t3"]
    assert t3["granted"]["natural_person"] == {"value": None, "state": "blank"}
    assert t3["granted"]["research_institution"] == {"value": 2, "state": "read"}
    assert t3["granted"]["total"] == {"value": None, "state": "derived"}
    assert t3["total_processed"]["natural_person"]["value"] is None
    assert t3["total_processed"]["total"]["value"] is None
    assert t3["total_processed"]["research_institution"]["value"] == 2


def test_a_blank_input_is_its_own_error_and_its_identity_is_not_computed_as_if_it_were_0(tmp_path):
    report = load_report_json(write_json(tmp_path, BLANK))
    findings = validate_placed(report)
    assert [(f.rule, f.key, f.origin) for f in findings if f.rule == "cell-blank"] == [
        ("cell-blank", "t3.granted.natural_person", "import")]
    balance = {f.key for f in findings if f.rule == "t3-balance"}
    assert "t3.carried_forward.natural_person" not in balance  # not assessable: its total is unknown
    assert "t3.carried_forward.research_institution" in balance  # 2 processed, none received: a real error


def write_json(tmp_path: Path, cells: str) -> Path:
    source = write_workbook(tmp_path / "r.xlsx", cells)
    assert run_cli("convert", source, "-o", tmp_path / "r.json").exit_code in (0, 1)
    return tmp_path / "r.json"


def test_a_rollup_over_a_blank_cell_does_not_know_that_cell(tmp_path, example_xlsx):
    blank = write_workbook(tmp_path / "blank.xlsx", "metadata.agency_name = 乙镇人民政府\n" + BLANK)
    assert run_cli("rollup", example_xlsx, blank, "-o", tmp_path / "total.json").exit_code == 1
    total = load_report_json(tmp_path / "total.json")
    example = example_report()
    assert total.value("t3.granted.natural_person") is None  # never the example's number plus a blank taken as 0
    assert total.value("t3.granted.total") is None and total.value("t3.total_processed.total") is None
    assert total.value("t3.granted.research_institution") == example.value("t3.granted.research_institution") + 2
    assert total.value("t2.penalty.decisions") == 2 * example.value("t2.penalty.decisions")
    assert total.cell("t2.penalty.decisions").state is State.derived  # a sum of the members' cells


def test_the_model_keeps_a_stored_total_and_the_rule_compares_it_once(tmp_path):
    source = write_workbook(tmp_path / "t.xlsx", "t4.review.upheld = 2\nt4.review.total = 3")
    assert run_cli("convert", source, "-o", tmp_path / "t.json").exit_code == 1
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["tables"]["t4"]["review"]["total"] == {"value": 2, "state": "derived", "stored": 3}
    assert [(f["rule"], f["key"], f["origin"], f["args"]) for f in data["findings"] if f["rule"] == "total-mismatch"] == [
        ("total-mismatch", "t4.review.total", "report", {"stored": 3, "computed": 2, "difference": 1})]
    again = validate_placed(load_report_json(tmp_path / "t.json"))  # from the JSON: the same one finding
    assert [f.key for f in again if f.rule == "total-mismatch"] == ["t4.review.total"]


def test_a_finding_on_a_value_read_from_a_published_source_says_where_it_was_read():
    cells = {k: {"value": c.value, "state": c.state} for k, c in example_report().cells().items()}
    where = Location(page=3, line=12, table=3, row=5, column=8)
    cells["t4.review.total"] = {"state": "derived", "stored": 9, "source": where}
    report = AnnualReport.from_cells(cells, format_version="2021")
    (finding,) = [f for f in validate_placed(report) if f.rule == "total-mismatch"]
    assert finding.source == where
    assert json.loads(dumps_report(report))["tables"]["t4"]["review"]["total"]["source"] == {
        "page": 3, "line": 12, "table": 3, "row": 5, "column": 8}


def test_a_total_blank_in_a_published_source_is_kept_as_blank_and_is_its_own_error():
    """What the importer gives for a 总计 printed blank: state blank, and where it was read. The model recomputes
    it and marks it held no formula; the JSON keeps that, so the error survives a round trip."""
    import pytest

    cells = {k: {"value": c.value, "state": c.state} for k, c in example_report().cells().items()}
    where = Location(page=4, table=3, row=6, column=9)
    cells["t4.review.upheld"] = {"value": 2, "state": "read"}
    cells["t4.review.total"] = {"value": None, "state": "blank", "source": where}
    report = AnnualReport.from_cells(cells, format_version="2021")
    total = report.cell("t4.review.total")
    assert (total.value, total.state, total.stored, total.formula) == (2, State.derived, None, False)
    (finding,) = [f for f in validate_placed(report) if f.rule == "total-blank"]
    assert finding.key == "t4.review.total" and finding.source == where and "应为 2" in finding.message
    again = report_from_json(dumps_report(report))
    assert [f.key for f in validate_placed(again) if f.rule == "total-blank"] == ["t4.review.total"]
    cells["t4.review.total"] = {"value": 3, "state": "blank"}  # blank with a number: contradictory, refused
    with pytest.raises(ValueError, match="状态“blank”与数值 3 不符"):
        AnnualReport.from_cells(cells, format_version="2021")


def test_a_1_0_archive_reads_as_the_same_report():
    archive = load_report_json(ARCHIVES / "example-2024.json")
    assert json.loads((ARCHIVES / "example-2024.json").read_text(encoding="utf-8"))["schema_version"] == "1.0"
    assert archive.schema_version == "2.0"
    assert archive.values() == load_report_json(EXAMPLE_JSON).values()
    assert {f.rule: f.origin for f in archive.findings} == {"text-halfwidth-brackets": "report",
                                                            "text-document-number": "report"}
    assert [f.rule for f in validate_placed(archive)] == [f.rule for f in archive.findings]


def test_a_1_0_archive_keeps_what_its_reader_saw():
    """The 1.0 file of a workbook with a blank, "3件" and a total typed over (99 where the sum is 0)."""
    archive = load_report_json(ARCHIVES / "flawed-2024.json")
    assert archive.cell("t3.new_received.natural_person").state is State.blank
    assert archive.value("t3.new_received.total") is None  # 1.0 said 0, counting the blank as 0
    assert (archive.value("t3.granted.commercial_enterprise"), archive.cell("t3.granted.commercial_enterprise").state) == (
        3, State.read)
    assert archive.cell("t4.review.total").stored == 99  # kept in 1.0 only by the reader's finding
    origins = {f.rule: f.origin for f in archive.findings}
    assert origins["cell-blank"] == origins["cell-unclean-number"] == "import"
    assert origins["total-mismatch"] == origins["t3-balance"] == "report"
    found = {(f.rule, f.key) for f in validate_placed(archive)}
    assert {("cell-blank", "t3.new_received.natural_person"), ("cell-unclean-number", "t3.granted.commercial_enterprise"),
            ("total-mismatch", "t4.review.total"), ("t3-balance", "t3.carried_forward.commercial_enterprise")} <= found


def test_the_json_writes_each_cell_on_one_line_exactly_as_json_would():
    report = example_report()
    report.cell("t4.review.total").stored = 5
    report.cell("t4.review.total").source = Location(page=2, line=3)
    report.cell("t2.fees.amount_wan_yuan").value = 0.00001
    report.cell("t3.granted.natural_person").value = 7.0  # not the 7 written before it
    trial = AnnualReport.from_values({"t2.licensing.change": -3, "t2.licensing.previous_items": 7}, format_version="2019")
    for written in (report, trial, report, trial):  # each format's layout of the tables, written in turn
        text = dumps_report(written)
        assert json.loads(text) == written.model_dump(mode="json")
        lines = [line.strip().rstrip(",") for line in text.splitlines() if '"state": ' in line]
        assert len(lines) == len(written.format.cells)
        for line in lines:
            _, _, cell = line.partition(": ")
            assert json.dumps(json.loads(cell), ensure_ascii=False) == cell
    assert '"total": {"value": 0, "state": "derived", "stored": 5, "source": {"page": 2, "line": 3}}' in \
        dumps_report(report)
    assert '"natural_person": {"value": 7.0, "state": "read"}' in dumps_report(report)
    assert '"previous_items": {"value": 7, "state": "read"}' in dumps_report(trial)
