"""What an operator of ``xxgk serve`` sets, with the defaults of the README, and what tests inject."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MB = 1024 * 1024


def _default_work() -> Callable[[Any], Any]:
    from .check import check_upload

    return check_upload


@dataclass(frozen=True)
class ServeSettings:
    data: Path = Path("xxgk-data")
    database: str | None = None  # a PostgreSQL URL; None for SQLite in the data folder
    max_upload: int = 20 * MB  # bytes of one request body, counted while it streams (413 beyond)
    keep_seconds: float = 3600.0  # how long an upload and its results stay in the cache
    workers: int = 2  # worker processes parsing uploads
    timeout: float = 60.0  # seconds one upload may take in its worker before the worker is killed
    # uploads that may wait for a busy worker (each in a thread of the 40 the service runs blocking work in, so
    # the database always has threads left); one more is answered 503 with Retry-After
    queue: int = 16
    retry_after: int = 10  # seconds a client refused for a full queue is asked to wait (Retry-After)
    memory: int | None = 2048 * MB  # address-space limit of a worker (POSIX), None for none
    clock: Callable[[], float] = time.time  # the cache's clock (tests move it forward)
    work: Callable[[Any], Any] = field(default_factory=_default_work)  # what a worker runs (tests inject a crash)

    @property
    def cache(self) -> Path:
        return self.data / "cache"
