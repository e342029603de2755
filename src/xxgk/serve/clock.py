"""Times of the service: stored in UTC, shown and compared with deadlines in Beijing time.

Deadlines are dates in Asia/Shanghai whatever the server's time zone. China has kept UTC+8 without daylight
saving since 1991, so the fixed offset is exact for every date a collection can have, and needs no tz database
(which Windows lacks).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def now(clock: Callable[[], float]) -> datetime:
    return datetime.fromtimestamp(clock(), UTC)


def today(clock: Callable[[], float]) -> date:
    """The date in Beijing now."""
    return now(clock).astimezone(SHANGHAI).date()


def shown(moment: datetime | None) -> str:
    """A stored time as staff read it: Beijing time to the minute."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite gives back what it was given, without the zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
