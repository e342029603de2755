"""Where everything sits in the workbook template: a plan computed from the format definition.

The plan is plain data: labels (with their merged ranges), bindings of input and derived cells to canonical
keys, live check formulas, column widths. The template builder draws it, the reader reads its bindings and
verifies its labels, the annotators locate findings with it. Nothing else knows a cell address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from ..formats import FormatDefinition, Row, Section, Table, get_format
from ..formats.geometry import Area
from ..model import Metadata
from ..model.metadata import AGENCY_LEVEL_LABELS

TEMPLATE_ID = "xxgk.annual-report"
LAYOUT_VERSION = "1"
GUIDE_SHEET = "填报说明"
METADATA_SHEET = "基本信息"
META_SHEET = "_xxgk"  # template id and format version: the few cells the reader needs
CELLS_SHEET = "_xxgk_cells"  # every bound cell and its canonical key, for people and other tools

Role = Literal["title", "caption", "header", "row", "corner", "note", "field", "hint", "check"]
Kind = Literal["count", "amount", "change", "text", "date", "year", "postcode", "level", "string"]


def column_letter(col: int) -> str:
    """1 → A, 27 → AA (without importing openpyxl: the calamine path never needs it)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def a1(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def rectangles(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Cover (row, col) cells with few rectangles (top, left, bottom, right): runs of columns in a row,
    stacked when consecutive rows have the same run."""
    runs: list[tuple[int, int, int]] = []
    for row, col in sorted(set(cells)):
        if runs and runs[-1][0] == row and runs[-1][2] == col - 1:
            runs[-1] = (row, runs[-1][1], col)
        else:
            runs.append((row, col, col))
    boxes: list[tuple[int, int, int, int]] = []
    for row, left, right in runs:
        stack = next((i for i, b in enumerate(boxes) if b[2] == row - 1 and (b[1], b[3]) == (left, right)), None)
        if stack is None:
            boxes.append((row, left, row, right))
        else:
            boxes[stack] = (boxes[stack][0], left, row, right)
    return boxes


@dataclass(frozen=True)
class Label:
    row: int
    col: int
    text: str
    role: Role
    last_row: int | None = None
    last_col: int | None = None
    aliases: tuple[str, ...] = ()  # other wordings the reader accepts, with a finding (the definition's)

    @property
    def ref(self) -> str:
        end = a1(self.last_row or self.row, self.last_col or self.col)
        start = a1(self.row, self.col)
        return start if end == start else f"{start}:{end}"


@dataclass(frozen=True)
class Binding:
    """A cell bound to a canonical key (``t3.new_received.total``, ``metadata.agency_name``, ``texts.other``)."""

    key: str
    sheet: str
    row: int
    col: int
    kind: Kind
    derived: bool = False
    formula: str | None = None
    row_label: str = ""
    column_label: str = ""
    last_col: int | None = None  # an input merged across columns
    last_row: int | None = None

    @property
    def cell(self) -> str:
        return a1(self.row, self.col)

    @property
    def ref(self) -> str:
        end = a1(self.last_row or self.row, self.last_col or self.col)
        return self.cell if end == self.cell else f"{self.cell}:{end}"

    @property
    def is_number(self) -> bool:
        return self.kind in ("count", "amount", "change")


@dataclass(frozen=True)
class Check:
    """A live formula that shows whether an identity holds (works in Excel, WPS and LibreOffice)."""

    row: int
    col: int
    formula: str


@dataclass
class SheetPlan:
    name: str
    labels: list[Label] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    landscape: bool = False

    @property
    def max_row(self) -> int:
        rows = [x.last_row or x.row for x in self.labels] + [b.last_row or b.row for b in self.bindings]
        return max(rows + [c.row for c in self.checks])

    @property
    def max_col(self) -> int:
        cols = [x.last_col or x.col for x in self.labels] + [b.last_col or b.col for b in self.bindings]
        return max(cols + [c.col for c in self.checks])


@dataclass
class Layout:
    format: FormatDefinition
    sheets: list[SheetPlan]

    def __post_init__(self) -> None:
        self.bindings = {b.key: b for s in self.sheets for b in s.bindings}

    def sheet(self, name: str) -> SheetPlan:
        return next(s for s in self.sheets if s.name == name)

    def table_sheet(self, table_key: str) -> SheetPlan:
        section = next(s for s in self.format.sections if s.table == table_key)
        return self.sheet(section.heading)


# --------------------------------------------------------------------------- metadata


def _metadata_kind(name: str) -> Kind:
    return {
        "report_year": "year",
        "period_start": "date",
        "period_end": "date",
        "signing_date": "date",
        "postcode": "postcode",
        "agency_level": "level",
    }.get(name, "string")


def _metadata_sheet(fmt: FormatDefinition) -> SheetPlan:
    plan = SheetPlan(METADATA_SHEET, widths={1: 16, 2: 42, 3: 30})
    plan.labels.append(Label(1, 1, "政府信息公开工作年度报告 基本信息", "title", last_col=3))
    plan.labels.append(Label(2, 1, f"报告格式：{fmt.name}（{fmt.notice}）", "note", last_col=3))
    row = 3
    for name, info in Metadata.model_fields.items():
        plan.labels.append(Label(row, 1, info.title, "field"))
        plan.bindings.append(Binding(f"metadata.{name}", METADATA_SHEET, row, 2, _metadata_kind(name),
                                     row_label=info.title))
        hint = info.description or ""
        if name == "agency_level":
            hint = "从下拉列表选择：" + "、".join(AGENCY_LEVEL_LABELS.values())
        plan.labels.append(Label(row, 3, hint, "hint"))
        row += 1
    row += 1
    plan.labels.append(Label(row, 1, "引言（可选）：报告开头不编号的段落，留空时按以上基本信息自动生成", "caption", last_col=3))
    plan.bindings.append(Binding("texts.preamble", METADATA_SHEET, row + 1, 1, "text", row_label="引言",
                                 last_col=3))
    plan.heights[row + 1] = 160
    return plan


# --------------------------------------------------------------------------- texts


def _text_sheet(section: Section) -> SheetPlan:
    plan = SheetPlan(section.heading, widths={1: 88})
    plan.labels.append(Label(1, 1, section.heading, "title"))
    row = 2
    for part in section.parts:
        plan.labels.append(Label(row, 1, part.caption, "caption"))
        plan.bindings.append(Binding(section.text_key(part), section.heading, row + 1, 1, "text",
                                     row_label=part.caption))
        plan.heights[row + 1] = 200 if len(section.parts) > 1 else 400
        row += 2
    return plan


# --------------------------------------------------------------------------- tables


_LABEL_ROLES: dict[str, Role] = {"caption": "caption", "corner": "corner", "header": "header", "label": "row"}
TOP = 2  # every table starts below its sheet's title line, in column A


def _place(plan: SheetPlan, table: Table, formula: Callable[[Area], str | None] = lambda area: None) -> None:
    """The table's geometry drawn on the sheet from row ``TOP``, column A: labels with their merged ranges,
    each number bound to its key (a derived one with its formula)."""
    for area in table.geometry.labels:
        row, col = TOP + area.row, 1 + area.col
        plan.labels.append(Label(row, col, area.text, _LABEL_ROLES[area.role],
                                 last_row=TOP + area.last_row if area.rowspan > 1 else None,
                                 last_col=1 + area.last_col if area.colspan > 1 else None, aliases=area.aliases))
    for area in table.geometry.values:
        cell = area.cell
        assert cell is not None
        plan.bindings.append(Binding(cell.key, plan.name, TOP + area.row, 1 + area.col, cell.column.kind,
                                     derived=cell.derived, formula=formula(area), row_label=cell.row.full_label,
                                     column_label=cell.column.label,
                                     last_col=1 + area.last_col if area.colspan > 1 else None))


def _blocks_sheet(section: Section, table: Table) -> SheetPlan:
    """T2: captioned blocks, each with a header row; label in column A, numbers from column B."""
    last = table.geometry.column_count
    plan = SheetPlan(section.heading, widths={1: 26, **{c: 20 for c in range(2, last + 1)}})
    plan.labels.append(Label(1, 1, section.heading, "title", last_col=last))
    _place(plan, table)
    return plan


_PASS, _FAIL = "通过", "不符"


def _numbering(row: Row) -> str:
    """The second-level numbering of a row, e.g. "（六）" for "3.其他" under "（六）其他处理"."""
    match = re.match(r"（[一二三四五六七八九十]+）", row.subgroup.label if row.subgroup else row.label)
    return match.group(0) if match else row.label


def _check_formula(left: str, right: str) -> str:
    return f'=IFERROR(IF({left}={right},"{_PASS}","{_FAIL}："&({left})&"≠"&({right})),"含非数字")'


def _matrix_sheet(section: Section, table: Table) -> SheetPlan:
    """T3: three label columns (group, subgroup, label), then one column per applicant type."""
    geometry = table.geometry
    first, n = 1 + geometry.label_columns, len(table.columns)
    last = first + n - 1
    plan = SheetPlan(section.heading, widths={1: 8, 2: 14, 3: 44, **{c: 11 for c in range(first, last + 2)}},
                     landscape=True)
    plan.widths[last + 1] = 16
    plan.labels.append(Label(1, 1, section.heading, "title", last_col=last + 1))
    position = {r.key: TOP + geometry.header_rows + i for i, r in enumerate(table.rows)}
    total_col = next((first + i for i, c in enumerate(table.columns) if c.key == table.total_column), None)

    def formula(area: Area) -> str | None:
        assert area.cell is not None
        row, col = TOP + area.row, 1 + area.col
        if area.cell.row.sum_range:
            start, end = (position[k] for k in area.cell.row.sum_range)
            return f"=SUM({a1(start, col)}:{a1(end, col)})"
        if col == total_col:
            return f"=SUM({a1(row, first)}:{a1(row, total_col - 1)})"
        return None

    _place(plan, table, formula)
    for area in geometry.labels:  # row labels that wrap: taller lines
        if area.role == "label" and area.rowspan == 1 and area.row >= geometry.header_rows and area.col > 0:
            width = sum(plan.widths[1 + c] for c in range(area.col, area.last_col + 1))
            lines = -(-len(area.text) * 2 // int(width))
            if lines > 1:
                plan.heights[TOP + area.row] = 14 * lines
    rows = table.rows
    bottom = TOP + geometry.row_count - 1
    # Live checks: per row beside the table, per column below it.
    plan.labels.append(Label(TOP + geometry.header_rows - 1, last + 1, "本行合计校验", "header"))
    for r in rows:
        row = position[r.key]
        plan.checks.append(Check(row, last + 1, _check_formula(a1(row, total_col), f"SUM({a1(row, first)}:{a1(row, total_col - 1)})")))
    check_row = bottom + 2
    for identity in table.identities:
        plan.labels.append(Label(check_row, 1, f"勾稽关系校验：{identity.text}", "check", last_col=3))
        for i in range(n):
            c = first + i
            left = "+".join(a1(position[k], c) for k in identity.left)
            right = "+".join(a1(position[k], c) for k in identity.right)
            plan.checks.append(Check(check_row, c, _check_formula(left, right)))
        check_row += 1
    for r in rows:
        if r.sum_range:
            start, end = (position[k] for k in r.sum_range)
            since, until = (_numbering(table.row(k)) for k in r.sum_range)
            plan.labels.append(Label(check_row, 1, f"合计校验：{r.label}等于{since}至{until}各项之和", "check", last_col=3))
            for i in range(n):
                c = first + i
                plan.checks.append(Check(check_row, c, _check_formula(a1(position[r.key], c), f"SUM({a1(start, c)}:{a1(end, c)})")))
            check_row += 1
    plan.labels.append(Label(check_row, 1, "说明：浅黄色单元格为填报项；“总计”列和“（七）总计”行自动计算，请勿改写。", "note",
                             last_col=last + 1))
    return plan


def _groups_sheet(section: Section, table: Table) -> SheetPlan:
    """T4: one row of numbers; each table row is a group of columns under a two-level header."""
    geometry = table.geometry
    n, last = len(table.columns), geometry.column_count
    plan = SheetPlan(section.heading, landscape=True)
    plan.widths = {c: 9 for c in range(1, last + 1)}
    plan.labels.append(Label(1, 1, section.heading, "title", last_col=last))
    values_row = TOP + geometry.row_count - 1
    check_row = values_row + 1

    def formula(area: Area) -> str | None:
        if area.cell is None or area.cell.column.key != table.total_column:
            return None
        start = 1 + area.col - (n - 1)  # the group's first column
        return f"=SUM({a1(values_row, start)}:{a1(values_row, start + n - 2)})"

    _place(plan, table, formula)
    for g in range(len(table.rows)):
        start = 1 + g * n
        total = start + n - 1
        plan.labels.append(Label(check_row, start, "合计校验→", "check", last_col=total - 1))
        plan.checks.append(Check(check_row, total, _check_formula(a1(values_row, total), f"SUM({a1(values_row, start)}:{a1(values_row, total - 1)})")))
    plan.labels.append(Label(check_row + 1, 1, "说明：浅黄色单元格为填报项；各“总计”自动计算，请勿改写。", "note", last_col=last))
    return plan


_TABLE_SHEETS = {"blocks": _blocks_sheet, "matrix": _matrix_sheet, "groups": _groups_sheet}


@cache
def layout_for(version: str) -> Layout:
    fmt = get_format(version)
    sheets = [_metadata_sheet(fmt)]
    for section in fmt.sections:
        if section.table:
            table = fmt.tables[section.table]
            sheets.append(_TABLE_SHEETS[table.shape](section, table))
        else:
            sheets.append(_text_sheet(section))
    return Layout(fmt, sheets)
