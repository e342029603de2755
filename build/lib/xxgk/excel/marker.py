"""The marks of a validation drawn live on the workbook open in Excel: the ``Marker`` of ``xxgk.marks`` over xlwings.

It draws the same plan as the annotated copy (``xxgk.marks.openpyxl_copy``) and keeps the same record, the hidden
sheet ``_xxgk_marks`` (sheet, cell, fill and note from before), so either can clear what the other marked. Unlike
the copy, a live workbook can fail half-way (a protected sheet, Excel busy), so the record of the cells about to
be changed is written before any of them is changed: marking again after a failure still restores them.

Every call crosses into Excel, so values are written as one 2-D block per sheet and fills one per rectangle of
the plan; only notes and the reading of a cell's fill and note before marking it are one call per cell, because
xlwings has no call for several cells at once.

The xlwings calls made (and faked in the tests): ``book.sheet_names``, ``book.sheets[name]``,
``book.sheets.add(name, before=...)``; ``sheet.range(ref)``, ``sheet.used_range``, ``sheet.clear()``,
``sheet.visible = False``, ``sheet.activate()``; ``range.value`` (read with ``options(ndim=2)``, write a 2-D list),
``range.color``, ``range.note`` / ``range.add_note(text)``, ``note.text``, ``note.delete()``, ``note.api.Shape``
(Windows: the note's size), ``range.number_format``, ``range.wrap_text``, ``range.column_width``,
``range.font.bold`` / ``.size`` / ``.color``, ``range.rows.autofit()``.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import suppress
from typing import Any

from ..marks.openpyxl_copy import NOTE_HEIGHT, NOTE_WIDTH
from ..marks.plan import MARKS_HEADER, MARKS_SHEET, RESULTS_SHEET, MarkPlan, rectangles
from ..workbook.layout import column_letter

LINK_COLOR = "#0563C1"
Cell = tuple[str, str]  # (sheet, "D5")
State = tuple[str, str, str]  # fill "RRGGBB" or "", note text or "", note author or ""


def hex_color(rgb: tuple[int, int, int] | None) -> str:
    """xlwings' colour (an RGB tuple, None for no fill) as the record keeps it: "FFF2CC", or ""."""
    return "" if rgb is None else "".join(f"{c:02X}" for c in rgb[:3])


def hyperlink_formula(target: str, text: str) -> str:
    """A link inside the workbook that a block write can set: =HYPERLINK("#'表'!D5","表!D5")."""

    def quoted(s: str) -> str:
        return '"' + s.replace('"', '""') + '"'

    return f"=HYPERLINK({quoted('#' + target)},{quoted(text)})"


class XlwingsMarker:
    """The ``Marker`` of a live ``xlwings.Book``; ``plan`` is the plan about to be drawn (its cells are recorded
    by ``clear``, before ``fill`` and ``note`` change them)."""

    def __init__(self, book: Any, plan: MarkPlan) -> None:
        self.book = book
        self.plan = plan
        self._names: set[str] = set()

    # ----------------------------------------------------------------- Marker

    def clear(self) -> None:
        """Restore what the previous run recorded, then record the cells the plan changes."""
        self._names = set(self.book.sheet_names)
        before = self._read_record() if MARKS_SHEET in self._names else {}
        self._restore(before)
        self._write_record({cell: before.get(cell) or self._state(*cell) for cell in self.plan.marked})

    def fill(self, sheet: str, ref: str, color: str) -> None:
        self.book.sheets[sheet].range(ref).color = f"#{color}"

    def note(self, sheet: str, cell: str, text: str) -> None:
        note = self._set_note(self.book.sheets[sheet].range(cell), text)
        with suppress(Exception):  # the default note is too small for a message and its hint; only cosmetic
            note.api.Shape.Width, note.api.Shape.Height = NOTE_WIDTH, NOTE_HEIGHT

    def results(self, plan: MarkPlan) -> None:
        """Write (or refresh in place) the 校验结果 sheet, as the annotated copy lays it out, and show it."""
        sheet = plan.results
        ws = self._fresh_sheet(RESULTS_SHEET)
        grid = sheet.grid
        for link in sheet.links:  # a block write cannot set hyperlinks; a formula can
            grid[link.row - 1][link.col - 1] = hyperlink_formula(link.target, link.text)
        ws.range("A1").value = grid
        ws.range(sheet.title_cell).font.bold = True
        ws.range(sheet.title_cell).font.size = 12
        ws.range(sheet.header_ref).font.bold = True
        for column, column_width in sheet.widths:
            ws.range(f"{column}:{column}").column_width = column_width
        if sheet.body_ref:
            body = ws.range(sheet.body_ref)
            body.wrap_text = True
            body.rows.autofit()
        for ref, color in sheet.severity_fills:
            ws.range(ref).color = f"#{color}"
        for ref in rectangles(link.cell for link in sheet.links):
            ws.range(ref).font.color = LINK_COLOR
        ws.activate()

    # ----------------------------------------------------------------- the record

    def _read_record(self) -> dict[Cell, State]:
        values = self.book.sheets[MARKS_SHEET].used_range.options(ndim=2).value or []
        record: dict[Cell, State] = {}
        for row in values[1:]:
            sheet, cell, fill, note, author = (list(row) + [None] * len(MARKS_HEADER))[: len(MARKS_HEADER)]
            if sheet and cell:
                record[(str(sheet), str(cell))] = (_text(fill), _text(note), _text(author))
        return record

    def _write_record(self, record: dict[Cell, State]) -> None:
        new = MARKS_SHEET not in self._names
        ws = self._fresh_sheet(MARKS_SHEET)
        if new:
            ws.visible = False
        ws.range(f"A:{column_letter(len(MARKS_HEADER))}").number_format = "@"  # "000000" and "=..." stay text
        ws.range("A1").value = [list(MARKS_HEADER)] + [[*cell, *state] for cell, state in record.items()]

    def _fresh_sheet(self, name: str) -> Any:
        """The sheet ``name`` emptied, or added in front of the others."""
        if name in self._names:
            ws = self.book.sheets[name]
            ws.clear()
            return ws
        self._names.add(name)
        return self.book.sheets.add(name, before=self.book.sheets[0])

    def _restore(self, record: dict[Cell, State]) -> None:
        fills: dict[tuple[str, str], list[str]] = defaultdict(list)
        for (sheet, cell), (fill, note, _) in record.items():
            if sheet not in self._names:
                continue
            fills[(sheet, fill)].append(cell)
            target = self.book.sheets[sheet].range(cell)
            if note:
                self._set_note(target, note)
            elif (old := target.note) is not None:
                old.delete()
        for (sheet, fill), cells in fills.items():
            for ref in rectangles(cells):
                self.book.sheets[sheet].range(ref).color = f"#{fill}" if fill else None

    def _state(self, sheet: str, cell: str) -> State:
        target = self.book.sheets[sheet].range(cell)
        note = target.note
        return hex_color(target.color), note.text if note is not None else "", ""

    # ----------------------------------------------------------------- notes

    @staticmethod
    def _set_note(target: Any, text: str) -> Any:
        note = target.note
        if note is None:
            return target.add_note(text)
        note.text = text
        return note


def _text(value: Any) -> str:
    return "" if value is None else str(value)
