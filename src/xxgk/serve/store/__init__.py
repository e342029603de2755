"""The service's storage: the database (``database.py``, ``models.py``, ``migrations/``), the content-addressed
files (``blobs.py``) and the check that the two agree (``consistency.py``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ...errors import XxgkError
from .blobs import Blobs
from .database import READ_ONLY, SQLITE_FILE, database_url, migrate, open_engine, open_reader, revisions
from .writer import WriterLock

FILES = "files"


class Store:
    """The database and the files of one data folder. ``transaction()`` is the unit of every change: committed
    whole when its block ends, rolled back whole otherwise. ``reading()`` is a transaction that only reads (a
    page, a download): on SQLite it does not take the write lock, so readers never wait for an upload being
    stored, nor it for them.

    SQLite has one writer at a time; writing transactions take turns on ``WriterLock`` before they ask for
    SQLite's, so a waiting one starts the moment the previous one ends."""

    def __init__(self, engine: Engine, blobs: Blobs) -> None:
        self.engine, self.blobs = engine, blobs
        self._writer = WriterLock(_lock_file(engine)) if engine.dialect.name == "sqlite" else None
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
        event.listen(self._readers, "before_flush", _refuse_writes)

    @classmethod
    def open(cls, data: Path, database: str | None = None, *, sweep: bool = True) -> Store:
        """Open (and create or migrate) the database, and clear what a killed process left half-written (not
        with ``sweep=False``: in the processes started after the first, which may be writing already)."""
        engine = open_engine(database_url(database, data))
        try:
            migrate(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            raise XxgkError(f"无法打开数据库：{driver_reason(error)}") from None
        blobs = Blobs(data / FILES)
        if sweep:
            blobs.sweep()
        return cls(engine, blobs)

    @classmethod
    def read(cls, data: Path, database: str | None = None) -> Store:
        """Open the store of a data folder to read it as it is (``xxgk export``): nothing created, migrated or
        swept, since the service may be running; refused with its reason when it is not a service's store."""
        url = database_url(database, data)
        if not database and not (data / SQLITE_FILE).is_file():  # SQLite where the service keeps it, or nothing
            raise XxgkError(f"数据目录中没有 xxgk serve 的数据库（{SQLITE_FILE}）", path=data)
        engine = open_reader(url)
        try:
            current, latest = revisions(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            raise XxgkError(f"无法打开数据库：{driver_reason(error)}") from None
        if current != latest:
            engine.dispose()
            raise XxgkError("该数据库不是 xxgk serve 的数据库（其中没有服务的数据表）" if current is None else
                            f"数据库的结构版本（{current}）与本程序的（{latest}）不同：请使用与该服务相同版本的 xxgk")
        if not (data / FILES).is_dir():
            engine.dispose()
            raise XxgkError(f"数据目录中没有 xxgk serve 保存的文件（{FILES} 文件夹）", path=data)
        return cls(engine, Blobs(data / FILES))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._writer or contextlib.nullcontext(), self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        with self._readers.begin() as session:
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()
        if self._writer is not None:
            self._writer.close()


def _lock_file(engine: Engine) -> Path | None:
    """The writers' lock file beside a SQLite database file (none for a database in memory)."""
    name = engine.url.database
    return Path(name + ".lock") if name and name != ":memory:" and not name.startswith("file:") else None


def _refuse_writes(session: Session, flush_context, instances) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a reading transaction may not write: use Store.transaction()")


def driver_reason(error: SQLAlchemyError) -> str:
    """The driver's own first line (a refused connection, a wrong password), without SQLAlchemy's advice URL."""
    original = getattr(error, "orig", None) or error
    return (str(original).strip().splitlines() or [type(original).__name__])[0]


__all__ = ["Store", "driver_reason"]
