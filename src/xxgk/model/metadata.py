"""Agency metadata of a report (format.md §1)."""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class AgencyLevel(str, Enum):
    province = "province"
    city = "city"
    county = "county"
    township = "township"
    department = "department"

    @property
    def label(self) -> str:
        return AGENCY_LEVEL_LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> AgencyLevel | None:
        text = text.strip()
        for level, label in AGENCY_LEVEL_LABELS.items():
            if text in (label, level.value):
                return level
        return None


# 《中华人民共和国政府信息公开条例》 took effect on 1 May 2008: the first annual reports are of 2008.
FIRST_REPORT_YEAR = 2008


def plausible_year(year: int | None, today: date | None = None) -> bool:
    """A report year from 2008 to next year (a report may be prepared before its year is over).

    The model holds any four-digit year, so that a report whose year is mistyped (3000, 1800, 0000) is read and
    reported (``meta-year-range``); checks that compute dates from the year use only a plausible one.
    """
    return year is not None and FIRST_REPORT_YEAR <= year <= (today or date.today()).year + 1


AGENCY_LEVEL_LABELS = {
    AgencyLevel.province: "省级人民政府",
    AgencyLevel.city: "市级人民政府",
    AgencyLevel.county: "县级人民政府",
    AgencyLevel.township: "乡镇人民政府、街道办事处",
    AgencyLevel.department: "县级以上人民政府部门",
}


class Metadata(BaseModel):
    """Field titles are the labels of the 基本信息 sheet; descriptions are its input hints."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    agency_name: str | None = Field(None, title="机关名称", description="发布本报告的行政机关全称")
    agency_level: AgencyLevel | None = Field(None, title="机关层级", description="从下拉列表中选择")
    report_year: int | None = Field(None, title="报告年度", description="四位数字，如 2024", ge=0, le=9999)
    period_start: date | None = Field(None, title="统计期限起", description="日期，如 2024-01-01")
    period_end: date | None = Field(None, title="统计期限止", description="日期，如 2024-12-31")
    portal_name: str | None = Field(None, title="电子版下载平台", description="如：某某县人民政府门户网站")
    portal_url: str | None = Field(None, title="平台网址", description="如：www.example.gov.cn")
    contact_office: str | None = Field(None, title="联系机关", description="对本报告有疑问时的联系单位")
    address: str | None = Field(None, title="联系地址")
    postcode: str | None = Field(None, title="邮政编码", description="六位数字",
                                json_schema_extra={"pattern": r"^\d{6}$"})  # other texts: meta-invalid
    phone: str | None = Field(None, title="联系电话")
    fax: str | None = Field(None, title="传真", description="可不填")
    email: str | None = Field(None, title="电子邮箱", description="可不填")
    signing_agency: str | None = Field(None, title="落款机关", description="报告末尾署名的机关")
    signing_date: date | None = Field(None, title="成文日期", description="日期，如 2025-02-11")

    @property
    def plausible_year(self) -> int | None:
        """The report year where it is plausible (dates may be computed from it), else None."""
        return self.report_year if plausible_year(self.report_year) else None

    @classmethod
    def required_fields(cls) -> tuple[str, ...]:
        return tuple(name for name in cls.model_fields if name not in ("fax", "email"))
