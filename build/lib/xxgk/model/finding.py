"""A finding: one problem found in a report, located and explained in Chinese."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Finding(BaseModel):
    """What every front end shows: the CLI, the annotated copy and the Excel add-in."""

    model_config = ConfigDict(extra="forbid")

    rule: str = Field(title="规则编号")
    severity: Severity = Field(title="级别")
    sheet: str | None = Field(default=None, title="工作表")
    cell: str | None = Field(default=None, title="单元格")
    row_label: str | None = Field(default=None, title="行标签")
    column_label: str | None = Field(default=None, title="列标签")
    key: str | None = Field(default=None, title="规范键名")
    args: dict[str, Any] = Field(default_factory=dict, title="参数")
    message: str = Field(title="说明")
    hint: str = Field(default="", title="修改建议")

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else (self.sheet or "")
