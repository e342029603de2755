"""Conformance of the importer's own findings (rules ``import-*``): for every one, a published source that
raises it and the clean source that does not, as ``test_conformance`` has for the rules of the report.

Sources are the bundled example as ``xxgk report`` publishes it (HTML, one table row a line), changed the way
real pages differ, and the real files of the corpus where they show the case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from test_import_sources import PUBLISHED, SEED
from xxgk.importer.published import read_published
from xxgk.render import build_document, render
from xxgk.rules import catalog

from support import example_report


@cache
def page() -> str:
    return render(build_document(example_report()), "html").decode("utf-8")


def row(label: str) -> str:
    """The line of the published page holding the table row ``label``."""
    return next(line for line in page().splitlines() if f">{label}<" in line and "<tr" in line)


def edited(change: Callable[[str], str]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "page.html"
        path.write_text(change(page()), encoding="utf-8")
        return path
    return make


def corpus(path: Path) -> Callable[[Path], Path]:
    return lambda folder: path


def _without_table(text: str, key: str) -> str:
    return re.sub(rf'<table class="{key}".*?</table>', "", text, flags=re.S)


def _traditional(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


@dataclass(frozen=True)
class Case:
    name: str
    source: Callable[[Path], Path]
    raises: tuple[str, ...]


CLEAN = edited(lambda text: text)
CASES = [
    Case("traditional characters", edited(_traditional), ("import-note",)),
    Case("no label tells the version", edited(lambda t: t.replace("本年制发件数", "本年发文件数").replace(
        "申请人无正当理由逾期不补正", "申请人逾期不补正")), ("import-version-assumed",)),
    Case("level from the name", CLEAN, ("import-level-inferred",)),
    Case("heading numbered 1、", corpus(SEED), ("import-heading-numbering",)),
    Case("heading worded otherwise", edited(lambda t: t.replace("存在的主要问题及改进情况", "存在的主要问题及整改措施")),
         ("import-heading-variant",)),
    Case("label by alias", corpus(SEED), ("import-label-variant",)),
    Case("full-width digit", edited(lambda t: t.replace(row("行政许可"), row("行政许可").replace(">0<", ">０<"))),
         ("import-number-normalised",)),
    Case("（六） as one row", corpus(PUBLISHED / "hongze-2023.pdf"), ("import-collapsed-row",)),
    Case("a row short of a cell", edited(lambda t: t.replace(row("2.重复申请"), row("2.重复申请").replace(
        "<td>0</td>", "", 1))), ("import-row-unreadable",)),
    Case("a row left out", edited(lambda t: t.replace(row("2.重复申请"), "")), ("import-not-read",)),
    Case("table four left out", edited(lambda t: _without_table(t, "t4")), ("import-table-missing",)),
    Case("table four short of a number", edited(lambda t: re.sub(r"(<table class=\"t4\".*?)<td>0</td>", r"\1", t,
                                                                  count=1, flags=re.S)), ("import-table-unreadable",)),
    Case("numbers without their label", edited(lambda t: t.replace(row("2.重复申请"), row("2.重复申请").replace(
        "2.重复申请", ""))), ("import-loose-numbers", "import-not-read")),
    Case("a provincial extra row", edited(lambda t: t.replace(row("2.重复申请"), row("2.重复申请") + row(
        "2.重复申请").replace("2.重复申请", "其中：网上重复提交的申请"))), ("import-extra-row",)),
    Case("a row printed twice", edited(lambda t: t.replace(row("2.重复申请"), row("2.重复申请") * 2)),
         ("import-repeated",)),
    Case("section six left out", edited(lambda t: t.replace("六、其他需要报告的事项", "")),
         ("import-section-missing",)),
    Case("a note between tables", edited(lambda t: t.replace('<table class="t4"', "<p>" + "注：本表数据来源于本机关依申请公开"
                                                                                       "登记台账，统计口径与上年度保持一致，"
                                                                                       "包括通过网络、信函和当面提交的申请。"
                                                                                       "</p><table class=\"t4\"")),
         ("import-text-unplaced",)),
]
IMPORT_RULES = sorted(r for r in catalog() if r.startswith("import-"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_case_raises_its_import_findings_and_nothing_of_the_report(case, tmp_path):
    report = read_published(case.source(tmp_path))
    found = {f.rule for f in report.findings}
    assert set(case.raises) <= found, sorted(found)
    for f in report.findings:
        assert f.origin == "import" and "{" not in f.message and f.hint, f
        assert f.rule.startswith("import-") or catalog()[f.rule].reader, f.rule


def test_the_clean_page_raises_none_but_the_inferred_level(tmp_path):
    report = read_published(CLEAN(tmp_path))
    assert [f.rule for f in report.findings] == ["import-level-inferred"]
    assert report.values() == example_report().values()


def test_a_name_that_tells_no_level_infers_none(tmp_path):
    report = read_published(edited(lambda t: t.replace("额敏县上户镇人民政府", "额敏县上户镇"))(tmp_path))
    assert report.metadata.agency_level is None and "import-level-inferred" not in {f.rule for f in report.findings}


def test_every_import_rule_has_its_case():
    assert {rule for case in CASES for rule in case.raises} == set(IMPORT_RULES)
