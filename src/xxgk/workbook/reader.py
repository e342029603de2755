"""Workbook → canonical model. Reads only the cells the layout binds, from any ``CellSource``.

Every number cell becomes a cell of the model with its state (read, blank, not read); derived cells (totals)
keep what the sheet stored there, and the model recomputes them (the ``total-mismatch`` rule compares the two);
a total whose formula was deleted and the cell left blank is blank in the source (``total-blank``).
Every input whose raw value was not a clean number is a finding of the import with the raw value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .. import __version__
from ..errors import NotATemplate, XxgkError
from ..formats import marked_version, versions
from ..formats.labels import HOW_SAID, Labels
from ..model import AgencyLevel, AnnualReport, Finding, Provenance, State
from ..rules.numbers import parse_number
from ..rules.registry import Hit
from ..text_safety import UNSAFE, code_points, unsafe_characters, xml_safe
from ..validation.locate import locate, locate_all, ordered
from .layout import META_SHEET, TEMPLATE_ID, Binding, Label, Layout, SheetPlan, layout_for
from .sources import DEFAULT_ENGINE, CellSource, open_source

_CHECKED_LABELS = ("row", "header", "field", "caption")


def _hit(rule_id: str, binding: Binding, **args: Any) -> Hit:
    return Hit(binding.key, args, rule_id, origin="import")


# --------------------------------------------------------------------------- version and shape


def detect_version(source: CellSource, name: object) -> str:
    """The format version from the hidden ``_xxgk`` sheet, else from labels only one version prints."""
    names = source.sheet_names()
    if META_SHEET in names:
        meta = {row[0]: row[1] for row in source.read(META_SHEET, 3, 2) if row[0]}
        if meta.get("template_id") != TEMPLATE_ID:
            raise NotATemplate("隐藏工作表 _xxgk 不是本工具生成的，无法识别为年报模板", path=name)
        version = str(meta.get("format_version") or "")
        if version not in versions():
            raise NotATemplate(f"模板的报告格式版本“{version}”未知，本工具支持 {'、'.join(versions())} 版", path=name)
        return version
    for version in versions():
        sheet = layout_for(version).table_sheet("t2")
        if sheet.name in names:
            cells = source.read(sheet.name, sheet.max_row, sheet.max_col)
            if marked_version(str(v) for row in cells for v in row if v is not None) == version:
                return version
    raise NotATemplate("不是政府信息公开工作年度报告模板（没有模板信息，也未找到年报统计表）；请使用 xxgk template 生成的模板填报",
                       path=name)


class _LabelPlace(NamedTuple):
    """Where a label finding is shown: the label cell, named by its official text."""

    sheet: str
    cell: str
    row_label: str
    column_label: str = ""


@cache
def _sheet_labels(version: str, sheet: str) -> Labels:
    """The checked labels of one sheet of the template, which a found label text is matched against."""
    plan = layout_for(version).sheet(sheet)
    return Labels((label.text, label.aliases) for label in plan.labels if label.role in _CHECKED_LABELS)


def _labelled_key(plan: SheetPlan, label: Label) -> str | None:
    """The first bound cell a label names: to its right in its rows, else below it in its columns."""
    rows = range(label.row, (label.last_row or label.row) + 1)
    cols = range(label.col, (label.last_col or label.col) + 1)
    beside = [b for b in plan.bindings if b.row in rows and b.col > label.col]
    below = [b for b in plan.bindings if b.col in cols and b.row > label.row]
    first = min(beside or below, key=lambda b: (b.row, b.col), default=None)
    return first.key if first else None


class _Sheet(NamedTuple):
    """A sheet of the layout as the reader reads it: its plan, the block it reads, the labels it checks."""

    plan: SheetPlan
    max_row: int
    max_col: int
    labels: tuple[Label, ...]


@cache
def _sheets(version: str) -> dict[str, _Sheet]:
    """The layout's sheets by name, each planned once per version (a ``SheetPlan`` computes its size anew from
    all its labels and bindings at each call: some 0.1 ms a report)."""
    return {plan.name: _Sheet(plan, plan.max_row, plan.max_col,
                              tuple(label for label in plan.labels if label.role in _CHECKED_LABELS))
            for plan in layout_for(version).sheets}


def _read_grids(source: CellSource, layout: Layout, name: object) -> tuple[dict[str, list[list[Any]]], list[Finding]]:
    """The sheets' cells, and a finding for each label written differently from the template but matching it
    (an alias, spacing or punctuation, a typo). A label that matches no label, or another one (rows or columns
    inserted, deleted or moved), refuses the workbook: its cells would be read into the wrong keys."""
    present = set(source.sheet_names())
    missing = [s.name for s in layout.sheets if s.name not in present]
    if missing:
        raise XxgkError(f"缺少工作表“{'”“'.join(missing)}”；请使用原模板填报，不要删除或重命名工作表", path=name)
    grids, findings = {}, []
    for plan, max_row, max_col, labels in _sheets(layout.format.version).values():
        grid = source.read(plan.name, max_row, max_col)
        for label in labels:
            found = grid[label.row - 1][label.col - 1]
            if found == label.text:
                continue
            text = "" if found is None else str(found)
            match = _sheet_labels(layout.format.version, plan.name).match(label.text, text)
            if match is None:
                raise XxgkError(
                    f"工作表“{plan.name}”的结构与模板不符：{label.ref.split(':')[0]} 应为“{label.text}”，"
                    f"实为“{found if found is not None else '（空）'}”；请使用原模板填报，不要插入或删除行、列",
                    path=name,
                )
            if "".join(text.split()) == "".join(label.text.split()):
                continue  # spaces or line breaks only: not worth a finding
            cell = label.ref.split(":")[0]
            hit = Hit(_labelled_key(plan, label), {"at": f"工作表“{plan.name}”{cell}", "found": text,
                                                   "label": label.text, "how": HOW_SAID[match.how]}, "label-variant", origin="import")
            findings.append(locate(hit, {hit.key: _LabelPlace(plan.name, cell, label.text)} if hit.key else None))
        grids[plan.name] = grid
    return grids, findings


# --------------------------------------------------------------------------- cell values


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 20000 < raw < 80000:
        return date(1899, 12, 30) + timedelta(days=int(raw))  # an Excel serial number
    match = _DATE.match(unicodedata.normalize("NFKC", str(raw)).strip())
    if not match:
        raise ValueError("应为日期，如 2025-02-11 或 2025年2月11日")
    return date(*map(int, match.groups()))


def _year(raw: Any) -> int:
    text = _text(raw).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError("应为四位数字的年度，如 2024")
    return int(text)


def _postcode(raw: Any) -> str:
    text = _text(raw)
    if not re.fullmatch(r"\d{6}", text):
        raise ValueError("邮政编码应为六位数字")
    return text


def _level(raw: Any) -> AgencyLevel:
    level = AgencyLevel.from_label(_text(raw))
    if level is None:
        raise ValueError("请从下拉列表中选择机关层级")
    return level


_META_PARSERS = {"date": _date, "year": _year, "postcode": _postcode, "level": _level}


def _metadata_value(binding: Binding, raw: Any, hits: list[Hit]) -> Any:
    text = _text(raw)
    if text == "":
        return None
    parser = _META_PARSERS.get(binding.kind)
    if parser is None:
        return text
    if binding.kind == "postcode" and isinstance(raw, (int, float)) and len(text) == 5:
        value = text.zfill(6)  # a number lost its leading 0 (postcodes of 010000–099999)
        hits.append(_hit("meta-postcode-number", binding, raw=raw, value=value))
        return value
    try:
        return parser(raw)
    except ValueError as error:
        hits.append(_hit("meta-invalid", binding, raw=text, reason=str(error)))
        return None


def _xml_safe(binding: Binding, raw: str, hits: list[Hit]) -> str:
    """A text the reader takes from a bound cell, with U+FFFD for each character XML cannot hold (NUL, other C0
    controls, a lone surrogate): what the tool archives it can read and render again. A finding for each text of
    the report (a number cell so spoilt is a finding of its own, quoting the replaced value)."""
    found = unsafe_characters(raw)
    if not found:
        return raw
    if binding.key.startswith(("metadata.", "texts.")):
        hits.append(_hit("text-invalid-character", binding, chars=code_points(found), count=len(UNSAFE.findall(raw))))
    return xml_safe(raw)


def _formula_cells(source: CellSource, layout: Layout) -> Callable[[Binding], bool | None]:
    """Whether a bound cell holds a formula (None: the source cannot tell, as a live book in Excel), from the
    source's own parse of the sheet: the same for every engine. Each sheet is parsed once, when first asked."""
    find = getattr(source, "formula_cells", None)
    found: dict[str, frozenset[tuple[int, int]]] = {}

    def holds(binding: Binding) -> bool | None:
        if find is None:
            return None
        if binding.sheet not in found:
            sheet = _sheets(layout.format.version)[binding.sheet]
            found[binding.sheet] = find(binding.sheet, sheet.max_row, sheet.max_col)
        return (binding.row, binding.col) in found[binding.sheet]

    return holds


def _number_cell(binding: Binding, raw: Any, hits: list[Hit], holds_formula: Callable[[Binding], bool | None]
                 ) -> dict[str, Any]:
    """One table cell as read: an input with its state, or a derived cell with what the sheet stored there
    (its cached or typed value; the model recomputes the value itself). A derived cell holding neither a
    number nor a formula (its formula deleted, the cell left blank) is blank, as in a published report; one
    that holds its formula without a cached result (a file never calculated) is only recomputed.

    No ``source`` is recorded: in a template every key has one cell, which the layout gives (and the locator
    places findings on); so the JSON of a workbook is the JSON of the same report filled into one.
    """
    parsed = parse_number(raw, binding.kind)
    if binding.derived:
        if parsed.problem in ("cell-not-number", "cell-placeholder"):  # text where a total belongs
            hits.append(_hit(parsed.problem, binding, raw=raw, value=None))
        if parsed.problem == "cell-blank" and holds_formula(binding) is False:
            return {"state": _BLANK}
        return {"state": _DERIVED, "stored": parsed.value}
    if parsed.problem:
        hits.append(_hit(parsed.problem, binding, raw=raw, value=parsed.value))
    state = _READ if parsed.value is not None else _BLANK if parsed.problem == "cell-blank" else _NOT_READ
    return {"value": parsed.value, "state": state}


# a member read from the enum's class costs some 800 instructions (its metaclass has a __getattr__): 200 cells a report
_READ, _BLANK, _NOT_READ, _DERIVED = State.read, State.blank, State.not_read, State.derived


@cache
def _binding_plan(version: str) -> tuple[tuple[Binding, str, str, str, str], ...]:
    """The layout's bindings, each with its key split once: area, field, and a text's section and part."""
    plan = []
    for binding in layout_for(version).bindings.values():
        area, _, field = binding.key.partition(".")
        section, _, part = field.partition(".")
        plan.append((binding, area, field, section, part))
    return tuple(plan)


def report_from_source(source: CellSource, *, name: object = "工作簿", provenance: Provenance | None = None) -> AnnualReport:
    version = detect_version(source, name)
    layout = layout_for(version)
    grids, label_findings = _read_grids(source, layout, name)

    hits: list[Hit] = []
    holds_formula = _formula_cells(source, layout)
    metadata: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    cells: dict[str, dict[str, Any]] = {}
    for binding, area, field, section, part in _binding_plan(version):
        raw = grids[binding.sheet][binding.row - 1][binding.col - 1]
        if isinstance(raw, str):
            raw = _xml_safe(binding, raw, hits)
        if area == "metadata":
            metadata[field] = _metadata_value(binding, raw, hits)
        elif area == "texts":
            if part:
                texts.setdefault(section, {})[part] = _text(raw)
            else:
                texts[section] = _text(raw)
        else:
            cells[binding.key] = _number_cell(binding, raw, hits, holds_formula)

    report = AnnualReport.from_checked(cells, format_version=version, metadata=metadata, texts=texts,
                                       provenance=provenance)
    report.findings = ordered(label_findings + locate_all(hits, layout.bindings), layout.bindings)
    return report


def read_workbook(path: str | Path, *, engine: str = DEFAULT_ENGINE, sha256: str | None = None) -> AnnualReport:
    """Read a filled template from a file; the file itself is only ever opened for reading.

    ``sha256``: the file's digest when the caller has already computed it (the batch hashes every file once).
    """
    from ..files import sha256_of

    path = Path(path)
    source = open_source(path, engine)
    try:
        digest = sha256 or sha256_of(path)
        provenance = Provenance.model_construct(source_file=path.name, source_sha256=digest, tool_version=__version__)
        return report_from_source(source, name=path, provenance=provenance)
    finally:
        source.close()
