"""The metadata of a published report, from its title, its opening paragraph and its signature.

The opening paragraph of every report says the same things in a few ways ("统计期限自2024年1月1日起至2024年
12月31日止", "电子版可在某某门户网站（www…）下载", "如对本报告有疑问，请与某某联系（地址：…，邮编：…，电话：…）");
each is read where it is written, and what is not written stays empty (the validator reports it). The agency
level is inferred from the agency's name, and the import says so.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from ..formats.numbering import numeral
from ..model import AgencyLevel

_YEAR_IN_TITLE = re.compile(r"^(?P<agency>.*?)\s*(?P<year>[0-9]{4})\s*年(?:度)?(?P<rest>.*)$")
_AGENCY_AFTER_YEAR = re.compile(r"^\s*(?P<agency>\S.*?)\s*(?:政府信息公开|政务公开|信息公开)")
_DATE = r"(?P<{p}y>[0-9]{{4}})\s*年\s*(?P<{p}m>[0-9]{{1,2}})\s*月\s*(?P<{p}d>[0-9]{{1,2}})\s*日"
_PERIOD = re.compile(r"(?:自|从|为|是|期限)?\s*" + _DATE.format(p="a") + r"\s*(?:起)?\s*(?:至|到|—|－|-|~)\s*"
                     r"(?:(?P<by>[0-9]{4})\s*年\s*)?(?P<bm>[0-9]{1,2})\s*月\s*(?P<bd>[0-9]{1,2})\s*日")
_PORTAL = re.compile(r"(?:电子版|全文)[^。；]{0,12}?(?:可在|可以在|可通过|可以通过|可登录|可于|在)\s*(?P<name>[^。；]{2,60}?)"
                     r"(?:[（(](?P<url>[^（）()]{4,120})[）)])?[^。；（(]{0,30}?(?:下载|查阅|查询|查看|浏览)")
_URL = re.compile(r"(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s，。；）)]*)?")
_CONTACT = re.compile(r"请(?:与|联系|向)\s*(?P<office>[^。；，,（(]{2,50}?)\s*(?:联系|咨询|反映)")
_FIELDS = {
    "address": re.compile(r"(?:联系)?地址\s*[:：]\s*(?P<v>[^，,；;。）)\n]{3,80})"),
    "postcode": re.compile(r"邮(?:政)?编(?:码)?\s*[:：]?\s*(?P<v>[0-9]{6})(?![0-9])"),
    "phone": re.compile(r"(?:联系)?电话\s*[:：]\s*(?P<v>[0-9][0-9\-－—()（） 、/转]{5,40}[0-9])"),
    "fax": re.compile(r"传真\s*[:：]\s*(?P<v>[0-9][0-9\-－—()（） ]{5,30}[0-9])"),
    "email": re.compile(r"(?:电子邮箱|电子信箱|邮箱|E-?mail)\s*[:：]\s*(?P<v>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})",
                        re.I),
}
# The agency's name ends with what it is (format.md §1): the first rule that fits decides.
_LEVELS = (
    (re.compile(r"(?:镇|乡)人民政府$|街道办事处$|街道$|(?:镇|乡)政府$"), AgencyLevel.township),
    (re.compile(r"(?:省|自治区)人民政府$|^(?:北京|天津|上海|重庆)市人民政府$"), AgencyLevel.province),
    (re.compile(r"(?:县|旗|县级市)人民政府$|(?<!市)区人民政府$|(?:县|旗)政府$"), AgencyLevel.county),
    (re.compile(r"市人民政府$|自治州人民政府$|地区行政公署$|盟行政公署$|市政府$"), AgencyLevel.city),
    (re.compile(r"(?:局|委|委员会|办|办公室|厅|署|中心|院|所|处|队|会)$"), AgencyLevel.department),
)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def chinese_date(text: str) -> date | None:
    """2025年2月11日 or 二〇二五年二月十一日 → a date; None when it is none."""
    text = _norm(text).replace(" ", "")
    match = re.fullmatch(r"(\S{4})年(\S{1,3})月(\S{1,3})日", text)
    if not match:
        return None
    y, m, d = (numeral(part) for part in match.groups())
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def title_agency_year(title: str) -> tuple[str | None, int | None]:
    """The agency and the year of a title "某某2024年政府信息公开工作年度报告" (either may be absent)."""
    match = _YEAR_IN_TITLE.match(_norm(title).strip())
    if not match:
        return None, None
    agency = re.split(r"[:：]", match.group("agency"))[-1].strip(" 　《“")  # "标题：某某局2023年……" (a page's header)
    if not agency and (after := _AGENCY_AFTER_YEAR.match(match.group("rest"))):
        agency = after.group("agency")  # "2024年上海市科委政府信息公开工作年度报告"
    return agency or None, int(match.group("year"))


def infer_level(agency: str | None) -> AgencyLevel | None:
    if not agency:
        return None
    name = re.sub(r"[（(][^）)]*[）)]$", "", agency.strip())
    return next((level for pattern, level in _LEVELS if pattern.search(name)), None)


def _clean_portal(name: str) -> str:
    name = re.sub(r"^(?:本机关|本单位)?的?", "", name.strip())
    name = re.sub(r"(?:的)?(?:政府信息公开|信息公开|政务公开)(?:专栏|栏目|平台|栏)?(?:内|中)?$", "", name)
    return name.strip(" “”\"")


def from_preamble(text: str) -> dict[str, Any]:
    """What the opening paragraph says of the period, the download platform and the contact."""
    found: dict[str, Any] = {}
    plain = _norm(text)
    if period := _PERIOD.search(plain):
        try:
            start = date(int(period["ay"]), int(period["am"]), int(period["ad"]))
            end = date(int(period["by"] or period["ay"]), int(period["bm"]), int(period["bd"]))
            found["period_start"], found["period_end"] = start, end
        except ValueError:
            pass
    if portal := _PORTAL.search(text):
        name, url = portal["name"], portal["url"]
        if url is None:  # "可在某某网站（www…）政府信息公开栏内下载" has the URL inside the name
            inner = re.search(r"[（(]([^（）()]{4,120})[）)]", name)
            url = inner.group(1) if inner else None
            name = name[: inner.start()] if inner else name
        url = url.strip() if url else None
        if url and _URL.fullmatch(_norm(url)):
            found["portal_url"] = url
        found["portal_name"] = _clean_portal(name) or None
    if contact := _CONTACT.search(text):
        found["contact_office"] = contact["office"].strip()
    for name, pattern in _FIELDS.items():
        if match := pattern.search(text):
            found[name] = match["v"].strip()
    return {k: v for k, v in found.items() if v}
