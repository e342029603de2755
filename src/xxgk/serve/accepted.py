"""A collection's accepted reports (已接收: the version the agency submitted and the office accepted), and their
roll-up as ``xxgk rollup`` adds them up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..errors import XxgkError
from ..model import AnnualReport
from ..rollup.total import Member, Rollup, roll_up
from .dashboard import stored_report
from .store import Store
from .store.models import Agency, Collection, Version
from .submission import State, findings_of


@dataclass(frozen=True)
class Accepted:
    agency: Agency
    version: Version
    report: AnnualReport


def accepted_versions(session: Session, collection: int | None = None) -> list[tuple[Collection, Agency, Version]]:
    """The version each agency submitted and the office accepted, of one collection or of every one; by agency
    within a collection. An agency with nothing accepted (not yet submitted, submitted and waiting, returned) has
    none: its latest upload is not its report."""
    query = (select(Collection, Agency, Version).join(Agency.collection)
             .join(Version, (Version.agency_id == Agency.id) & (Version.number == Agency.submitted_number))
             .where(Agency.state == State.accepted.value).order_by(Collection.id, Agency.id))
    if collection is not None:
        query = query.where(Collection.id == collection)
    return [tuple(row) for row in session.execute(query)]


def accepted(store: Store, collection: Collection) -> list[Accepted]:
    return [Accepted(agency, version, stored_report(store, version.report_sha256))
            for _, agency, version in accepted_versions(object_session(collection), collection.id)]


def last_years(session: Session, collection: Collection) -> Collection | None:
    """The same office's collection of the year before."""
    return session.scalar(select(Collection).where(Collection.office == collection.office,
                                                   Collection.year == collection.year - 1))


def rollup(reports: list[Accepted], name: str) -> Rollup:
    """The roll-up of the accepted reports (``xxgk rollup``'s own code); refused with its reason, as the command
    refuses, when there is none or they cannot be added up (two format versions, two years)."""
    if not reports:
        raise XxgkError("该收集尚无已接收的报告，无法汇总")
    members = [Member(f"{a.agency.name}（第 {a.version.number} 版）", a.report, findings_of(a.version))
               for a in reports]
    return roll_up(members, name=name)


def rollup_name(collection: Collection) -> str:
    return f"{collection.office}（汇总）"
