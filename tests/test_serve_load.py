"""Many agencies at once, on SQLite and PostgreSQL: uploads from several clients in parallel (some to the same
agency) are each stored exactly once, numbered without a gap, and on the record; an agency refused for a full
queue is told when to come back (503 and Retry-After) and nothing of its upload is kept."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import threading
import time
from datetime import date

import httpx2
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from collecting import AgencyClient, csrf_of
from serving import start_server, stop_server
from xxgk.serve import ServeSettings, create_app
from xxgk.serve.check import check_upload
from xxgk.serve.clock import now
from xxgk.serve.collections import create
from xxgk.serve.store import Store
from xxgk.serve.store.consistency import problems
from xxgk.serve.store.models import Agency, Event, Version

from conftest import EXAMPLE_JSON

AGENCIES = [f"额敏县上户镇人民政府（{n}）" for n in range(1, 5)]
CLIENTS_PER_AGENCY = 2
UPLOADS_PER_CLIENT = 2


def _report(n: int) -> bytes:
    """The example's JSON, its phone number made unique: each upload its own file and SHA-256."""
    data = json.loads(EXAMPLE_JSON.read_text("utf-8"))
    data["metadata"]["phone"] = f"0901-{n:07d}"
    return json.dumps(data, ensure_ascii=False).encode()


def _collection(data, database, names: list[str]) -> dict[str, str]:
    store = Store.open(data, database)
    try:
        with store.transaction() as session:
            _, links, _ = create(session, "额敏县人民政府办公室", 2024, date(2025, 3, 31), names, "测试", "clerk",
                                 now(time.time))
            return {link.agency: f"/a/{link.token}" for link in links}
    finally:
        store.close()


@pytest.mark.parametrize("processes", [1, 2])
def test_agencies_uploading_at_once_are_each_stored_once(tmp_path, database, processes):
    """With ``--processes 2`` every request comes on a new connection, so the processes share the agencies'
    uploads (a form drawn by one is posted to another) and the database's writers."""
    data = tmp_path / "data"
    data.mkdir()
    paths = _collection(data, database, AGENCIES)
    jobs = [(agency, _report(n * 100 + k)) for n, agency in enumerate(AGENCIES) for k in range(4)]
    answers: list[tuple[str, bytes, int]] = []
    refused: list[list[str]] = []
    lock = threading.Lock()

    def client(agency: str, bodies: list[bytes]) -> None:
        with httpx2.Client(base_url=base, timeout=120, limits=httpx2.Limits(max_keepalive_connections=0)) as http:
            csrf = csrf_of(http.get(paths[agency]).text)
            for body in bodies:
                answer = http.post(paths[agency] + "/upload", data={"csrf": csrf},
                                   files={"file": ("年报.json", body)})
                with lock:
                    answers.append((agency, body, answer.status_code))
                    if answer.status_code != 303:
                        refused.append(re.findall(r'<p class="error"[^>]*>([^<]*)', answer.text))

    options = ("--database", database) if database else ()
    process, base = start_server(data, *options, "--workers", "2", "--processes", str(processes))
    try:
        threads = [threading.Thread(target=client, args=(agency, [body for a, body in jobs if a == agency][i::2]))
                   for agency in AGENCIES for i in range(CLIENTS_PER_AGENCY)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
    finally:
        stop_server(process)

    assert sorted(status for _, _, status in answers) == [303] * len(jobs), refused
    store = Store.open(data, database)
    try:
        assert problems(store) == []
        with store.transaction() as session:
            for agency in session.scalars(select(Agency)):
                sent = {hashlib.sha256(body).hexdigest() for a, body, _ in answers if a == agency.name}
                assert sorted(v.number for v in agency.versions) == [1, 2, 3, 4]  # none lost, none twice
                assert agency.versions_made == 4 and {v.sha256 for v in agency.versions} == sent
            assert len(session.scalars(select(Version)).all()) == len(jobs)
            recorded = session.scalars(select(Event).where(Event.action == "upload")).all()
            assert len(recorded) == len(jobs)
    finally:
        store.close()


def hold(job):  # a file that keeps its worker busy until the worker's time limit
    if job.name.startswith("slow"):
        time.sleep(60)
    return check_upload(job)


def test_an_agency_refused_for_a_full_queue_is_told_when_to_retry(tmp_path, database):
    """One worker and no place to wait: while a slow upload holds the worker, the next agency's upload is
    refused at once with 503 and Retry-After, nothing of it is kept, and it is stored when sent again."""
    paths = _collection(tmp_path, database, ["额敏县教育局", "额敏县财政局"])
    settings = ServeSettings(data=tmp_path, database=database, work=hold, timeout=5, workers=1, queue=0,
                             retry_after=7)
    with TestClient(create_app(settings)) as client:
        slow = AgencyClient(TestClient(client.app), paths["额敏县教育局"])
        waiting = AgencyClient(TestClient(client.app), paths["额敏县财政局"])
        held: dict = {}
        thread = threading.Thread(target=lambda: held.update(answer=slow.client.post(
            slow.path + "/upload", data={"csrf": slow.csrf()}, files={"file": ("slow.json", _report(1))},
            follow_redirects=False)))
        thread.start()
        deadline = time.monotonic() + 30
        while not list((tmp_path / "cache").iterdir()):  # the slow upload is in the worker
            assert time.monotonic() < deadline
            time.sleep(0.05)
        csrf = waiting.csrf()
        refused = waiting.client.post(waiting.path + "/upload", data={"csrf": csrf},
                                      files={"file": ("年报.json", _report(2))}, follow_redirects=False)
        assert refused.status_code == 503 and refused.headers["retry-after"] == "7"
        assert "服务繁忙" in refused.text
        thread.join(60)
        assert held["answer"].status_code == 422  # the worker ran out of time on it
        again = waiting.client.post(waiting.path + "/upload", data={"csrf": csrf},
                                    files={"file": ("年报.json", _report(2))}, follow_redirects=False)
        assert again.status_code == 303
    store = Store.open(tmp_path, database)
    try:
        with store.transaction() as session:
            assert [(v.agency.name, v.number) for v in session.scalars(select(Version))] == [("额敏县财政局", 1)]
        assert problems(store) == []
    finally:
        store.close()


READ_AT_ONCE = """
import sys, threading
from xxgk.jsonio import report_from_json

sys.setswitchinterval(1e-6)  # threads switch as often as they can
data = open(sys.argv[1], "rb").read()
barrier, errors = threading.Barrier(8), []

def read():
    barrier.wait()
    try:
        report_from_json(data, name="年报.json")
    except Exception as error:
        errors.append(str(error))

threads = [threading.Thread(target=read) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(errors)
"""


def test_threads_reading_their_first_reports_at_once_all_read_them():
    """The service reads uploaded reports in several threads: in a fresh process, the first reports read at
    once must not each build a tables model of their own (a report checks its tables' class by identity: it
    was refused as 统计表与报告格式版本不一致). Each process races once, so a few are started."""
    for _ in range(4):
        done = subprocess.run([sys.executable, "-c", READ_AT_ONCE, str(EXAMPLE_JSON)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]"
