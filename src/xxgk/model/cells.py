"""What one table cell holds: its value, the state of that value, and where the source had it.

- ``read``: a number as written in the source;
- ``blank``: blank in the source (no number, and never taken as 0);
- ``not_read``: the reader could not locate or parse it (in a workbook: text that is not a number);
- ``derived``: computed from other cells (a total). ``stored`` keeps what the source itself held there (a total
  typed or cached in a workbook, printed in a published report), ``formula`` whether the source held a formula:
  false for a total the source left blank, holding neither a number nor a formula (a workbook cell whose
  formula was deleted, a blank in a published report or a JSON file: given as ``"state": "blank"``, which the
  model turns into ``derived`` with ``formula`` false). A total that holds its formula without a cached value is
  only recomputed.

A derived value over an unknown input (``blank`` or ``not_read``) is unknown (None), never a sum that took it
as 0. ``source`` is where the value was read. In JSON, ``stored``, ``formula`` and ``source`` are left out when
the source said nothing of them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model


def _absent(value: Any) -> bool:
    return value is None


class State(str, Enum):
    read = "read"
    blank = "blank"
    not_read = "not_read"
    derived = "derived"


class Location(BaseModel):
    """Where a value was read: a template's sheet and cell, or a place in a published source."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    sheet: str | None = Field(None, title="工作表", exclude_if=_absent)
    cell: str | None = Field(None, title="单元格", exclude_if=_absent)
    page: int | None = Field(None, ge=1, title="页码", exclude_if=_absent)
    line: int | None = Field(None, ge=1, title="行号", exclude_if=_absent)
    paragraph: int | None = Field(None, ge=1, title="第几段", exclude_if=_absent)
    table: int | None = Field(None, ge=1, title="第几张表格", exclude_if=_absent)
    row: int | None = Field(None, ge=1, title="表格第几行", exclude_if=_absent)
    column: int | None = Field(None, ge=1, title="表格第几列", exclude_if=_absent)

    def describe(self) -> str:
        """Chinese, for messages: "第 3 页表格 2 第 4 行第 3 列", "第 12 行", "工作表“表三”C5"."""
        if self.sheet:
            return f"工作表“{self.sheet}”{self.cell or ''}"
        parts = [f"第 {self.page} 页"] if self.page is not None else []
        if self.table is not None:
            parts.append(f"表格 {self.table}")
            if self.row is not None:
                parts.append(f" 第 {self.row} 行")
            if self.column is not None:
                parts.append(f"第 {self.column} 列")
        elif self.line is not None:
            parts.append(f"第 {self.line} 行")
        elif self.paragraph is not None:
            parts.append(f"第 {self.paragraph} 段")
        return "".join(parts) or "原文"


OPTIONAL = ("stored", "formula", "source")  # left out of the JSON when None (``jsonio`` writes cells by this too)
STATE_DESCRIPTION = "read 按原样读取；blank 来源为空；not_read 未能读取；derived 由其他单元格计算"


def cell_model(name: str, value_type: Any, config: ConfigDict) -> type[BaseModel]:
    """The model of a cell whose value (and stored value) has ``value_type``."""
    return create_model(
        name,
        __config__=config,
        value=(value_type, Field(None, title="数值")),
        # the state by its name, also where the tables are validated strictly (in Python, "read" is not a State)
        state=(State, Field(State.not_read, strict=False, title="状态", description=STATE_DESCRIPTION)),
        stored=(value_type, Field(None, title="来源所载数值", exclude_if=_absent,
                                  description="合计类单元格：来源本身填写、缓存或印出的数值")),
        formula=(bool | None, Field(None, title="来源含公式", exclude_if=_absent)),
        source=(Location | None, Field(None, title="读取位置", exclude_if=_absent)),
    )  # the fields after ``state`` are those of OPTIONAL
