"""The check page in a real browser: Playwright driving Debian's Chromium against ``xxgk serve`` on loopback.

Screenshots go to ``out/screenshots/`` for a person to look at. Skipped without Chromium or Playwright, except
in CI, where they must be there (``.ci/run`` installs ``chromium``).
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from serving import start_server, stop_server

from conftest import ROOT
from support import write_workbook

SCREENSHOTS = ROOT / "out" / "screenshots"
BROKEN_T3 = "t3.new_received.natural_person = 999"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, base = start_server(tmp_path_factory.mktemp("data"))
    yield base
    stop_server(process)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_upload_broken_workbook_see_the_marked_cell_and_download_the_annotated_copy(browser, server, tmp_path,
                                                                                       viewport):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    broken = write_workbook(tmp_path / "某县某局2024年报.xlsx", BROKEN_T3)
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True,
                                  is_mobile=viewport == "phone", has_touch=viewport == "phone")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    page.screenshot(path=SCREENSHOTS / f"index-{viewport}.png", full_page=True)
    page.set_input_files("input[name=file]", str(broken))
    page.click("button[type=submit]")
    page.wait_for_url("**/r/*")
    assert "校验未通过" in page.inner_text(".summary")

    marked = page.locator("td.mark.error").first
    marked.scroll_into_view_if_needed()
    title = marked.get_attribute("title")
    assert title and "错误" in title
    marked.locator("summary").click()  # a tap opens the message
    why = marked.locator(".why")
    assert why.is_visible() and why.inner_text().strip() == title.strip()
    page.screenshot(path=SCREENSHOTS / f"result-{viewport}.png", full_page=True)
    marked.screenshot(path=SCREENSHOTS / f"marked-cell-{viewport}.png")
    page.screenshot(path=SCREENSHOTS / f"result-{viewport}-at-cell.png")  # what the screen shows there
    assert "【三、收到和处理政府信息公开申请情况】" in page.inner_text(".findings")

    with page.expect_download() as info:
        page.click("text=标注副本（.xlsx）")
    download = info.value
    assert download.suggested_filename == "某县某局2024年报-标注.xlsx"
    saved = tmp_path / "annotated.xlsx"
    download.save_as(saved)
    book = load_workbook(saved)
    assert "校验结果" in book.sheetnames
    assert problems == []  # no CSP violation, no script error
    context.close()
