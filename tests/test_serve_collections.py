"""Collections over HTTP, in process, on SQLite and PostgreSQL: the office's pages and the agencies' links, every
permission, CSRF, the sign-in limit, the submission gate, the states, acknowledgements across versions, audit."""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import count

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from collecting import AgencyClient, Office, csrf_of, links_of
from databases import postgres_schema
from xxgk.serve import ServeSettings, create_app
from xxgk.serve.auth import add_user
from xxgk.serve.clock import now
from xxgk.serve.store import Store
from xxgk.serve.store.consistency import problems
from xxgk.serve.store.models import Event, LoginSession, Version

from support import write_workbook

PASSWORD = "correct horse battery"
BROKEN_T3 = "t3.new_received.natural_person = 999"  # 表三's total no longer adds up
EXAMPLE_AGENCY = "额敏县上户镇人民政府"  # the bundled example's agency
offices = count(1)


class Clock:
    def __init__(self) -> None:
        self.now = 1_735_689_600.0  # 2025-01-01 08:00 in Beijing

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    """(settings, store) of one service per database, shared by the module's tests (each its own collection)."""
    drop = None
    database = None
    if request.param == "postgresql":
        database, drop = postgres_schema()
    data = tmp_path_factory.mktemp(request.param)
    settings = ServeSettings(data=data, database=database, workers=1, timeout=60, clock=Clock())
    store = Store.open(data, database)
    with store.transaction() as session:
        add_user(session, "clerk", PASSWORD, now(settings.clock))
    yield settings, store
    store.close()
    if drop:
        drop()


@pytest.fixture(scope="module")
def app(served):
    settings, store = served
    return create_app(settings, store)


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


@pytest.fixture
def office(client):
    office = Office(client)
    assert office.login("clerk", PASSWORD).status_code == 303
    return office


def new_collection(office: Office, names: list[str], **options) -> tuple[int, dict[str, str]]:
    answer = office.create(f"测试县人民政府办公室{next(offices)}", names, **options)
    assert answer.status_code == 200, answer.text
    return office.collection_id(answer), links_of(answer.text)


def agency(app, link: str) -> AgencyClient:
    """An agency's browser: a client of its own, holding no staff session."""
    return AgencyClient(TestClient(app), link)


def test_an_office_page_needs_a_signed_in_member(client, office):
    collection, _ = new_collection(office, ["某某县教育局"])
    anonymous = TestClient(client.app)
    for path in ("/admin", f"/admin/c/{collection}", f"/admin/c/{collection}/log",
                 office.agency_path(collection, "某某县教育局")):
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/admin/login", path
    page = anonymous.get("/admin/login").text
    answer = anonymous.post(office.agency_path(collection, "某某县教育局") + "/decide",
                            data={"csrf": csrf_of(page), "action": "accept"})
    assert answer.status_code == 403 and "请先登录" in answer.text


def test_the_session_cookie_is_http_only_and_same_site(client):
    office = Office(client)
    answer = office.login("clerk", PASSWORD)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("xxgk_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    fresh = TestClient(client.app)
    (csrf_cookie,) = fresh.get("/admin/login").headers.get_list("set-cookie")
    assert csrf_cookie.startswith("xxgk_csrf=") and "HttpOnly" in csrf_cookie and "SameSite=strict" in csrf_cookie
    assert fresh.get("/admin/login").headers.get_list("set-cookie") == []  # set once per browser


def test_a_wrong_password_and_the_sign_in_limit(client, served):
    settings, store = served
    with store.transaction() as session:
        add_user(session, "limited", PASSWORD, now(settings.clock))
    office = Office(client)
    answer = office.login("limited", "wrong password")
    assert answer.status_code == 401 and "用户名或密码不正确" in answer.text
    for _ in range(4):
        office.login("limited", "wrong password")
    answer = office.login("limited", PASSWORD)  # even the right one waits now
    assert answer.status_code == 429 and "登录失败次数过多" in answer.text
    settings.clock.now += 16 * 60
    try:
        assert office.login("limited", PASSWORD).status_code == 303
    finally:
        settings.clock.now -= 16 * 60


def test_every_form_refuses_a_request_without_its_csrf_field(client, office, app):
    collection, links = new_collection(office, ["某某县教育局"])
    path = office.agency_path(collection, "某某县教育局")
    for route, data in ((f"{path}/decide", {"action": "accept"}), (f"{path}/link", {"action": "revoke"}),
                        (f"/admin/c/{collection}/agencies", {"names": "某某县财政局"}), ("/admin/logout", {})):
        answer = client.post(route, data=data)
        assert answer.status_code == 403 and "CSRF" in answer.text, route
        answer = client.post(route, data={**data, "csrf": "0" * 64})
        assert answer.status_code == 403, route
    assert client.post("/admin/login", data={"name": "clerk", "password": PASSWORD}).status_code == 403
    clerk = agency(app, links["某某县教育局"])
    answer = clerk.client.post(clerk.path + "/upload", files={"file": ("a.xlsx", b"PK", "application/zip")})
    assert answer.status_code == 403
    assert clerk.client.post(clerk.path + "/withdraw").status_code == 403
    assert "某某县财政局" not in client.get(f"/admin/c/{collection}").text  # nothing was done


def test_a_link_opens_its_own_agency_and_nothing_else(client, office, app, tmp_path):
    collection, links = new_collection(office, ["某某县教育局", "某某县财政局"])
    education = agency(app, links["某某县教育局"])
    finance = agency(app, links["某某县财政局"])
    assert education.upload(write_workbook(tmp_path / "教育局.xlsx")).status_code == 303
    page = finance.page().text
    assert "某某县财政局" in page and "某某县教育局" not in page
    assert finance.client.get(finance.path + "/v/1").status_code == 404  # the other agency's version 1
    assert education.client.get(education.path + "/v/1").content == (tmp_path / "教育局.xlsx").read_bytes()
    for path in ("/admin", f"/admin/c/{collection}", office.agency_path(collection, "某某县教育局") + "/v/1"):
        assert finance.client.get(path, follow_redirects=False).status_code == 303, path
    assert finance.client.get("/a/" + "A" * 32).status_code == 404
    assert finance.client.get("/a/short").status_code == 404


def test_links_are_shown_once_as_csv_and_can_be_regenerated_or_revoked(client, office, app):
    collection, links = new_collection(office, ["某某县教育局", "=某某县财政局"])
    assert set(links) == {"某某县教育局", "=某某县财政局"}
    assert all(re.fullmatch(r"/a/[A-Za-z0-9_-]{32}", link) for link in links.values())  # 192 random bits
    page = client.get(f"/admin/c/{collection}").text
    assert not any(link in page for link in links.values())  # never shown again
    answer = office.post("/admin/links.csv", agency=list(links), link=[f"http://x{p}" for p in links.values()])
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["报送单位", "报送链接"] and ["'=某某县财政局", f"http://x{links['=某某县财政局']}"] in rows

    path = office.agency_path(collection, "某某县教育局")
    old = agency(app, links["某某县教育局"])
    answer = office.post(path + "/link", action="regenerate")
    new = links_of(answer.text)["某某县教育局"]
    assert new != links["某某县教育局"]
    assert old.page().status_code == 404 and "无效或已停用" in old.page().text
    assert agency(app, new).page().status_code == 200
    office.post(path + "/link", action="revoke")
    assert agency(app, new).page().status_code == 404
    log = client.get(f"/admin/c/{collection}/log").text
    assert log.count("生成报送链接") == 3 and "停用报送链接" in log


def test_the_same_agency_is_listed_once(office):
    csv_file = "机关名称\r\n某某县（开发区）管委会\r\n某某县 教育局\r\n".encode("gb18030")
    answer = office.create(f"测试县人民政府办公室{next(offices)}",
                           ["某某县(开发区)管委会", "某某县教育局", "淮安市洪泽区人民政府", "洪泽区人民政府",
                            "南京市鼓楼区人民政府", "福州市鼓楼区人民政府"], csv=csv_file)
    assert answer.status_code == 200
    assert set(links_of(answer.text)) == {"某某县(开发区)管委会", "某某县教育局", "淮安市洪泽区人民政府",
                                          "南京市鼓楼区人民政府", "福州市鼓楼区人民政府"}
    assert "3 个名称与已列单位相同" in answer.text
    earlier = office.collection_id(answer)
    carried = office.create(f"测试县人民政府办公室{next(offices)}", ["某某县财政局"], previous=earlier)
    assert set(links_of(carried.text)) == {"某某县(开发区)管委会", "某某县教育局", "淮安市洪泽区人民政府",
                                           "南京市鼓楼区人民政府", "福州市鼓楼区人民政府", "某某县财政局"}


def test_a_collection_is_refused_without_a_valid_year_deadline_or_agencies(office):
    assert "报送期限“2025-02-30”不是有效日期" in office.create("某办", ["甲"], deadline="2025-02-30").text
    assert "报告年度“24”无效" in office.create("某办", ["甲"], year=24).text
    assert office.create("某办", []).status_code == 400


def test_the_whole_submission(client, office, app, tmp_path, served):
    """Broken → fixed → explained → submitted → withdrawn → submitted → returned → uploaded again (the
    explanation carried over) → submitted → 已核实 → accepted; every step in the audit log."""
    collection, links = new_collection(office, [EXAMPLE_AGENCY])
    clerk = agency(app, links[EXAMPLE_AGENCY])
    assert "未报送" in clerk.page().text

    broken = write_workbook(tmp_path / "上户镇年报.xlsx", BROKEN_T3)
    assert clerk.upload(broken).status_code == 303
    page = clerk.page().text
    assert "已上传" in page and "校验未通过" in page and 'class="mark error"' in page
    answer = clerk.explain({}, "submit")
    assert answer.status_code == 409 and "仍有 1 项错误" in answer.text

    fixed = write_workbook(tmp_path / "上户镇年报-修改.xlsx")
    clerk.upload(fixed)
    (warning,) = clerk.fingerprints()  # the example's one warning: a document number in round brackets
    answer = clerk.explain({}, "submit")
    assert answer.status_code == 409 and "1 项警告未填写说明" in answer.text
    answer = clerk.explain({warning: "原文如此，系引用<b>原件</b>"}, "submit")
    assert answer.status_code == 303
    page = clerk.page().text
    assert "已提交" in page and "撤回提交" in page and "<textarea" not in page  # no more changes
    assert "单位说明：原文如此，系引用&lt;b&gt;原件&lt;/b&gt;" in page  # escaped
    assert clerk.upload(fixed).status_code == 409  # submitted: withdraw first

    assert clerk.withdraw().status_code == 303 and "已上传" in clerk.page().text
    assert clerk.explain({}, "submit").status_code == 303  # the explanation is still there

    path = office.agency_path(collection, EXAMPLE_AGENCY)
    staff_page = client.get(path).text
    assert "已提交" in staff_page and "单位说明：原文如此，系引用&lt;b&gt;原件&lt;/b&gt;" in staff_page
    assert office.post(path + "/decide", action="return").status_code == 400  # a return needs its remark
    office.post(path + "/decide", action="return", remark="请核对第六部分的文号")
    page = clerk.page().text
    assert "已退回" in page and "退回意见：请核对第六部分的文号" in page

    clerk.upload(fixed)  # the same content again: the explanation carries over
    assert clerk.fingerprints() == [warning]
    assert "原文如此" in clerk.page().text
    assert clerk.explain({}, "submit").status_code == 303

    first = client.get(path + "?v=1").text  # the office sees every version's findings
    assert "第 1 版（当前显示）" in first and 'class="mark error"' in first
    assert 'class="mark error"' not in client.get(path).text  # by default the version submitted

    assert office.post(path + "/verify", fingerprint=warning, on="1").status_code == 303
    assert "政务公开办已核实（clerk）" in client.get(path).text
    office.post(path + "/decide", action="accept", remark="")
    assert "已接收" in clerk.page().text
    assert clerk.upload(fixed).status_code == 409
    assert "已接收" in client.get(f"/admin/c/{collection}").text

    _, store = served
    with store.transaction() as session:
        events = [e.action for e in session.scalars(select(Event).where(Event.collection_id == collection)
                                                    .order_by(Event.id))]
        versions = session.scalars(select(Version).join(Version.agency).where(
            Version.agency.has(collection_id=collection)).order_by(Version.number)).all()
        assert [v.number for v in versions] == [1, 2, 3]
        assert [v.errors for v in versions] == [1, 0, 0]
        assert versions[1].sha256 == versions[2].sha256 and store.blobs.exists(versions[0].sha256)
        assert json.loads(versions[2].explanations) == {warning: "原文如此，系引用<b>原件</b>"}
    assert events == ["collection-created", "link-issued", "agencies-added", "upload", "upload", "explained",
                      "submitted", "withdrawn", "submitted", "returned", "upload", "submitted", "verified",
                      "accepted"]
    log = client.get(f"/admin/c/{collection}/log").text
    assert "报送单位 额敏县上户镇人民政府" in log and "工作人员 clerk" in log and "退回" in log
    assert problems(store) == []


def test_a_changed_number_asks_again_and_the_same_keeps_it(client, office, app, tmp_path):
    collection, links = new_collection(office, [EXAMPLE_AGENCY])
    clerk = agency(app, links[EXAMPLE_AGENCY])
    clerk.upload(write_workbook(tmp_path / "一.xlsx", {"t2.licensing.decisions": "1"}))  # a number stored as text
    first = set(clerk.fingerprints())
    assert len(first) == 2
    clerk.explain(dict.fromkeys(first, "已核对"))
    path = office.agency_path(collection, EXAMPLE_AGENCY)
    for fp in first:
        office.post(path + "/verify", fingerprint=fp, on="1")

    clerk.upload(write_workbook(tmp_path / "二.xlsx", {"t2.licensing.decisions": "1"}))  # same content, other file
    assert set(clerk.fingerprints()) == first and "尚有" not in clerk.page().text
    assert client.get(path).text.count("政务公开办已核实") == 2

    clerk.upload(write_workbook(tmp_path / "三.xlsx", {"t2.licensing.decisions": "2"}))  # the number changed
    now_ = set(clerk.fingerprints())
    (changed,) = now_ - first
    assert len(now_ & first) == 1  # the document number's warning is the same
    assert "尚有 1 项未说明" in clerk.page().text
    assert client.get(path).text.count("政务公开办已核实") == 1
    assert clerk.explain({}, "submit").status_code == 409
    assert clerk.explain({changed: "本年新增一项许可"}, "submit").status_code == 303


def test_a_report_of_another_year_is_refused_and_another_name_needs_its_explanation(client, office, app,
                                                                                     tmp_path):
    collection, links = new_collection(office, ["额敏县上户镇政府"])
    clerk = agency(app, links["额敏县上户镇政府"])
    answer = clerk.upload(write_workbook(tmp_path / "2023.xlsx", {"metadata.report_year": 2023}))
    assert answer.status_code == 422 and "报告年度为 2023 年，本次收集的是 2024 年度报告，未予接收" in answer.text
    assert "第 1 版" not in clerk.page().text
    assert "上传被拒绝" in client.get(f"/admin/c/{collection}/log").text

    clerk.upload(write_workbook(tmp_path / "2024.xlsx"))  # names 额敏县上户镇人民政府
    page = clerk.page().text
    assert "报告中的机关名称“额敏县上户镇人民政府”与报送链接所属的单位“额敏县上户镇政府”不一致" in page
    assert len(clerk.fingerprints()) == 2
    assert clerk.explain({}, "submit").status_code == 409


def test_a_name_written_otherwise_is_the_same_agency(office, app, tmp_path):
    _, links = new_collection(office, ["额敏县上户镇人民政府 "])
    clerk = agency(app, links["额敏县上户镇人民政府"])
    for name in ("额敏县上户镇 人民政府", "塔城地区额敏县上户镇人民政府"):
        clerk.upload(write_workbook(tmp_path / "a.xlsx", {"metadata.agency_name": name}))
        assert "不一致" not in clerk.page().text, name


def test_the_deadline_feeds_the_rule_and_flags_what_is_late(client, office, app, tmp_path, served):
    settings, _ = served
    collection, links = new_collection(office, [EXAMPLE_AGENCY, "额敏县教育局"], deadline="2025-01-31")
    clerk = agency(app, links[EXAMPLE_AGENCY])
    clerk.upload(write_workbook(tmp_path / "a.xlsx"))  # signed 2025-02-11, after the collection's deadline
    assert "（signing-late）" in clerk.page().text and len(clerk.fingerprints()) == 2
    assert "逾期" not in client.get(f"/admin/c/{collection}").text
    settings.clock.now += 31 * 86400  # 2025-02-01 in Beijing: the deadline has passed
    try:
        office.login("clerk", PASSWORD)  # the session of a month ago has ended
        page = client.get(f"/admin/c/{collection}").text
        assert page.count('class="flag">逾期') == 2
        assert "逾期" in clerk.page().text
    finally:
        settings.clock.now -= 31 * 86400


def test_the_template_is_prefilled_with_the_agency_and_year(app, office, tmp_path):
    from openpyxl import load_workbook

    from xxgk.jsonio import load_report

    _, links = new_collection(office, ["某某县教育局"])
    answer = agency(app, links["某某县教育局"]).client.get(links["某某县教育局"] + "/template.xlsx")
    assert answer.status_code == 200
    (tmp_path / "t.xlsx").write_bytes(answer.content)
    load_workbook(tmp_path / "t.xlsx")
    report = load_report(tmp_path / "t.xlsx")
    assert report.metadata.agency_name == "某某县教育局" and report.metadata.report_year == 2024


def test_signing_out_ends_the_session(client, served):
    _, store = served
    office = Office(client)
    office.login("clerk", PASSWORD)
    token = client.cookies.get("xxgk_session")
    assert client.get("/admin", follow_redirects=False).status_code == 200
    office.post("/admin/logout")
    with store.transaction() as session:
        from xxgk.serve.auth import token_hash

        assert session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token))) is None
    client.cookies.set("xxgk_session", token)
    assert client.get("/admin", follow_redirects=False).status_code == 303


def test_a_published_report_is_read_as_on_the_check_page(office, app):
    from conftest import ROOT

    _, links = new_collection(office, [EXAMPLE_AGENCY])
    clerk = agency(app, links[EXAMPLE_AGENCY])
    answer = clerk.upload(ROOT / "tests" / "data" / "seed-2024-shanghu.txt", name="上户镇2024年报.txt")
    assert answer.status_code == 303, answer.text
    page = clerk.page().text
    assert "第 1 版" in page and "上户镇2024年报.txt" in page and "不一致" not in page


def test_a_file_that_cannot_be_read_or_is_too_large_is_refused_and_kept_nowhere(office, app, served, tmp_path):
    settings, store = served
    collection, links = new_collection(office, ["某某县教育局"])
    clerk = agency(app, links["某某县教育局"])
    junk = tmp_path / "年报.xlsx"
    junk.write_bytes(b"not a workbook at all")
    answer = clerk.upload(junk)
    assert answer.status_code == 422 and "年报.xlsx" in answer.text and "Traceback" not in answer.text
    big = tmp_path / "大.xlsx"
    big.write_bytes(b"0" * (settings.max_upload + 1))
    assert clerk.upload(big).status_code == 413
    assert clerk.upload(tmp_path / "年报.xlsx", name="年报.exe").status_code == 415
    assert "未报送" in clerk.page().text
    with store.transaction() as session:
        assert not session.scalars(select(Version).join(Version.agency).where(
            Version.agency.has(collection_id=collection))).all()
    assert not any(blob.read_bytes() == junk.read_bytes() for _, blob in store.blobs.stored())
    assert list(settings.cache.iterdir()) == []  # the upload's working folder is gone too


def test_a_fingerprint_is_the_rule_keys_and_arguments_only():
    from xxgk.model import Finding, Severity
    from xxgk.serve.submission import fingerprint

    finding = Finding(rule="cell-text-number", severity=Severity.warning, sheet="二、主动公开政府信息情况",
                      cell="B8", key="t2.licensing.decisions", args={"raw": "1", "value": 1}, message="一")
    moved = finding.model_copy(update={"cell": "C9", "message": "措辞改了", "hint": "另一建议"})
    assert fingerprint(moved) == fingerprint(finding)
    for changed in ({"args": {"raw": "2", "value": 2}}, {"key": "t2.licensing.other"}, {"rule": "cell-unclean-number"}):
        assert fingerprint(finding.model_copy(update=changed)) != fingerprint(finding), changed


def test_the_template_begins_from_last_years_accepted_report(client, office, app, tmp_path):
    """Accepted in 2023's collection, the agency's 2024 template carries its contacts and 表三's carry-over."""
    from xxgk.jsonio import load_report, report_from_json

    from conftest import EXAMPLE_JSON

    name = f"测试县人民政府办公室{next(offices)}"
    last = json.loads(EXAMPLE_JSON.read_text("utf-8"))
    last["metadata"]["report_year"] = 2023
    (tmp_path / "2023.json").write_text(json.dumps(last, ensure_ascii=False), "utf-8")
    answer = office.create(name, [EXAMPLE_AGENCY], year=2023, deadline="2024-03-31")
    earlier, links = office.collection_id(answer), links_of(answer.text)
    clerk = agency(app, links[EXAMPLE_AGENCY])
    clerk.upload(tmp_path / "2023.json")
    clerk.explain(dict.fromkeys(clerk.fingerprints(), "已核对"), "submit")
    office.post(office.agency_path(earlier, EXAMPLE_AGENCY) + "/decide", action="accept", remark="")

    answer = office.create(name, [], previous=earlier)
    link = links_of(answer.text)[EXAMPLE_AGENCY]
    template = agency(app, link).client.get(link + "/template.xlsx")
    (tmp_path / "2024.xlsx").write_bytes(template.content)
    report = load_report(tmp_path / "2024.xlsx")
    previous = report_from_json((tmp_path / "2023.json").read_bytes())
    assert report.metadata.report_year == 2024 and report.metadata.agency_name == EXAMPLE_AGENCY
    assert report.metadata.phone == previous.metadata.phone and report.metadata.signing_date is None
    assert report.value("t3.carried_over.natural_person") == previous.value("t3.carried_forward.natural_person")
    assert report.value("t3.new_received.natural_person") is None  # this year's to fill
