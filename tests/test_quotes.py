"""Reading the numbers a text quotes: what each quantity finds in sentences as agencies write them."""

from __future__ import annotations

import unicodedata

import pytest

from xxgk.rules.checks.quotes import APPLICATIONS, PROACTIVE, RESULTS, REVIEW, UPHELD, Quantity
from xxgk.rules.sentences import normal, quoted, sentences

QUANTITIES = {q.name: q for q in APPLICATIONS + RESULTS + REVIEW + PROACTIVE}


@pytest.mark.parametrize("sentence, name, value", [
    ("2024年，本机关共收到政府信息公开申请12件。", "收到的政府信息公开申请", 12),
    ("全年受理依申请公开政府信息申请５件，均按时办结。", "收到的政府信息公开申请", 5),
    ("本年度新收政府信息公开申请三件。", "收到的政府信息公开申请", 3),
    ("共收到二十一件政府信息公开申请。", "收到的政府信息公开申请", 21),
    ("2024年，上户镇未收到依申请公开政府信息申请件。", "收到的政府信息公开申请", 0),
    ("上年结转政府信息公开申请1件。", "收到的政府信息公开申请", None),
    ("收到行政复议申请1件。", "收到的政府信息公开申请", None),
    ("收到群众来信3件。", "收到的政府信息公开申请", None),
    ("其中予以公开3件，部分公开1件。", "予以公开的申请", 3),
    ("其中予以公开3件，部分公开1件。", "部分公开的申请", 1),
    ("予以公开和部分公开共8件。", "予以公开和部分公开的申请", 8),
    ("予以公开和部分公开共8件。", "予以公开的申请", None),
    ("予以公开和部分公开共8件。", "部分公开的申请", None),
    ("不予公开2件。", "予以公开的申请", None),
    ("不予以公开2件。", "不予公开的申请", 2),
    ("无法提供4件，不予处理1件。", "无法提供的申请", 4),
    ("无法提供4件，不予处理1件。", "不予处理的申请", 1),
    ("已办结申请10件。", "办结的申请", 10),
    ("办结上年结转申请2件。", "办结的申请", None),
    ("本年度被申请行政复议2件，提起行政诉讼1件。", "行政复议案件", 2),
    ("本年度被申请行政复议2件，提起行政诉讼1件。", "行政诉讼案件", 1),
    ("行政复议、行政诉讼各1件。", "行政复议案件", 1),
    ("发生行政复议1件、行政诉讼3起。", "行政诉讼案件", 3),
    ("共发生2起行政复议。", "行政复议案件", 2),
    ("未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。", "行政复议案件", 0),
    ("未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。", "行政诉讼案件", 0),
    ("本年制发行政规范性文件2件。", "制发的行政规范性文件", 2),
    ("印发3件规范性文件。", "制发的行政规范性文件", 3),
    ("作出行政处罚决定15件，行政许可决定20件。", "行政处罚决定", 15),
    ("作出行政处罚决定15件，行政许可决定20件。", "行政许可决定", 20),
    ("办理行政许可事项300余件。", "行政许可决定", None),
    ("主动公开政府信息32条。", "行政处罚决定", None),
])
def test_quantity_found_in_sentence(sentence, name, value):
    assert QUANTITIES[name].find(normal(sentence)) == value


def test_a_quantity_whose_pattern_lacks_its_word_is_refused():
    # a sentence without the word is never searched: a pattern that could match without it would miss quotes
    with pytest.raises(ValueError, match="行政复议"):
        Quantity("行政复议案件", "t4", rows=("review",), word="行政复议", patterns=(r"复议(?P<n>\d+)件",))
    with pytest.raises(ValueError, match="行政复议"):
        Quantity("行政复议案件", "t4", rows=("review",), word="行政复议", patterns=(r"行政复议(?P<n>\d+)件",),
                 none="未发生复议")


def test_all_upheld_phrases():
    for text in ("均获维持", "均被维持", "全部维持", "均已得到维持", "都予以维持"):
        assert UPHELD.search(text), text
    assert not UPHELD.search("维持原决定")


def test_folding_is_nfkc_with_the_common_full_width_characters_replaced_first():
    for text in ("共收到申请５件（其中：依申请３件）；增长１５％……", "Ａ\u0301（\u0301）！？", "①项　㈠项ｶﾞ", ""):
        assert normal(text) == unicodedata.normalize("NFKC", text)


def test_sentences_and_quotes():
    assert list(sentences("一是公开。二是解读；\n三是回应！")) == ["一是公开。", "二是解读；", "三是回应！"]
    assert list(sentences("  第一句。\n\n 第二句!第三句?。末尾没有标点 ")) == ["第一句。", "第二句!", "第三句?", "。", "末尾没有标点"]
    long = "字" * 200
    assert len(quoted(long)) == 80 and quoted(long).endswith("…")
    assert quoted("短句。") == "短句。"
