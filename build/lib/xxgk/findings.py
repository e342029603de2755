"""Findings for people and for programs: the text and JSON output of ``xxgk validate``."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from .files import canonical_json
from .model import Finding, Severity
from .rules.catalog import where
from .validation import counts, is_valid

WHOLE_REPORT = "全报告"


def summary_line(findings: list[Finding], *, strict: bool = False) -> str:
    n = counts(findings)
    verdict = "校验通过。" if is_valid(findings, strict=strict) else "校验未通过。"
    return (f"共发现错误 {n[Severity.error]} 项，警告 {n[Severity.warning]} 项，提示 {n[Severity.info]} 项；"
            f"{verdict}")


def as_text(findings: list[Finding], *, strict: bool = False) -> str:
    """Grouped by sheet (the report's sections), each finding with its cell, labels, message and hint."""
    lines: list[str] = []
    for sheet, group in groupby(findings, key=lambda f: f.sheet or WHOLE_REPORT):
        lines.append(f"【{sheet}】")
        for f in group:
            labels = where(f.row_label, f.column_label) if (f.row_label or f.column_label) else ""
            lines.append(f"  {f.severity.label}  {f.location or WHOLE_REPORT} {labels}（{f.rule}）".rstrip())
            lines.append(f"    {f.message}")
            lines.append(f"    修改建议：{f.hint}")
        lines.append("")
    lines.append(summary_line(findings, strict=strict))
    return "\n".join(lines) + "\n"


def as_data(findings: list[Finding], *, strict: bool = False) -> dict[str, Any]:
    n = counts(findings)
    return {
        "valid": is_valid(findings, strict=strict),
        "errors": n[Severity.error],
        "warnings": n[Severity.warning],
        "infos": n[Severity.info],
        "findings": [f.model_dump(mode="json") for f in findings],
    }


def as_json(findings: list[Finding], *, strict: bool = False) -> str:
    return canonical_json(as_data(findings, strict=strict))
