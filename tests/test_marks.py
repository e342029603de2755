"""Marks: the plan every marker draws, and the annotated copy (openpyxl), opened again by LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment

from xxgk.jsonio import load_report
from xxgk.marks import apply, plan_marks
from xxgk.marks.openpyxl_copy import annotate_file
from xxgk.marks.plan import FILL_COLORS, MARKS_SHEET, NOTE_AUTHOR, RESULTS_HEADER, RESULTS_SHEET, rectangles
from xxgk.model import Finding, Severity

from support import recalculated, validate_placed, write_workbook

T3 = "三、收到和处理政府信息公开申请情况"
T2 = "二、主动公开政府信息情况"
RED, AMBER, INPUT, DERIVED = FILL_COLORS[Severity.error], FILL_COLORS[Severity.warning], "FFF2CC", "EDEDED"


def _finding(rule: str, severity: str, sheet: str | None, cell: str | None, message: str = "说明") -> Finding:
    return Finding(rule=rule, severity=severity, sheet=sheet, cell=cell, message=message, hint="建议")


# --------------------------------------------------------------------------- the plan


def test_rectangles_group_cells_into_few_ranges():
    cells = ["D5", "E5", "F5", "D6", "E6", "F6", "H6", "D8", "A1", "D9"]
    assert rectangles(cells) == ["A1", "D5:F6", "H6", "D8:D9"]
    assert rectangles(["B2", "B3", "C3"]) == ["B2", "B3:C3"]
    assert rectangles([]) == []


def test_a_cell_takes_its_worst_severity_and_one_note_with_every_message():
    findings = [
        _finding("a", "warning", T3, "D5", "警告一"),
        _finding("b", "error", T3, "D5", "错误一"),
        _finding("c", "warning", T3, "E5", "警告二"),
        _finding("d", "info", T2, "B4", "提示一"),
        _finding("e", "warning", None, None, "全报告的问题"),
    ]
    plan = plan_marks(findings)
    assert {(f.sheet, f.ref, f.color) for f in plan.fills} == {(T3, "D5", RED), (T3, "E5", AMBER)}
    notes = {(n.sheet, n.cell): n.text for n in plan.notes}
    assert set(notes) == {(T3, "D5"), (T3, "E5"), (T2, "B4")}  # info: a note, no colour
    assert "警告：警告一" in notes[(T3, "D5")] and "错误：错误一" in notes[(T3, "D5")]
    assert [r.number for r in plan.rows] == [1, 2, 3, 4, 5]
    assert plan.rows[0].target == f"'{T3}'!D5" and plan.rows[4].target is None
    assert plan.rows[4].location == "全报告"
    assert plan.rows[1].values == (2, "错误", f"{T3}!D5", "错误一", "建议", "b")
    assert plan.summary == "校验结果：错误 1 项，警告 3 项，提示 1 项。"


def test_apply_draws_fills_then_notes_then_results_after_clearing():
    calls = []

    class Recorder:
        def clear(self):
            calls.append(("clear",))

        def fill(self, sheet, ref, color):
            calls.append(("fill", sheet, ref, color))

        def note(self, sheet, cell, text):
            calls.append(("note", sheet, cell))

        def results(self, plan):
            calls.append(("results", len(plan.rows)))

    cells = [_finding("t3-balance", "error", T3, f"{c}29") for c in "DEF"]
    apply(plan_marks(cells), Recorder())
    assert calls == [("clear",), ("fill", T3, "D29:F29", RED), ("note", T3, "D29"), ("note", T3, "E29"),
                     ("note", T3, "F29"), ("results", 3)]


# --------------------------------------------------------------------------- the annotated copy

BROKEN = """
    t2.licensing.decisions = /
    t3.new_received.natural_person = 5
    t3.carried_over.natural_person = 1
    t3.granted.natural_person = 4
    t3.carried_forward.natural_person = 1
    t3.new_received.total = 9
"""


def _color(cell) -> str:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else ""


@pytest.fixture
def broken(tmp_path) -> tuple[Path, list[Finding]]:
    path = write_workbook(tmp_path / "broken.xlsx", BROKEN)
    return path, validate_placed(load_report(path))


def test_annotated_copy_marks_cells_and_lists_findings(tmp_path, broken):
    source, findings = broken
    before = source.read_bytes()
    out = tmp_path / "annotated.xlsx"
    annotate_file(source, out, findings)
    assert source.read_bytes() == before  # the input is never modified

    wb = load_workbook(out)
    assert wb.sheetnames[0] == RESULTS_SHEET and wb.active.title == RESULTS_SHEET
    assert _color(wb[T2]["B8"]) == RED and _color(wb[T3]["D29"]) == RED and _color(wb[T3]["J5"]) == RED
    assert _color(wb["一、总体情况"]["A7"]) == AMBER  # the text saying no applications were received
    assert _color(wb[T3]["D28"]) == DERIVED and _color(wb[T3]["E29"]) == INPUT  # unmarked cells untouched
    comment = wb[T3]["D29"].comment
    assert comment.author == NOTE_AUTHOR and "6（5 + 1）" in comment.text and "修改建议" in comment.text

    ws = wb[RESULTS_SHEET]
    assert ws["A1"].value.startswith("校验结果：错误 3 项")
    assert tuple(c.value for c in ws[3]) == RESULTS_HEADER
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == len(findings)
    assert [r[5] for r in rows] == [f.rule for f in findings]
    link = next(c for c in ws["C"][3:] if c.value == f"{T3}!D29")
    assert link.hyperlink.location == f"'{T3}'!D29"
    assert wb[MARKS_SHEET].sheet_state == "veryHidden"


def test_the_annotated_copy_reads_like_the_original(tmp_path, broken):
    source, findings = broken
    annotate_file(source, tmp_path / "a.xlsx", findings)
    assert validate_placed(load_report(tmp_path / "a.xlsx")) == findings


def test_annotating_again_replaces_the_marks(tmp_path, broken):
    source, findings = broken
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    annotate_file(source, first, findings)
    # the user fixes the balance in the annotated copy, then validates it again
    wb = load_workbook(first)
    wb[T3]["G7"].comment = Comment("数据来源：办公室台账", "张三")  # a note of the user's own, kept
    wb[T3]["D7"] = 5
    wb.save(first)
    refixed = validate_placed(load_report(first))
    assert "t3-balance" not in {f.rule for f in refixed}
    annotate_file(first, second, refixed)

    wb = load_workbook(second)
    assert wb.sheetnames.count(RESULTS_SHEET) == 1 and wb.sheetnames.count(MARKS_SHEET) == 1
    assert _color(wb[T3]["D29"]) == INPUT and wb[T3]["D29"].comment is None  # old mark gone, fill restored
    assert _color(wb[T3]["J5"]) == RED  # still wrong, still marked
    assert wb[T3]["G7"].comment.text == "数据来源：办公室台账"
    assert len(list(wb[RESULTS_SHEET].iter_rows(min_row=4))) == len(refixed)


def test_a_users_comment_on_a_marked_cell_comes_back_when_fixed(tmp_path):
    path = write_workbook(tmp_path / "c.xlsx", "t2.licensing.decisions = /")
    wb = load_workbook(path)
    wb[T2]["B8"].comment = Comment("待核实", "李四")
    wb.save(path)
    annotate_file(path, tmp_path / "marked.xlsx", validate_placed(load_report(path)))
    assert load_workbook(tmp_path / "marked.xlsx")[T2]["B8"].comment.author == NOTE_AUTHOR
    annotate_file(tmp_path / "marked.xlsx", tmp_path / "clear.xlsx", [])
    wb = load_workbook(tmp_path / "clear.xlsx")
    assert (wb[T2]["B8"].comment.text, wb[T2]["B8"].comment.author) == ("待核实", "李四")
    assert _color(wb[T2]["B8"]) == INPUT
    assert wb[RESULTS_SHEET]["A1"].value == "校验结果：未发现问题。"


def test_other_content_of_the_users_workbook_is_kept(tmp_path, broken):
    source, findings = broken
    wb = load_workbook(source)
    wb.create_sheet("台账")["A1"] = "本年度收文登记"
    wb.save(source)
    annotate_file(source, tmp_path / "a.xlsx", findings)
    assert load_workbook(tmp_path / "a.xlsx")["台账"]["A1"].value == "本年度收文登记"


def test_libreoffice_opens_the_annotated_copy(soffice, tmp_path, broken):
    source, findings = broken
    before = source.read_bytes()
    out = tmp_path / "annotated.xlsx"
    annotate_file(source, out, findings)
    saved = recalculated(soffice, out, tmp_path / "lo")
    wb = load_workbook(saved)
    assert RESULTS_SHEET in wb.sheetnames
    assert _color(wb[T3]["D29"]) == RED and _color(wb[T2]["B8"]) == RED and _color(wb["一、总体情况"]["A7"]) == AMBER
    assert "6（5 + 1）" in wb[T3]["D29"].comment.text
    results = [r for r in wb[RESULTS_SHEET].iter_rows(min_row=4) if r[0].value is not None]
    assert len(results) == len(findings)
    assert {r[2].hyperlink.location for r in results} == {f"'{f.sheet}'!{f.cell}" for f in findings}
    assert source.read_bytes() == before
