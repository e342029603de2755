from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "workbook_templates"
EXAMPLE_XLSX = TEMPLATES / "example-2024.xlsx"
EXAMPLE_JSON = TEMPLATES / "example-2024.json"


@pytest.fixture
def example_xlsx() -> Path:
    return EXAMPLE_XLSX


@pytest.fixture
def soffice() -> str:
    """LibreOffice, the real spreadsheet engine; CI installs it, so there it must be present."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc libreoffice-writer)")
    return path


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def required(reason: str):
    """Skip for a missing tool, except in CI (``.ci/run`` installs it), where it must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download is not reachable)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        required("playwright is not installed")
    if not Path(CHROMIUM).exists():
        required("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    """The ``--database`` of the service under test: None (SQLite in the data folder) or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield None
        return
    from databases import postgres_schema

    url, drop = postgres_schema()
    yield url
    drop()
