"""The introductory paragraph generated from the metadata when the report has no preamble of its own.

It says what every published report says before section 一: the legal basis, the six parts, the statistics
period, where the electronic version can be downloaded and whom to contact. Parts whose metadata is missing
are left out rather than printed blank (the validator reports the missing metadata).
"""

from __future__ import annotations

from datetime import date

from ..formats.numbering import chinese_numeral
from ..model import AnnualReport
from .text import chinese_date

LAW = "《中华人民共和国政府信息公开条例》"


def _period(report: AnnualReport) -> tuple[date, date] | None:
    meta = report.metadata
    if meta.period_start and meta.period_end:
        return meta.period_start, meta.period_end
    if year := meta.plausible_year:
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _contact_details(report: AnnualReport) -> str:
    meta = report.metadata
    fields = (("地址", meta.address), ("邮编", meta.postcode), ("电话", meta.phone), ("传真", meta.fax),
              ("电子邮箱", meta.email))
    return "；".join(f"{label}：{value}" for label, value in fields if value)


def generated_intro(report: AnnualReport) -> str:
    meta, fmt = report.metadata, report.format
    agency = meta.agency_name or "本机关"
    # A title listed among the others joins its own items with 和 (行政复议和行政诉讼), as reports print it.
    parts = "、".join(section.title.replace("、", "和") for section in fmt.sections)
    sentences = [
        f"根据{LAW}（以下简称《条例》）和《{fmt.name}》（{fmt.notice}）要求，{agency}编制本报告。",
        f"本报告由{parts}{chinese_numeral(len(fmt.sections))}个部分组成。",
    ]
    if period := _period(report):
        start, end = map(chinese_date, period)
        sentences.append(f"本报告中所列数据的统计期限自{start}起至{end}止。")
    portal = "".join(filter(None, (meta.portal_name, f"（{meta.portal_url}）" if meta.portal_url else None)))
    if portal:
        sentences.append(f"本报告电子版可在{portal}下载。")
    office, details = meta.contact_office or meta.agency_name, _contact_details(report)
    if office or details:
        sentences.append(f"如对本报告有疑问，请与{office or '本机关'}联系" + (f"（{details}）" if details else "") + "。")
    return "".join(sentences)
