"""The canonical model: derived totals, version-specific tables, JSON round trip, schema kept current."""

import json

import pytest
from pydantic import ValidationError

from xxgk.cli.schema import schema_text
from xxgk.model import AnnualReport

from conftest import ROOT


def test_totals_are_recomputed_from_inputs():
    report = AnnualReport.from_values({
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
    assert report.value("t3.carried_over.total") is None  # nothing typed, nothing invented


def test_tables_must_be_of_the_reports_format_version():
    with pytest.raises(ValidationError):
        AnnualReport.model_validate({"format_version": "2021", "tables": {"t2": {"procurement": {"items": 1}}}})
    report = AnnualReport.model_validate({"format_version": "2019", "tables": {"t2": {"procurement": {"items": 1}}}})
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
