"""The whole collection in a real browser (Playwright driving Debian's Chromium against ``xxgk serve``): the
office creates a collection and downloads the links; an agency opens its link, uploads a workbook with a broken
表三 column, sees the marked cell, uploads the fixed one, explains a warning and submits; the office sees 已提交,
marks the warning 已核实 and accepts, sees the dashboard's chart, downloads the roll-up and reads it back
with ``xxgk convert``. Screenshots of each page go to ``out/screenshots/journey-*.png``."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time

import pytest

from serving import start_server, stop_server
from test_serve_browser import SCREENSHOTS
from xxgk.jsonio import load_report
from xxgk.serve.auth import add_user
from xxgk.serve.clock import now
from xxgk.serve.store import Store

from support import write_workbook

PASSWORD = "correct horse battery"
BROKEN_T3 = "t3.new_received.natural_person = 999"
AGENCY = "额敏县上户镇人民政府"  # the bundled example's agency


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    store = Store.open(data)
    with store.transaction() as session:
        add_user(session, "张三", PASSWORD, now(time.time))
    store.close()
    process, base = start_server(data)
    yield base
    stop_server(process)


def shot(page, name: str, at=None) -> None:
    """The whole page; with ``at``, also what the screen shows around that element."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"journey-{name}.png", full_page=True)
    if at is not None:
        at.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / f"journey-{name}-here.png")


def test_the_office_collects_and_an_agency_submits(browser, server, tmp_path):
    problems: list[str] = []
    office = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    staff = office.new_page()
    staff.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    staff.goto(server + "/admin")
    assert staff.url.endswith("/admin/login")
    staff.fill("input[name=name]", "张三")
    staff.fill("input[name=password]", PASSWORD)
    shot(staff, "01-login")
    staff.click("button[type=submit]")
    staff.wait_for_url("**/admin")
    staff.fill("input[name=office]", "额敏县人民政府办公室")
    staff.fill("input[name=year]", "2024")
    staff.fill("input[name=deadline]", "2025-03-31")
    staff.fill("textarea[name=names]", f"{AGENCY}\n额敏县教育局\n额敏县 教育局")
    shot(staff, "02-new-collection")
    staff.click("text=创建收集并生成报送链接")
    staff.wait_for_selector("text=以下链接只显示这一次")
    shot(staff, "03-links")
    with staff.expect_download() as info:
        staff.click("text=下载链接清单（CSV）")
    saved = tmp_path / "links.csv"
    info.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text("utf-8-sig"))))
    assert rows[0] == ["报送单位", "报送链接"] and len(rows) == 3  # 额敏县 教育局 is 额敏县教育局
    link = dict(rows[1:])[AGENCY]

    clerk_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    clerk = clerk_context.new_page()  # the township's phone: no staff session
    clerk.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    clerk.goto(link)
    assert "未报送" in clerk.inner_text(".status")
    shot(clerk, "04-agency")
    clerk.set_input_files("input[name=file]", str(write_workbook(tmp_path / "上户镇2024年报.xlsx", BROKEN_T3)))
    clerk.click("text=上传并校验")
    clerk.wait_for_selector("td.mark.error")
    assert "校验未通过" in clerk.inner_text(".summary")
    assert clerk.is_disabled("button[value=submit]")
    marked = clerk.locator("td.mark.error").first
    marked.scroll_into_view_if_needed()
    marked.locator("summary").click()
    assert "错误" in marked.locator(".why").inner_text()
    shot(clerk, "05-agency-broken", marked)

    clerk.set_input_files("input[name=file]", str(write_workbook(tmp_path / "上户镇2024年报-修改.xlsx")))
    clerk.click("text=上传并校验")
    clerk.wait_for_selector("text=第 2 版")
    assert clerk.locator("td.mark.error").count() == 0
    note = clerk.locator("textarea[name^=note-]")
    assert note.count() == 1  # the example's warning: a document number in round brackets
    note.fill("文号系照录原文件")
    shot(clerk, "06-agency-explained", note)
    clerk.click("button[value=submit]")
    clerk.wait_for_selector("text=撤回提交")
    assert "已提交" in clerk.inner_text(".status")
    shot(clerk, "07-agency-submitted", clerk.locator(".status"))

    staff.goto(server + "/admin")
    staff.click("text=额敏县人民政府办公室")
    assert "已提交" in staff.inner_text("table.states")
    shot(staff, "08-collection")
    staff.click(f"text={AGENCY}")
    assert "单位说明：文号系照录原文件" in staff.inner_text(".findings")
    staff.click("text=标记为已核实")
    staff.wait_for_selector("text=政务公开办已核实（张三）")
    shot(staff, "09-office-agency", staff.locator(".verified"))
    staff.click("button[value=accept]")
    staff.wait_for_selector(".status >> text=已接收")
    shot(staff, "10-accepted")
    clerk.reload()
    assert "已接收" in clerk.inner_text(".status")
    shot(clerk, "11-agency-accepted")

    staff.goto(server + "/admin")  # the dashboard: the charts, and the roll-up read back by the command
    staff.click("text=额敏县人民政府办公室")
    staff.click("text=总览与汇总")
    staff.wait_for_selector("table.dashboard")
    assert "已接收" in staff.inner_text("table.dashboard") and "未报送" in staff.inner_text("table.dashboard")
    chart = staff.locator("img[src$='/charts/states.svg']")
    chart.scroll_into_view_if_needed()
    staff.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    shot(staff, "12-dashboard", chart)
    with staff.expect_download() as info:
        staff.click("text=汇总表（.xlsx）")
    rolled = tmp_path / "汇总.xlsx"
    info.value.save_as(rolled)
    done = subprocess.run([sys.executable, "-m", "xxgk", "convert", str(rolled), "-o", str(tmp_path / "汇总.json")],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    total, accepted = load_report(tmp_path / "汇总.json"), load_report(tmp_path / "上户镇2024年报-修改.xlsx")
    for key in ("t3.new_received.total", "t3.total_processed.total", "t2.licensing.decisions"):
        assert total.value(key) == accepted.value(key), key  # one accepted report: the roll-up is that report
    with staff.expect_download() as info:  # the archive as data: DuckDB sums the Parquet's column
        staff.click("text=数据表（Parquet）")
    facts = tmp_path / "数据表.parquet"
    info.value.save_as(facts)
    import duckdb

    (penalties,) = duckdb.execute(f"SELECT sum(value) FROM '{facts}' WHERE key = 't2.penalty.decisions'").fetchone()
    assert penalties == accepted.value("t2.penalty.decisions") == 3
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                storage_state=office.storage_state())
    small = phone.new_page()
    small.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    small.goto(staff.url)
    assert small.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    shot(small, "13-dashboard-phone")
    phone.close()
    assert problems == []  # no CSP violation, no script error
    office.close()
    clerk_context.close()
