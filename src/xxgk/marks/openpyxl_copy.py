"""The annotated copy: a plan of marks drawn with openpyxl on a copy of the user's workbook.

The copy is the original file loaded as it is (not rebuilt from the template), so whatever else the user put
in it stays. Error cells are filled red and warning cells amber, each marked cell carries a note with the
messages, and a 校验结果 sheet lists every finding with a link to its cell. Annotating an annotated copy
first restores what the previous run recorded in the hidden ``_xxgk_marks`` sheet, so marks never stack.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from ..errors import NotAWorkbook, XxgkError
from ..files import atomic_path
from ..model import Finding
from ..workbook.package import Package
from .plan import MARKS_HEADER, MARKS_SHEET, NOTE_AUTHOR, RESULTS_SHEET, MarkPlan, apply, cells_of, plan_marks

NOTE_WIDTH, NOTE_HEIGHT = 360, 180  # points: room for a message and its hint
WRAP = Alignment(wrap_text=True, vertical="top")


def _solid_color(fill: PatternFill) -> str:
    """A cell's fill as RRGGBB when it is a plain solid colour, else "" (restored as no fill)."""
    color = fill.fgColor
    if fill.fill_type == "solid" and color is not None and color.type == "rgb" and isinstance(color.rgb, str):
        return color.rgb[-6:]
    return ""


class OpenpyxlMarker:
    """The ``Marker`` of an openpyxl workbook in memory."""

    def __init__(self, workbook: Workbook) -> None:
        self.wb = workbook
        self.record: dict[tuple[str, str], tuple[str, str, str]] = {}

    def clear(self) -> None:
        if MARKS_SHEET in self.wb.sheetnames:
            ws = self.wb[MARKS_SHEET]
            for sheet, cell, fill, comment, author in ws.iter_rows(min_row=2, max_col=len(MARKS_HEADER),
                                                                   values_only=True):
                if sheet in self.wb.sheetnames and cell:
                    target = self.wb[sheet][cell]
                    target.fill = PatternFill("solid", fgColor=fill) if fill else PatternFill()
                    target.comment = Comment(comment, author or "") if comment else None
            del self.wb[MARKS_SHEET]
        if RESULTS_SHEET in self.wb.sheetnames:
            del self.wb[RESULTS_SHEET]

    def _remember(self, sheet: str, cell: str) -> None:
        if (sheet, cell) not in self.record:
            target = self.wb[sheet][cell]
            comment = target.comment
            self.record[(sheet, cell)] = (_solid_color(target.fill), comment.text if comment else "",
                                          comment.author if comment else "")

    def fill(self, sheet: str, ref: str, color: str) -> None:
        for cell in cells_of(ref):
            self._remember(sheet, cell)
            self.wb[sheet][cell].fill = PatternFill("solid", fgColor=color)

    def note(self, sheet: str, cell: str, text: str) -> None:
        self._remember(sheet, cell)
        self.wb[sheet][cell].comment = Comment(text, NOTE_AUTHOR, height=NOTE_HEIGHT, width=NOTE_WIDTH)

    def results(self, plan: MarkPlan) -> None:
        sheet = plan.results
        ws = self.wb.create_sheet(RESULTS_SHEET, 0)
        for r, values in enumerate(sheet.grid, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        ws[sheet.title_cell].font = Font(bold=True, size=12)
        for row in ws[sheet.header_ref]:
            for cell in row:
                cell.font = Font(bold=True)
        for row in ws[sheet.body_ref] if sheet.body_ref else ():
            for cell in row:
                cell.alignment = WRAP
        for link in sheet.links:
            ws[link.cell].hyperlink = Hyperlink(ref=link.cell, location=link.target, display=link.text)
            ws[link.cell].font = Font(color="0563C1", underline="single")
        for ref, color in sheet.severity_fills:
            for cell in cells_of(ref):
                ws[cell].fill = PatternFill("solid", fgColor=color)
        for column, width in sheet.widths:
            ws.column_dimensions[column].width = width
        ws.freeze_panes = sheet.freeze
        for sheet in self.wb.worksheets:
            sheet.sheet_view.tabSelected = False
        self.wb.active = 0
        ws.sheet_view.tabSelected = True
        self._write_record()

    def _write_record(self) -> None:
        ws = self.wb.create_sheet(MARKS_SHEET)
        ws.append(list(MARKS_HEADER))
        for (sheet, cell), (fill, comment, author) in self.record.items():
            ws.append([sheet, cell, fill, comment, author])
        ws.sheet_state = "veryHidden"


def annotate_workbook(workbook: Workbook, findings: list[Finding]) -> Workbook:
    """Draw the marks of ``findings`` on a workbook in memory (replacing the marks of an earlier run)."""
    apply(plan_marks(findings), OpenpyxlMarker(workbook))
    return workbook


def save_atomic(workbook: Workbook, target: Path) -> None:
    if target.suffix.lower() != ".xlsx":
        raise XxgkError("标注副本须保存为 .xlsx 文件", path=target)
    with atomic_path(target) as tmp:
        workbook.save(tmp)


# openpyxl turns every number of the copy into a Python int or float; a cell of thousands of digits (the reader
# reports it as cell-too-large) would exceed Python's 4 300-digit conversion limit and fail the whole copy. A
# bound still: converting a number is quadratic in its digits, and a part holds at most MAX_PART_BYTES.
MAX_NUMBER_DIGITS = 100_000


def _numbers_beyond_floats_as_text(workbook: Workbook) -> None:
    """openpyxl cannot write an integer beyond a float's range (it tests it for NaN): in the copy such a cell,
    already reported as cell-too-large, keeps its digits as text."""
    for sheet in workbook.worksheets:
        # the stored cells only (openpyxl's own map; pinned to 3.1): iterating rows would walk the whole
        # claimed dimension, and a stray cell in XFD1048576 claims seventeen billion
        for cell in sheet._cells.values():
            if type(cell.value) is int and abs(cell.value) > FLOAT_MAX:
                cell.value = str(cell.value)


FLOAT_MAX = sys.float_info.max


@contextmanager
def _long_numbers() -> Iterator[None]:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(MAX_NUMBER_DIGITS)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(limit)


def annotate_file(source: Path, target: Path, findings: list[Finding]) -> None:
    """Write an annotated copy of ``source`` to ``target``; ``source`` is only read."""
    source, target = Path(source), Path(target)
    if target.exists() and target.resolve() == source.resolve():
        raise XxgkError("标注副本不能覆盖被校验的工作簿，请另取文件名", path=target)
    Package(source).check_loadable()  # within the limits before openpyxl loads every cell of every sheet
    try:
        with _long_numbers():
            workbook = load_workbook(source)
            _numbers_beyond_floats_as_text(workbook)
    except Exception:
        raise NotAWorkbook("工作簿内容已损坏，无法生成标注副本", path=source) from None
    save_atomic(annotate_workbook(workbook, findings), target)
