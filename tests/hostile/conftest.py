from __future__ import annotations

import datetime

import pytest

from xxgk.jsonio import dumps_report
from xxgk.workbook.fill import filled_bytes

from .harness import Healthy
from conftest import EXAMPLE_XLSX
from support import example_report


@pytest.fixture(scope="session")
def healthy() -> Healthy:
    """The example, and the same agency's report of the year after (the cases are derived from the example,
    so each can stand as that report's last year)."""
    report = example_report()
    meta = report.metadata
    later = report.model_copy(update={"metadata": meta.model_copy(update={
        "report_year": meta.report_year + 1, "period_start": datetime.date(meta.report_year + 1, 1, 1),
        "period_end": datetime.date(meta.report_year + 1, 12, 31),
        "signing_date": datetime.date(meta.report_year + 2, 1, 20)})})
    return Healthy(EXAMPLE_XLSX.read_bytes(), filled_bytes(later), dumps_report(later).encode("utf-8"))
