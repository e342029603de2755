"""The service's database: SQLite in the data folder by default (WAL), PostgreSQL by URL, the same code for both;
the schema brought to the latest migration at every start."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ...errors import XxgkError

SQLITE_FILE = "xxgk.sqlite3"
MIGRATIONS = "xxgk.serve.store:migrations"
READ_ONLY = "xxgk_read_only"  # the execution option of the store's reading transactions


def database_url(database: str | None, data: Path) -> str:
    """The SQLAlchemy URL of ``--database`` (``postgresql://…`` is driven by psycopg 3), or the data folder's
    SQLite file."""
    if not database:
        return f"sqlite:///{(data / SQLITE_FILE).resolve()}"
    try:
        url = make_url(database)
    except ArgumentError:
        raise XxgkError(f"数据库地址“{database}”无法识别，应写作 postgresql://用户:密码@主机/数据库名") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername == "sqlite":
        return url.render_as_string(hide_password=False)
    raise XxgkError(f"不支持数据库类型“{url.drivername}”：请使用 PostgreSQL（postgresql://…），或不指定以使用数据目录中的 SQLite")


def _sqlite_setup(engine: Engine) -> None:
    """WAL, foreign keys, a wait instead of "database is locked", and each transaction that may write taking the
    write lock at its start (BEGIN IMMEDIATE): a transaction that reads and then writes never fails half-way
    because another wrote in between. A reading transaction (``READ_ONLY``) begins deferred: under WAL it reads
    its snapshot while another transaction writes, and never waits for the write lock."""

    @event.listens_for(engine, "connect")
    def _connect(connection, record) -> None:
        connection.isolation_level = None  # the driver issues no BEGIN of its own; the listener below does
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        reading = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def open_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _sqlite_setup(engine)
        return engine
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise XxgkError("使用 PostgreSQL 需要安装 psycopg：pip install -e '.[serve,postgresql]'") from None
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def open_reader(url: str) -> Engine:
    """An engine for reading the database as it is: a SQLite file never created where it is missing (``mode=rw``),
    its journal mode left alone, no write lock taken, so a running service goes on undisturbed (not ``mode=ro``:
    a read-only connection could not remove the WAL files it opens); PostgreSQL as ``open_engine``."""
    if not url.startswith("sqlite"):
        return open_engine(url)
    uri = f"file:{quote(make_url(url).database or '')}?mode=rw"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=30,
                                                                       check_same_thread=False))


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def revisions(engine: Engine) -> tuple[str | None, str | None]:
    """(the migration the database is at, None for a database the service never created; the latest migration)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, ScriptDirectory.from_config(_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (creates it in an empty database)."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())
