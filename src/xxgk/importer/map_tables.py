"""The three tables of a published report read into canonical cells, by their official labels.

Every row of every source table (and every short line between tables, where a copied page or a PDF broke a
table apart) is a *line* of pieces. A line's pieces up to its last label are its labels; the rest are its
values. Labels are matched with the label matcher of the format definition (``formats/labels.py``), so that
aliases, spacing, full-width brackets and typos are told apart from another row:

- a line whose last label is a table row's own label gives that row's numbers, in the order of its columns;
- a line whose last label is a group caption with numbers beside it is the group printed as one row (the
  2021 （六）其他处理 printed without its three sub-rows): all zeros give its rows 0 by deduction, anything else
  leaves them unknown, the printed numbers kept in the finding;
- a line of numbers only belongs to the table whose labels came last; 表四 has no row labels and is read
  from its numbers in the order its geometry prints them.

Which table a line belongs to follows the labels only one table prints (结果维持 for 表四, 申请人情况 for 表三)
and the section heading above it. Nothing is invented: a number that is not found stays unknown (not read),
with an import finding; an empty cell is blank in the source; printed totals are kept as stored values.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from ..formats import FormatDefinition, Table, get_format
from ..formats.labels import HOW_SAID, Match, normalise
from ..model import State
from ..rules.numbers import parse_number
from ..rules.registry import Hit
from .document import Block, Loc, Paragraph
from .document import Table as SourceTable

_NUMBERS = ("cell-fraction", "cell-negative", "cell-too-large", "cell-placeholder", "cell-blank")
_QUIET = (None, "cell-text-number")  # a published number is always text: not worth a finding
MAX_LINE_LABEL = 60  # a longer piece is a sentence, not a label


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    loc: Loc


Line = tuple[Piece, ...]


# a line of text that is a label followed by numbers separated by spaces ("行政许可 97", PDF text columns)
_LABEL_AND_NUMBERS = re.compile(r"^(?P<label>\S.*?[^\s0-9０-９])(?P<numbers>(?:[ \t\u3000]+(?:[0-9０-９][0-9０-９.,]*|[/／—-]))+)$")


_SENTENCE = re.compile(r"[。；，]")  # a line of prose that ends in a number is no table row
_NUMBERS_ONLY = re.compile(r"^(?:[0-9０-９][0-9０-９.,]*|[/／—-])(?:[ \t\u3000]+(?:[0-9０-９][0-9０-９.,]*|[/／—-]))+$")


def _paragraph_line(paragraph: Paragraph) -> Line:
    text = paragraph.text
    if _NUMBERS_ONLY.match(text):  # a row of numbers whose label is elsewhere (表四, or PDF text)
        return tuple(Piece(n, paragraph.loc) for n in text.split())
    match = _LABEL_AND_NUMBERS.match(text) if len(text) <= 2 * MAX_LINE_LABEL else None
    if match is None or len(match["label"]) > MAX_LINE_LABEL or _SENTENCE.search(match["label"]):
        return (Piece(text, paragraph.loc),)
    return (Piece(match["label"], paragraph.loc), *(Piece(n, paragraph.loc) for n in match["numbers"].split()))


def lines_of(blocks: list[Block]) -> list[tuple[Line, bool]]:
    """Every source table row as a line (``True``: from a table), and every paragraph as a line: one piece,
    or a label and its numbers where the paragraph is a table row written as text."""
    lines: list[tuple[Line, bool]] = []
    for block in blocks:
        if isinstance(block, SourceTable):
            for row in block.rows:
                lines.append((tuple(Piece(c.text, c.loc) for c in row), True))
        elif isinstance(block, Paragraph):
            lines.append((_paragraph_line(block), False))
    return lines


class Shape:
    """What one format table prints, as the importer looks for it: its leaf labels, captions and headers."""

    def __init__(self, table: Table) -> None:
        self.table = table
        geometry = table.geometry
        self.rows_of_label: dict[str, list[str]] = {}  # a row's own label → the rows printing it
        self.captions: dict[str, str] = {}  # a group caption → the group's key
        self.value_order = tuple(a.key for a in sorted(geometry.values, key=lambda a: (a.row, a.col)))
        by_line: dict[int, list] = {}
        for area in geometry.areas:
            by_line.setdefault(area.row, []).append(area)
        group_keys = {g.label: g.key for g in table.groups}
        for areas in by_line.values():
            values = [a for a in areas if a.cell]
            labels = sorted((a for a in areas if a.role == "label"), key=lambda a: a.col)
            if values and labels:
                self.rows_of_label.setdefault(labels[-1].text, []).append(values[0].cell.row.key)
                labels = labels[:-1]
            for label in labels:
                if label.text in group_keys:
                    self.captions[label.text] = group_keys[label.text]
        self.texts = {normalise(a.text) for a in geometry.labels if a.text} | {
            normalise(alias) for a in geometry.labels for alias in a.aliases}

    def match(self, text: str) -> Match | None:
        if not text or len(text) > MAX_LINE_LABEL:
            return None
        found = self.table.labels.closest(text.replace("\n", ""))
        if found is None and " " in text.strip():  # a group's broken caption and a row's label on one line
            found = self.table.labels.closest(text.split()[-1]) if len(text.split()[-1]) >= 4 else None
        return found


@dataclass(slots=True)
class TableReading:
    """What was read of one table: canonical cells by key, and the import's hits."""

    table: Table
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    loose_values: list[Piece] = field(default_factory=list)  # numbers on lines without labels
    collapsed: list[tuple[Hit, str, list]] = field(default_factory=list)  # (its finding, group, printed numbers)
    seen: bool = False  # any of its labels was found


# A published table repeats the same few texts ("0", "1", "总计"): each is parsed once.
parsed_number = lru_cache(maxsize=8192)(parse_number)


def _is_value(piece: Piece, shape: Shape) -> bool:
    text = piece.text
    if text == "" or (text.isascii() and text.isdigit()):
        return True
    if len(text) > 24 or shape.match(text) is not None:
        return False
    parsed = parsed_number(text)
    return parsed.value is not None or parsed.problem in _NUMBERS


def _split(line: Line, shape: Shape) -> tuple[Line, Line]:
    """(labels, values): the pieces up to and including the last one that is not a number, and the rest."""
    last = -1
    for i, piece in enumerate(line):
        if not _is_value(piece, shape):
            last = i
    return line[: last + 1], line[last + 1 :]


def _fit(values: Line, count: int) -> Line | None:
    """The values of a row of ``count`` columns: extra empty pieces at either end dropped; None when they do
    not fit."""
    values = tuple(values)
    while len(values) > count and values and values[-1].text == "":
        values = values[:-1]
    while len(values) > count and values and values[0].text == "":
        values = values[1:]
    return values if len(values) == count else None


@cache
def _shapes(version: str) -> dict[str, Shape]:
    return {key: Shape(t) for key, t in get_format(version).tables.items()}


@cache
def _own_labels(version: str) -> dict[str, set[str]]:
    """Per table, the label texts no other table of the version prints (they tell which table a line is in)."""
    shapes = _shapes(version)
    counts = Counter(text for shape in shapes.values() for text in shape.texts)
    return {key: {t for t in shape.texts if counts[t] == 1} for key, shape in shapes.items()}


class TablesReader:
    """Reads the lines of a document into the format's three tables."""

    def __init__(self, fmt: FormatDefinition) -> None:
        self.fmt = fmt
        self.shapes = _shapes(fmt.version)
        self.readings = {key: TableReading(t) for key, t in fmt.tables.items()}
        self.own_labels = _own_labels(fmt.version)
        self.current: str | None = None
        self._forget()

    # ---------------------------------------------------------------- lines

    def read(self, lines: list[tuple[Line, bool]], section_table: list[str | None]) -> None:
        for (line, in_table), hint in zip(lines, section_table, strict=True):
            if hint is not None and hint != self.current and self._own_table(line) is None:
                self.current = hint
            self._line(line, in_table)

    def _own_table(self, line: Line) -> str | None:
        for piece in line:
            text = normalise(piece.text) if len(piece.text) <= MAX_LINE_LABEL else ""
            for key, own in self.own_labels.items():
                if text in own:
                    return key
        return None

    def _line(self, line: Line, in_table: bool) -> None:
        own = self._own_table(line)
        if own is not None:
            self.current = own
            self.readings[own].seen = True
        key = self.current
        if key is None:
            return
        shape, reading = self.shapes[key], self.readings[key]
        if not in_table and len(line) == 1 and len(line[0].text) > MAX_LINE_LABEL:
            if own is None:
                self.current = None  # a paragraph of text: the table is over
            self._forget()
            return
        labels, values = _split(line, shape)
        matches = [(p, shape.match(p.text)) for p in labels if p.text]
        for piece, match in matches:
            if match is not None:
                reading.seen = True
                self._variant(reading, piece, match)
        if shape.table.shape == "groups":
            if any(p.text for p in values):
                reading.loose_values.extend(values)
            return
        last = matches[-1] if matches else None
        if last is not None and last[1] is None:  # a label cut by a line break: its start may be on a line above
            joined = self._joined(shape, [*self.wrapped, last[0]])
            last = (last[0], joined) if joined is not None else last
        if not values:
            self._label_only(shape, last)
            return
        if last is None:  # numbers only: of the row whose label came alone above them, or loose
            self._numbers_only(reading, shape, values)
            return
        piece, match = last
        if match is None and self.awaiting is not None:  # the rest of a broken label, beside the numbers
            self._numbers_only(reading, shape, values)
            return
        self._forget()
        if match is None:
            text = "".join(p.text for p in labels if p.text)
            if any(p.text for p in values) and text:
                reading.hits.append(Hit(None, {"label": text, "numbers": "、".join(p.text or "（空）" for p in values),
                                               "at": labels[-1].loc.describe(), "table": shape.table.title},
                                        "import-extra-row", origin="import"))
            return
        self._labelled(reading, shape, match, values, piece)

    def _variant(self, reading: TableReading, piece: Piece, match: Match) -> None:
        if match.how != "exact" and "".join(piece.text.split()) != "".join(match.label.split()):
            reading.hits.append(Hit(None, {"at": piece.loc.describe(), "found": piece.text, "label": match.label,
                                           "how": HOW_SAID[match.how]}, "import-label-variant", origin="import"))

    def _labelled(self, reading: TableReading, shape: Shape, match: Match, values: Line, piece: Piece) -> None:
        if match.label in shape.rows_of_label:
            self._row(reading, shape.rows_of_label[match.label][0], values, piece)
        elif match.label in shape.captions:
            self._collapsed(reading, shape.captions[match.label], values, piece)

    # A label alone on its line (text extracted from a PDF puts a row's label and its numbers on lines of their
    # own, and breaks long labels): the label waits for the numbers below it, a broken one for its rest.
    MAX_WRAPPED = 3

    def _forget(self) -> None:
        self.wrapped: list[Piece] = []
        self.awaiting: tuple[Match, Piece, list[Piece]] | None = None

    def _joined(self, shape: Shape, pieces: list[Piece]) -> Match | None:
        """The label the last few broken lines spell together, begun on the earliest that fits."""
        for start in range(len(pieces)):
            text = "".join(p.text for p in pieces[start:])
            match = shape.match(text) or shape.table.labels.beginning(text.replace("\n", ""))
            if match is not None:
                return match
        return None

    def _label_only(self, shape: Shape, last: tuple[Piece, Match | None] | None) -> None:
        if last is None:
            return
        piece, match = last
        if match is not None and (match.label in shape.rows_of_label or match.label in shape.captions):
            self.wrapped, self.awaiting = [], (match, piece, [])
        elif match is None:
            self.wrapped = [*self.wrapped, piece][-self.MAX_WRAPPED:]
        else:
            self._forget()  # a header or a caption: no row waits for numbers

    def _numbers_only(self, reading: TableReading, shape: Shape, values: Line) -> None:
        if self.awaiting is None and self.wrapped:
            joined = self._joined(shape, self.wrapped)
            if joined is not None:
                self.awaiting = (joined, self.wrapped[-1], [])
        if self.awaiting is None:
            if any(p.text for p in values):
                reading.loose_values.extend(values)
            return
        match, piece, gathered = self.awaiting
        gathered.extend(values)
        wanted = (len(shape.table.columns_of(shape.rows_of_label[match.label][0]))
                  if match.label in shape.rows_of_label else len(shape.table.columns))
        if len(gathered) >= wanted:
            self._forget()
            self._labelled(reading, shape, match, tuple(gathered), piece)

    # ---------------------------------------------------------------- cells

    def _cell(self, reading: TableReading, key: str, piece: Piece) -> None:
        """One number of the source into its key (a second one for the same key is a finding, not read)."""
        if key in reading.cells:
            reading.hits.append(Hit(key, {"at": piece.loc.describe()}, "import-repeated", origin="import"))
            return
        cell = self.fmt.cells[key]
        source = piece.loc.fields()
        parsed = parsed_number(piece.text, cell.column.kind)
        if parsed.problem not in _QUIET and parsed.problem not in ("cell-blank", "cell-unclean-number"):
            reading.hits.append(Hit(key, {"raw": piece.text, "value": parsed.value}, parsed.problem, origin="import"))
        elif parsed.problem == "cell-unclean-number":
            reading.hits.append(Hit(key, {"raw": piece.text, "value": parsed.value, "at": piece.loc.describe()},
                                    "import-number-normalised", origin="import"))
        if cell.derived:  # a printed total: kept as stored, or blank in the source (the report's total-blank)
            printed = {"state": State.blank} if parsed.problem == "cell-blank" else {"state": State.derived,
                                                                                    "stored": parsed.value}
            reading.cells[key] = {**printed, "source": source}
            return
        if parsed.value is not None:
            state = State.read
        else:
            state = State.blank if parsed.problem == "cell-blank" else State.not_read
        reading.cells[key] = {"value": parsed.value, "state": state, "source": source}

    def _row(self, reading: TableReading, row_key: str, values: Line, label: Piece) -> None:
        table = reading.table
        columns = table.columns_of(row_key)
        fitted = _fit(values, len(columns))
        if fitted is None:
            reading.hits.append(Hit(f"{table.key}.{row_key}.{columns[0].key}", {
                "label": table.row(row_key).full_label, "at": label.loc.describe(), "expected": len(columns),
                "found": len(values), "numbers": "、".join(p.text or "（空）" for p in values)},
                "import-row-unreadable", origin="import"))
            return
        for column, piece in zip(columns, fitted, strict=True):
            self._cell(reading, f"{table.key}.{row_key}.{column.key}", piece)

    def _collapsed(self, reading: TableReading, group_key: str, values: Line, label: Piece) -> None:
        """A group printed as one row: its rows 0 by deduction where all its numbers are 0, else unknown."""
        table = reading.table
        rows = table.rows_under(group_key)
        columns = table.columns
        fitted = _fit(values, len(columns))
        printed = "、".join(p.text or "（空）" for p in values)
        numbers = [parsed_number(p.text).value for p in fitted] if fitted else []
        zero = bool(fitted) and all(n == 0 for n in numbers)
        group = table.group(group_key).label
        found = Hit(f"{table.key}.{rows[0].key}.{columns[0].key}", {
            "label": group, "at": label.loc.describe(), "numbers": printed, "rows": len(rows),
            "outcome": "均为 0，其各分项按 0 计" if zero else "不全为 0，其各分项无法得知，记为未读取", "check": ""},
            "import-collapsed-row", origin="import")
        reading.hits.append(found)
        if fitted and not zero:
            reading.collapsed.append((found, group_key, numbers))
        for row in rows:
            for column, piece in zip(columns, fitted or [None] * len(columns), strict=True):
                key = f"{table.key}.{row.key}.{column.key}"
                if zero and piece is not None:
                    self._cell(reading, key, Piece("0", piece.loc))
                elif not self.fmt.cells[key].derived:
                    reading.cells.setdefault(key, {"state": State.not_read})

    def _check_collapsed(self, reading: TableReading) -> None:
        """A group printed as one row of numbers: the printed total over it (（七）总计) is checked against the
        other rows it adds up and that row, column by column, and the finding says how it came out."""
        table = reading.table
        for found, group_key, numbers in reading.collapsed:
            under = {r.key for r in table.rows_under(group_key)}
            wrong, checked = [], 0
            for total in (r for r in table.rows if under <= {s.key for s in table.summed_rows(r)}):
                for column, printed in zip(table.columns, numbers, strict=True):
                    stored = reading.cells.get(f"{table.key}.{total.key}.{column.key}", {}).get("stored")
                    others = [reading.cells.get(f"{table.key}.{r.key}.{column.key}", {}).get("value")
                              for r in table.summed_rows(total) if r.key not in under]
                    if stored is None or printed is None or None in others:
                        continue
                    checked += 1
                    if sum(others) + printed != stored:
                        wrong.append(f"“{column.label}”栏印为 {stored}，其余各项与此行之和为 {sum(others) + printed}")
                label = total.label
                if wrong:
                    found.args["check"] = f"；{label}与之不符：{'；'.join(wrong)}"
                elif checked:
                    found.args["check"] = f"；{label}与其余各项及此行之和相符"

    # ---------------------------------------------------------------- the end

    def finish(self) -> tuple[dict[str, dict[str, Any]], list[Hit]]:
        cells: dict[str, dict[str, Any]] = {}
        hits: list[Hit] = []
        for reading in self.readings.values():
            self._check_collapsed(reading)
            if reading.table.shape == "groups" or (reading.loose_values and not reading.cells):
                self._positional(reading)
            elif reading.loose_values:
                hits.append(Hit(None, {"table": reading.table.title, "count": len(reading.loose_values),
                                       "at": reading.loose_values[0].loc.describe()},
                                "import-loose-numbers", origin="import"))
            hits.extend(reading.hits)
            hits.extend(self._missing(reading))
            for cell in reading.table.cells:
                cells[cell.key] = reading.cells.get(cell.key) or (
                    {"state": State.derived} if cell.derived else {"state": State.not_read})
        return cells, hits

    def _positional(self, reading: TableReading) -> None:
        """A table read from its numbers alone, in the order its geometry prints them (表四)."""
        shape = self.shapes[reading.table.key]
        values = reading.loose_values
        order = shape.value_order
        if not values:
            return
        fitted = _fit(tuple(values), len(order))
        if fitted is None:
            reading.hits.append(Hit(None, {"table": reading.table.title, "expected": len(order),
                                           "found": len(values), "at": values[0].loc.describe()},
                                    "import-table-unreadable", origin="import"))
            return
        for key, piece in zip(order, fitted, strict=True):
            self._cell(reading, key, piece)

    def _missing(self, reading: TableReading) -> list[Hit]:
        table = reading.table
        read = [c for c in table.inputs if c.key in reading.cells]
        if not read:
            rule = "import-table-missing" if not reading.seen else "import-table-unreadable"
            return [Hit(None, {"table": table.title, "expected": len(table.inputs), "found": 0, "at": "全文"},
                        rule, origin="import")]
        hits = []
        for row in table.rows:
            missing = [c for c in table.inputs if c.row.key == row.key and c.key not in reading.cells]
            if missing:
                hits.append(Hit(missing[0].key, {"label": row.full_label, "count": len(missing)},
                                "import-not-read", origin="import"))
        return hits


def read_tables(fmt: FormatDefinition, lines: list[tuple[Line, bool]],
                section_table: list[str | None]) -> tuple[dict[str, dict[str, Any]], list[Hit]]:
    reader = TablesReader(fmt)
    reader.read(lines, section_table)
    return reader.finish()
