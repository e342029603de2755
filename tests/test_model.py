"""The canonical model: derived totals, version-specific tables, JSON round trip, schema kept current."""

import json

import pytest
from pydantic import ValidationError

from xxgk.cli.schema import schema_text
from xxgk.formats import get_format
from xxgk.model import AnnualReport, State

from conftest import ROOT
from support import read


def zeros(version: str = "2021") -> dict:
    return {k: 0 for k, c in get_format(version).cells.items() if not c.derived}


def test_totals_are_recomputed_from_inputs():
    report = AnnualReport.from_values({
        **zeros(),
        "t3.new_received.natural_person": 5, "t3.new_received.legal_service_org": 2,
        "t3.granted.natural_person": 3, "t3.denied_state_secret.natural_person": 1,
        "t3.other_other.commercial_enterprise": 1,
        "t4.review.upheld": 2, "t4.review.pending": 1,
    })
    assert report.value("t3.new_received.total") == 7
    assert report.value("t3.total_processed.natural_person") == 4
    assert report.value("t3.total_processed.commercial_enterprise") == 1
    assert report.value("t3.total_processed.total") == 5
    assert report.value("t4.review.total") == 3
    assert report.cell("t4.review.total").state is State.derived


def test_a_total_over_a_blank_input_is_unknown_never_a_sum_that_took_it_as_0():
    report = AnnualReport.from_values({**zeros(), "t3.granted.natural_person": None, "t3.granted.research_institution": 2})
    assert report.cell("t3.granted.natural_person").state is State.blank
    assert report.value("t3.granted.total") is None
    assert report.value("t3.total_processed.natural_person") is None  # and what is summed from it
    assert report.value("t3.total_processed.total") is None
    assert report.value("t3.total_processed.research_institution") == 2  # other columns are known
    assert report.value("t3.new_received.total") == 0
    assert AnnualReport.from_values({}).value("t3.carried_over.total") is None  # nothing typed, nothing invented


def test_a_total_the_source_gave_that_is_not_the_sum_is_kept_as_stored():
    cells = {k: {"value": 1, "state": "read"} for k in zeros()}
    cells["t4.review.total"] = {"value": 9, "state": "derived"}  # a JSON file's total, edited by hand
    cells["t4.litigation_direct.total"] = {"value": 4, "state": "derived", "stored": 5}  # a stored total
    report = AnnualReport.from_cells(cells)
    assert (report.value("t4.review.total"), report.cell("t4.review.total").stored) == (4, 9)
    assert (report.value("t4.litigation_direct.total"), report.cell("t4.litigation_direct.total").stored) == (4, 5)
    assert report.cell("t4.litigation_after_review.total").stored is None


def test_a_cell_state_must_agree_with_its_value():
    with pytest.raises(ValidationError, match="状态"):
        AnnualReport.from_cells({"t2.penalty.decisions": {"value": None, "state": "read"}})
    with pytest.raises(ValidationError, match="状态"):
        AnnualReport.from_cells({"t2.penalty.decisions": {"value": 3, "state": "blank"}})


def test_tables_must_be_of_the_reports_format_version():
    with pytest.raises(ValidationError):
        AnnualReport.model_validate({"format_version": "2021", "tables": {"t2": {"procurement": {"items": read(1)}}}})
    report = AnnualReport.model_validate({"format_version": "2019", "tables": {"t2": {"procurement": {"items": read(1)}}}})
    assert report.value("t2.procurement.items") == 1


def test_a_negative_count_is_held_and_reported_but_a_2019_change_is_fine():
    from xxgk.validation import validate

    report = AnnualReport.from_values({"t2.penalty.decisions": -1})
    assert report.value("t2.penalty.decisions") == -1
    assert "t2.penalty.decisions" in {f.key for f in validate(report) if f.rule == "cell-negative"}
    change = AnnualReport.from_values({"t2.licensing.change": -3}, format_version="2019")
    assert change.value("t2.licensing.change") == -3
    assert not [f for f in validate(change) if f.rule == "cell-negative"]


@pytest.mark.parametrize("value", [True, "3", float("inf"), float("nan"), 10**15, -(10**15), [1], {"a": 1}])
def test_table_numbers_of_a_wrong_type_are_refused(value):
    with pytest.raises(ValidationError):
        AnnualReport.from_values({"t2.penalty.decisions": value})
    with pytest.raises(ValidationError):
        AnnualReport.from_values({"t2.fees.amount_wan_yuan": value})


def test_a_whole_float_in_a_count_is_the_integer():
    report = AnnualReport.from_values({"t2.penalty.decisions": 3.0, "t2.licensing.decisions": 2.5})
    assert type(report.value("t2.penalty.decisions")) is int
    assert report.value("t2.licensing.decisions") == 2.5  # held, for cell-fraction to report


def test_unknown_version_is_refused():
    with pytest.raises(ValidationError, match="未知的报告格式版本"):
        AnnualReport.model_validate({"format_version": "2030"})


def test_json_round_trip_is_lossless():
    from support import example_report

    report = example_report()
    assert AnnualReport.model_validate_json(report.model_dump_json()) == report


def test_committed_json_schema_is_current():
    committed = (ROOT / "schema" / "annual-report.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate with: xxgk schema > schema/annual-report.schema.json"
    schema = json.loads(committed)
    assert "T3V2021" in schema["$defs"] and "T3V2019" in schema["$defs"]
