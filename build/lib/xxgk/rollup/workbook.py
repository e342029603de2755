"""The roll-up as a workbook: the total in the template layout (it reads back as a report) plus a sheet
with one row per agency."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ..figures import HEADLINE
from ..workbook import styles
from ..workbook.fill import filled_workbook
from ..workbook.template import workbook_bytes
from .total import Rollup

MEMBERS_SHEET = "汇总明细"
COLUMNS = ("序号", "来源文件", "机关名称", "报告年度", "错误数", "警告数", *HEADLINE.values(), "说明")


def _write_row(ws: Worksheet, row: int, values: list, *, font=styles.BODY_FONT) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row, col, value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, never a formula (an agency name cannot run anything)
        cell.font, cell.border = font, styles.GRID
        cell.alignment = styles.LEFT if isinstance(value, str) else styles.CENTER


def _members_sheet(ws: Worksheet, rollup: Rollup) -> None:
    _write_row(ws, 1, list(COLUMNS), font=styles.HEADER_FONT)
    for i, member in enumerate(rollup.members, start=1):
        meta = member.report.metadata
        figures = [member.report.value(key) for key in HEADLINE]
        _write_row(ws, i + 1, [i, member.source, meta.agency_name, meta.report_year, member.errors,
                               member.warnings, *figures, "；".join(member.notes)])
    total = rollup.figures
    _write_row(ws, len(rollup.members) + 2, ["合计", None, rollup.report.metadata.agency_name, None, None, None,
                                             *(total[key] for key in HEADLINE), None], font=styles.HEADER_FONT)
    widths = {1: 6, 2: 30, 3: 30, 4: 10, 5: 8, 6: 8, len(COLUMNS): 40}
    for col in range(1, len(COLUMNS) + 1):
        ws.column_dimensions[ws.cell(1, col).column_letter].width = widths.get(col, 12)
    ws.freeze_panes = "C2"


def rollup_workbook_bytes(rollup: Rollup) -> bytes:
    wb = filled_workbook(rollup.report)
    _members_sheet(wb.create_sheet(MEMBERS_SHEET), rollup)
    return workbook_bytes(wb)
