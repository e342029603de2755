"""Canonical model → a filled template (the reverse of the reader): JSON → workbook → JSON is identical."""

from __future__ import annotations

from enum import Enum
from typing import Any

from openpyxl import Workbook

from ..errors import XxgkError
from ..model import AgencyLevel, AnnualReport
from ..text_safety import xml_safe_report
from .layout import Binding, layout_for
from .template import build_workbook, workbook_bytes

EXCEL_CELL_CHARACTERS = 32767  # Excel's limit per cell, in UTF-16 code units


def _cell_value(report: AnnualReport, key: str) -> Any:
    area, _, field = key.partition(".")
    if area == "metadata":
        value = getattr(report.metadata, field)
        return value.label if isinstance(value, AgencyLevel) else value.value if isinstance(value, Enum) else value
    if area == "texts":
        section, _, part = field.partition(".")
        return report.texts.get(section, part or "body") or None
    return report.value(key)


def _fits_a_cell(binding: Binding, value: Any) -> Any:
    """A text longer than a cell holds is refused: Excel would cut it, and a cut text is lost data."""
    if isinstance(value, str) and (length := len(value.encode("utf-16-le")) // 2) > EXCEL_CELL_CHARACTERS:
        raise XxgkError(f"“{binding.row_label or binding.key}”的文字有 {length} 个字符，超过 Excel 单元格的上限 "
                        f"{EXCEL_CELL_CHARACTERS} 个字符，无法填入模板而不丢失内容；请删减后再填入")
    return value


def filled_workbook(report: AnnualReport) -> Workbook:
    """The template filled with ``report``; characters a workbook cannot hold become U+FFFD (text_safety)."""
    report = xml_safe_report(report)
    wb = build_workbook(report.format_version)
    for binding in layout_for(report.format_version).bindings.values():
        if not binding.derived:
            cell = wb[binding.sheet].cell(binding.row, binding.col)
            cell.value = _fits_a_cell(binding, _cell_value(report, binding.key))
            if cell.data_type == "f":  # text that merely starts with "=" stays text, never a formula
                cell.data_type = "s"
    return wb


def filled_bytes(report: AnnualReport) -> bytes:
    return workbook_bytes(filled_workbook(report))
