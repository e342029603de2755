"""The texts of a report: the preamble, section 一 in its sub-parts, sections 五 and 六."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class OverviewTexts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lead: str = Field("", title="总体情况概述")
    proactive: str = Field("", title="（一）主动公开")
    on_request: str = Field("", title="（二）依申请公开")
    management: str = Field("", title="（三）政府信息管理")
    platform: str = Field("", title="（四）政府信息公开平台建设")
    supervision: str = Field("", title="（五）监督保障")


class Texts(BaseModel):
    """Section keys and part keys are those of the format definition (``sections[].parts[]``).

    A section with one part ("body") is a plain string.
    """

    model_config = ConfigDict(extra="forbid")

    preamble: str = Field("", title="引言", description="报告开头不编号的段落；留空时按基本信息生成")
    overview: OverviewTexts = Field(default_factory=OverviewTexts, title="一、总体情况")
    problems: str = Field("", title="五、存在的主要问题及改进情况")
    other: str = Field("", title="六、其他需要报告的事项")

    def get(self, section: str, part: str = "body") -> str:
        value = getattr(self, section)
        return value if isinstance(value, str) else getattr(value, part)

    def set(self, section: str, part: str, text: str) -> None:
        if isinstance(getattr(self, section), str):
            setattr(self, section, text)
        else:
            setattr(getattr(self, section), part, text)
