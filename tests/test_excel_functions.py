"""The formula function XXGK_FINDINGS, a plain Python function on Linux (xlwings' decorators are no-ops here)."""

from __future__ import annotations

import pytest

from xxgk.excel.functions import NOT_A_SHEET, NOTHING_FOUND, XXGK_FINDINGS
from xxgk.workbook.layout import layout_for
from xxgk.workbook.reader import read_workbook

from support import write_workbook
from xlwings_fake import Book

CELLS = {
    "T3": "t3.new_received.natural_person = '５'\nt3.carried_over.natural_person = '/'\nt3.granted.natural_person = 2.5\n"
          "t3.new_received.total = 99",
    "T2": "t2.fees.amount_wan_yuan = '1500元'\nt2.regulations.issued = -1",
    "metadata": "metadata.postcode = 12345\nmetadata.signing_date = '2025年13月1日'",
    "T4": "",
}
SHEETS = [s for s in layout_for("2021").sheets if s.bindings]


@pytest.mark.parametrize("cells", CELLS.values(), ids=CELLS.keys())
@pytest.mark.parametrize("plan", SHEETS, ids=[s.name for s in SHEETS])
def test_the_findings_of_a_sheet_are_the_readers_on_that_sheet(tmp_path, cells, plan):
    path = write_workbook(tmp_path / "年报.xlsx", cells)
    values = Book.from_file(path).sheets[plan.name].range((1, 1), (plan.max_row + 2, plan.max_col + 1))
    got = XXGK_FINDINGS(values.options(ndim=2, err_to_str=True).value)
    expected = [f"{f.cell}　{f.severity.label}：{f.message}" for f in read_workbook(path).findings if f.sheet == plan.name]
    assert got == [[line] for line in expected or [NOTHING_FOUND]]


def test_values_that_are_no_sheet_of_the_template_say_so(tmp_path):
    path = write_workbook(tmp_path / "年报.xlsx")
    t3 = next(s for s in SHEETS if s.name.startswith("三"))
    cut = Book.from_file(path).sheets[t3.name].range("B2:K33").options(ndim=2).value  # not from A1
    assert XXGK_FINDINGS(cut) == [[NOT_A_SHEET]]
    assert XXGK_FINDINGS([[1.0, "姓名"]]) == [[NOT_A_SHEET]]
    assert XXGK_FINDINGS([]) == [[NOT_A_SHEET]]
