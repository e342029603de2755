"""The live marks (``XlwingsMarker``) against the annotated copy (openpyxl): the same plan, the same record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xxgk.excel.button import run
from xxgk.excel.marker import XlwingsMarker, hex_color, hyperlink_formula
from xxgk.marks import apply, plan_marks
from xxgk.marks.openpyxl_copy import annotate_file
from xxgk.marks.plan import MARKS_SHEET, RESULTS_SHEET
from xxgk.model import Finding
from xxgk.workbook.reader import read_workbook

from support import validate_placed, write_workbook
from xlwings_fake import Book

T3 = "三、收到和处理政府信息公开申请情况"
CELLS = "t3.new_received.natural_person = '５'\nt3.carried_over.natural_person = '/'\nt3.new_received.total = 99"


def _shown(book: Book) -> dict:
    """What a person sees: visible sheets in order, and every sheet's values (links as their text), fills, notes."""
    state = book.state()
    for sheet in state.values():
        sheet["values"] = {cell: _link_text(v) for cell, v in sheet["values"].items()}
    return {"tabs": [s.name for s in book.sheets if s.visible], "sheets": state}


def _link_text(value):
    link = re.fullmatch(r'=HYPERLINK\("#[^"]*","(.*)"\)', value) if isinstance(value, str) else None
    return link.group(1) if link else float(value) if isinstance(value, int) else value


@pytest.fixture
def saved(tmp_path) -> Path:
    return write_workbook(tmp_path / "年报.xlsx", CELLS)


def test_excel_shows_what_the_annotated_copy_shows(tmp_path, saved):
    live = Book.from_file(saved, fullname="年报.xlsx")
    run(live)
    annotate_file(saved, tmp_path / "标注副本.xlsx", validate_placed(read_workbook(saved)))
    copy = Book.from_file(tmp_path / "标注副本.xlsx")
    assert _shown(live) == _shown(copy)
    assert live.active == copy.active == RESULTS_SHEET


def test_marking_the_annotated_copy_in_excel_first_clears_its_marks(tmp_path, saved):
    annotate_file(saved, tmp_path / "标注副本.xlsx", [
        Finding(rule="t3-balance", severity="error", sheet=T3, cell=f"{c}{r}", message="旧的问题", hint="旧的建议")
        for c in "EFG" for r in (7, 8)
    ])
    copy, original = Book.from_file(tmp_path / "标注副本.xlsx", fullname="副本"), Book.from_file(saved, fullname="年报")
    run(copy), run(original)
    assert _shown(copy) == _shown(original)


def test_the_record_keeps_what_was_there_before_as_text(tmp_path, saved):
    book = Book.from_file(saved, fullname="年报.xlsx")
    book.sheets[T3].colors[(5, 4)] = (0, 0, 0)  # a black cell: "000000" must not become the number 0
    run(book)
    record = book.sheets[MARKS_SHEET]
    rows = {(record.values[(r, 1)], record.values[(r, 2)]): record.values.get((r, 3))
            for r in range(2, max(r for r, _ in record.values) + 1)}
    assert rows[(T3, "D5")] == "000000" and rows[(T3, "D6")] == "FFF2CC"
    assert not record.visible
    book.sheets[T3].values[(5, 4)] = 0.0
    book.sheets[T3].values[(6, 4)] = 0.0
    run(book)
    assert book.sheets[T3].colors[(5, 4)] == (0, 0, 0)


def test_the_record_is_written_before_any_cell_is_changed(saved):
    book = Book.from_file(saved, fullname="年报.xlsx")
    plan = plan_marks(validate_placed(read_workbook(saved)))
    apply(plan, XlwingsMarker(book, plan))
    writes = [(c.kind, c.sheet) for c in book.calls.writes]
    record_written = writes.index(("write", MARKS_SHEET))
    first_mark = min(i for i, (kind, _) in enumerate(writes) if kind in ("fill", "note+"))
    assert record_written < first_mark


def test_notes_are_sized_for_a_message_and_its_hint(saved):
    book = Book.from_file(saved, fullname="年报.xlsx")
    run(book)
    assert {note.size for note in book.sheets[T3].notes.values()} == {(360, 180)}


def test_colours_and_links():
    assert hex_color((255, 242, 204)) == "FFF2CC" and hex_color(None) == ""
    assert hyperlink_formula("'表\"一'!D5", '表"一!D5') == '=HYPERLINK("#\'表""一\'!D5","表""一!D5")'
