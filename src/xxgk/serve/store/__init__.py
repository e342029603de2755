"""The service's storage: the database (``database.py``, ``models.py``, ``migrations/``), the content-addressed
files (``blobs.py``) and the check that the two agree (``consistency.py``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ...errors import XxgkError
from .blobs import Blobs
from .database import database_url, migrate, open_engine

FILES = "files"


class Store:
    """The database and the files of one data folder. ``transaction()`` is the unit of every change: committed
    whole when its block ends, rolled back whole otherwise."""

    def __init__(self, engine: Engine, blobs: Blobs) -> None:
        self.engine, self.blobs = engine, blobs
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, data: Path, database: str | None = None) -> Store:
        """Open (and create or migrate) the database, and clear what a killed process left half-written."""
        engine = open_engine(database_url(database, data))
        try:
            migrate(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            raise XxgkError(f"无法打开数据库：{_reason(error)}") from None
        blobs = Blobs(data / FILES)
        blobs.sweep()
        return cls(engine, blobs)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


def _reason(error: SQLAlchemyError) -> str:
    """The driver's own first line (a refused connection, a wrong password), without SQLAlchemy's advice URL."""
    original = getattr(error, "orig", None) or error
    return (str(original).strip().splitlines() or [type(original).__name__])[0]


__all__ = ["Store"]
