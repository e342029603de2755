"""A collection's accepted reports (已接收: the version the agency submitted and the office accepted), and their
roll-up as ``xxgk rollup`` adds them up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def accepted(store: Store, collection: Collection) -> list[Accepted]:
    found = []
    for agency in collection.agencies:
        if State(agency.state) is not State.accepted or agency.submitted_number is None:
            continue
        version = next(v for v in agency.versions if v.number == agency.submitted_number)
        found.append(Accepted(agency, version, stored_report(store, version.report_sha256)))
    return found


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
