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
