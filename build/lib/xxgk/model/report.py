"""The canonical model of one annual report."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..formats import DEFAULT_VERSION, FormatDefinition, get_format, versions
from .finding import Finding
from .metadata import Metadata
from .tables import Number, any_tables_type, derive_totals, flatten, tables_model, unflatten
from .texts import Texts

SCHEMA_VERSION = "1.0"


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source_file: str = Field(title="来源文件名")
    source_sha256: str = Field(title="来源文件 SHA-256", pattern=r"^[0-9a-f]{64}$")
    tool: str = Field("xxgk", title="转换工具")
    tool_version: str = Field(title="转换工具版本")


class AnnualReport(BaseModel):
    """政府信息公开工作年度报告: metadata, texts, the three tables, findings and provenance."""

    model_config = ConfigDict(extra="forbid", title="政府信息公开工作年度报告")

    schema_version: Literal["1.0"] = Field(SCHEMA_VERSION, title="数据结构版本")
    format_version: str = Field(DEFAULT_VERSION, title="报告格式版本", description="2021 或 2019")
    metadata: Metadata = Field(default_factory=Metadata, title="基本信息")
    texts: Texts = Field(default_factory=Texts, title="正文")
    tables: any_tables_type() = Field(default=None, title="统计表", validate_default=True)  # type: ignore[valid-type]
    findings: list[Finding] = Field(default_factory=list, title="发现的问题")
    provenance: Provenance | None = Field(None, title="来源")
    sources: list[Provenance] = Field(default_factory=list, title="汇总来源",
                                      description="汇总报告所汇总的各份报告的来源；单份报告为空")

    @field_validator("format_version")
    @classmethod
    def _known_version(cls, version: str) -> str:
        if version not in versions():
            raise ValueError(f"未知的报告格式版本：{version}，本工具支持 {'、'.join(versions())} 版")
        return version

    @field_validator("tables", mode="before")
    @classmethod
    def _tables_of_its_version(cls, tables: Any, info: ValidationInfo) -> Any:
        """The tables model of the report's format version (validated strictly: see ``tables.py``)."""
        if "format_version" not in info.data:
            raise ValueError("报告格式版本无效，无法读取统计表")
        model = tables_model(info.data["format_version"])
        return tables if isinstance(tables, model) else model.model_validate({} if tables is None else tables)

    @model_validator(mode="after")
    def _tables_match_version(self) -> AnnualReport:
        if type(self.tables) is not tables_model(self.format_version):
            raise ValueError("统计表与报告格式版本不一致")
        return self

    @property
    def format(self) -> FormatDefinition:
        return get_format(self.format_version)

    def values(self) -> dict[str, Number | None]:
        """Every table number by canonical key (``t3.new_received.total``)."""
        return flatten(self.tables)

    def value(self, key: str) -> Number | None:
        table_key, row_key, col_key = key.split(".")
        return getattr(getattr(getattr(self.tables, table_key), row_key), col_key)

    @classmethod
    def from_values(cls, values: dict[str, Number | None], **fields: Any) -> AnnualReport:
        """Build a report from table inputs; derived cells (totals) are always recomputed."""
        version = fields.get("format_version", DEFAULT_VERSION)
        complete = dict(values)
        for table in get_format(version).tables.values():
            complete.update(derive_totals(table, values))
        return cls.model_validate({**fields, "tables": unflatten(complete)})
