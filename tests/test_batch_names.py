"""Output names: safe on every file system, inside OUTDIR, unique ignoring case; CSV cells safe in Excel."""

import pytest

from xxgk.batch.index import neutralise
from xxgk.batch.names import MAX_STEM, assign_names, report_stem, safe_stem


@pytest.mark.parametrize("text, stem", [
    ("额敏县上户镇人民政府-2024", "额敏县上户镇人民政府-2024"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("..", "报告"),
    (".hidden", "hidden"),
    ('a<b>c:d"e|f?g*h\\i', "a_b_c_d_e_f_g_h_i"),
    ("名称。 . ", "名称。"),
    ("  两个   空格\t和换行\n", "两个 空格 和换行"),
    ("CON", "_CON"),
    ("con.2024", "_con.2024"),
    ("LPT9", "_LPT9"),
    ("COM¹", "_COM¹"),
    ("CONTROL", "CONTROL"),
    ("evil\u202egpj.exe", "evilgpj.exe"),  # a right-to-left override would disguise the name
    ("a\x00b", "ab"),
    ("", "报告"),
    ("=1+1", "_=1+1"),  # a name never starts as a formula: the index shows it as it is on disk
    ("+86", "_+86"),
    ("-", "_-"),
    ("@SUM(A1)", "_@SUM(A1)"),
    ("\t=x", "_=x"),
    ("=" * 80, "_" + "=" * 59),
])
def test_safe_stem(text, stem):
    assert safe_stem(text) == stem


def test_long_names_are_cut_within_file_system_limits():
    stem = safe_stem("很长的机关名称" * 30)
    assert len(stem) == MAX_STEM and len((stem + "-99.json").encode("utf-8")) < 255


def test_a_report_without_an_agency_is_named_after_its_file():
    assert report_stem("额敏县上户镇人民政府", 2024, "x/报表.xlsx") == "额敏县上户镇人民政府-2024"
    assert report_stem("额敏县上户镇人民政府", None, "x/报表.xlsx") == "额敏县上户镇人民政府"
    assert report_stem(None, 2024, "x/报表.xlsx") == "报表"
    assert report_stem("  ", 2024, "x/报表.v2.xlsx") == "报表.v2"


def test_clashes_are_numbered_in_order_ignoring_case():
    names = assign_names([("1", "A-2024"), ("2", "a-2024"), ("3", "A-2024-2"), ("4", "A-2024")])
    assert names == {"1": "A-2024.json", "2": "a-2024-2.json", "3": "A-2024-2-2.json", "4": "A-2024-3.json"}


def test_names_already_used_in_the_folder_are_passed_over():
    names = assign_names([("1", "A-2024"), ("2", "B")], occupied=["a-2024.JSON", "A-2024-2.json", "B"])
    assert names == {"1": "A-2024-3.json", "2": "B.json"}


@pytest.mark.parametrize("value, shown", [
    ("=1+1", "'=1+1"), ("+86 0901", "'+86 0901"), ("-", "'-"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("额敏县", "额敏县"), (5, 5), (None, None),
])
def test_csv_cells_that_excel_would_run_are_neutralised(value, shown):
    assert neutralise(value) == shown
