"""Faults: ``kill -9`` of the service during a stream of uploads, then a restart, on SQLite and PostgreSQL.
Every upload that was answered as stored is there, no half-written version or file exists, and the store
passes its own consistency check."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from datetime import date

import httpx2
from sqlalchemy import select

from collecting import csrf_of
from serving import start_server, stop_server
from xxgk.serve.auth import add_user
from xxgk.serve.clock import now
from xxgk.serve.collections import create
from xxgk.serve.store import Store
from xxgk.serve.store.consistency import problems
from xxgk.serve.store.models import Version

from conftest import EXAMPLE_JSON

AGENCIES = ["额敏县上户镇人民政府", "额敏县上户镇人民政府（一）", "额敏县上户镇人民政府（二）"]
CLIENTS = len(AGENCIES)
STORED_BEFORE_KILL = 9  # uploads answered before the kill
DEADLINE = 120.0  # seconds the stream may take at most


def _report(n: int) -> bytes:
    """The example's JSON, its phone number made unique: each upload its own file and SHA-256."""
    data = json.loads(EXAMPLE_JSON.read_text("utf-8"))
    data["metadata"]["phone"] = f"0901-{n:07d}"
    return json.dumps(data, ensure_ascii=False).encode()


def _stream(base: str, link: str, first: int, stored: list[bytes], stop: threading.Event) -> None:
    """One agency uploading new versions one after another until ``stop`` (or the service dies)."""
    n = first
    with httpx2.Client(base_url=base, timeout=30) as client:
        try:
            csrf = csrf_of(client.get("/admin/login").text)
        except httpx2.HTTPError:
            return
        while not stop.is_set():
            body = _report(n)
            n += CLIENTS
            try:
                answer = client.post(link + "/upload", data={"csrf": csrf}, files={"file": ("年报.json", body)})
            except httpx2.HTTPError:
                return  # killed mid-request: no answer, no promise
            if answer.status_code == 303:
                stored.append(body)


def test_kill_9_during_uploads_loses_no_answered_upload(tmp_path, database):
    data = tmp_path / "data"
    data.mkdir()
    options = ("--database", database) if database else ()
    store = Store.open(data, database)
    with store.transaction() as session:
        add_user(session, "clerk", "correct horse battery", now(time.time))
        _, links, _ = create(session, "额敏县人民政府办公室", 2024, date(2025, 3, 31), AGENCIES, "测试", "clerk",
                             now(time.time))
    store.close()

    process, base = start_server(data, *options, "--workers", "2", start_new_session=True)
    stored: list[bytes] = []
    stop = threading.Event()
    streams = [threading.Thread(target=_stream, args=(base, f"/a/{link.token}", i, stored, stop))
               for i, link in enumerate(links)]
    for thread in streams:
        thread.start()
    started = time.monotonic()
    while len(stored) < STORED_BEFORE_KILL and time.monotonic() - started < DEADLINE:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the service and its workers, mid-stream
    process.wait(10)
    stop.set()
    for thread in streams:
        thread.join(30)
    answered = list(stored)
    assert len(answered) >= STORED_BEFORE_KILL

    process, base = start_server(data, *options)  # the restart clears what the kill left half-written
    try:
        with httpx2.Client(base_url=base) as client:
            assert "额敏县上户镇人民政府" in client.get(f"/a/{links[0].token}").text
    finally:
        stop_server(process)
    store = Store.open(data, database)
    try:
        assert problems(store) == []
        with store.transaction() as session:
            kept = {store.blobs.read(v.sha256) for v in session.scalars(select(Version))}
        assert set(answered) <= kept
        assert len(kept) - len(answered) <= CLIENTS  # at most the one in flight per client was stored unanswered
    finally:
        store.close()
