"""Pydantic models of the three tables, generated from each format definition.

A table is ``{row_key: {column_key: cell}}``, a cell ``{"value": number or null, "state": ...}`` (``cells``).
Derived cells (totals) hold the sum of their inputs, unknown (None) when any input is unknown.

The model holds any finite number of fewer than 16 digits, so that a report with a wrong value can be read,
reported and rendered: a negative count, a fraction in a count or an amount of five decimals is a finding of
the rules (``rules/checks/cells.py``), as the reader's are for a workbook. What it refuses is a wrong type
(a boolean, a string, infinity, a number of 16 digits or more): tables are validated strictly.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from typing import Annotated, Any, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    TypeAdapter,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticKnownError, core_schema

from ..formats import Column, Table, get_format, versions
from .cells import cell_model

Number = int | float

# Every table number is smaller than this in magnitude: 15 digits (an amount then keeps its four decimals in a
# float). The workbook reader reports a longer number as ``cell-too-large``; a canonical JSON file holding one is
# refused. Far above any real count: the plausibility of a value is the rules' business.
MAX_MAGNITUDE = 10**15

_STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, defer_build=True)


def _bounded_whole(value: Number) -> Number:
    """A count within the bounds, with the errors ``Field(gt=, lt=)`` gives, and 3.0 in a count as the count 3 (a
    fraction stays, for ``cell-fraction`` to report): one call per number, none for a blank (pydantic checks the
    bounds of a union of int and float by a call each)."""
    if not value > -MAX_MAGNITUDE:
        raise PydanticKnownError("greater_than", {"gt": -MAX_MAGNITUDE})
    if not value < MAX_MAGNITUDE:
        raise PydanticKnownError("less_than", {"lt": MAX_MAGNITUDE})
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _number_type(kind: str):
    """What a cell of a column of ``kind`` may hold; the JSON Schema says what a correct report holds."""
    bounds = Field(gt=-MAX_MAGNITUDE, lt=MAX_MAGNITUDE)
    if kind == "amount":
        correct = {"type": "number", "minimum": 0, "description": "万元，最多四位小数"}
        return Annotated[float | None, bounds, _schema(correct)]
    if kind == "change":
        correct = {"type": "integer", "exclusiveMinimum": -MAX_MAGNITUDE, "description": "整数，可为负数"}
    else:
        correct = {"type": "integer", "minimum": 0, "description": "非负整数"}
    return Annotated[Annotated[int | float, AfterValidator(_bounded_whole)] | None, _schema(correct)]


def _schema(correct: dict) -> WithJsonSchema:
    description = correct.pop("description")
    number = {**correct, "exclusiveMaximum": MAX_MAGNITUDE}
    return WithJsonSchema({"anyOf": [number, {"type": "null"}], "default": None, "description": description})


@cache
def _cell_model(kind: str) -> type[BaseModel]:
    return cell_model(f"{kind.capitalize()}Cell", _number_type(kind), _STRICT)


def _row_model(version: str, table: Table, index: int, columns: tuple[Column, ...]) -> type[BaseModel]:
    name = f"{table.key.upper()}Row{index or ''}V{version}"
    fields: dict[str, Any] = {}
    for c in columns:
        model = _cell_model(c.kind)
        fields[c.key] = (model, Field(default_factory=model, title=c.label))
    return create_model(name, __config__=_STRICT, **fields)


def _table_model(version: str, table: Table) -> type[BaseModel]:
    column_sets = list(dict.fromkeys(table.columns_of(r.key) for r in table.rows))
    row_models = {cols: _row_model(version, table, i, cols) for i, cols in enumerate(column_sets)}
    fields = {}
    for row in table.rows:
        row_model = row_models[table.columns_of(row.key)]
        fields[row.key] = (row_model, Field(default_factory=row_model, title=row.full_label))
    return create_model(f"{table.key.upper()}V{version}", __config__=_STRICT, **fields)


_BUILDING = threading.Lock()


def tables_model(version: str) -> type[BaseModel]:
    """The tables model of a format version, built once per process: a report checks its tables' class by
    identity, so threads reading their first reports at once (the service's) must not each build their own."""
    with _BUILDING:
        return _tables_model(version)


@cache
def _tables_model(version: str) -> type[BaseModel]:
    fmt = get_format(version)
    fields = {}
    for key, table in fmt.tables.items():
        model = _table_model(version, table)
        fields[key] = (model, Field(default_factory=model, title=table.title))
    return create_model(f"TablesV{version}", __config__=_STRICT, **fields)


def any_tables_type():
    """The union of the tables models of every known version (for the JSON Schema)."""
    models = tuple(tables_model(v) for v in versions())
    return Union[models] if len(models) > 1 else models[0]  # noqa: UP007


class AnyTables:
    """The type of a report's tables: the tables model of its own format version, which the report validates
    itself (and pydantic then takes as it is); the JSON Schema describes it as ``any_tables_type()``. So a command
    builds only the models of the versions it reads, when it first reads one (this keeps start-up fast)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.any_schema()

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        return handler(TypeAdapter(any_tables_type()).core_schema)


def flatten_cells(tables: BaseModel) -> dict[str, Any]:
    """``{"t3.new_received.total": cell, ...}`` in definition order (the models' fields, read directly: this
    runs for every report a batch reads and validates)."""
    return {
        f"{table_key}.{row_key}.{col_key}": cell
        for table_key, table in vars(tables).items()
        for row_key, row in vars(table).items()
        for col_key, cell in vars(row).items()
    }


def flatten(tables: BaseModel) -> dict[str, Number | None]:
    """``{"t3.new_received.total": 0, ...}``: every cell's value, in definition order."""
    return {key: cell.value for key, cell in flatten_cells(tables).items()}


def unflatten(values: dict[str, Any]) -> dict:
    nested: dict = {}
    for key, value in values.items():
        table_key, row_key, col_key = _parts(key)
        nested.setdefault(table_key, {}).setdefault(row_key, {})[col_key] = value
    return nested


@lru_cache(maxsize=4096)  # the keys of the formats (some 500), split once for every report
def _parts(key: str) -> tuple[str, str, str]:
    table_key, row_key, col_key = key.split(".")
    return table_key, row_key, col_key


def derive_totals(table: Table, values: dict[str, Number | None], *,
                  bounded: bool = True) -> dict[str, Number | None]:
    """The derived cells of a table (totals) recomputed from its inputs (``values``, by canonical key).

    A total over an unknown input (None, or not in ``values``) is unknown: never a sum that took it as 0. So
    is a total past ``MAX_MAGNITUDE`` (inputs each within it may add up past it; ``total-too-large`` reports
    it), unless ``bounded`` is false: then it is the sum.
    """
    derived: dict[str, Number | None] = {}
    for key, parts in _sum_plan(table):
        total: Number | None = 0
        for k in parts:
            term = derived[k] if k in derived else values.get(k)
            if term is None:
                total = None
                break
            total += term
        if bounded and total is not None and not abs(total) < MAX_MAGNITUDE:
            total = None
        derived[key] = total
    return derived


_plans: dict[int, tuple[Table, tuple[tuple[str, tuple[str, ...]], ...]]] = {}


def _sum_plan(table: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each derived cell with the cells it adds up, in computing order; made once per table, because readers
    and checks call ``derive_totals`` many times per report. Keyed by identity: hashing a table is slow."""
    entry = _plans.get(id(table))
    if entry is None or entry[0] is not table:
        entry = _plans[id(table)] = (table, _make_plan(table))
    return entry[1]


def _make_plan(table: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    plan = []

    def cell(row_key: str, col_key: str) -> str:
        return f"{table.key}.{row_key}.{col_key}"

    for row in table.rows:  # derived rows first (their total column is then derived from them)
        if row.sum_range:
            for column in table.columns_of(row.key):
                if column.key != table.total_column:
                    summed = tuple(cell(r.key, column.key) for r in table.summed_rows(row))
                    plan.append((cell(row.key, column.key), summed))
    if table.total_column:
        for row in table.rows:
            parts = tuple(cell(row.key, c.key) for c in table.columns_of(row.key) if c.key != table.total_column)
            plan.append((cell(row.key, table.total_column), parts))
    return tuple(plan)
