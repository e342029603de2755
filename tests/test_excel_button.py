"""The ribbon button (``xxgk.excel.button.run``) on a fake of the xlwings calls it makes, built from real files."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from xxgk.excel import button, messages
from xxgk.excel.button import run
from xxgk.excel.source import XlwingsSource
from xxgk.marks import plan_marks
from xxgk.marks.plan import MARKS_SHEET, RESULTS_SHEET
from xxgk.model import Severity
from xxgk.workbook.layout import META_SHEET, layout_for
from xxgk.workbook.reader import read_workbook, report_from_source

from support import recalculated, run_cli, validate_placed, write_workbook
from xlwings_fake import Book

T3 = "三、收到和处理政府信息公开申请情况"
BROKEN = {
    "as filled": "",
    "T3 does not balance": "t3.new_received.natural_person = 5",
    "text, placeholder, fraction": "t3.new_received.natural_person = '５'\nt3.carried_over.natural_person = '/'\n"
                                   "t3.granted.natural_person = 2.5",
    "number stored as text": "t3.new_received.natural_person = '5'\nt3.granted.natural_person = '5'",
    "total typed over": "t3.new_received.total = 99",
    "error in a total": {"t3.new_received.total": "#DIV/0!"},  # as a dict: "#" starts a comment in the text
    "total formula deleted": "t3.new_received.natural_person = 2\nt3.granted.natural_person = 2\nt3.granted.total =",
    "metadata": "metadata.postcode = 12345\nmetadata.signing_date = '2025年13月1日'\nmetadata.report_year = 2024.0",
    "amount in yuan": "t2.fees.amount_wan_yuan = '1500元'",
}


@pytest.fixture(autouse=True)
def log_dir(tmp_path, monkeypatch) -> Path:
    """Where the button writes its log of a failure (the system's temporary folder)."""
    monkeypatch.setattr(button.tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _book(tmp_path: Path, cells: str | dict = "", name: str = "年报.xlsx", *, saved: bool = False, **kw) -> Book:
    """A book open in Excel with the cells of a saved file; never saved itself unless ``saved``."""
    path = write_workbook(tmp_path / name, cells)
    return Book.from_file(path, fullname=kw.get("fullname", str(path) if saved else name))


def _results(book: Book) -> list[tuple]:
    """The rows of the 校验结果 sheet below its header, links shown as their text."""
    sheet = book.sheets[RESULTS_SHEET]
    rows = []
    for r in range(4, max(r for r, _ in sheet.values) + 1):
        row = [sheet.values.get((r, c)) for c in range(1, 7)]
        link = re.fullmatch(r'=HYPERLINK\("#[^"]*","(.*)"\)', str(row[2]))
        rows.append((int(row[0]), row[1], link.group(1) if link else row[2], *row[3:]))
    return rows


# ----------------------------------------------------------------- the same findings as `xxgk validate`


@pytest.mark.parametrize("cells", BROKEN.values(), ids=BROKEN.keys())
def test_findings_are_those_of_xxgk_validate_on_the_saved_file(tmp_path, cells):
    book = _book(tmp_path, cells)
    run(book)
    cli = json.loads(run_cli("validate", tmp_path / "年报.xlsx", "--format", "json").output)["findings"]
    expected = [(n, Severity(f["severity"]).label, f"{f['sheet']}!{f['cell']}" if f["cell"] else f["sheet"] or "全报告",
                 f["message"], f["hint"], f["rule"]) for n, f in enumerate(cli, start=1)]
    assert _results(book) == expected
    assert len(book.alerts) == 1


@pytest.mark.parametrize("cells", BROKEN.values(), ids=BROKEN.keys())
def test_live_cells_build_the_model_the_file_reader_builds(tmp_path, cells):
    book = _book(tmp_path, cells)
    live = report_from_source(XlwingsSource(book), name=book.name)
    saved = read_workbook(tmp_path / "年报.xlsx")
    assert live.model_dump(exclude={"provenance"}) == saved.model_dump(exclude={"provenance"})


def test_totals_as_excel_computes_them_give_the_same_findings(tmp_path, soffice):
    """Excel shows the totals its formulas compute; a file written by openpyxl has none (LibreOffice computes them)."""
    original = write_workbook(tmp_path / "年报.xlsx", BROKEN["text, placeholder, fraction"] + "\nt3.granted.total = 7")
    computed = recalculated(soffice, original, tmp_path / "calc")
    book = Book.from_file(computed, fullname="年报.xlsx")
    total = layout_for("2021").bindings["t3.new_received.total"]
    assert book.sheets[T3].values[(total.row, total.col)] == 0.0  # computed by the formula, which skips the text ５
    run(book)
    for path in (original, computed):
        cli = json.loads(run_cli("validate", path, "--format", "json").output)["findings"]
        assert [row[-1] for row in _results(book)] == [f["rule"] for f in cli]
        assert [row[3] for row in _results(book)] == [f["message"] for f in cli]


def test_each_sheet_is_read_in_one_call(tmp_path):
    book = _book(tmp_path, BROKEN["T3 does not balance"])
    run(book)
    reads = book.calls.of("read")
    layout_sheets = [s.name for s in layout_for("2021").sheets] + [META_SHEET]
    assert sorted(c.sheet for c in reads) == sorted(layout_sheets)
    assert all(c.detail.get("ndim") == 2 for c in reads)


# ----------------------------------------------------------------- calls per range, not per cell


def test_fill_calls_grow_with_marked_ranges_not_cells(tmp_path):
    column = "\n".join(f"{b.key} = 'x'" for b in layout_for("2021").bindings.values()
                       if b.sheet == T3 and b.col == 4 and not b.derived)
    one, whole = _book(tmp_path, "t3.new_received.natural_person = 'x'", "one.xlsx"), _book(tmp_path, column, "all.xlsx")
    run(one), run(whole)
    plans = {b: plan_marks(validate_placed(read_workbook(tmp_path / b.name))) for b in (one, whole)}
    for book, plan in plans.items():
        assert [c.ref for c in book.calls.of("fill", sheet=T3)] == [f.ref for f in plan.fills if f.sheet == T3]
    assert [c.ref for c in whole.calls.of("fill", sheet=T3)] == ["D5:D27", "D29"]  # 24 cells, 2 calls
    assert len(plans[whole].marked) >= len(plans[one].marked) + 20
    assert len(whole.calls.of("write")) == len(one.calls.of("write")) == 2  # the record, the 校验结果 sheet
    # notes are one call per cell: each cell has its own text, and xlwings has no call for several notes
    assert len(whole.calls.of("note+")) == len(plans[whole].notes)


# ----------------------------------------------------------------- again, and after a fix


def test_running_twice_leaves_what_running_once_leaves(tmp_path):
    book = _book(tmp_path, BROKEN["text, placeholder, fraction"])
    run(book)
    once = book.state()
    run(book)
    assert book.state() == once
    assert [s.name for s in book.sheets].count(RESULTS_SHEET) == 1


def test_fixing_a_cell_and_running_again_removes_its_mark(tmp_path):
    book = _book(tmp_path, BROKEN["T3 does not balance"])
    clean = _book(tmp_path, "", "clean.xlsx")
    run(book), run(clean)
    t3 = book.sheets[T3]
    assert t3.colors[(29, 4)] == (0xFF, 0x7C, 0x80) and (29, 4) in t3.notes
    t3.values[(5, 4)] = 0.0  # the clerk types 0 again in D5
    run(book)
    assert book.state() == clean.state()
    assert t3.colors[(29, 4)] == (0xFF, 0xF2, 0xCC) and (29, 4) not in t3.notes  # the template's input colour


def test_a_note_of_the_clerk_is_kept_and_given_back(tmp_path):
    book = _book(tmp_path, BROKEN["T3 does not balance"])
    t3 = book.sheets[T3]
    from xlwings_fake import Note

    t3.notes[(29, 4)] = Note(t3, (29, 4), "请科室核实")
    run(book)
    assert "第一项加第二项之和为 5" in t3.notes[(29, 4)].text
    t3.values[(5, 4)] = 0.0
    run(book)
    assert t3.notes[(29, 4)].text == "请科室核实"


# ----------------------------------------------------------------- refusals and failures


def test_a_workbook_that_is_not_a_template_gets_one_message_and_no_change():
    book = Book("工作簿1")
    book.add_sheet("Sheet1", {"A1": "姓名", "B1": 3.0})
    before = book.state()
    run(book)
    assert book.calls.writes == [] and book.state() == before
    [alert] = book.alerts
    assert "不是政府信息公开工作年度报告模板" in alert["prompt"] and messages.UNCHANGED in alert["prompt"]
    assert alert["title"] == messages.TITLE


def test_a_template_with_a_deleted_sheet_gets_one_message_and_no_change(tmp_path):
    book = _book(tmp_path)
    book.sheets.items.remove(book.sheets[T3])
    run(book)
    assert book.calls.writes == []
    [alert] = book.alerts
    assert f"缺少工作表“{T3}”" in alert["prompt"]


def test_an_internal_failure_gets_one_message_no_traceback_and_no_change(tmp_path, monkeypatch):
    def broken(*args, **kw):
        raise KeyError("t3.unknown")

    monkeypatch.setattr("xxgk.validation.validate", broken)
    book = _book(tmp_path, BROKEN["T3 does not balance"])
    before = book.state()
    run(book)
    assert book.calls.writes == [] and book.state() == before
    [alert] = book.alerts
    assert alert["prompt"].startswith("校验未能完成：程序内部错误（KeyError：'t3.unknown'）")
    assert messages.UNCHANGED in alert["prompt"] and "Traceback" not in alert["prompt"]
    assert "Traceback" in (tmp_path / button.LOG_FILE).read_text(encoding="utf-8")


def test_a_failure_while_marking_is_undone_by_the_next_run(tmp_path):
    book = _book(tmp_path, BROKEN["text, placeholder, fraction"])
    clean = _book(tmp_path, BROKEN["text, placeholder, fraction"], "same.xlsx")
    run(clean)
    book.fail_on = lambda call: call.kind == "note+" and call.sheet == T3 and call.ref == "D6"  # half-way
    run(book)
    [alert] = book.alerts
    assert "受保护的工作表" in alert["prompt"] and messages.PARTLY_MARKED in alert["prompt"]
    assert book.sheets[T3].colors[(5, 4)] == (0xFF, 0xC0, 0x00)  # half done: coloured, no 校验结果 yet
    assert RESULTS_SHEET not in [s.name for s in book.sheets]
    book.fail_on = None
    run(book)
    assert book.state() == clean.state()


# ----------------------------------------------------------------- export


def _saved(tmp_path: Path, cells: str = "") -> Book:
    folder = tmp_path / "报送"
    folder.mkdir()
    return _book(folder, cells, saved=True)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_yes_writes_the_json_and_docx_of_xxgk_convert_and_xxgk_report(tmp_path):
    book = _saved(tmp_path)
    book.app.answers = ["yes"]
    run(book)
    offer, done = book.alerts
    assert offer["buttons"] == "yes_no" and "年报.json" in offer["prompt"] and "年报.docx" in offer["prompt"]
    folder = tmp_path / "报送"
    assert done["prompt"] == messages.exported([folder / "年报.json", folder / "年报.docx"])
    run_cli("convert", folder / "年报.xlsx", "-o", tmp_path / "cli.json")
    run_cli("report", folder / "年报.xlsx", "-o", tmp_path / "cli.docx")
    assert (folder / "年报.json").read_bytes() == (tmp_path / "cli.json").read_bytes()
    assert _members(folder / "年报.docx") == _members(tmp_path / "cli.docx")


def test_no_writes_nothing(tmp_path):
    book = _saved(tmp_path)
    book.app.answers = ["no"]
    run(book)
    assert len(book.alerts) == 1
    assert sorted(p.name for p in (tmp_path / "报送").iterdir()) == ["年报.xlsx"]


def test_existing_files_are_named_in_the_question(tmp_path):
    book = _saved(tmp_path)
    (tmp_path / "报送" / "年报.json").write_text("{}")
    book.app.answers = ["no"]
    run(book)
    assert "同名文件已存在，将被替换" in book.alerts[0]["prompt"]


def test_no_export_is_offered_with_errors_unsaved_or_unsaved_changes(tmp_path):
    with_errors = _saved(tmp_path, BROKEN["T3 does not balance"])
    never_saved = _book(tmp_path, fullname="工作簿1")
    in_onedrive = _book(tmp_path, fullname="https://d.docs.live.net/1a2b/年报.xlsx")
    changed = _book(tmp_path, name="改过.xlsx", saved=True)
    changed.sheets["基本信息"].values[(3, 2)] = "另一个机关"  # typed after saving (B3: the agency's name)
    for book in (with_errors, never_saved, in_onedrive, changed):
        run(book)
        [alert] = book.alerts
        assert alert["buttons"] == "ok"
    assert with_errors.alerts[0]["prompt"].startswith("共发现错误 1 项")
    assert messages.SAVE_FIRST in never_saved.alerts[0]["prompt"]
    assert messages.SAVE_FIRST in in_onedrive.alerts[0]["prompt"]
    assert messages.UNSAVED in changed.alerts[0]["prompt"]
    assert not list((tmp_path / "报送").glob("*.json"))


def test_a_failed_export_says_the_marks_are_done(tmp_path, monkeypatch):
    book = _saved(tmp_path)
    book.app.answers = ["yes"]

    def locked(*args, **kw):
        raise PermissionError(13, "Permission denied", str(tmp_path / "报送" / "年报.docx"))

    monkeypatch.setattr("xxgk.excel.export.write_bytes_atomic", locked)
    run(book)
    _, failed = book.alerts
    assert "年报.docx，该文件可能正在 Word 或其他程序中打开" in failed["prompt"]
    assert messages.MARKED_NOT_EXPORTED in failed["prompt"]
    assert MARKS_SHEET in [s.name for s in book.sheets]
