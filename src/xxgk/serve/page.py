"""The result page's view of a check: the report as published, each value cell with the marks of its findings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..findings import by_section, summary_line
from ..model import Finding, Severity
from ..render.document import Document
from ..rules.catalog import where
from ..validation import ValidationResult

_RANK = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


@dataclass(frozen=True)
class Mark:
    severity: Severity  # the most severe finding on the cell
    messages: tuple[str, ...]

    @property
    def title(self) -> str:
        return "\n".join(self.messages)


def cell_marks(findings: list[Finding]) -> dict[str, Mark]:
    """Canonical key → the mark of its cell in the published tables."""
    found: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.key:
            found[finding.key].append(finding)
    return {key: Mark(min((f.severity for f in group), key=_RANK.__getitem__),
                      tuple(f"{f.severity.label}：{f.message}" for f in group))
            for key, group in found.items()}


def labels(finding: Finding) -> str:
    return where(finding.row_label, finding.column_label) if (finding.row_label or finding.column_label) else ""


def page_context(result: ValidationResult, document: Document | None, *, name: str, strict: bool) -> dict:
    return {
        "name": name,
        "document": document,
        "marks": cell_marks(list(result)),
        "sections": list(by_section(result)),
        "summary": summary_line(result, strict=strict),
        "valid": result.valid(strict=strict),
        "counts": {s.value: n for s, n in result.counts.items()},
        "labels": labels,
    }
