"""``--previous-dir``: each report is checked against its own agency's report of the year before."""

import csv
import io
import json

import pytest

from xxgk.agency import agency_bucket, same_agency, same_agency_groups
from xxgk.batch.run import run_batch
from xxgk.jsonio import dumps_report
from xxgk.validation import validate

from support import example_report, run_cli, write_workbook


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


def test_a_previous_report_whose_path_excel_would_run_is_named_so_that_it_still_resolves(tmp_path):
    src, prev = tmp_path / "in", tmp_path / "prev"
    src.mkdir()
    write_workbook(src / "a.xlsx")
    last_year(prev / "=上年" / "报告.json")
    run_batch(src, tmp_path / "out", previous_dir=prev)
    cell = index(tmp_path / "out")["a.xlsx"]["上年报告"]
    assert cell == "./=上年/报告.json" and (prev / cell).is_file()


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


def test_the_cross_year_rules_run_against_the_matched_report(tmp_path):
    src, prev = tmp_path / "in", tmp_path / "prev"
    src.mkdir()
    write_workbook(src / "a.xlsx")
    last_year(prev / "last.xlsx", **{"t3.carried_forward.natural_person": 4})  # this year carries over 0
    run_batch(src, tmp_path / "alone")
    run_batch(src, tmp_path / "with", previous_dir=prev)
    rules = {}
    for name in ("alone", "with"):
        row = index(tmp_path / name)["a.xlsx"]
        report = json.loads((tmp_path / name / row["输出文件"]).read_text(encoding="utf-8"))
        rules[name] = {(f["rule"], f["key"]) for f in report["findings"]}
    assert ("t3-continuity", "t3.carried_over.natural_person") in rules["with"] - rules["alone"]
    assert not any(rule.startswith("t3-continuity") for rule, _ in rules["alone"])


def test_a_local_deadline_is_applied_and_part_of_the_cache_key(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "a.xlsx")  # a township report signed 2025-02-11
    assert run_cli("batch", src, "-o", out).exit_code == 0
    assert "signing-late" not in (out / "额敏县上户镇人民政府-2024.json").read_text(encoding="utf-8")
    result = run_cli("batch", src, "-o", out, "--deadline", "2025-01-31")
    assert "本次转换 1 个" in result.output
    assert "signing-late" in (out / "额敏县上户镇人民政府-2024.json").read_text(encoding="utf-8")
    assert "本次转换 0 个" in run_cli("batch", src, "-o", out, "--deadline", "2025-01-31").output
    bad = run_cli("batch", src, "-o", out, "--deadline", "明年")
    assert bad.exit_code == 2 and "不是有效日期" in bad.output


def test_one_agency_identity_for_the_pairing_and_the_cross_year_rule(tmp_path):
    src, prev, out = tmp_path / "in", tmp_path / "prev", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "a.xlsx", "metadata.agency_name = 某某县（开发区）管委会")  # full-width brackets
    write_workbook(src / "b.xlsx", "metadata.agency_name = 某某县（高新区）管委会")
    last_year(prev / "a-2023.json", agency="某某县(开发区)管委会")  # half-width: the same agency
    last_year(prev / "c-2023.json", agency="某某县管委会")  # what is inside the brackets still counts
    run_batch(src, out, previous_dir=prev)
    rows = index(out)
    assert rows["a.xlsx"]["上年报告"] == "a-2023.json"
    assert rows["b.xlsx"]["上年报告"] == ""
    report = json.loads((out / rows["a.xlsx"]["输出文件"]).read_text(encoding="utf-8"))
    assert "previous-agency" not in {f["rule"] for f in report["findings"]}


def test_last_years_report_is_found_with_or_without_the_city_before_the_name(tmp_path):
    """洪泽区's 2024 report names 洪泽区人民政府, its 2023 report 淮安市洪泽区人民政府: the same body, paired; the
    report of another city's 鼓楼区 is not."""
    src, prev, out = tmp_path / "in", tmp_path / "prev", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "a.xlsx", "metadata.agency_name = 洪泽区人民政府")
    write_workbook(src / "b.xlsx", "metadata.agency_name = 南京市鼓楼区人民政府")
    last_year(prev / "hongze-2023.json", agency="淮安市洪泽区人民政府")
    last_year(prev / "gulou-2023.json", agency="福州市鼓楼区人民政府")
    run_batch(src, out, previous_dir=prev)
    rows = index(out)
    assert rows["a.xlsx"]["上年报告"] == "hongze-2023.json"
    assert rows["b.xlsx"]["上年报告"] == ""
    report = json.loads((out / rows["a.xlsx"]["输出文件"]).read_text(encoding="utf-8"))
    assert "previous-agency" not in {f["rule"] for f in report["findings"]}


@pytest.mark.parametrize("this, last, flagged", [
    ("某某县（开发区）管委会", "某某县(开发区)管委会", False),
    ("某某县（开发区）管委会", "某某县 （ 开发区 ）\u3000管委会", False),
    ("ABC县（开发区）管委会", "ａｂｃ县(开发区)管委会", False),
    ("某某县（开发区）管委会", "某某县（高新区）管委会", True),
    ("某某县（开发区）管委会", "某某县管委会", True),
    ("洪泽区人民政府", "淮安市洪泽区人民政府", False),  # a real pair: the city written before the district or not
    ("淮安市洪泽区人民政府", "洪泽区人民政府", False),
    ("江苏省淮安市洪泽区人民政府", "淮安市洪泽区 人民政府", False),
    ("淮安市人民政府", "江苏省淮安市人民政府", False),
    ("淮安市洪泽区人民政府", "淮安市人民政府", True),  # the city's government is another body
    ("淮安市洪泽区人民政府", "淮安市淮阴区人民政府", True),
    ("南京市鼓楼区人民政府", "福州市鼓楼区人民政府", True),  # a city written in both must be the same
    ("淮安市发展和改革委员会", "发展和改革委员会", True),  # the shorter name must begin with a place of its own
    ("淮安市住房和城乡建设局", "住房和城乡建设局", True),
])
def test_the_previous_agency_rule_compares_agency_identities(this, last, flagged):
    report, previous = example_report(), example_report()
    report.metadata.agency_name = this
    previous.metadata.agency_name, previous.metadata.report_year = last, 2023
    rules = {f.rule for f in validate(report, previous=previous)}
    assert ("previous-agency" in rules) is flagged
    assert same_agency(this, last) == same_agency(last, this) == (not flagged)
    if not flagged:
        assert agency_bucket(this) == agency_bucket(last)  # where the batch looks for last year's report


def test_groups_of_the_same_agency_link_names_with_and_without_their_city():
    groups = same_agency_groups([
        ("a", "洪泽区人民政府", 2024), ("b", "淮安市洪泽区人民政府", 2024), ("c", "江苏省淮安市洪泽区人民政府", 2024),
        ("d", "淮安市洪泽区人民政府", 2023), ("e", "南京市鼓楼区人民政府", 2024), ("f", "福州市鼓楼区人民政府", 2024),
        ("g", "淮安市人民政府", 2024),
    ])
    assert groups == [["a", "b", "c"]]
