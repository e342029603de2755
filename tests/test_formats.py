"""The format definitions say what format.md says: keys, labels, shapes, derived cells."""

from pathlib import Path

import pytest

from xxgk import formats
from xxgk.formats import DefinitionError, format_for_year, get_format, load, versions

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
    assert [c.group.label for c in t3.columns if c.group] == ["法人或其他组织"] * 5
    assert [r.key for r in t3.rows_under("denied")] == T3_ROWS_2021[4:12]
    assert t3.row("denied_state_secret").subgroup.label == "（三）不予公开"


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


# ---------------------------------------------------------------- the schema of a definition file

SHIPPED = (Path(formats.__file__).parent / "v2021.toml").read_text(encoding="utf-8")


def load_text(tmp_path, text):
    path = tmp_path / "v2021.toml"
    path.write_text(text, encoding="utf-8")
    return load(path)


def test_a_shipped_definition_loads_from_its_text_as_it_does_from_the_package(tmp_path):
    loaded = load_text(tmp_path, SHIPPED)
    assert loaded == get_format("2021")
    assert loaded.tables["t3"].geometry.areas == get_format("2021").tables["t3"].geometry.areas


@pytest.mark.parametrize(("old", "new", "message"), [
    ('  { key = "regulations", label = "规章" },', '  { key = "regulations", lable = "规章" },',
     "tables.t2.blocks[0].rows[0].lable：未知的键（拼写有误？）（另有 1 处问题）"),
    ('sum_range = ["granted", "other_other"]', 'sum_rnage = ["granted", "other_other"]',
     "tables.t3.rows[23].sum_rnage：未知的键（拼写有误？）"),
    ('shape = "matrix"', 'shape = "matrix"\ncolour = "red"', "tables.t3.colour：未知的键（拼写有误？）"),
    ('sum_range = ["granted", "other_other"]', 'sum_range = ["granted", "other_othr"]',
     "tables.t3：没有键为“other_othr”的行"),
    ('sum_range = ["granted", "other_other"]', 'sum_range = ["other_other", "granted"]',
     "tables.t3：行“total_processed”的 sum_range 起止颠倒"),
    ('right = ["total_processed", "carried_forward"]', 'right = ["total_processed", "carried_forwards"]',
     "tables.t3：没有键为“carried_forwards”的行"),
    ('total_column = "total"\ncolumns = [\n  { key = "natural_person"',
     'total_column = "totals"\ncolumns = [\n  { key = "natural_person"', "tables.t3：没有键为“totals”的列"),
    ('subgroup = "denied" },\n  { key = "denied_prohibited_by_law"', 'subgroup = "denid" },\n  { key = "denied_prohibited_by_law"',
     "tables.t3：没有键为“denid”的分组"),
    ('{ key = "carried_over", label', '{ key = "new_received", label', "tables.t3：行的键重复：new_received"),
    ('sum_range = ["granted", "other_other"]', 'sum_range = ["granted"]', "tables.t3.rows[23].sum_range[1]：缺少此项"),
    ('table = "t4"', 'table = "t5"', "没有键为“t5”的表"),
    ('kind = "amount"', 'kind = "money"', "tables.t2.blocks[3].columns[0].kind：只能是 'count'、'amount'、'change'"),
    ('{ key = "penalty", label = "行政处罚" }', '{ key = "Penalty", label = "行政处罚" }',
     "tables.t2.blocks[2].rows[0].key：键只能由小写字母、数字和下划线组成，以字母开头"),
    ('first_year = 2021', 'first_year = "2021年"', "first_year：应为整数"),
])
def test_a_broken_definition_fails_at_load_with_one_line_naming_the_place(tmp_path, old, new, message):
    assert old in SHIPPED
    with pytest.raises(DefinitionError) as raised:
        load_text(tmp_path, SHIPPED.replace(old, new, 1))
    assert str(raised.value).startswith("格式定义 v2021.toml 有误：")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_rows_of_one_group_must_be_consecutive(tmp_path):
    moved = SHIPPED.replace('  { key = "carried_forward", label = "四、结转下年度继续办理" },\n', '')
    moved = moved.replace('  { key = "granted",', '  { key = "carried_forward", label = "四、结转下年度继续办理" },\n  { key = "granted",')
    moved = moved.replace('  { key = "partially_granted",', '  { key = "carried_over_again", label = "二" },\n  { key = "partially_granted",')
    with pytest.raises(DefinitionError, match="不相邻的分组的键重复：results"):
        load_text(tmp_path, moved)


def test_not_toml_at_all(tmp_path):
    with pytest.raises(DefinitionError, match=r"格式定义 v2021\.toml 不是有效的 TOML"):
        load_text(tmp_path, SHIPPED + "\n[tables.t3\n")


def test_the_validated_definition_is_cached_and_an_edit_is_validated_again(tmp_path):
    path = tmp_path / "v2021.toml"
    path.write_text(SHIPPED, encoding="utf-8")
    load(path)
    cached = tmp_path / "__pycache__" / "v2021.definition.pickle"
    assert cached.is_file()
    assert load(path) == get_format("2021")
    path.write_text(SHIPPED.replace('sum_range = ["granted", "other_other"]', 'sum_range = ["granted", "x"]'),
                    encoding="utf-8")
    with pytest.raises(DefinitionError, match="没有键为“x”的行"):
        load(path)


def test_an_unusable_cache_is_not_trusted(tmp_path):
    path = tmp_path / "v2021.toml"
    path.write_text(SHIPPED, encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "v2021.definition.pickle").write_bytes(b"not a pickle")
    assert load(path) == get_format("2021")
