"""The format definition: one per format version, loaded from the TOML files beside this module.

Everything else in xxgk (template builder, reader, rules, renderers) is driven by these objects, so a new
format version is a new TOML file, not an edit across the project.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

CellKind = Literal["count", "amount", "change"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: CellKind = "count"
    group: str | None = None


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: str | None = None
    subgroup: str | None = None
    sum_range: tuple[str, str] | None = None
    aliases: tuple[str, ...] = ()

    @property
    def full_label(self) -> str:
        """The label with its group captions, as a reader of the printed table would say it."""
        return "".join(part for part in (self.group, self.subgroup, self.label) if part)


@dataclass(frozen=True)
class Block:
    """A captioned part of a 'blocks' table (T2): its own header row and columns."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Identity:
    """left rows summed equal right rows summed, for every column (the printed 勾稽关系)."""

    key: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Cell:
    """One number of a table, addressed by its canonical key ``table.row.column``."""

    table: str
    row: Row
    column: Column
    derived: bool

    @property
    def key(self) -> str:
        return f"{self.table}.{self.row.key}.{self.column.key}"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    shape: Literal["blocks", "matrix", "groups"]
    blocks: tuple[Block, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    total_column: str | None = None
    identities: tuple[Identity, ...] = ()
    corner: str = ""
    column_header: str = ""
    row_header: str = ""

    def __post_init__(self) -> None:
        if self.blocks:  # a blocks table lists its rows in block order
            object.__setattr__(self, "rows", tuple(r for b in self.blocks for r in b.rows))

    def columns_of(self, row_key: str) -> tuple[Column, ...]:
        for block in self.blocks:
            if any(r.key == row_key for r in block.rows):
                return block.columns
        return self.columns

    def row(self, key: str) -> Row:
        return self._rows_by_key[key]

    @cached_property
    def _rows_by_key(self) -> dict[str, Row]:
        return {r.key: r for r in self.rows}

    def summed_rows(self, row: Row) -> tuple[Row, ...]:
        """The rows a derived row adds up (inclusive range in table order)."""
        if row.sum_range is None:
            return ()
        keys = [r.key for r in self.rows]
        start, end = (keys.index(k) for k in row.sum_range)
        return self.rows[start : end + 1]

    def is_derived(self, row: Row, column: Column) -> bool:
        return row.sum_range is not None or column.key == self.total_column

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(
            Cell(self.key, row, column, self.is_derived(row, column))
            for row in self.rows
            for column in self.columns_of(row.key)
        )


@dataclass(frozen=True)
class TextPart:
    key: str
    title: str
    label: str


@dataclass(frozen=True)
class Section:
    number: str
    key: str
    title: str
    table: str | None = None
    parts: tuple[TextPart, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class FormatDefinition:
    version: str
    name: str
    notice: str
    first_year: int
    sections: tuple[Section, ...]
    tables: dict[str, Table] = field(hash=False)
    markers: tuple[str, ...] = ()
    last_year: int | None = None

    @property
    def text_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.parts)

    @cached_property
    def cells(self) -> dict[str, Cell]:
        return {c.key: c for t in self.tables.values() for c in t.cells}


def _column(d: dict) -> Column:
    return Column(**d)


def _row(d: dict) -> Row:
    d = dict(d)
    if "sum_range" in d:
        d["sum_range"] = tuple(d["sum_range"])
    d["aliases"] = tuple(d.get("aliases", ()))
    return Row(**d)


def _table(key: str, d: dict) -> Table:
    return Table(
        key=key,
        title=d["title"],
        shape=d["shape"],
        blocks=tuple(
            Block(b["caption"], tuple(map(_column, b["columns"])), tuple(map(_row, b["rows"])))
            for b in d.get("blocks", ())
        ),
        columns=tuple(map(_column, d.get("columns", ()))),
        rows=tuple(map(_row, d.get("rows", ()))),
        total_column=d.get("total_column"),
        identities=tuple(
            Identity(i["key"], tuple(i["left"]), tuple(i["right"]), i["text"]) for i in d.get("identities", ())
        ),
        corner=d.get("corner", ""),
        column_header=d.get("column_header", ""),
        row_header=d.get("row_header", ""),
    )


def parse(data: dict) -> FormatDefinition:
    return FormatDefinition(
        version=data["version"],
        name=data["name"],
        notice=data["notice"],
        first_year=data["first_year"],
        last_year=data.get("last_year"),
        markers=tuple(data.get("markers", ())),
        sections=tuple(
            Section(
                number=s["number"],
                key=s["key"],
                title=s["title"],
                table=s.get("table"),
                parts=tuple(TextPart(**p) for p in s.get("parts", ())),
            )
            for s in data["sections"]
        ),
        tables={key: _table(key, t) for key, t in data["tables"].items()},
    )


def load(path) -> FormatDefinition:
    with open(path, "rb") as f:
        return parse(tomllib.load(f))
