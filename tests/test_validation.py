"""The public entry point ``xxgk.validation.validate``: the bundled example, workbook and JSON agree, order."""

from __future__ import annotations

from datetime import date

from xxgk.jsonio import dumps_report, load_report
from xxgk.model import AgencyLevel, Severity
from xxgk.rules.checks.deadline import deadline_for
from xxgk.rules.checks.tables import may_make_rules
from xxgk.validation import Settings, ValidationResult
from xxgk.workbook.layout import layout_for

from conftest import EXAMPLE_JSON
from support import validate_placed, write_workbook


def test_bundled_example_has_no_errors_only_its_two_real_blemishes(example_xlsx):
    findings = validate_placed(load_report(example_xlsx))
    assert findings.valid()
    assert [(f.rule, f.severity, f.key) for f in findings] == [
        ("text-halfwidth-brackets", Severity.info, "texts.preamble"),
        ("text-document-number", Severity.warning, "texts.other"),
    ]
    assert "国办函（2020）109号" in findings[1].message and "国办函〔2020〕109号" in findings[1].message


def test_the_example_json_validates_like_its_workbook(example_xlsx):
    assert validate_placed(load_report(EXAMPLE_JSON)) == validate_placed(load_report(example_xlsx))


BROKEN = """
    t2.licensing.decisions = /
    t2.penalty.decisions = 3件
    t3.new_received.natural_person = 5
    t3.carried_over.natural_person = 1
    t3.granted.natural_person = 4
    t3.carried_forward.natural_person = 1
    t4.review.upheld = 2
    t4.review.total = 3
    metadata.phone =
"""


def test_converted_json_validates_like_the_workbook(tmp_path):
    """What only the reader saw (raw cells, stored totals) travels in the JSON's findings and comes back."""
    report = load_report(write_workbook(tmp_path / "b.xlsx", BROKEN))
    findings = validate_placed(report)
    report.findings = list(findings)
    (tmp_path / "b.json").write_text(dumps_report(report), encoding="utf-8")
    assert validate_placed(load_report(tmp_path / "b.json")) == findings
    assert {"cell-placeholder", "cell-unclean-number", "total-mismatch", "t3-balance", "meta-missing",
            "text-applications"} <= {f.rule for f in findings}


def test_findings_are_in_layout_order_and_validation_is_pure(tmp_path):
    report = load_report(write_workbook(tmp_path / "b.xlsx", BROKEN))
    before = list(report.findings)
    findings = validate_placed(report)
    assert report.findings == before  # the report is not changed
    assert validate_placed(report) == findings
    place = list(layout_for("2021").bindings)
    positions = [place.index(f.key) for f in findings]
    assert positions == sorted(positions)
    assert findings[0].key.startswith("metadata.")


def test_embedded_findings_of_rules_are_recomputed_not_trusted():
    """A JSON's embedded t3-balance finding is dropped when its numbers are fixed; reader findings stay."""
    report = load_report(EXAMPLE_JSON)
    stale = validate_placed(load_report(EXAMPLE_JSON))[1].model_copy(update={"rule": "t3-balance", "key": "t3.new_received.total"})
    reader = stale.model_copy(update={"rule": "cell-placeholder", "key": "t2.licensing.decisions", "origin": "import"})
    report.findings = [stale, reader]
    rules = [f.rule for f in validate_placed(report)]
    assert "t3-balance" not in rules and "cell-placeholder" in rules


def test_warnings_fail_only_when_strict(example_xlsx):
    findings = validate_placed(load_report(example_xlsx))
    assert findings.valid() and not findings.valid(strict=True)
    assert ValidationResult().valid(strict=True)
    assert findings.counts == {Severity.error: 0, Severity.warning: 1, Severity.info: 1}


def test_cross_year_rules_need_last_years_report(tmp_path):
    report = load_report(write_workbook(tmp_path / "a.xlsx", "t3.carried_over.natural_person = 1\n"
                                                              "t3.granted.natural_person = 1"))
    assert "t3-continuity" not in {f.rule for f in validate_placed(report)}
    previous = load_report(EXAMPLE_JSON)
    previous.metadata.report_year = 2023
    assert "t3-continuity" in {f.rule for f in validate_placed(report, previous=previous)}


def test_deadlines_by_level():
    assert deadline_for(AgencyLevel.department, 2024, None) == (date(2025, 1, 31), "《条例》第四十九条对县级以上人民政府部门")
    assert deadline_for(AgencyLevel.county, 2024, None)[0] == date(2025, 3, 31)
    assert deadline_for(AgencyLevel.province, 2024, None)[0] == date(2025, 3, 31)
    assert deadline_for(AgencyLevel.township, 2024, None) is None  # set locally: no warning without it
    assert deadline_for(AgencyLevel.township, 2024, date(2025, 2, 15)) == (date(2025, 2, 15), "本地")
    assert deadline_for(None, 2024, None) is None


def test_signing_on_the_deadline_day_is_in_time(tmp_path):
    path = write_workbook(tmp_path / "d.xlsx", "metadata.signing_date = 2025-01-31")
    assert validate_placed(load_report(path), settings=Settings(deadline=date(2025, 1, 31))) == validate_placed(load_report(path))


def test_who_may_make_rules():
    assert may_make_rules(AgencyLevel.province, "新疆维吾尔自治区人民政府") is True
    assert may_make_rules(AgencyLevel.city, "塔城地区行政公署") is True
    assert may_make_rules(AgencyLevel.county, "额敏县人民政府") is False
    assert may_make_rules(AgencyLevel.township, "额敏县上户镇人民政府") is False
    assert may_make_rules(AgencyLevel.department, "国家税务总局") is True
    assert may_make_rules(AgencyLevel.department, "中华人民共和国教育部") is True
    assert may_make_rules(AgencyLevel.department, "额敏县教育局") is False
    assert may_make_rules(AgencyLevel.department, None) is None
    assert may_make_rules(None, "某某") is None


def test_a_blank_template_gives_one_finding_per_empty_thing_and_nothing_else(tmp_path):
    for version in ("2021", "2019"):
        report = load_report(write_workbook(tmp_path / f"{version}.xlsx", version=version))
        findings = validate_placed(report)
        inputs = [b for b in layout_for(version).bindings.values() if b.is_number and not b.derived]
        assert sorted({f.rule for f in findings}) == ["cell-blank", "meta-missing", "t3-balance-not-assessable",
                                                      "text-missing"]
        assert sum(f.rule == "cell-blank" for f in findings) == len(inputs)
        t3 = report.format.tables["t3"]  # each applicant column's identity, once, naming three of its cells
        unassessed = [f for f in findings if f.rule == "t3-balance-not-assessable"]
        assert len(unassessed) == len(t3.columns) - 1 and all("等 " in f.message for f in unassessed)
        assert sum(f.rule == "meta-missing" for f in findings) == 13
        assert sum(f.rule == "text-missing" for f in findings) == 7


def test_a_total_past_fifteen_digits_is_unknown_with_an_error_and_the_report_reads_back(tmp_path):
    """Two counts, each within fifteen digits, that add up past them: the totals over them are unknown (never a
    number the canonical JSON could not hold), each with an error, and the JSON written reads back as it was."""
    path = write_workbook(tmp_path / "big.xlsx", {"t3.denied_administrative_query.commercial_enterprise": 1,
                                                  "t3.denied_administrative_query.legal_service_org": 10**15 - 1})
    for engine in ("openpyxl", "calamine"):
        report = load_report(path, engine=engine)
        assert report.value("t3.denied_administrative_query.total") is None
        assert report.value("t3.denied_administrative_query.legal_service_org") == 10**15 - 1
        too_large = [f for f in validate_placed(report) if f.rule == "total-too-large"]
        assert "t3.denied_administrative_query.total" in {f.key for f in too_large}
        assert all(f.severity is Severity.error and "超过 15 位数" in f.message for f in too_large)
        written = tmp_path / f"{engine}.json"
        written.write_text(dumps_report(report), encoding="utf-8")
        assert dumps_report(load_report(written)) == dumps_report(report)
