"""The office's dashboard over HTTP, on SQLite and PostgreSQL: states and flags, filters and sorting from the query
string, the charts (server-side SVG with no script), ``/admin/api/status``, and who may open them."""

from __future__ import annotations

import re
from html import unescape

from starlette.testclient import TestClient

import test_serve_collections as collections
from collecting import csrf_of
from test_serve_collections import EXAMPLE_AGENCY, PASSWORD, agency, new_collection

from support import write_workbook

# the collections' fixtures: one service per database (SQLite and PostgreSQL), a signed-in clerk
served, app, client, office = collections.served, collections.app, collections.client, collections.office

OTHERS = ["额敏县教育局", "额敏县卫生健康委员会"]


def accept(office, app, collection: int, link: str, workbook, name: str = EXAMPLE_AGENCY) -> None:
    """The agency ``name`` (the example's by default) uploads, explains its warnings, submits, and the office
    accepts."""
    clerk = agency(app, link)
    assert clerk.upload(workbook).status_code == 303
    assert clerk.explain({fp: "原文如此" for fp in clerk.fingerprints()}, "submit").status_code == 303
    path = office.agency_path(collection, name)
    assert office.post(path + "/decide", action="accept", remark="").status_code == 303


def names_listed(page: str) -> list[str]:
    return [unescape(n) for n in re.findall(r'<td data-label="报送单位"><a href="[^"]+">([^<]+)</a>', page)]


def test_the_dashboard_lists_every_agency_with_its_state_and_counts(client, office, app, tmp_path):
    collection, links = new_collection(office, [EXAMPLE_AGENCY, *OTHERS])
    accept(office, app, collection, links[EXAMPLE_AGENCY], write_workbook(tmp_path / "上户镇.xlsx"))
    broken = agency(app, links[OTHERS[0]])
    assert broken.upload(write_workbook(tmp_path / "教育局.xlsx", "t3.new_received.natural_person = 999")
                         ).status_code == 303

    page = client.get(f"/admin/c/{collection}/dashboard").text
    assert names_listed(page) == [OTHERS[1], OTHERS[0], EXAMPLE_AGENCY]  # by state: 未报送, 已上传, 已接收
    assert "已上传（有错误）" in page and "已接收" in page and "尚未上传" in page
    assert f'href="/admin/c/{collection}/a/' in page  # the drill-down to each agency's page
    row = re.search(r'<tr class="uploaded">(.*?)</tr>', page, re.S).group(1)
    assert '<td data-label="错误" class="n bad">1</td>' in row
    warnings = re.search(r'<td data-label="警告" class="n">(\d+)</td>', row).group(1)
    assert int(warnings) > 0 and f'<td data-label="待说明" class="n warn">{warnings}</td>' in row  # none explained
    accepted_row = re.search(r'<tr class="accepted">(.*?)</tr>', page, re.S).group(1)
    assert '<td data-label="待说明" class="n">0</td>' in accepted_row
    assert '<td data-label="待核实" class="n">1</td>' in accepted_row  # explained, not verified by the office
    assert '<td data-label="机关层级">乡镇人民政府、街道办事处</td>' in accepted_row

    base = f"/admin/c/{collection}/dashboard"
    assert names_listed(client.get(base + "?state=not_submitted").text) == [OTHERS[1]]
    assert names_listed(client.get(base + "?q=教育").text) == [OTHERS[0]]
    assert names_listed(client.get(base + "?sort=name&desc=1").text) == sorted(
        [EXAMPLE_AGENCY, *OTHERS], reverse=True)
    assert names_listed(client.get(base + "?sort=errors&desc=1").text) == [OTHERS[0], EXAMPLE_AGENCY, OTHERS[1]]
    assert names_listed(client.get(base + "?level=township").text) == [OTHERS[0], EXAMPLE_AGENCY]  # as read
    assert names_listed(client.get(base + "?level=unknown").text) == [OTHERS[1]]
    assert names_listed(client.get(base + "?state=bogus&sort=<x>").text) == names_listed(page)  # ignored
    assert "<script" not in page


def test_overdue_is_a_filter_and_a_flag(client, office, app, tmp_path, served):
    settings, _ = served
    collection, links = new_collection(office, [EXAMPLE_AGENCY, *OTHERS], deadline="2025-01-31")
    accept(office, app, collection, links[EXAMPLE_AGENCY], write_workbook(tmp_path / "上户镇.xlsx"))
    settings.clock.now += 31 * 86400
    try:
        office.login("clerk", PASSWORD)
        page = client.get(f"/admin/c/{collection}/dashboard?state=overdue").text
        assert names_listed(page) == sorted(OTHERS) and page.count('class="flag">逾期') == 2
        status = client.get(f"/admin/api/status?collection={collection}").json()["collections"][0]
        assert status["overdue"] == 2 and [a["overdue"] for a in status["agencies"]] == [False, True, True]
    finally:
        settings.clock.now -= 31 * 86400


def test_the_charts_are_svg_without_script(client, office, app, tmp_path):
    collection, links = new_collection(office, [EXAMPLE_AGENCY, *OTHERS])
    workbook = write_workbook(tmp_path / "上户镇.xlsx")
    accept(office, app, collection, links[EXAMPLE_AGENCY], workbook)
    from xxgk.jsonio import load_report

    other = write_workbook(tmp_path / "教育局.xlsx", {"t3.new_received.natural_person": 37})
    assert agency(app, links[OTHERS[0]]).upload(other).status_code == 303  # the latest upload counts, accepted or not
    received = load_report(other).value("t3.new_received.total")
    assert received
    for name in ("states", "received", "years"):
        answer = client.get(f"/admin/c/{collection}/charts/{name}.svg")
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml"
        assert "<script" not in answer.text and "script-src" not in answer.headers["content-security-policy"]
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert answer.text.lstrip().startswith("<?xml") and "<svg" in answer.text
    states = client.get(f"/admin/c/{collection}/charts/states.svg").text
    assert "报送状态（共 3 个单位）" in states and "未报送" in states and "已上传" in states
    chart = client.get(f"/admin/c/{collection}/charts/received.svg").text
    assert EXAMPLE_AGENCY in chart and OTHERS[0] in chart and f">{received:g}<" in chart.replace(",", "")
    assert "1 个单位尚未上传或未读取到该数" in chart
    years = client.get(f"/admin/c/{collection}/charts/years.svg").text
    assert "2024 年度" in years and "2023 年度（无已接收的报告）" in years  # no collection of the year before
    assert client.get(f"/admin/c/{collection}/charts/other.svg").status_code == 404
    page = client.get(f"/admin/c/{collection}/dashboard")
    assert f'<img src="/admin/c/{collection}/charts/states.svg"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]  # the page keeps the strict policy


def test_the_status_api_gives_the_states_as_json(client, office, app, tmp_path):
    collection, links = new_collection(office, [EXAMPLE_AGENCY, *OTHERS])
    accept(office, app, collection, links[EXAMPLE_AGENCY], write_workbook(tmp_path / "上户镇.xlsx"))
    answer = client.get(f"/admin/api/status?collection={collection}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    (found,) = answer.json()["collections"]
    assert found["id"] == collection and found["year"] == 2024 and found["total"] == 3
    assert found["states"] == {"not_submitted": 2, "returned": 0, "uploaded": 0, "submitted": 0, "accepted": 1}
    first = found["agencies"][0]
    assert first["name"] == EXAMPLE_AGENCY and first["state"] == "accepted" and first["submitted_version"] == 1
    assert first["errors"] == 0 and first["unexplained"] == 0 and first["last_upload"].startswith("20")
    assert found["agencies"][1]["errors"] is None and found["agencies"][1]["last_upload"] is None
    every = client.get("/admin/api/status").json()["collections"]
    assert collection in [c["id"] for c in every]
    assert client.get("/admin/api/status?collection=999999").status_code == 404
    assert client.get("/admin/api/status?collection=x").status_code == 404


def test_no_one_but_signed_in_staff_opens_them(client, office, app):
    collection, links = new_collection(office, [EXAMPLE_AGENCY])
    pages = [f"/admin/c/{collection}/dashboard", f"/admin/c/{collection}/charts/states.svg"]
    anonymous = TestClient(client.app)
    holder = agency(app, links[EXAMPLE_AGENCY])  # an agency's browser: its link opens its own page only
    assert holder.page().status_code == 200
    for visitor in (anonymous, holder.client):
        for path in pages:
            answer = visitor.get(path, follow_redirects=False)
            assert answer.status_code == 303 and answer.headers["location"] == "/admin/login", path
        answer = visitor.get(f"/admin/api/status?collection={collection}")
        assert answer.status_code == 401 and "请先登录" in answer.json()["error"]
    # a forged or ended session is no session
    anonymous.cookies.set("xxgk_session", "forged")
    assert anonymous.get("/admin/api/status").status_code == 401
    assert csrf_of(client.get("/admin").text)  # the office's own session still works


def test_the_downloads_are_the_rollup_the_index_and_every_accepted_report(client, office, app, tmp_path):
    import csv
    import io
    import json
    import subprocess
    import sys
    import zipfile

    from xxgk.batch.index import COLUMNS
    from xxgk.jsonio import load_report

    collection, links = new_collection(office, [EXAMPLE_AGENCY, *OTHERS])
    base = f"/admin/c/{collection}/download/"
    answer = client.get(base + "rollup.xlsx")
    assert answer.status_code == 409 and "尚无已接收的报告" in answer.text  # nothing to add up yet
    workbook = write_workbook(tmp_path / "上户镇.xlsx")
    accept(office, app, collection, links[EXAMPLE_AGENCY], workbook)
    agency(app, links[OTHERS[0]]).upload(write_workbook(tmp_path / "教育局.xlsx"))  # uploaded, not accepted
    page = client.get(f"/admin/c/{collection}/dashboard").text
    assert f'href="{base}rollup.xlsx"' in page and "1 份已接收的报告" in page

    answer = client.get(base + "rollup.xlsx")
    assert answer.status_code == 200 and "filename*=UTF-8''" in answer.headers["content-disposition"]
    (tmp_path / "汇总.xlsx").write_bytes(answer.content)
    done = subprocess.run([sys.executable, "-m", "xxgk", "convert", str(tmp_path / "汇总.xlsx"), "-o",
                           str(tmp_path / "汇总.json")], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr  # read back by the command as any workbook is
    original = load_report(workbook)
    total = load_report(tmp_path / "汇总.json")
    for key in ("t3.new_received.total", "t3.total_processed.total", "t2.licensing.decisions"):
        assert total.value(key) == original.value(key), key  # one accepted report: the roll-up is that report
    rolled = json.loads(client.get(base + "rollup.json").content)
    assert rolled["metadata"]["agency_name"].endswith("（汇总）")

    index = list(csv.reader(io.StringIO(client.get(base + "index.csv").content.decode("utf-8-sig"))))
    assert tuple(index[0]) == COLUMNS and len(index) == 2  # the accepted report only
    assert index[1][COLUMNS.index("机关名称")] == EXAMPLE_AGENCY

    archive = zipfile.ZipFile(io.BytesIO(client.get(base + "reports.zip").content))
    names = sorted(archive.namelist())
    assert names == ["index.csv", f"reports/{EXAMPLE_AGENCY}-2024.docx", f"reports/{EXAMPLE_AGENCY}-2024.json"]
    assert archive.read(names[1])[:2] == b"PK"  # a DOCX is itself a ZIP
    (tmp_path / "z.json").write_bytes(archive.read(names[2]))
    assert load_report(tmp_path / "z.json").value("t3.new_received.total") == original.value("t3.new_received.total")
    zipped_index = archive.read("index.csv").decode("utf-8-sig")
    assert f"reports/{EXAMPLE_AGENCY}-2024.json" in zipped_index
    assert client.get(base + "other.txt").status_code == 404


def test_the_downloads_are_for_signed_in_staff_only(client, office, app):
    collection, links = new_collection(office, [EXAMPLE_AGENCY])
    holder = agency(app, links[EXAMPLE_AGENCY])
    for visitor in (TestClient(client.app), holder.client):
        for name in ("rollup.xlsx", "rollup.json", "index.csv", "reports.zip"):
            answer = visitor.get(f"/admin/c/{collection}/download/{name}", follow_redirects=False)
            assert answer.status_code == 303 and answer.headers["location"] == "/admin/login", name


def test_the_dashboard_charts_downloads_and_status_wait_for_no_upload_being_stored(client, office, app, tmp_path,
                                                                                  served):
    """The office reads while agencies upload: with a writing transaction open (on SQLite it holds the write
    lock), the dashboard's charts, downloads and status are still answered."""
    import threading

    from sqlalchemy import select

    from xxgk.serve.store.models import Agency

    _, store = served
    collection, links = new_collection(office, [EXAMPLE_AGENCY, *OTHERS])
    accept(office, app, collection, links[EXAMPLE_AGENCY], write_workbook(tmp_path / "上户镇.xlsx"))
    written, release, outcome = threading.Event(), threading.Event(), {}

    def upload_being_stored() -> None:
        with store.transaction() as session:
            session.scalars(select(Agency).limit(1)).one().remark = "正在保存"
            session.flush()  # written, not committed: on SQLite the write lock is held
            written.set()
            outcome["held_to_the_end"] = release.wait(120)  # False: the office's requests waited for it
            session.rollback()

    writer = threading.Thread(target=upload_being_stored)
    writer.start()
    try:
        assert written.wait(60)
        base = f"/admin/c/{collection}"
        for path in ("/charts/states.svg", "/download/rollup.json", "/download/index.csv", "/download/facts.csv"):
            assert client.get(base + path).status_code == 200, path
        assert client.get(f"/admin/api/status?collection={collection}").status_code == 200
        assert not release.is_set()
    finally:
        release.set()
        writer.join(60)
    assert outcome == {"held_to_the_end": True}
