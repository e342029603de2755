"""The office's dashboard of one collection: every expected agency with its state and flags, its error and warning
counts, the warnings not yet explained or verified, and its last upload; sorted and filtered on the server from
the query string (the page runs no script), with its charts and downloads; and the same states as JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..jsonio import report_from_json
from ..model import AnnualReport, Number
from ..model.metadata import AGENCY_LEVEL_LABELS, AgencyLevel
from .store import Store
from .store.models import Acknowledgement, Collection
from .submission import EXPLAINED, OVERDUE, STATE_LABELS, VERIFIED, State, warnings_of
from .views import Row, rows

RECEIVED = "t3.new_received.total"  # 表三 一、本年新收 总计
# the order of urgency: who has nothing in first
STATE_ORDER = [State.not_submitted, State.returned, State.uploaded, State.submitted, State.accepted]
OVERDUE_FILTER = "overdue"
UNKNOWN_LEVEL = "unknown"
SORTS = {"name": "报送单位", "state": "状态", "errors": "错误", "warnings": "警告", "unexplained": "待说明",
         "uploaded": "最近上传", "received": "本年新收申请"}


@lru_cache(maxsize=4096)
def _report(store: Store, sha256: str) -> AnnualReport:
    """A stored canonical JSON read once: it is content-addressed, so what a hash names never changes."""
    return report_from_json(store.blobs.read(sha256), name=sha256)


def stored_report(store: Store, sha256: str) -> AnnualReport:
    return _report(store, sha256)


@dataclass(frozen=True)
class Entry:
    """One agency on the dashboard: its row of the collection's table, and what its latest version says."""

    row: Row
    level: AgencyLevel | None
    received: Number | None
    unexplained: int | None
    unverified: int | None

    @property
    def name(self) -> str:
        return self.row.agency.name

    @property
    def level_label(self) -> str:
        return self.level.label if self.level else "未填写"

    def as_json(self) -> dict:
        version = self.row.version
        return {"id": self.row.agency.id, "name": self.name, "state": self.row.state.value,
                "state_label": self.row.state.label, "overdue": self.row.overdue,
                "level": self.level.value if self.level else None,
                "errors": self.row.errors, "warnings": self.row.warnings,
                "unexplained": self.unexplained, "unverified": self.unverified,
                "versions": len(self.row.agency.versions),
                "submitted_version": self.row.agency.submitted_number,
                "last_upload": version.uploaded_at.isoformat() if version else None,
                RECEIVED: self.received}


def entries(session: Session, store: Store, collection: Collection, today: date) -> list[Entry]:
    ids = [a.id for a in collection.agencies]
    acknowledged: dict[tuple[int, str], set[str]] = {}
    if ids:
        for ack in session.scalars(select(Acknowledgement).where(Acknowledgement.agency_id.in_(ids))):
            acknowledged.setdefault((ack.agency_id, ack.kind), set()).add(ack.fingerprint)
    found = []
    for row in rows(collection, today):
        level = received = unexplained = unverified = None
        if row.version is not None:
            report = stored_report(store, row.version.report_sha256)
            level, received = report.metadata.agency_level, report.value(RECEIVED)
            prints = [fp for fp, _ in warnings_of(row.version)]
            explained = acknowledged.get((row.agency.id, EXPLAINED), set())
            verified = acknowledged.get((row.agency.id, VERIFIED), set())
            unexplained = sum(fp not in explained for fp in prints)
            unverified = sum(fp not in verified for fp in prints)
        found.append(Entry(row, level, received, unexplained, unverified))
    return found


@dataclass(frozen=True)
class Query:
    """What the dashboard's form asks: a state (or 逾期), a level, part of a name, and the sort."""

    state: str = ""
    level: str = ""
    name: str = ""
    sort: str = "state"
    descending: bool = False

    @classmethod
    def of(cls, params) -> Query:
        state = params.get("state", "")
        level = params.get("level", "")
        sort = params.get("sort", "state")
        return cls(state=state if state in {s.value for s in State} | {OVERDUE_FILTER} else "",
                   level=level if level in {lv.value for lv in AgencyLevel} | {UNKNOWN_LEVEL} else "",
                   name=params.get("q", "").strip()[:100], sort=sort if sort in SORTS else "state",
                   descending=params.get("desc", "") == "1")

    def keeps(self, entry: Entry) -> bool:
        if self.state == OVERDUE_FILTER and not entry.row.overdue:
            return False
        if self.state not in ("", OVERDUE_FILTER) and entry.row.state.value != self.state:
            return False
        if self.level == UNKNOWN_LEVEL and entry.level is not None:
            return False
        if self.level not in ("", UNKNOWN_LEVEL) and (entry.level is None or entry.level.value != self.level):
            return False
        return self.name.casefold() in entry.name.casefold()

    def ordered(self, found: list[Entry]) -> list[Entry]:
        kept = [e for e in found if self.keeps(e)]
        key = _SORT_KEYS[self.sort]
        present = [e for e in kept if key(e) is not None]
        absent = [e for e in kept if key(e) is None]  # nothing uploaded: always last, in the list's order
        present.sort(key=lambda e: (key(e), e.name), reverse=self.descending)
        return present + absent

    def link(self, **changed) -> str:
        """The query string of this query with some fields changed (the table's sort links)."""
        fields_ = {"state": self.state, "level": self.level, "q": self.name, "sort": self.sort,
                   "desc": "1" if self.descending else "", **changed}
        return "?" + urlencode({k: v for k, v in fields_.items() if v})


_SORT_KEYS = {
    "name": lambda e: e.name,
    "state": lambda e: (STATE_ORDER.index(e.row.state), not e.row.overdue),
    "errors": lambda e: e.row.errors,
    "warnings": lambda e: e.row.warnings,
    "unexplained": lambda e: e.unexplained,
    "uploaded": lambda e: e.row.version.uploaded_at if e.row.version else None,
    "received": lambda e: e.received,
}


@dataclass
class Tally:
    """How many agencies are in each state, and how many are late."""

    states: Counter = field(default_factory=Counter)
    overdue: int = 0
    total: int = 0

    @classmethod
    def of(cls, found: list[Entry]) -> Tally:
        return cls(Counter(e.row.state for e in found), sum(e.row.overdue for e in found), len(found))

    def as_json(self) -> dict:
        return {"total": self.total, "overdue": self.overdue,
                "states": {state.value: self.states.get(state, 0) for state in STATE_ORDER}}


def status_json(collection: Collection, found: list[Entry]) -> dict:
    """``GET /admin/api/status``: a collection's states, for scripts."""
    return {"id": collection.id, "office": collection.office, "year": collection.year,
            "deadline": collection.deadline.isoformat(), **Tally.of(found).as_json(),
            "agencies": [e.as_json() for e in found]}


def choices() -> dict:
    """The form's options: the states in their order (and 逾期), the levels (and 未填写)."""
    return {"states": [(s.value, STATE_LABELS[s]) for s in STATE_ORDER] + [(OVERDUE_FILTER, OVERDUE)],
            "levels": [(lv.value, label) for lv, label in AGENCY_LEVEL_LABELS.items()] + [(UNKNOWN_LEVEL, "未填写")],
            "sorts": SORTS, "state_order": STATE_ORDER}
