"""The service's storage on SQLite and PostgreSQL: migrations, the content-addressed files, the consistency check."""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from xxgk.errors import XxgkError
from xxgk.serve.store import Store
from xxgk.serve.store.consistency import problems
from xxgk.serve.store.database import SQLITE_FILE, database_url
from xxgk.serve.store.models import Agency, Base, Collection, Version


@pytest.fixture
def store(tmp_path, database):
    store = Store.open(tmp_path, database)
    yield store
    store.close()


def _agency(store: Store) -> int:
    with store.transaction() as session:
        collection = Collection(office="某某县人民政府办公室", year=2024, deadline=date(2025, 1, 31),
                                created_at=datetime.now(UTC), created_by="张三")
        agency = Agency(name="某某县教育局", key="某某县教育局", state="not_submitted", versions_made=0)
        collection.agencies.append(agency)
        session.add(collection)
        session.flush()
        return agency.id


def _version(store: Store, agency_id: int, data: bytes) -> Version:
    sha256 = store.blobs.put_bytes(data)
    report = store.blobs.put_bytes(b"{}")
    with store.transaction() as session:
        agency = session.get(Agency, agency_id)
        agency.versions_made += 1
        agency.state = "uploaded"
        version = Version(agency_id=agency_id, number=agency.versions_made, sha256=sha256, filename="年报.xlsx",
                          suffix=".xlsx", size=len(data), uploaded_at=datetime.now(UTC), report_sha256=report,
                          errors=0, warnings=0, findings="{}")
        session.add(version)
        return version


def test_the_migrations_create_exactly_the_models(store):
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == "0001"


def test_opening_again_keeps_the_data(tmp_path, database):
    store = Store.open(tmp_path, database)
    agency_id = _agency(store)
    store.close()
    store = Store.open(tmp_path, database)  # the migrations run again, and find nothing to do
    with store.transaction() as session:
        assert session.get(Agency, agency_id).name == "某某县教育局"
    store.close()


def test_sqlite_lives_in_the_data_folder_in_wal_mode(tmp_path):
    store = Store.open(tmp_path)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert (tmp_path / SQLITE_FILE).is_file()
    store.close()


def test_database_urls():
    assert database_url("postgresql://u:p@db/xxgk", None).startswith("postgresql+psycopg://u:p@db/xxgk")
    assert database_url("postgres://u@db/xxgk", None).startswith("postgresql+psycopg://")
    with pytest.raises(XxgkError, match="不支持数据库类型“mysql”"):
        database_url("mysql://u@db/xxgk", None)
    with pytest.raises(XxgkError, match="无法识别"):
        database_url("::not a url::", None)


def test_files_are_content_addressed_and_kept_once(store):
    first = store.blobs.put_bytes(b"PK\x03\x04 workbook")
    assert store.blobs.put_bytes(b"PK\x03\x04 workbook") == first
    assert store.blobs.read(first) == b"PK\x03\x04 workbook"
    assert store.blobs.path(first).relative_to(store.blobs.root).parts == (first[:2], first[2:4], first)
    assert [name for name, _ in store.blobs.stored()] == [first]
    with pytest.raises(ValueError):
        store.blobs.path("../../etc/passwd")


def test_a_write_that_fails_leaves_no_file(store):
    def chunks():
        yield b"half of it"
        raise OSError("disk full")

    with pytest.raises(OSError):
        store.blobs._put(chunks())
    assert list(store.blobs.stored()) == [] and list(store.blobs.partial.iterdir()) == []


def test_leftovers_of_a_killed_process_are_swept_at_start(tmp_path, database):
    Store.open(tmp_path, database).close()
    (tmp_path / "files" / "tmp" / "abc.part").write_bytes(b"half")
    Store.open(tmp_path, database, sweep=False).close()  # a process started after the first: maybe being written
    assert (tmp_path / "files" / "tmp" / "abc.part").exists()
    store = Store.open(tmp_path, database)
    assert list(store.blobs.partial.iterdir()) == []
    assert problems(store) == []
    store.close()


def test_a_failed_transaction_leaves_nothing(store):
    agency_id = _agency(store)
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.get(Agency, agency_id).state = "accepted"
        session.add(Version(agency_id=agency_id, number=1, sha256="0" * 64, filename="x", suffix=".xlsx", size=1,
                            uploaded_at=datetime.now(UTC), report_sha256="0" * 64, errors=0, warnings=0,
                            findings="{}"))
        session.flush()
        raise RuntimeError("killed half-way")
    with store.transaction() as session:
        assert session.get(Agency, agency_id).state == "not_submitted"
        assert session.scalar(select(func.count()).select_from(Version)) == 0


def test_a_reading_transaction_may_not_write(store):
    agency_id = _agency(store)
    with pytest.raises(RuntimeError, match="may not write"), store.reading() as session:
        session.get(Agency, agency_id).state = "accepted"
    with store.reading() as session:
        assert session.get(Agency, agency_id).state == "not_submitted"


def test_a_reader_does_not_wait_for_a_writer(store):
    """While a transaction has written and not yet committed (on SQLite: holds the write lock), a reading
    transaction goes ahead and sees what was committed before it."""
    agency_id = _agency(store)
    written, release, failed = threading.Event(), threading.Event(), []

    def writer() -> None:
        try:
            with store.transaction() as session:
                session.get(Agency, agency_id).state = "uploaded"
                session.flush()
                written.set()
                assert release.wait(60)
        except Exception as error:  # seen by the test below
            failed.append(error)
            written.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.wait(60) and not failed
        with store.reading() as session:
            assert session.get(Agency, agency_id).state == "not_submitted"
    finally:
        release.set()
        thread.join(60)
    assert not failed
    with store.reading() as session:
        assert session.get(Agency, agency_id).state == "uploaded"


def test_the_consistency_check_finds_what_is_wrong(store):
    agency_id = _agency(store)
    version = _version(store, agency_id, b"first upload")
    assert problems(store) == []
    store.blobs.path(version.sha256).write_bytes(b"changed on disk")
    assert problems(store) == [f"file {version.sha256}: content does not match its name"]
    store.blobs.path(version.sha256).unlink()
    assert f"version {version.id}: file {version.sha256} missing" in problems(store)
    with store.transaction() as session:
        session.get(Agency, agency_id).versions_made = 2
    assert any("versions [1], versions_made 2" in p for p in problems(store))


WRITER = """
import sys, time
from pathlib import Path
from xxgk.serve.store import Store
store = Store.open(Path(sys.argv[1]))
with store.transaction():
    print("writing", flush=True)
    time.sleep(float(sys.argv[2]))
store.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the processes' lock is POSIX's")
def test_processes_writing_one_sqlite_database_take_turns_on_the_lock_beside_it(tmp_path):
    """Another process's writing transaction holds the lock file beside the database; this process's waits for
    its end (instead of polling SQLite's lock) and then writes."""
    import fcntl
    import subprocess

    Store.open(tmp_path).close()
    other = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "1.5"], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert other.stdout.readline() == "writing\n"
        began = time.monotonic()
        with open(tmp_path / "xxgk.sqlite3.lock", "rb") as lock, pytest.raises(BlockingIOError):
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by the other process
        store = Store.open(tmp_path, sweep=False)
        agency_id = _agency(store)  # waits for the other's transaction, then writes
        assert time.monotonic() - began > 1.0
        with store.reading() as session:
            assert session.get(Agency, agency_id) is not None
        store.close()
    finally:
        other.kill()
        other.wait()
