"""The office's archive as the collections hold it: an agency's accepted report of an earlier year, for its
pre-filled template and for the cross-year rules."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..agency import same_agency
from .store import Store
from .store.models import Agency, Collection, Version
from .submission import State

# built once: every upload runs them
_ACCEPTED = select(Agency).join(Collection).where(
    Collection.office == bindparam("office"), Collection.year == bindparam("year"), Agency.state == State.accepted)
_VERSION = select(Version).where(Version.agency_id == bindparam("agency"), Version.number == bindparam("number"))


def last_years_report(session: Session, store: Store, agency: Agency) -> bytes | None:
    """The canonical JSON of the agency's accepted report in the same office's collection of the year before."""
    collection = agency.collection
    accepted = session.scalars(_ACCEPTED, {"office": collection.office, "year": collection.year - 1})
    earlier = next((a for a in accepted if same_agency(a.name, agency.name)), None)
    if earlier is None or earlier.submitted_number is None:
        return None
    version = session.scalar(_VERSION, {"agency": earlier.id, "number": earlier.submitted_number})
    return store.blobs.read(version.report_sha256) if version is not None else None
