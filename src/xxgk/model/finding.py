"""A finding: one problem found in a report, located and explained in Chinese."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .cells import Location


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


Origin = Literal["report", "import"]


class Finding(BaseModel):
    """What every front end shows: the CLI, the annotated copy and the Excel add-in.

    ``origin``: ``report`` for a problem of the report found by the rules, ``import`` for what the reader (or
    importer) saw while reading the source, which cannot be recomputed from the model.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    rule: str = Field(title="规则编号")
    severity: Severity = Field(title="级别")
    sheet: str | None = Field(default=None, title="工作表")
    cell: str | None = Field(default=None, title="单元格")
    row_label: str | None = Field(default=None, title="行标签")
    column_label: str | None = Field(default=None, title="列标签")
    key: str | None = Field(default=None, title="规范键名")
    args: dict[str, Any] = Field(default_factory=lambda: {}, title="参数")
    message: str = Field(title="说明")
    hint: str = Field(default="", title="修改建议")
    origin: Origin = Field(default="report", title="来源", description="report 报告本身的问题（规则）；import 读取时发现的问题")
    source: Location | None = Field(default=None, title="来源位置", exclude_if=lambda v: v is None,
                                    description="所涉数值在来源中的位置（读取已发布的报告时）")
    ignored: bool = Field(default=False, title="已忽略", exclude_if=lambda v: not v,
                          description="按 --ignore / --select 忽略的警告或提示：不计入结果")

    @property
    def of_import(self) -> bool:
        """A note of the importer on reading a published source (rules ``import-*``): never a problem of the
        report, never counted against it."""
        return self.rule.startswith("import-")

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else (self.sheet or "")
