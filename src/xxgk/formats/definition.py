"""The format definition: one per format version, loaded from the TOML files beside this module.

Everything else in xxgk (template builder, reader, rules, renderers) is driven by these objects, so a new
format version is a new TOML file, not an edit across the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..parse_cache import parsed
from .geometry import Geometry, table_geometry
from .labels import Labels

if TYPE_CHECKING:
    from .schema import ColumnSpec, RowSpec, TableSpec

CellKind = Literal["count", "amount", "change"]
_HERE = Path(__file__).parent


class DefinitionError(ValueError):
    """A format definition file that does not say what the schema allows (one line naming the place)."""


# The plain values of a definition are named tuples: each costs a tenth of a dataclass to define, and every
# command defines them at start-up.


class Group(NamedTuple):
    """A caption printed over several columns (法人或其他组织) or beside several rows (三、本年度办理结果)."""

    key: str
    label: str


class Column(NamedTuple):
    key: str
    label: str
    kind: CellKind = "count"
    group: Group | None = None
    aliases: tuple[str, ...] = ()  # other wordings real reports print (``labels.py`` matches them)


class Row(NamedTuple):
    key: str
    label: str
    group: Group | None = None
    subgroup: Group | None = None  # a second caption inside the group: （三）不予公开
    sum_range: tuple[str, str] | None = None
    aliases: tuple[str, ...] = ()

    @property
    def full_label(self) -> str:
        """The label with its group captions, as a reader of the printed table would say it."""
        return "".join(g.label for g in (self.group, self.subgroup) if g) + self.label

    def is_under(self, group_key: str) -> bool:
        return any(g is not None and g.key == group_key for g in (self.group, self.subgroup))


class Block(NamedTuple):
    """A captioned part of a 'blocks' table (T2): its own header row and columns."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


class Identity(NamedTuple):
    """left rows summed equal right rows summed, for every column (the printed 勾稽关系)."""

    key: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Cell:
    """One number of a table, addressed by its canonical key ``table.row.column`` (made once: the checks of every
    report look cells up by it)."""

    table: str
    row: Row
    column: Column
    derived: bool
    key: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.table}.{self.row.key}.{self.column.key}")


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    shape: Literal["blocks", "matrix", "groups"]
    blocks: tuple[Block, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    groups: tuple[Group, ...] = ()
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

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)

    def rows_under(self, group_key: str) -> tuple[Row, ...]:
        """The rows captioned by a group or subgroup (``denied``: the eight rows under （三）不予公开)."""
        return tuple(r for r in self.rows if r.is_under(group_key))

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

    @cached_property
    def inputs(self) -> tuple[Cell, ...]:
        """The cells a report fills in, in table order."""
        return tuple(c for c in self.cells if not c.derived)

    @cached_property
    def totals(self) -> tuple[Cell, ...]:
        """The derived cells (totals), recomputed from the inputs, in table order."""
        return tuple(c for c in self.cells if c.derived)

    @cached_property
    def geometry(self) -> Geometry:
        """Every cell of the printed table with its role, span and key (``geometry.py``)."""
        return table_geometry(self)

    @cached_property
    def labels(self) -> Labels:
        """The matcher of the labels the table prints, with their aliases (``labels.py``): how a found label
        text is told to be one of them, by the reader and the importer alike."""
        return Labels((area.text, area.aliases) for area in self.geometry.labels)


class TextPart(NamedTuple):
    key: str
    title: str  # the numbered heading in the report ("" for a part printed without one)
    label: str  # its official name
    hint: str = ""  # what the template adds to the name, in brackets

    @property
    def caption(self) -> str:
        """The name as the template prints it above the text cell."""
        return f"{self.label}（{self.hint}）" if self.hint else self.label


class Section(NamedTuple):
    number: str
    key: str
    title: str
    table: str | None = None
    parts: tuple[TextPart, ...] = ()
    aliases: tuple[str, ...] = ()  # other titles published reports print (the importer finds them)

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"

    def text_key(self, part: TextPart) -> str:
        """The canonical key of a text part: ``texts.other`` for a section's one body, else
        ``texts.overview.proactive``."""
        return f"texts.{self.key}" if part.key == "body" else f"texts.{self.key}.{part.key}"


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


def _table(key: str, spec: TableSpec) -> Table:
    groups = {g.key: Group(g.key, g.label) for g in spec.groups}

    def column(c: ColumnSpec) -> Column:
        return Column(c.key, c.label, c.kind, groups.get(c.group or ""), c.aliases)

    def row(r: RowSpec) -> Row:
        return Row(r.key, r.label, groups.get(r.group or ""), groups.get(r.subgroup or ""), r.sum_range, r.aliases)

    return Table(
        key=key,
        title=spec.title,
        shape=spec.shape,
        blocks=tuple(Block(b.caption, tuple(map(column, b.columns)), tuple(map(row, b.rows))) for b in spec.blocks),
        columns=tuple(map(column, spec.columns)),
        rows=tuple(map(row, spec.rows)),
        groups=tuple(groups.values()),
        total_column=spec.total_column,
        identities=tuple(Identity(i.key, i.left, i.right, i.text) for i in spec.identities),
        corner=spec.corner,
        column_header=spec.column_header,
        row_header=spec.row_header,
    )


def parse(data: dict, name: object = "（未命名）") -> FormatDefinition:
    """A definition from the data of its TOML file, checked against the schema (``DefinitionError``)."""
    from .schema import validate  # pydantic: only when a definition is parsed, not when a cached one is loaded

    spec = validate(data, name)
    return FormatDefinition(
        version=spec.version,
        name=spec.name,
        notice=spec.notice,
        first_year=spec.first_year,
        last_year=spec.last_year,
        markers=spec.markers,
        sections=tuple(
            Section(s.number, s.key, s.title, s.table, tuple(TextPart(p.key, p.title, p.label, p.hint) for p in s.parts),
                    s.aliases)
            for s in spec.sections
        ),
        tables={key: _table(key, t) for key, t in spec.tables.items()},
    )


def load(path: Path) -> FormatDefinition:
    """The definition in a TOML file, validated once (``parse_cache``: validating costs about 70 ms, mostly
    building the schema's models)."""

    def make(source: bytes) -> FormatDefinition:
        import tomllib  # only when the cache is missing or stale

        try:
            data = tomllib.loads(source.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise DefinitionError(f"格式定义 {path.name} 不是有效的 TOML：{error}") from None
        return parse(data, path.name)

    return parsed(path, "definition", make, FormatDefinition, [_HERE / "definition.py", _HERE / "schema.py"])
