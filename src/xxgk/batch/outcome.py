"""What a batch knows about one input file after processing it: one row of the index, one manifest entry."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from ..model import Number

Status = Literal["passed", "warnings", "errors", "failed", "skipped"]
STATUS_LABELS: dict[str, str] = {
    "passed": "通过",
    "warnings": "有警告",
    "errors": "有错误",
    "failed": "无法读取",
    "skipped": "跳过",
}


@dataclass
class Outcome:
    relpath: str
    sha256: str = ""
    status: Status = "failed"
    agency: str | None = None
    year: int | None = None
    format_version: str | None = None
    errors: int = 0
    warnings: int = 0
    figures: dict[str, Number | None] = field(default_factory=dict)
    previous: str | None = None  # last year's report used for the cross-year rules (path in --previous-dir)
    previous_sha256: str | None = None
    message: str = ""
    output_sha256: str | None = None  # of the JSON the batch wrote: only a file with this content is its to delete

    @property
    def has_output(self) -> bool:
        return self.status in ("passed", "warnings", "errors")

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["figures"] = dict(self.figures)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
