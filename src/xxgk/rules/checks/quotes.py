"""Numbers quoted in the texts of sections 一 and 六 against the tables.

Each quantity a report commonly quotes ("收到政府信息公开申请5件", "予以公开3件", "行政复议1件", "未收到…申请")
is a few patterns and the table cells it must equal. Patterns are tried on each sentence with full-width
characters folded (so "５件" reads as 5); a clause that speaks of 结转, 复议 or 诉讼 where it should not is
skipped rather than guessed at. The finding is located on the text cell and quotes the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from ...formats import FormatDefinition, Table
from ...formats.numbering import numeral
from ...model import AnnualReport
from ..context import Context
from ..facts import number, text_sentences
from ..registry import Hit, check, hit
from ..sentences import NUMERAL, quoted

QUOTING_SECTIONS = ("overview", "other")


def gap(n: int, extra: str = "") -> str:
    """Up to ``n`` characters within one clause (no clause punctuation, no digits)."""
    return rf"[^,;:{extra}\d]{{0,{n}}}?"


COUNT = r"\s*(?:件|起|宗|次)"
RECEIVE = r"(?:收到|受理|新收|接收|接到)"
NONE = r"(?:未|没有|无)(?:发生|出现|收到|被申请|被提起)?"


@dataclass(frozen=True)
class Quantity:
    """A number the text may quote, and the cells (all in one column of one table) whose sum it must equal."""

    name: str
    table: str
    patterns: tuple[str, ...]
    # a word every pattern and the clause saying none hold: a sentence without it is not searched (most have none;
    # a pattern opening with the numeral or a look-behind is tried at every character of a sentence)
    word: str
    rows: tuple[str, ...] = ()
    group: str | None = None  # instead of rows: every row under this group's caption, e.g. denied: （三）不予公开
    column: str = "total"
    none: str | None = None  # a clause saying there were none
    skip: str = r"结转|复议|诉讼"  # a match containing this is about something else
    # (word, rows): a sentence with this word may count these rows too (受理 749 件 = 新收 713 + 上年结转 36)
    also: tuple[str, tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        if not all(self.word in pattern for pattern in (*self.patterns, self.none or self.word)):
            raise ValueError(f"{self.name}: a pattern without the word {self.word}")

    def keys(self, fmt: FormatDefinition) -> list[str]:
        """The cells of the sum, worked out once per format version."""
        if fmt.version not in self._keys:
            table = fmt.tables[self.table]
            rows = table.rows_under(self.group) if self.group else [r for r in table.rows if r.key in self.rows]
            self._keys[fmt.version] = [key for r in rows if (key := f"{self.table}.{r.key}.{self.column}") in fmt.cells]
        return self._keys[fmt.version]

    @cached_property
    def _keys(self) -> dict[str, list[str]]:
        return {}

    @cached_property
    def _compiled(self) -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str] | None, re.Pattern[str],
                                 re.Pattern[str] | None]:
        """The patterns, the clause saying none, the words to skip and the wider sum's word, compiled on first use."""
        return (tuple(re.compile(p) for p in self.patterns), re.compile(self.none) if self.none else None,
                re.compile(self.skip), re.compile(self.also[0]) if self.also else None)

    def wider_keys(self, fmt: FormatDefinition, sentence: str) -> list[str] | None:
        """The cells of the wider sum this sentence may quote instead, or None."""
        also = self._compiled[3]
        if also is None or not also.search(sentence):
            return None
        return self.keys(fmt) + [f"{self.table}.{row}.{self.column}" for row in self.also[1]]

    def find(self, sentence: str) -> int | None:
        """The number this sentence quotes (0 for "未收到…"), or None when it does not quote it."""
        patterns, none, skip, _ = self._compiled
        for pattern in patterns:
            m = pattern.search(sentence)
            if m and not skip.search(m.group(0)):
                return numeral(m["n"])
        if none and (m := none.search(sentence)) and not skip.search(m.group(0)):
            return 0
        return None


APPLICATIONS = (
    Quantity("收到的政府信息公开申请", "t3", rows=("new_received",), word="申请", patterns=(
        rf"{RECEIVE}{gap(20)}申请{gap(6)}{NUMERAL}\s*件",
        rf"{RECEIVE}{gap(6, '、')}{NUMERAL}\s*件{gap(16)}申请",
    ), none=rf"(?:未|没有){RECEIVE}{gap(20)}申请", skip=r"结转|上年|复议|诉讼", also=("受理", ("carried_over",))),
)

RESULTS = (
    Quantity("予以公开和部分公开的申请", "t3", rows=("granted", "partially_granted"), word="部分公开",
             patterns=(rf"予以公开[和及与、或]部分公开{gap(8)}{NUMERAL}{COUNT}",)),
    Quantity("予以公开的申请", "t3", rows=("granted",), word="予以公开",
             patterns=(rf"(?<!不)予以公开(?![和及与、或]部分公开){gap(6)}{NUMERAL}{COUNT}",)),
    Quantity("部分公开的申请", "t3", rows=("partially_granted",), word="部分公开",
             patterns=(rf"(?<![和及与、或])部分公开{gap(6)}{NUMERAL}{COUNT}",)),
    Quantity("不予公开的申请", "t3", group="denied", word="不予", patterns=(rf"不予以?公开{gap(6)}{NUMERAL}{COUNT}",)),
    Quantity("无法提供的申请", "t3", group="unavailable", word="无法提供", patterns=(rf"无法提供{gap(6)}{NUMERAL}{COUNT}",)),
    Quantity("不予处理的申请", "t3", group="rejected", word="不予处理", patterns=(rf"不予处理{gap(6)}{NUMERAL}{COUNT}",)),
    Quantity("办结的申请", "t3", rows=("total_processed",), word="办结", patterns=(rf"办结{gap(10)}{NUMERAL}{COUNT}",)),
)

REVIEW = (
    Quantity("行政复议案件", "t4", rows=("review",), word="行政复议", patterns=(
        rf"行政复议{gap(10)}{NUMERAL}{COUNT}",
        rf"{NUMERAL}{COUNT}{gap(8, '、')}行政复议",
    ), none=rf"{NONE}{gap(16)}行政复议", skip=r"结转"),
    Quantity("行政诉讼案件", "t4", rows=("litigation_direct", "litigation_after_review"), word="行政诉讼", patterns=(
        rf"行政诉讼{gap(10)}{NUMERAL}{COUNT}",
        rf"{NUMERAL}{COUNT}{gap(8, '、')}行政诉讼",
    ), none=rf"{NONE}{gap(24)}行政诉讼", skip=r"结转"),
)

PROACTIVE = (
    Quantity("制发的行政规范性文件", "t2", rows=("normative_documents",), column="issued", word="规范性文件", patterns=(
        rf"(?:制发|印发|出台|制定|发布){gap(12)}规范性文件{gap(4)}{NUMERAL}\s*件",
        rf"(?:制发|印发|出台|制定|发布){gap(4, '、')}{NUMERAL}\s*件{gap(6)}规范性文件",
    )),
    Quantity("行政许可决定", "t2", rows=("licensing",), column="decisions", word="行政许可",
             patterns=(rf"行政许可(?:决定)?{gap(6)}{NUMERAL}\s*(?:件|份)",)),
    Quantity("行政处罚决定", "t2", rows=("penalty",), column="decisions", word="行政处罚",
             patterns=(rf"行政处罚(?:决定)?{gap(6)}{NUMERAL}\s*(?:件|起|份)",)),
    Quantity("行政强制决定", "t2", rows=("coercion",), column="decisions", word="行政强制",
             patterns=(rf"行政强制(?:决定|措施)?{gap(6)}{NUMERAL}\s*(?:件|起|份)",)),
)


def describe(fmt: FormatDefinition, keys: list[str]) -> str:
    """The cells in the words of the printed table: “（一）予以公开”“（二）部分公开”行“总计”列之和."""
    table = fmt.tables[keys[0].split(".")[0]]
    rows = [table.row(k.split(".")[1]) for k in keys]
    column = next(c for c in table.columns_of(rows[0].key) if c.key == keys[0].split(".")[2])
    groups = {r.subgroup or r.group for r in rows}
    group = groups.pop() if len(rows) > 1 and len(groups) == 1 else None
    if group is None or list(table.rows_under(group.key)) != rows:
        group = None  # the rows are not all of one caption's: name them
    total = "之和" if len(rows) > 1 else ""
    if table.shape == "groups":  # T4: each row is a group of columns under a header
        names = f"“{group.label}”下各" if group else "".join(f"“{r.label}”" for r in rows) + "的"
        return f"{names}“{column.label}”{total}"
    names = f"“{group.label}”各" if group else "".join(f"“{r.label}”" for r in rows)
    return f"{names}行“{column.label}”列{total}"


def compare(report: AnnualReport, context: Context, quantities: tuple[Quantity, ...]) -> Iterator[Hit]:
    values = context.values(report)
    cells = [(quantity, keys) for quantity in quantities if (keys := quantity.keys(report.format))]
    for section, key, sentence, folded in context.once(report, text_sentences):
        if section not in QUOTING_SECTIONS:
            continue
        for quantity, keys in cells:
            quoted_value = quantity.find(folded) if quantity.word in folded else None
            table_value = number(values, *keys) if quoted_value is not None else None
            wider = quantity.wider_keys(report.format, folded) if table_value is not None else None
            if table_value is not None and quoted_value != table_value \
                    and not (wider and quoted_value == number(values, *wider)):
                yield hit(key, quantity=quantity.name, text_value=quoted_value,
                          table_where=describe(report.format, keys), table_value=table_value,
                          sentence=quoted(sentence))


@check("text-applications")
def quoted_applications(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """正文所述收到申请件数（含“未收到申请”）等于表三“一、本年新收政府信息公开申请数量”的“总计”；
    “受理”的件数也可以是“一”与“二、上年结转政府信息公开申请数量”之和。"""
    yield from compare(report, context, APPLICATIONS)


@check("text-results")
def quoted_results(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """正文所述予以公开、部分公开、不予公开、无法提供、不予处理、办结件数等于表三相应行的“总计”。"""
    yield from compare(report, context, RESULTS)


@check("text-review")
def quoted_review(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """正文所述行政复议、行政诉讼件数（含“未发生”）等于表四相应的“总计”。"""
    yield from compare(report, context, REVIEW)


@check("text-proactive")
def quoted_proactive(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """正文所述制发行政规范性文件、行政许可、行政处罚、行政强制件数等于表二相应栏目。"""
    yield from compare(report, context, PROACTIVE)


UPHELD = re.compile(r"(?:均|全部|都)(?:已)?(?:获|被|予以|得到)?维持")
# word in the sentence → the T4 row (行政复议) or group of rows (行政诉讼) it speaks of
T4_PARTS = {"复议": "review", "诉讼": "litigation"}


def _caption_and_rows(table: Table, key: str) -> tuple[str, tuple[str, ...]]:
    """The printed caption of a row or group key, and the keys of its rows."""
    rows = table.rows_under(key)
    if rows:
        return table.group(key).label, tuple(r.key for r in rows)
    return table.row(key).label, (key,)


@check("text-upheld")
def quoted_upheld(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """正文称行政复议、行政诉讼“均获维持”时，表四相应栏目没有结果纠正、其他结果和尚未审结的案件。"""
    values, t4 = context.values(report), report.format.tables["t4"]
    for section, key, sentence, folded in context.once(report, text_sentences):
        m = UPHELD.search(folded) if section in QUOTING_SECTIONS else None
        if not m:
            continue
        named = [_caption_and_rows(t4, T4_PARTS[word]) for word in T4_PARTS if word in sentence]
        named = named or [_caption_and_rows(t4, key) for key in T4_PARTS.values()]
        rows = [row for _, keys in named for row in keys]
        other = {c: number(values, *(f"t4.{r}.{c}" for r in rows)) for c in ("corrected", "other", "pending")}
        if None not in other.values() and any(other.values()):
            where = "".join(f"“{caption}”" for caption, _ in named)
            yield hit(key, phrase=m.group(0), table_where=where, sentence=quoted(sentence), **other)


FEE_NOTICE = re.compile(r"收费通知|缴费通知")
NEGATION = re.compile(r"未|没有|无|不曾")


@check("text-fee-unpaid")
def fee_notices_reported(report: AnnualReport, context: Context) -> Iterator[Hit]:
    """表三“申请人逾期未按收费通知要求缴纳费用”大于 0 时，第六部分写明发出收费通知的情况。"""
    unpaid = number(context.values(report), "t3.other_fee_unpaid.total")
    clauses = re.split(r"[，,；;。\n]", report.texts.other)
    if unpaid and not any(FEE_NOTICE.search(c) and not NEGATION.search(c) for c in clauses):
        yield hit("texts.other", value=unpaid)
