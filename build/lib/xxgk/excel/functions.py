"""Formula functions a clerk may type in a cell (xlwings UDFs; Windows Excel only, after importing them).

``=XXGK_FINDINGS(A1:K33)`` on a sheet of the template (or ``=XXGK_FINDINGS('三、收到和处理政府信息公开申请情况'!A1:K33)``
from elsewhere) lists, one per row, the problems that the sheet's own cells show: numbers left blank, typed as
symbols or text, with units, fractions, negatives, amounts in 元, and totals typed over. It recalculates as the
clerk types. It is deliberately limited to what one sheet alone can tell: identities across tables and the
checks of the texts need the whole workbook, which is what the 校验 button checks.

Its findings are exactly the workbook reader's findings on that sheet (the same messages as ``xxgk validate``):
the given values are read as the reader reads the sheet, with the template's other sheets standing in empty.

On Linux (and in the tests) xlwings' decorators are no-ops and these are plain Python functions.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import xlwings as xw

from ..formats import versions
from ..workbook.layout import META_SHEET, TEMPLATE_ID, layout_for
from ..workbook.sources import Grid, pad
from .source import file_value

NOT_A_SHEET = "所选区域不是年报模板中的一张表：请从该表的 A1 单元格选起，包含整张表（如 A1:K33）。"
NOTHING_FOUND = "本表各单元格未发现填写问题（跨表勾稽关系和正文请点击“校验”按钮检查）。"


@cache
def _stand_in(version: str) -> dict[str, Grid]:
    """The template's sheets with only their labels: enough for the reader to accept them, with no values."""
    grids: dict[str, Grid] = {META_SHEET: [["template_id", TEMPLATE_ID], ["format_version", version]]}
    for plan in layout_for(version).sheets:
        grid = [[None] * plan.max_col for _ in range(plan.max_row)]
        for label in plan.labels:
            grid[label.row - 1][label.col - 1] = label.text
        grids[plan.name] = grid
    return grids


class _OneSheet:
    """A ``CellSource``: one sheet's values, the template's other sheets empty."""

    def __init__(self, version: str, sheet: str, grid: Grid) -> None:
        self.grids = {**_stand_in(version), sheet: grid}

    def sheet_names(self) -> list[str]:
        return list(self.grids)

    def read(self, sheet: str, max_row: int, max_col: int) -> Grid:
        return pad(self.grids[sheet], max_row, max_col)


def findings_of_sheet(values: list[list[Any]]) -> list[str]:
    """The reader's findings on the template sheet whose values (from A1) are given, one line each."""
    from ..errors import XxgkError
    from ..workbook.reader import report_from_source

    grid = [[file_value(v) for v in row] for row in values or [[]]]
    for version in versions():
        for plan in layout_for(version).sheets:
            if not plan.bindings or len(grid) < plan.max_row or len(grid[0]) < plan.max_col:
                continue
            try:  # the reader accepts the values as this sheet only if they carry its labels
                report = report_from_source(_OneSheet(version, plan.name, grid), name=plan.name)
            except XxgkError:
                continue
            found = [f for f in report.findings if f.sheet == plan.name]
            return [f"{f.cell}　{f.severity.label}：{f.message}" for f in found] or [NOTHING_FOUND]
    return [NOT_A_SHEET]


@xw.func
@xw.arg("values", ndim=2, err_to_str=True, doc="年报模板中一张表从 A1 起的整个区域，如 A1:K33")
@xw.ret(index=False, header=False)
def XXGK_FINDINGS(values: list[list[Any]]) -> list[list[str]]:
    """本表各单元格的填写问题，每行一条（不含跨表勾稽关系和正文核对）。"""
    return [[line] for line in findings_of_sheet(values)]
