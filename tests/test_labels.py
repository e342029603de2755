"""The label matcher: exact, alias, normalised, typo, and what it must not match (a short label, another row)."""

import pytest

from xxgk.formats import get_format
from xxgk.formats.labels import Labels, Match, distance, normalise

T2, T3, T4 = (get_format("2021").tables[key].labels for key in ("t2", "t3", "t4"))


def test_exact_text_is_an_exact_match():
    assert T2.match("规章", "规章") == Match("规章", "exact")


def test_an_alias_of_the_definition_matches_its_label():
    assert T2.match("行政规范性文件", "规范性文件") == Match("行政规范性文件", "alias")


@pytest.mark.parametrize("found", ["1、属于国家秘密", "1．属于国家秘密", "1. 属于 国家秘密", "１.属于国家秘密"])
def test_numbering_punctuation_spaces_and_width_are_normalised(found):
    assert T3.match("1.属于国家秘密", found) == Match("1.属于国家秘密", "normalised")


def test_half_width_brackets_are_normalised():
    assert T3.match("（七）总计", "(七)总计") == Match("（七）总计", "normalised")


def test_the_real_typo_of_a_long_label_is_matched_to_it():
    # hongze's printed 表三: three characters dropped from a label of thirteen
    assert T3.match("2.其他法律行政法规禁止公开", "2.其他法律行政止公开") == Match("2.其他法律行政法规禁止公开", "typo")
    assert T3.match("（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                    "（二）部份公开（区分处理的，只计这一情形，不计其它情形）").how == "typo"


@pytest.mark.parametrize("labels, expected, found", [(T3, "其他", "其它"), (T3, "其他", "总计"), (T4, "总计", "合计"),
                                                      (T2, "规章", "规定"), (T4, "其他结果", "其他")])
def test_short_labels_never_match_by_closeness(labels, expected, found):
    assert labels.match(expected, found) is None


def test_a_text_that_is_another_label_does_not_match():
    # a row moved: the cell of 规章 holds 行政规范性文件's label
    assert T2.match("规章", "行政规范性文件") is None
    assert T2.closest("行政规范性文件") == Match("行政规范性文件", "exact")
    assert T3.match("1.属于国家秘密", "2.其他法律行政法规禁止公开") is None


def test_a_typo_as_close_to_two_labels_matches_neither():
    labels = Labels([("甲乙丙丁戊己", ()), ("甲乙丙丁戊庚", ())])
    assert labels.closest("甲乙丙丁戊辛") is None
    assert labels.closest("甲乙丙丁戊己辛") == Match("甲乙丙丁戊己", "typo")


def test_unrelated_text_and_blank_match_nothing():
    assert T3.match("四、结转下年度继续办理", "备注") is None
    assert T3.match("四、结转下年度继续办理", "") is None


def test_answers_are_cached_per_found_text():
    labels = Labels([("行政规范性文件", ("规范性文件",))])
    first = labels.closest("规范性文件")
    assert labels.closest("规范性文件") is first


def test_distance_is_bounded():
    assert distance("abc", "abc", 2) == 0
    assert distance("abc", "axc", 2) == 1
    assert distance("abcdef", "a", 2) == 3
    assert normalise("（一） 予以公开、") == "(一)予以公开"
