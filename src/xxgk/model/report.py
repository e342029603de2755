"""The canonical model of one annual report."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.fields import FieldInfo

from ..formats import DEFAULT_VERSION, FormatDefinition, get_format, versions
from .cells import State
from .finding import Finding
from .metadata import Metadata
from .tables import AnyTables, Number, derive_totals, flatten, flatten_cells, tables_model, unflatten
from .texts import Texts

SCHEMA_VERSION = "2.0"


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    source_file: str = Field(title="来源文件名")
    source_sha256: str = Field(title="来源文件 SHA-256", pattern=r"^[0-9a-f]{64}$")
    tool: str = Field("xxgk", title="转换工具")
    tool_version: str = Field(title="转换工具版本")


class AnnualReport(BaseModel):
    """政府信息公开工作年度报告: metadata, texts, the three tables, findings and provenance."""

    model_config = ConfigDict(extra="forbid", title="政府信息公开工作年度报告", defer_build=True)

    schema_version: Literal["2.0"] = Field(SCHEMA_VERSION, title="数据结构版本",
                                           description="1.0 版的归档由 xxgk.jsonio 读取时升级")
    format_version: str = Field(DEFAULT_VERSION, title="报告格式版本", description="2021 或 2019")
    metadata: Metadata = Field(default_factory=Metadata, title="基本信息")
    texts: Texts = Field(default_factory=Texts, title="正文")
    tables: AnyTables = Field(default=None, title="统计表", validate_default=True)
    # the empty lists (and Finding's dict) come from lambdas: pydantic reads a builtin's signature by tokenizing
    # its text, which costs every command a few milliseconds at start-up
    findings: list[Finding] = Field(default_factory=lambda: [], title="发现的问题")
    ignored_rules: list[str] = Field(default_factory=lambda: [], title="已忽略的规则", exclude_if=lambda v: not v,
                                     description="按 --ignore / --select 未计入结果的警告、提示规则；其问题仍列于“发现的问题”，标为已忽略")
    provenance: Provenance | None = Field(None, title="来源")
    sources: list[Provenance] = Field(default_factory=lambda: [], title="汇总来源",
                                      description="汇总报告所汇总的各份报告的来源；单份报告为空")

    @field_validator("format_version")
    @classmethod
    def _known_version(cls, version: str) -> str:
        if version not in versions():
            raise ValueError(f"未知的报告格式版本：{version}，本工具支持 {'、'.join(versions())} 版")
        return version

    @field_validator("tables", mode="before")
    @classmethod
    def _tables_of_its_version(cls, tables: Any, info: ValidationInfo) -> Any:
        """The tables model of the report's format version (validated strictly: see ``tables.py``)."""
        if "format_version" not in info.data:
            raise ValueError("报告格式版本无效，无法读取统计表")
        model = tables_model(info.data["format_version"])
        return tables if isinstance(tables, model) else model.model_validate({} if tables is None else tables)

    @model_validator(mode="after")
    def _tables_match_version(self) -> AnnualReport:
        if type(self.tables) is not tables_model(self.format_version):
            raise ValueError("统计表与报告格式版本不一致")
        self._derive()
        return self

    def _derive(self, cells: dict[str, Any] | None = None) -> None:
        """Every derived cell recomputed from its inputs, whatever the source said; a number the source gave
        for it that is not that sum is kept as its ``stored`` value, and a total the source left blank (state
        ``blank``: no number and no formula) is marked ``formula`` false. Input states must match their values.
        ``cells``: the tables' cells by key (``flatten_cells``), when the caller built them."""
        cells = flatten_cells(self.tables) if cells is None else cells
        definitions = self.format.cells
        # the states read once: a member read from the enum's class costs some 800 instructions (its metaclass
        # has a __getattr__), and this reads two for each of 200 cells
        blank, read, derived = State.blank, State.read, State.derived
        inputs = {}
        for key, cell in cells.items():
            if definitions[key].derived:
                if cell.state is blank:
                    if cell.value is not None or cell.stored is not None:
                        raise ValueError(f"{key}：状态“blank”与数值 {cell.value if cell.value is not None else cell.stored} 不符")
                    cell.formula = False
                continue
            if cell.state is not derived and (cell.value is None) is (cell.state is read):
                raise ValueError(f"{key}：状态“{cell.state.value}”与数值 {cell.value} 不符")
            inputs[key] = cell.value
        for table in self.format.tables.values():
            for key, value in derive_totals(table, inputs).items():
                cell = cells[key]
                if cell.value is not None and cell.value != value and cell.stored is None:
                    cell.stored = cell.value
                cell.value, cell.state = value, derived

    @property
    def format(self) -> FormatDefinition:
        return get_format(self.format_version)

    def values(self) -> dict[str, Number | None]:
        """Every table number by canonical key (``t3.new_received.total``); None where it is unknown."""
        return flatten(self.tables)

    def value(self, key: str) -> Number | None:
        return self.cell(key).value

    def cell(self, key: str) -> Any:
        """The whole cell: value, state, stored value, formula, source (``model.cells``)."""
        table_key, row_key, col_key = key.split(".")
        return getattr(getattr(getattr(self.tables, table_key), row_key), col_key)

    def cells(self) -> dict[str, Any]:
        return flatten_cells(self.tables)

    @classmethod
    def from_cells(cls, cells: dict[str, dict[str, Any]], **fields: Any) -> AnnualReport:
        """Build a report from cells by canonical key (``{"value": 3, "state": "read"}``); totals are derived."""
        return cls.model_validate({**fields, "tables": unflatten(cells)})

    @classmethod
    def from_checked(cls, cells: dict[str, dict[str, Any]], *, format_version: str, metadata: dict[str, Any],
                     texts: dict[str, Any], provenance: Provenance | None) -> AnnualReport:
        """A report from values a reader has already checked, each as the model holds it (``parse_number``'s
        numbers, the metadata parsers' dates, years and levels, texts), built without validating them again:
        validation builds pydantic's schemas, which costs a one-file command more than all the rest of its
        reading. Totals are derived as in ``from_cells``; a test keeps the two alike on what the readers give."""
        tables, by_key = _checked_tables(tables_model(format_version), cells)
        report = _checked(cls, {"format_version": format_version, "metadata": _checked(Metadata, metadata),
                                "texts": _checked(Texts, texts), "tables": tables, "provenance": provenance})
        report._derive(by_key)
        return report

    @classmethod
    def from_values(cls, values: dict[str, Number | None], **fields: Any) -> AnnualReport:
        """Build a report from table inputs as read (None: blank); derived cells (totals) are recomputed."""
        return cls.from_cells({k: {"value": v, "state": State.blank if v is None else State.read}
                               for k, v in values.items()}, **fields)


def _checked(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """``model`` holding ``data`` (nested dicts for the fields that are models), built without validation: what
    ``model_construct`` builds, from a plan of the model's fields made once (a report has some 300 models to build,
    and ``model_construct`` looks up aliases and defaults anew for each)."""
    plan, defaults = _plans.get(model) or _plan(model)
    if plan is None:
        return model.model_construct(**{name: value for name, value in data.items()})
    if defaults is not None and data.keys() <= defaults.keys():  # a cell: fixed defaults, no nested model
        values = {**defaults, **data}
        fields_set = set(data)
    else:
        values = {}
        for name, nested, default, make in plan:
            if name in data:
                value = data[name]
                values[name] = _checked(nested, value) if nested is not None and isinstance(value, dict) else value
            elif default is not _COMPUTED:
                values[name] = default
            else:
                values[name] = make(values)
        fields_set = data.keys() & values.keys()
    return _built(model, values, fields_set)


def _checked_tables(model: type[BaseModel], cells: dict[str, dict[str, Any]]) -> tuple[BaseModel, dict[str, Any]]:
    """``model`` (a tables model) holding ``cells`` (every cell of it by canonical key, each a dict of a cell's
    fields), and its cells by key: what ``_checked(model, unflatten(cells))`` builds, in one pass over the model's
    tables, rows and columns planned once (the nested dicts and the recursion cost more than the cells)."""
    tables, by_key = {}, {}
    for table_key, table_model, rows in _tables_plans.get(model) or _tables_plan(model):
        table = {}
        for row_key, row_model, columns in rows:
            row = {}
            for col_key, key, cell_model, defaults in columns:
                data = cells[key]
                row[col_key] = by_key[key] = _built(cell_model, {**defaults, **data}, set(data))
            table[row_key] = _built(row_model, row, set(row))
        tables[table_key] = _built(table_model, table, set(table))
    return _built(model, tables, set(tables)), by_key


def _built(model: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> Any:
    """``model`` holding ``values`` (all its fields), set without validation, as ``model_construct`` sets them."""
    built = _new(model)
    _set_dict(built, values)
    _set_fields_set(built, fields_set)
    _set_extra(built, None)
    _set_private(built, None)
    return built


# the slots model_construct sets, each set by its own descriptor: object.__setattr__ costs twice as much (some 0.7 M
# instructions a report of 240 models)
_new = object.__new__
_set_dict, _set_fields_set, _set_extra, _set_private = (
    BaseModel.__dict__[slot].__set__ for slot in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__",
                                                   "__pydantic_private__"))
_COMPUTED = object()  # a default made for each instance (a factory, or a value pydantic copies)
_IMMUTABLE = (type(None), bool, int, float, str, Enum)
_Plan = tuple[tuple[str, type[BaseModel] | None, Any, Callable[[dict[str, Any]], Any]], ...]
# model → (name, the model of a nested field or None, its default or _COMPUTED, what makes a _COMPUTED one from the
# values before it) in field order, None for a model that model_construct must build itself (aliases, extras kept,
# private attributes, a post-init hook); and the defaults by name when every field has a fixed one and none is a model
_plans: dict[type[BaseModel], tuple[_Plan | None, dict[str, Any] | None]] = {}


def _plan(model: type[BaseModel]) -> tuple[_Plan | None, dict[str, Any] | None]:
    fields = model.__pydantic_fields__
    special = (model.model_config.get("extra") == "allow" or model.__pydantic_post_init__ or model.__private_attributes__
               or model.__pydantic_root_model__ or any(f.alias or f.validation_alias for f in fields.values()))
    plan = None if special else tuple(
        (name, f.annotation if _is_model(f.annotation) else None,
         f.default if f.default_factory is None and not f.is_required() and isinstance(f.default, _IMMUTABLE)
         else _COMPUTED, _maker(f))
        for name, f in fields.items())
    if plan is not None and any(f.is_required() for f in fields.values()):
        plan = None  # a required field left out: model_construct leaves it unset, as it does
    fixed = plan is not None and all(nested is None and default is not _COMPUTED for _, nested, default, _ in plan)
    _plans[model] = plan, {name: default for name, _, default, _ in plan} if fixed else None
    return _plans[model]


def _maker(field: FieldInfo) -> Callable[[dict[str, Any]], Any]:
    """What makes a field's default for an instance from the values before it, as ``FieldInfo.get_default`` makes
    it, with the factory's signature read once (``get_default`` reads it at every call: 8 µs)."""
    factory = field.default_factory
    if factory is None:
        return lambda values: field.get_default()  # a copy of a mutable default
    if field.default_factory_takes_validated_data:
        return factory  # type: ignore[return-value]
    return lambda values: factory()  # type: ignore[call-arg]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


_TablesPlan = tuple[tuple[str, type[BaseModel], tuple[tuple[str, type[BaseModel], tuple[tuple[str, str, type[BaseModel],
                                                                                          dict[str, Any]], ...]], ...]], ...]
# tables model → each table's key and model, each row's key and model, and each column's key, canonical key, cell
# model and the cell's defaults
_tables_plans: dict[type[BaseModel], _TablesPlan] = {}


def _tables_plan(model: type[BaseModel]) -> _TablesPlan:
    def fields(of: type[BaseModel]) -> list[tuple[str, type[BaseModel]]]:
        return [(name, field.annotation) for name, field in of.__pydantic_fields__.items()]

    _tables_plans[model] = tuple(
        (table_key, table_model, tuple(
            (row_key, row_model, tuple(
                (col_key, f"{table_key}.{row_key}.{col_key}", cell_model, (_plans.get(cell_model) or _plan(cell_model))[1])
                for col_key, cell_model in fields(row_model)))
            for row_key, row_model in fields(table_model)))
        for table_key, table_model in fields(model))
    return _tables_plans[model]
