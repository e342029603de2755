"""Canonical model → a filled template (the reverse of the reader): JSON → workbook → JSON is identical."""

from __future__ import annotations

from enum import Enum
from typing import Any

from openpyxl import Workbook

from ..model import AgencyLevel, AnnualReport
from .layout import layout_for
from .template import build_workbook, workbook_bytes


def _cell_value(report: AnnualReport, key: str) -> Any:
    area, _, field = key.partition(".")
    if area == "metadata":
        value = getattr(report.metadata, field)
        return value.label if isinstance(value, AgencyLevel) else value.value if isinstance(value, Enum) else value
    if area == "texts":
        section, _, part = field.partition(".")
        return report.texts.get(section, part or "body") or None
    return report.value(key)


def filled_workbook(report: AnnualReport) -> Workbook:
    wb = build_workbook(report.format_version)
    for binding in layout_for(report.format_version).bindings.values():
        if not binding.derived:
            cell = wb[binding.sheet].cell(binding.row, binding.col)
            cell.value = _cell_value(report, binding.key)
            if cell.data_type == "f":  # text that merely starts with "=" stays text, never a formula
                cell.data_type = "s"
    return wb


def filled_bytes(report: AnnualReport) -> bytes:
    return workbook_bytes(filled_workbook(report))
