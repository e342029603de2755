"""Which cells hold a formula, from the package's own bounded parse of a sheet (the same for both engines)."""

from __future__ import annotations

from openpyxl import load_workbook

from test_guard import single_sheet_workbook
from xxgk.workbook.layout import layout_for
from xxgk.workbook.package import Package
from xxgk.workbook.sources import open_source

SHEET = (
    b'<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><v>3</v></c>'
    b'<c r="C1"><f t="shared" ref="C1:C2" si="0">A1</f><v>2</v></c></row>'
    b'<row r="2"><c r="C2"><f t="shared" si="0"/></c><c><f>A1</f></c></row>'  # the cell without r is D2
    b'<row><x:c xmlns:x="urn:other" r="B3"><x:f>1</x:f></x:c><c r="F3"><f>1</f></c></row>'  # row 3, F past the block
    b'<row r="4"><c r="A4" t="s"><v>0</v></c><c r="E4"/>'  # an f that is not a cell's own: not E4's formula
    b'<x:dv xmlns:x="urn:x"><xm:f xmlns:xm="urn:xm">S!A1</xm:f></x:dv></row>'
    b'<row r="9"><c r="A9"><f>1</f></c></row>'  # past the block: not looked at
)


def test_formulas_of_the_block_with_shared_formulas_and_implicit_positions(tmp_path):
    path = single_sheet_workbook(tmp_path / "s.xlsx", SHEET)
    assert Package(path).formula_cells("S", 5, 5) == {(1, 1), (1, 3), (2, 3), (2, 4), (3, 2)}
    assert Package(path).formula_cells("S", 1, 2) == {(1, 1)}
    assert Package(path).formula_cells("missing", 5, 5) == frozenset()


def test_both_engines_answer_from_the_same_parse(tmp_path, example_xlsx):
    """The bundled example's totals are formulas (a cell typed over is not), whichever engine reads it."""
    wb = load_workbook(example_xlsx)
    plan = layout_for("2021").table_sheet("t4")
    total = layout_for("2021").bindings["t4.review.total"]
    wb[plan.name].cell(total.row, total.col).value = 7
    wb.save(tmp_path / "typed.xlsx")
    answers = []
    for engine in ("openpyxl", "calamine"):
        source = open_source(tmp_path / "typed.xlsx", engine)
        try:
            answers.append(source.formula_cells(plan.name, plan.max_row, plan.max_col))
        finally:
            source.close()
    assert answers[0] == answers[1]
    derived = {(b.row, b.col) for b in plan.bindings if b.derived}
    assert answers[0] & derived == derived - {(total.row, total.col)}
