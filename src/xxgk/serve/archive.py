"""The office's archive as the collections hold it: an agency's accepted report of an earlier year, for its
pre-filled template and for the cross-year rules."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agency import same_agency
from .store import Store
from .store.models import Agency, Collection, Version
from .submission import State


def last_years_report(session: Session, store: Store, agency: Agency) -> bytes | None:
    """The canonical JSON of the agency's accepted report in the same office's collection of the year before."""
    collection = agency.collection
    accepted = session.scalars(select(Agency).join(Collection).where(
        Collection.office == collection.office, Collection.year == collection.year - 1,
        Agency.state == State.accepted))
    earlier = next((a for a in accepted if same_agency(a.name, agency.name)), None)
    if earlier is None or earlier.submitted_number is None:
        return None
    version = session.scalar(select(Version).where(Version.agency_id == earlier.id,
                                                   Version.number == earlier.submitted_number))
    return store.blobs.read(version.report_sha256) if version is not None else None
