"""The template builder: draws the layout plan of a format version as a plain .xlsx (no macros).

The result is what a township clerk fills without instructions: a 填报说明 sheet, 基本信息, one sheet per
section, input cells unlocked and yellow, everything else protected without a password, data validation with
Chinese messages on every input, totals as formulas, live check cells, defined names binding every cell to
its canonical key, a hidden ``_xxgk`` sheet with the template id and format version, A4 print setup.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.utils.cell import absolute_coordinate, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..formats import FormatDefinition
from ..model.metadata import AGENCY_LEVEL_LABELS
from . import styles
from .layout import (
    CELLS_SHEET,
    GUIDE_SHEET,
    LAYOUT_VERSION,
    META_SHEET,
    TEMPLATE_ID,
    Binding,
    Label,
    Layout,
    SheetPlan,
    a1,
    column_letter,
    layout_for,
    rectangles,
)

FIXED_TIME = datetime(2021, 9, 26)  # the date of 国办公开办函〔2021〕30号; makes the file bytes reproducible


def _excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


_VALIDATIONS = {
    "count": dict(type="whole", operator="greaterThanOrEqual", formula1="0",
                  error="本栏只能填写不小于 0 的整数。没有发生的事项请填 0，不要留空或填写符号。"),
    "change": dict(type="whole", operator="between", formula1="-999999", formula2="999999",
                   error="本栏只能填写整数（减少时填负数）。"),
    "amount": dict(type="decimal", operator="greaterThanOrEqual", formula1="0",
                   error="本栏只能填写不小于 0 的数，单位为万元，最多四位小数。"),
    "year": dict(type="whole", operator="between", formula1="2019", formula2="2100",
                 error="请填写四位数字的年度，如 2024。"),
    "date": dict(type="date", operator="greaterThanOrEqual", formula1=str(_excel_serial(date(2019, 1, 1))),
                 error="请填写日期，如 2025-02-11。"),
    "postcode": dict(type="textLength", operator="equal", formula1="6", error="邮政编码为六位数字。"),
    "level": dict(type="list", formula1='"' + ",".join(AGENCY_LEVEL_LABELS.values()) + '"',
                  error="请从下拉列表中选择机关层级。"),
}
_PROMPTS = {
    "count": "填写整数；没有请填 0",
    "change": "填写整数，减少时填负数",
    "amount": "单位：万元，最多四位小数；没有请填 0",
    "year": "四位数字，如 2024",
    "date": "日期，如 2025-02-11",
    "postcode": "六位数字",
    "level": "从下拉列表中选择",
}


def _draw_label(ws: Worksheet, label: Label) -> None:
    cell = ws.cell(label.row, label.col, label.text)
    font, alignment, border = {
        "title": (styles.TITLE_FONT, styles.CENTER, None),
        "caption": (styles.CAPTION_FONT, styles.LEFT, styles.GRID),
        "header": (styles.HEADER_FONT, styles.CENTER, styles.GRID),
        "corner": (styles.BODY_FONT, styles.CENTER, styles.GRID),
        "row": (styles.BODY_FONT, styles.LEFT, styles.GRID),
        "field": (styles.HEADER_FONT, styles.LEFT, styles.GRID),
        "hint": (styles.NOTE_FONT, styles.LEFT, None),
        "note": (styles.NOTE_FONT, styles.LEFT, None),
        "check": (styles.NOTE_FONT, styles.LEFT, styles.GRID),
    }[label.role]
    if label.ref != cell.coordinate:
        ws.merge_cells(label.ref)
    for row in ws[label.ref] if ":" in label.ref else ((cell,),):
        for c in row:
            c.font, c.alignment = font, alignment
            if border:
                c.border = border


def _draw_binding(ws: Worksheet, binding: Binding) -> None:
    cell = ws.cell(binding.row, binding.col)
    if binding.ref != binding.cell:
        ws.merge_cells(binding.ref)
    cells = [c for row in ws[binding.ref] for c in row] if ":" in binding.ref else [cell]
    for c in cells:
        c.border = styles.GRID
        c.font = styles.BODY_FONT
        if binding.derived:
            c.fill = styles.DERIVED_FILL
        else:
            c.fill, c.protection = styles.INPUT_FILL, styles.UNLOCKED
    if binding.formula:
        cell.value = binding.formula
    cell.number_format = styles.NUMBER_FORMATS.get(binding.kind, "General")
    cell.alignment = styles.TEXT_BOX if binding.kind in ("text", "string") else styles.CENTER


def _add_validations(ws: Worksheet, plan: SheetPlan) -> None:
    by_kind: dict[str, list[str]] = {}
    for b in plan.bindings:
        if not b.derived and b.kind in _VALIDATIONS:
            by_kind.setdefault(b.kind, []).append(b.cell)
    for kind, cells in by_kind.items():
        dv = DataValidation(**_VALIDATIONS[kind], allow_blank=True, showErrorMessage=True, showInputMessage=True,
                            errorTitle="输入有误", promptTitle="填写说明", prompt=_PROMPTS[kind])
        dv.sqref = " ".join(cells)  # type: ignore[assignment]
        ws.add_data_validation(dv)


def _add_conditional_formats(ws: Worksheet, plan: SheetPlan) -> None:
    if plan.checks:
        ref = " ".join(a1(c.row, c.col) for c in plan.checks)
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=['"通过"'], fill=styles.PASS_FILL,
                                                      font=styles.PASS_FONT))
        ws.conditional_formatting.add(ref, CellIsRule(operator="notEqual", formula=['"通过"'],
                                                      fill=styles.FAIL_FILL, font=styles.FAIL_FONT))
    for top, left, bottom, right in rectangles((b.row, b.col) for b in plan.bindings if b.is_number):
        first = a1(top, left)
        # Live mark for text typed (or pasted) into a number cell, e.g. "/", "3件".
        ws.conditional_formatting.add(f"{first}:{a1(bottom, right)}", FormulaRule(
            formula=[f'AND({first}<>"",NOT(ISNUMBER({first})))'], fill=styles.FAIL_FILL, font=styles.FAIL_FONT))


def _draw_sheet(ws: Worksheet, plan: SheetPlan) -> None:
    for label in plan.labels:
        _draw_label(ws, label)
    for binding in plan.bindings:
        _draw_binding(ws, binding)
    for check in plan.checks:
        cell = ws.cell(check.row, check.col, check.formula)
        cell.font, cell.alignment, cell.border = styles.NOTE_FONT, styles.CENTER, styles.GRID
    for col, width in plan.widths.items():
        ws.column_dimensions[column_letter(col)].width = width
    for row, height in plan.heights.items():
        ws.row_dimensions[row].height = height
    _add_validations(ws, plan)
    _add_conditional_formats(ws, plan)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # staff may still widen columns and rows
    ws.protection.formatRows = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if plan.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5


def _guide_lines(fmt: FormatDefinition) -> list[str]:
    return [
        "政府信息公开工作年度报告 填报说明",
        f"1. 本工作簿按《{fmt.name}》（{fmt.notice}）制作，供各级行政机关填报政府信息公开工作年度报告。",
        "2. 浅黄色单元格为填报项，其余单元格已保护（未设密码）；可直接调整行高、列宽。",
        "3. 先填写“基本信息”，再依次填写各部分正文和统计表。正文单元格可直接粘贴成段文字，段落之间用换行分隔。",
        "4. 统计表中没有发生的事项填 0，不要留空，也不要填写“/”“-”“无”等符号；金额单位为万元。",
        "5. 灰色单元格（“总计”列、“（七）总计”行等）由公式自动计算，请勿改写。",
        "6. 统计表右侧和下方的“校验”单元格实时显示勾稽关系是否成立：显示“通过”为正确；显示“不符”时请核对相应数字。",
        "7. 部分公开的申请只计入“（二）部分公开”，不再计入其他情形；每件办结的申请只计入一个办理结果。",
        "8. 正文中引用的数字（如收到申请件数、主动公开信息条数、行政复议件数）应与统计表一致。",
        "9. 填写完成后，可在 Excel 中点击“信息公开年报”选项卡的“校验”按钮检查；未安装加载项或使用 WPS 的，"
        "可由信息化人员运行 xxgk validate --annotate 生成标注了问题的副本。",
        "10. 请勿删除、插入或重命名工作表，不要插入或删除行、列；隐藏的工作表“_xxgk”记录模板信息，请勿改动。",
    ]


def _draw_guide(ws: Worksheet, fmt: FormatDefinition) -> None:
    ws.column_dimensions["A"].width = 110
    for i, line in enumerate(_guide_lines(fmt), start=1):
        cell = ws.cell(i, 1, line)
        cell.font = styles.TITLE_FONT if i == 1 else styles.BODY_FONT
        cell.alignment = styles.CENTER if i == 1 else styles.LEFT
    ws.protection.sheet = True


def _draw_meta(wb: Workbook, layout: Layout) -> None:
    meta = wb.create_sheet(META_SHEET)
    meta.append(["template_id", TEMPLATE_ID])
    meta.append(["format_version", layout.format.version])
    meta.append(["layout_version", LAYOUT_VERSION])
    cells = wb.create_sheet(CELLS_SHEET)
    cells.append(["key", "sheet", "cell", "kind", "derived"])
    for b in layout.bindings.values():
        cells.append([b.key, b.sheet, b.cell, b.kind, "yes" if b.derived else "no"])
    for ws in (meta, cells):
        ws.sheet_state = "veryHidden"
        ws.protection.sheet = True


def defined_name(key: str) -> str:
    """The workbook name of a bound cell: ``xxgk_t3_new_received_total``."""
    return "xxgk_" + key.replace(".", "_")


def build_workbook(version: str) -> Workbook:
    layout = layout_for(version)
    wb = Workbook()
    _draw_guide(wb.active, layout.format)
    wb.active.title = GUIDE_SHEET
    for plan in layout.sheets:
        _draw_sheet(wb.create_sheet(plan.name), plan)
    _draw_meta(wb, layout)
    for b in layout.bindings.values():
        target = f"{quote_sheetname(b.sheet)}!{absolute_coordinate(b.cell)}"
        wb.defined_names[defined_name(b.key)] = DefinedName(defined_name(b.key), attr_text=target)
    wb.active = 1  # open on 基本信息, the one selected tab (two selected tabs would group the sheets)
    wb[layout.sheets[0].name].sheet_view.tabSelected = True
    wb.properties.creator = "xxgk"
    wb.properties.title = f"政府信息公开工作年度报告（{layout.format.version}版格式）"
    wb.properties.created = FIXED_TIME
    wb.properties.lastModifiedBy = "xxgk"
    return wb


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def workbook_bytes(wb: Workbook) -> bytes:
    """Save reproducibly: fixed zip timestamps and document dates, so the same content gives the same bytes."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"<dcterms:modified\1>" + stamp + rb"</dcterms:modified>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    return out.getvalue()


def template_bytes(version: str) -> bytes:
    return workbook_bytes(build_workbook(version))
