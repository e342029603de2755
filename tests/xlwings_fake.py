"""A small fake of exactly the xlwings calls the Excel button makes, recording every call.

It behaves as classic xlwings on Windows does where that matters to the button: numbers come back as floats,
empty cells as None, errors (#DIV/0!) as None unless ``err_to_str``, a single cell's ``value`` is a scalar unless ``options(ndim=2)``; a text that looks like a
number becomes a number unless the cell's format is text ("@"), a text starting with "=" becomes a formula;
``add_note`` refuses a cell that has a note; ``sheet.clear()`` empties values, formats and notes. Colour and note
reads are refused on ranges of several cells (what Excel returns for them is not dependable).

``Book.from_file`` builds a book as Excel would show a saved workbook: values as openpyxl reads them with
``data_only`` (cached results of formulas), the formulas themselves (``range.formula``), solid fills, notes,
and every sheet, hidden ones included.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

MAX_ROW = 1_048_576
CELL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}
WRITES = {"write", "fill", "note+", "note=", "note-", "format", "sheet+", "clear", "hide", "activate"}


@dataclass
class Call:
    kind: str  # read, names, color?, note?, used, write, fill, note+, note=, note-, format, sheet+, clear, ...
    sheet: str | None = None
    ref: str | None = None
    detail: Any = None


class Calls(list):
    def of(self, *kinds: str, sheet: str | None = None) -> list[Call]:
        return [c for c in self if c.kind in kinds and (sheet is None or c.sheet == sheet)]

    @property
    def writes(self) -> list[Call]:
        return [c for c in self if c.kind in WRITES]


def _a1(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _parse(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.replace("$", "").partition(":")
    last = last or first
    if re.fullmatch(r"[A-Z]+", first):  # whole columns "A:F"
        return 1, column_index_from_string(first), MAX_ROW, column_index_from_string(last)
    (c1, r1), (c2, r2) = coordinate_from_string(first), coordinate_from_string(last)
    return r1, column_index_from_string(c1), r2, column_index_from_string(c2)


def _as_text(value: Any) -> str:
    """A constant as ``range.formula`` gives it: its text, a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _hex(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


class Fail(Exception):
    """What the fake raises when told to fail (a protected sheet, Excel busy)."""


class Note:
    def __init__(self, sheet: Sheet, cell: tuple[int, int], text: str) -> None:
        self._sheet, self._cell, self._text = sheet, cell, text
        self.size: tuple[float, float] | None = None
        self.api = _NoteApi(self)

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._sheet.book.record("note=", self._sheet.name, _a1(*self._cell), value)
        self._text = value

    def delete(self) -> None:
        self._sheet.book.record("note-", self._sheet.name, _a1(*self._cell))
        del self._sheet.notes[self._cell]


class _NoteApi:
    def __init__(self, note: Note) -> None:
        self.Shape = _Shape(note)


class _Shape:
    def __init__(self, note: Note) -> None:
        object.__setattr__(self, "_note", note)

    def __setattr__(self, name: str, value: float) -> None:
        note = self._note
        note._sheet.book.record("format", note._sheet.name, _a1(*note._cell), f"note {name}={value}")
        width, height = note.size or (0, 0)
        note.size = (value, height) if name == "Width" else (width, value)


class Font:
    def __init__(self, rng: Range) -> None:
        object.__setattr__(self, "_rng", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        rng = self._rng
        rng.sheet.book.record("format", rng.sheet.name, rng.ref, f"font.{name}={value}")
        for cell in rng.cells():
            rng.sheet.fonts.setdefault(cell, {})[name] = value


class Rows:
    def __init__(self, rng: Range) -> None:
        self._rng = rng

    def autofit(self) -> None:
        self._rng.sheet.book.record("format", self._rng.sheet.name, self._rng.ref, "rows.autofit")


class Range:
    def __init__(self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int, options: dict | None = None) -> None:
        self.sheet, self.bounds, self._options = sheet, (r1, c1, r2, c2), options or {}

    @property
    def ref(self) -> str:
        r1, c1, r2, c2 = self.bounds
        if r2 == MAX_ROW:
            return f"{get_column_letter(c1)}:{get_column_letter(c2)}"
        return _a1(r1, c1) if (r1, c1) == (r2, c2) else f"{_a1(r1, c1)}:{_a1(r2, c2)}"

    def cells(self) -> list[tuple[int, int]]:
        r1, c1, r2, c2 = self.bounds
        if r2 == MAX_ROW:
            raise AssertionError("the fake does not enumerate whole columns")
        return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def _single(self, what: str) -> tuple[int, int]:
        r1, c1, r2, c2 = self.bounds
        if (r1, c1) != (r2, c2):
            raise AssertionError(f"{what} of a range of several cells ({self.ref}) is not dependable in Excel")
        return r1, c1

    def options(self, **options: Any) -> Range:
        return Range(self.sheet, *self.bounds, options={**self._options, **options})

    # values

    @property
    def value(self) -> Any:
        self.sheet.book.record("read", self.sheet.name, self.ref, dict(self._options))
        errors = (lambda v: v) if self._options.get("err_to_str") else (lambda v: None if v in CELL_ERRORS else v)
        grid = [[errors(self.sheet.values.get((r, c))) for c in range(self.bounds[1], self.bounds[3] + 1)]
                for r in range(self.bounds[0], self.bounds[2] + 1)]
        if self._options.get("ndim") == 2:
            return grid
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        if len(grid) == 1:
            return grid[0]
        return grid

    @property
    def formula(self) -> Any:
        """Each cell's formula as Excel gives it: "=…" where it holds one, else its value as text ("" if empty)."""
        self.sheet.book.record("formula?", self.sheet.name, self.ref)
        grid = tuple(tuple(self.sheet.formulas.get((r, c), _as_text(self.sheet.values.get((r, c))))
                           for c in range(self.bounds[1], self.bounds[3] + 1))
                     for r in range(self.bounds[0], self.bounds[2] + 1))
        return grid[0][0] if len(grid) == 1 and len(grid[0]) == 1 else grid

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        assert isinstance(rows, list) and all(isinstance(r, list) for r in rows), "write a 2-D list"
        assert len({len(r) for r in rows}) <= 1, "a block write needs rows of equal length"
        r0, c0 = self.bounds[0], self.bounds[1]
        self.sheet.book.record("write", self.sheet.name, self.ref, (len(rows), len(rows[0]) if rows else 0))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.sheet.set_value((r0 + i, c0 + j), value)

    # formats

    @property
    def color(self) -> tuple[int, int, int] | None:
        cell = self._single("color")
        self.sheet.book.record("color?", self.sheet.name, self.ref)
        return self.sheet.colors.get(cell)

    @color.setter
    def color(self, value: str | tuple[int, int, int] | None) -> None:
        self.sheet.book.record("fill", self.sheet.name, self.ref, value)
        for cell in self.cells():
            if value is None:
                self.sheet.colors.pop(cell, None)
            else:
                self.sheet.colors[cell] = _hex(value) if isinstance(value, str) else tuple(value)

    @property
    def font(self) -> Font:
        return Font(self)

    @property
    def rows(self) -> Rows:
        return Rows(self)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("number_format", "wrap_text", "column_width"):
            self.sheet.book.record("format", self.sheet.name, self.ref, f"{name}={value}")
            if name == "number_format" and value == "@":
                self.sheet.text_formats.append(self.bounds)
            return
        object.__setattr__(self, name, value)

    # notes

    @property
    def note(self) -> Note | None:
        cell = self._single("note")
        self.sheet.book.record("note?", self.sheet.name, self.ref)
        return self.sheet.notes.get(cell)

    def add_note(self, text: str) -> Note:
        cell = self._single("add_note")
        if not text:
            raise ValueError("Note text must not be empty")
        if cell in self.sheet.notes:
            raise ValueError("This cell already has a note")
        self.sheet.book.record("note+", self.sheet.name, self.ref, text)
        note = self.sheet.notes[cell] = Note(self.sheet, cell, text)
        return note


class Sheet:
    def __init__(self, book: Book, name: str) -> None:
        self.book, self.name = book, name
        self.values: dict[tuple[int, int], Any] = {}
        self.formulas: dict[tuple[int, int], str] = {}  # a formula's text; its value (cached or computed) in values
        self.colors: dict[tuple[int, int], tuple[int, int, int]] = {}
        self.notes: dict[tuple[int, int], Note] = {}
        self.fonts: dict[tuple[int, int], dict[str, Any]] = {}
        self.text_formats: list[tuple[int, int, int, int]] = []
        self.visible = True

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "visible" and hasattr(self, "visible"):
            self.book.record("hide" if not value else "show", self.name)
        object.__setattr__(self, name, value)

    def range(self, first: str | tuple[int, int], last: tuple[int, int] | None = None) -> Range:
        if isinstance(first, tuple):
            last = last or first
            return Range(self, first[0], first[1], last[0], last[1])
        return Range(self, *_parse(first))

    @property
    def used_range(self) -> Range:
        self.book.record("used", self.name)
        cells = list(self.values) or [(1, 1)]
        return Range(self, 1, 1, max(r for r, _ in cells), max(c for _, c in cells))

    def set_value(self, cell: tuple[int, int], value: Any) -> None:
        text = any(r1 <= cell[0] <= r2 and c1 <= cell[1] <= c2 for r1, c1, r2, c2 in self.text_formats)
        self.formulas.pop(cell, None)  # a value written replaces the formula
        if value is None or value == "":
            self.values.pop(cell, None)
            return
        if isinstance(value, str) and not text:
            with contextlib.suppress(ValueError):
                value = float(value)  # Excel turns "000000" or "12" into a number
        self.values[cell] = value

    def clear(self) -> None:
        self.book.record("clear", self.name)
        self.values.clear(), self.colors.clear(), self.notes.clear(), self.fonts.clear(), self.text_formats.clear()
        self.formulas.clear()

    def activate(self) -> None:
        self.book.record("activate", self.name)
        self.book.active = self.name

    def state(self) -> dict[str, Any]:
        return {
            "values": dict(self.values),
            "colors": dict(self.colors),
            "notes": {cell: note.text for cell, note in self.notes.items()},
            "visible": self.visible,
        }


class Sheets:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.items: list[Sheet] = []

    def __getitem__(self, key: str | int) -> Sheet:
        if isinstance(key, int):
            return self.items[key]
        for sheet in self.items:
            if sheet.name == key:
                return sheet
        raise KeyError(key)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def add(self, name: str | None = None, before: Sheet | None = None, after: Sheet | None = None) -> Sheet:
        assert name and name not in [s.name for s in self.items], f"sheet name {name!r} is taken"
        self.book.record("sheet+", name, detail={"before": before and before.name, "after": after and after.name})
        sheet = Sheet(self.book, name)
        index = self.items.index(before) if before else self.items.index(after) + 1 if after else 0
        self.items.insert(index, sheet)
        self.book.active = name
        return sheet


class App:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.answers: list[str] = []

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None,
              callback: str | None = None) -> str:
        self.book.record("alert", detail={"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        if buttons == "ok":
            return "ok"
        assert self.answers, f"nobody answers the {buttons} question: {prompt}"
        return self.answers.pop(0)


class Book:
    def __init__(self, name: str, fullname: str | None = None) -> None:
        self.name = name
        self.fullname = fullname or name
        self.calls = Calls()
        self.sheets = Sheets(self)
        self.app = App(self)
        self.active: str | None = None
        self.fail_on: Any = None  # a callable (Call) -> bool: that change raises Fail instead of happening

    @property
    def sheet_names(self) -> list[str]:
        self.record("names")
        return [s.name for s in self.sheets]

    def record(self, kind: str, sheet: str | None = None, ref: str | None = None, detail: Any = None) -> None:
        call = Call(kind, sheet, ref, detail)
        if kind in WRITES and self.fail_on is not None and self.fail_on(call):
            raise Fail("该单元格或图表位于受保护的工作表中。")
        self.calls.append(call)

    @property
    def alerts(self) -> list[dict[str, Any]]:
        return [c.detail for c in self.calls.of("alert")]

    def state(self) -> dict[str, Any]:
        """Everything the button can change: sheets in order with their values, fills, notes, visibility."""
        return {s.name: s.state() for s in self.sheets}

    def add_sheet(self, name: str, values: dict[str, Any] | None = None) -> Sheet:
        sheet = Sheet(self, name)
        self.sheets.items.append(sheet)
        for ref, value in (values or {}).items():
            r1, c1, _, _ = _parse(ref)
            sheet.values[(r1, c1)] = value
        return sheet

    @classmethod
    def from_file(cls, path: Path, *, fullname: str | None = None) -> Book:
        """The book as Excel shows a saved workbook (``fullname`` defaults to the file's path)."""
        path = Path(path)
        book = cls(path.name, str(path) if fullname is None else fullname)
        wb = load_workbook(path, data_only=True)
        formulas = load_workbook(path)
        for ws in wb.worksheets:
            sheet = book.add_sheet(ws.title)
            sheet.formulas = {(c.row, c.column): c.value for row in formulas[ws.title].iter_rows() for c in row
                              if c.data_type == "f" and isinstance(c.value, str)}
            object.__setattr__(sheet, "visible", ws.sheet_state == "visible")
            for row in ws.iter_rows():
                for c in row:
                    key = (c.row, c.column)
                    if c.value is not None and c.value != "":
                        v = c.value
                        sheet.values[key] = float(v) if isinstance(v, int) and not isinstance(v, bool) else v
                    fill = c.fill
                    if fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str):
                        sheet.colors[key] = _hex(fill.fgColor.rgb[-6:])
                    if c.comment is not None:
                        sheet.notes[key] = Note(sheet, key, c.comment.text)
        book.active = wb.active.title
        return book
