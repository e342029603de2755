"""Numerals and heading numbers (``formats.numbering``): read and written once for the importer, the label
matcher, the renderer and the rules that read numbers out of prose."""

import pytest

from xxgk.formats.labels import unnumbered
from xxgk.formats.numbering import chinese_numeral, numbering, numeral, opening
from xxgk.importer.map_metadata import chinese_date


def test_numerals_in_digits_and_characters():
    assert [numeral(t) for t in ("0", "12", "１２", "十", "十二", "二十", "两", "一百零五", "三千", "二十一")] == [
        0, 12, 12, 10, 12, 20, 2, 105, 3000, 21]
    assert [numeral(t) for t in ("二〇二四", "二○二五", "二零二六")] == [2024, 2025, 2026]  # a year digit by digit
    assert [numeral(t) for t in ("若干", "", "十二件", "-3")] == [None, None, None, None]


def test_chinese_numerals_are_written_as_they_are_read():
    assert [chinese_numeral(n) for n in (1, 5, 10, 11, 20, 23, 99)] == ["一", "五", "十", "十一", "二十", "二十三", "九十九"]
    assert all(numeral(chinese_numeral(n)) == n for n in range(1, 100))
    for outside in (0, 100):
        with pytest.raises(ValueError):
            chinese_numeral(outside)


@pytest.mark.parametrize("text, number, level, value", [
    ("一、总体情况", "一、", 1, 1),
    ("十二．其他", "十二．", 1, 12),
    ("第三部分 收到和处理政府信息公开申请情况", "第三部分 ", 1, 3),
    ("第 一 章：总则", "第 一 章：", 1, 1),
    ("（一）主动公开", "（一）", 2, 1),
    ("( 十一 ) 其他", "( 十一 ) ", 2, 11),
    ("3.其他", "3.", 3, 3),
    ("１２、全角", "１２、", 3, 12),
    ("  2 、前有空格", "  2 、", 3, 2),
    ("（1）培训", "（1）", 4, 1),
    ("(12)培训", "(12)", 4, 12),
])
def test_heading_numbers_and_their_levels(text, number, level, value):
    assert opening(text) == (number, level, value)
    assert numbering(text) == number


@pytest.mark.parametrize("text", ["1.5万元", "2024年，本机关", "一是日常工作", "十分重视", "（注：略）", "第一时间回应", ""])
def test_text_that_opens_with_no_heading_number(text):
    assert opening(text) is None and numbering(text) == ""


def test_labels_compare_without_their_numbers():
    assert unnumbered("（三）不予公开") == unnumbered("不予公开") == unnumbered("3、不予公开")
    assert unnumbered("1.5万元") != unnumbered("5万元")  # a decimal keeps its digits


def test_dates_in_characters():
    assert str(chinese_date("二〇二五年二月十一日")) == "2025-02-11"
    assert str(chinese_date("2025年12月31日")) == "2025-12-31"
    assert chinese_date("二〇二五年二月三十日") is None and chinese_date("某年某月某日") is None
