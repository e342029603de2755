"""Findings for people and for programs: the text and JSON output of ``xxgk validate``."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from .errors import shown
from .files import canonical_json
from .model import Finding, Severity
from .rules.catalog import where
from .validation import ValidationResult

WHOLE_REPORT = "全报告"


def summary_line(result: ValidationResult, *, strict: bool = False) -> str:
    n = result.counts
    verdict = "校验通过。" if result.valid(strict=strict) else "校验未通过。"
    ignored = f"已按要求忽略 {len(result.ignored)} 项；" if result.ignored else ""
    return (f"共发现错误 {n[Severity.error]} 项，警告 {n[Severity.warning]} 项，提示 {n[Severity.info]} 项；"
            f"{ignored}{verdict}")


def by_section(result: ValidationResult) -> Iterator[tuple[str, list[Finding]]]:
    """The findings grouped by sheet (the report's sections), in the order ``xxgk validate`` prints them."""
    for sheet, group in groupby(result, key=lambda f: f.sheet or WHOLE_REPORT):
        yield sheet, list(group)


def as_text(result: ValidationResult, *, strict: bool = False) -> str:
    """Grouped by sheet (the report's sections), each finding with its cell, labels, message and hint."""
    lines: list[str] = []
    for sheet, group in by_section(result):
        lines.append(f"【{sheet}】")
        for f in group:
            labels = where(f.row_label, f.column_label) if (f.row_label or f.column_label) else ""
            lines.append(f"  {f.severity.label}  {f.location or WHOLE_REPORT} {labels}（{f.rule}）".rstrip())
            if f.source is not None:
                lines.append(f"    原文位置：{f.source.describe()}")
            lines.append(f"    {f.message}")
            lines.append(f"    修改建议：{f.hint}")
        lines.append("")
    lines.append(summary_line(result, strict=strict))
    return "\n".join(map(shown, lines)) + "\n"  # a cell's newline or escape sequence quoted in a message


def as_data(result: ValidationResult, *, strict: bool = False) -> dict[str, Any]:
    n = result.counts
    return {
        "valid": result.valid(strict=strict),
        "errors": n[Severity.error],
        "warnings": n[Severity.warning],
        "infos": n[Severity.info],
        "findings": [f.model_dump(mode="json") for f in result.findings],  # the ignored ones marked
    }


def as_json(result: ValidationResult, *, strict: bool = False) -> str:
    return canonical_json(as_data(result, strict=strict))
