"""The format definitions say what format.md says: keys, labels, shapes, derived cells."""

import pytest

from xxgk.formats import format_for_year, get_format, versions

T3_ROWS_2021 = [
    "new_received", "carried_over", "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties", "denied_third_party_rights",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_files", "denied_administrative_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "rejected_complaint", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_fee_unpaid", "other_other", "total_processed", "carried_forward",
]
T3_COLUMNS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
              "legal_service_org", "other_org", "total"]


def test_both_versions_are_defined_newest_first():
    assert versions() == ("2021", "2019")


def test_2021_t3_rows_columns_and_counts():
    t3 = get_format("2021").tables["t3"]
    assert [r.key for r in t3.rows] == T3_ROWS_2021
    assert [c.key for c in t3.columns] == T3_COLUMNS
    assert len(t3.cells) == 175
    assert t3.row("denied_three_safeties").label == "3.危及“三安全一稳定”"
    assert t3.row("denied_state_secret").full_label == "三、本年度办理结果（三）不予公开1.属于国家秘密"
    assert [c.group for c in t3.columns].count("法人或其他组织") == 5


def test_2021_derived_cells_are_the_total_column_and_total_processed_row():
    t3 = get_format("2021").tables["t3"]
    derived = {c.key for c in t3.cells if c.derived}
    assert {f"t3.{r}.total" for r in T3_ROWS_2021} <= derived
    assert {f"t3.total_processed.{c}" for c in T3_COLUMNS} <= derived
    assert len(derived) == 25 + 6
    summed = [r.key for r in t3.summed_rows(t3.row("total_processed"))]
    assert summed == T3_ROWS_2021[2:23]


def test_2021_t2_and_t4_keys():
    fmt = get_format("2021")
    assert sorted(c.key for c in fmt.tables["t2"].cells) == sorted([
        "t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force",
        "t2.normative_documents.issued", "t2.normative_documents.repealed", "t2.normative_documents.in_force",
        "t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions", "t2.fees.amount_wan_yuan"])
    assert fmt.cells["t2.fees.amount_wan_yuan"].column.kind == "amount"
    t4 = fmt.tables["t4"]
    assert len(t4.cells) == 15
    assert [r.key for r in t4.rows] == ["review", "litigation_direct", "litigation_after_review"]
    assert {c.key for c in t4.cells if c.derived} == {f"t4.{g}.total" for g in ("review", "litigation_direct",
                                                                                "litigation_after_review")}


def test_2019_differs_where_the_trial_format_differs():
    fmt = get_format("2019")
    t3 = fmt.tables["t3"]
    assert len(t3.rows) == 23 and len(t3.cells) == 161
    assert "other_handling" in [r.key for r in t3.rows]
    assert not any(r.key.startswith("other_no") for r in t3.rows)
    t2 = fmt.tables["t2"]
    assert [b.caption for b in t2.blocks][-1] == "第二十条第（九）项"
    assert fmt.cells["t2.licensing.change"].column.kind == "change"
    assert len(t2.cells) == 22
    assert [c.key for c in fmt.tables["t4"].cells] == [c.key for c in get_format("2021").tables["t4"].cells]


@pytest.mark.parametrize(("year", "version"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2024, "2021")])
def test_format_for_year(year, version):
    assert format_for_year(year).version == version


def test_sections_in_order_with_official_titles():
    headings = [s.heading for s in get_format("2021").sections]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
