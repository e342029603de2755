"""Collections: one per office and report year, with its deadline and the agencies it expects. Each agency's
name goes through the project's one agency identity (``same_agency``), so the same body is never listed twice."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agency import agency_bucket, agency_key, same_agency
from ..model.metadata import plausible_year
from . import links
from .audit import log
from .refusal import Refusal
from .store.models import NAME, Agency, Collection

HEADERS = {"机关名称", "单位名称", "名称", "单位", "机关", "agency", "name"}  # a CSV's heading, not an agency


@dataclass(frozen=True)
class NewLink:
    agency: str
    token: str


def parse_names(text: str) -> list[str]:
    """Agency names pasted one a line (or separated by commas or semicolons, as a spreadsheet column pastes)."""
    names = []
    for line in text.splitlines():
        for part in re.split(r"[,，;；\t]", line):
            if part.strip():
                names.append(part.strip())
    return names


def csv_names(data: bytes) -> list[str]:
    """The first column of a CSV (UTF-8, with or without BOM, or GB18030 as Excel on Chinese Windows saves it)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Refusal(400, "单位名单 CSV 文件的编码无法识别，请另存为 UTF-8 编码的 CSV")
    rows = [row[0].strip() for row in csv.reader(io.StringIO(text)) if row and row[0].strip()]
    if rows and rows[0].casefold() in HEADERS:
        rows = rows[1:]
    return rows


class Listed:
    """The names of a list, each agency once: filed by ``agency_bucket``, compared with ``same_agency``."""

    def __init__(self, names: list[str] = ()) -> None:
        self._buckets: dict[str, list[str]] = {}
        for name in names:
            self.add(name)

    def __contains__(self, name: str) -> bool:
        return any(same_agency(name, other) for other in self._buckets.get(agency_bucket(name), []))

    def add(self, name: str) -> None:
        self._buckets.setdefault(agency_bucket(name), []).append(name)


def distinct(names: list[str]) -> tuple[list[str], int]:
    """The names with each agency once (the first spelling kept); how many repeats were dropped."""
    listed, kept = Listed(), []
    for name in names:
        if len(name) > NAME:
            raise Refusal(400, f"单位名称“{name[:20]}…”超过 {NAME} 个字")
        if name not in listed:
            listed.add(name)
            kept.append(name)
    return kept, len(names) - len(kept)


def parse_deadline(text: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    try:
        if match:
            return date(*map(int, match.groups()))
    except ValueError:
        pass
    raise Refusal(400, f"报送期限“{text}”不是有效日期，应写作 YYYY-MM-DD")


def parse_year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()) or not plausible_year(int(text)):
        raise Refusal(400, f"报告年度“{text}”无效，应为四位数字的年度，如 2024")
    return int(text)


def create(session: Session, office: str, year: int, deadline: date, names: list[str], actor: str, by: str,
           at: datetime) -> tuple[Collection, list[NewLink], int]:
    office = office.strip()
    if not office or len(office) > NAME:
        raise Refusal(400, "请填写收集单位（政务公开办）的名称")
    if session.scalar(select(Collection).where(Collection.office == office, Collection.year == year)):
        raise Refusal(409, f"“{office}”已有 {year} 年度的收集，不能重复创建")
    collection = Collection(office=office, year=year, deadline=deadline, created_at=at, created_by=by)
    session.add(collection)
    session.flush()
    log(session, at, actor, "collection-created", collection_id=collection.id, office=office, year=year,
        deadline=deadline.isoformat())
    made, repeats = add_agencies(session, collection, names, actor, at)
    return collection, made, repeats


def add_agencies(session: Session, collection: Collection, names: list[str], actor: str,
                 at: datetime) -> tuple[list[NewLink], int]:
    """The agencies not yet expected, each with its new link; how many names were already there or repeated."""
    unique, repeats = distinct(names)
    known = Listed([a.name for a in collection.agencies])
    made: list[NewLink] = []
    for name in unique:
        if name in known:
            repeats += 1
            continue
        agency = Agency(name=name, key=agency_key(name), state="not_submitted", versions_made=0)
        collection.agencies.append(agency)
        session.flush()
        made.append(NewLink(name, links.issue(session, agency, actor, at)))
    if made:
        log(session, at, actor, "agencies-added", collection_id=collection.id, count=len(made))
    return made, repeats


def previous_names(session: Session, collection_id: int | None) -> list[str]:
    """The agencies of an earlier collection, carried to a new one."""
    if collection_id is None:
        return []
    earlier = session.get(Collection, collection_id)
    if earlier is None:
        raise Refusal(404, "所选的往年收集不存在")
    return [a.name for a in earlier.agencies]


def links_csv(rows: list[tuple[str, str]]) -> bytes:
    """The links as Excel opens them (UTF-8 with BOM); a name starting like a formula is quoted with '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["报送单位", "报送链接"])
    for agency, link in rows:
        writer.writerow([("'" + agency) if agency[:1] in ("=", "+", "-", "@", "\t", "\r") else agency, link])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
