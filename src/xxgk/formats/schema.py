"""The schema of a format definition file: what ``v2021.toml`` may say, checked when it is loaded.

Unknown or misspelt keys, missing fields, wrong kinds and references to rows, columns, groups or tables that
do not exist are refused with one message naming the place (``tables.t3.rows[23].sum_range``). Imported only
when a definition is parsed, not when a cached one is loaded (see ``definition.load``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .definition import DefinitionError

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroupSpec(_Spec):
    key: Key
    label: Text


class ColumnSpec(_Spec):
    key: Key
    label: Text
    kind: Literal["count", "amount", "change"] = "count"
    group: Key | None = None
    aliases: tuple[Text, ...] = ()


class RowSpec(_Spec):
    key: Key
    label: Text
    group: Key | None = None
    subgroup: Key | None = None
    sum_range: tuple[Key, Key] | None = None
    aliases: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _subgroup_inside_a_group(self) -> RowSpec:
        if self.subgroup and not self.group:
            raise ValueError("有 subgroup 的行也要有 group")
        return self


class BlockSpec(_Spec):
    caption: Text
    columns: tuple[ColumnSpec, ...] = Field(min_length=1)
    rows: tuple[RowSpec, ...] = Field(min_length=1)


class IdentitySpec(_Spec):
    key: Key
    left: tuple[Key, ...] = Field(min_length=1)
    right: tuple[Key, ...] = Field(min_length=1)
    text: Text


def _unique(what: str, keys: Iterable[str]) -> None:
    repeated = [k for k, n in Counter(keys).items() if n > 1]
    if repeated:
        raise ValueError(f"{what}的键重复：{'、'.join(repeated)}")


def _known(what: str, key: str | None, known: Iterable[str]) -> None:
    if key is not None and key not in known:
        raise ValueError(f"没有键为“{key}”的{what}")


class TableSpec(_Spec):
    title: Text
    shape: Literal["blocks", "matrix", "groups"]
    blocks: tuple[BlockSpec, ...] = ()
    groups: tuple[GroupSpec, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    rows: tuple[RowSpec, ...] = ()
    total_column: Key | None = None
    identities: tuple[IdentitySpec, ...] = ()
    corner: str = ""
    column_header: str = ""
    row_header: str = ""

    @property
    def all_rows(self) -> tuple[RowSpec, ...]:
        return tuple(r for b in self.blocks for r in b.rows) if self.blocks else self.rows

    @model_validator(mode="after")
    def _references_exist(self) -> TableSpec:
        if (self.shape == "blocks") != bool(self.blocks):
            raise ValueError("shape 为 blocks 的表由 blocks 组成，其他表不能有 blocks")
        if self.shape != "blocks" and not (self.columns and self.rows):
            raise ValueError(f"shape 为 {self.shape} 的表要有 columns 和 rows")
        if self.blocks and (self.columns or self.rows):
            raise ValueError("blocks 表的列和行写在各 blocks 中")
        rows = self.all_rows
        row_keys = [r.key for r in rows]
        _unique("行", row_keys)
        _unique("分组", (g.key for g in self.groups))
        _unique("勾稽关系", (i.key for i in self.identities))
        for columns in [b.columns for b in self.blocks] or [self.columns]:
            _unique("列", (c.key for c in columns))
        groups = {g.key for g in self.groups}
        for column in self.columns:
            _known("分组", column.group, groups)
        for row in rows:
            _known("分组", row.group, groups)
            _known("分组", row.subgroup, groups)
            for key in row.sum_range or ():
                _known("行", key, row_keys)
            if row.sum_range and row_keys.index(row.sum_range[0]) > row_keys.index(row.sum_range[1]):
                raise ValueError(f"行“{row.key}”的 sum_range 起止颠倒")
        for attribute in ("group", "subgroup"):  # a caption spans one run of rows
            runs = [getattr(r, attribute) for i, r in enumerate(rows)
                    if getattr(r, attribute) and (i == 0 or getattr(rows[i - 1], attribute) != getattr(r, attribute))]
            _unique(f"不相邻的{'分组' if attribute == 'group' else '子分组'}", runs)
        if self.total_column is not None:
            _known("列", self.total_column, {c.key for c in self.columns})
        for identity in self.identities:
            for key in identity.left + identity.right:
                _known("行", key, row_keys)
        return self


class PartSpec(_Spec):
    key: Key
    title: str
    label: Text
    hint: str = ""


class SectionSpec(_Spec):
    number: Text
    key: Key
    title: Text
    aliases: tuple[Text, ...] = ()  # other titles published reports print for the section
    table: Key | None = None
    parts: tuple[PartSpec, ...] = ()

    @model_validator(mode="after")
    def _table_or_parts(self) -> SectionSpec:
        if bool(self.table) == bool(self.parts):
            raise ValueError("每一部分要么是一张表（table），要么是正文（parts）")
        _unique("分项", (p.key for p in self.parts))
        if (len(self.parts) == 1) != any(p.key == "body" for p in self.parts):
            raise ValueError("只有一个分项的部分，其分项的键为 body；body 不与其他分项并列")
        return self


class DefinitionSpec(_Spec):
    version: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    name: Text
    notice: Text
    first_year: int
    last_year: int | None = None
    markers: tuple[Text, ...] = ()
    sections: tuple[SectionSpec, ...] = Field(min_length=1)
    tables: dict[Key, TableSpec]

    @model_validator(mode="after")
    def _every_table_in_one_section(self) -> DefinitionSpec:
        _unique("部分", (s.key for s in self.sections))
        placed = [s.table for s in self.sections if s.table]
        for key in placed:
            _known("表", key, self.tables)
        _unique("各部分所列表", placed)
        missing = [key for key in self.tables if key not in placed]
        if missing:
            raise ValueError(f"表 {'、'.join(missing)} 不属于任何部分")
        return self


_MESSAGES = {
    "extra_forbidden": "未知的键（拼写有误？）",
    "missing": "缺少此项",
    "string_pattern_mismatch": "键只能由小写字母、数字和下划线组成，以字母开头",
    "string_too_short": "不能为空",
    "too_short": "至少要有 {min_length} 项",
    "too_long": "至多只能有 {max_length} 项",
    "literal_error": "只能是 {expected}",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "string_type": "应为文字",
    "tuple_type": "应为数组",
    "dict_type": "应为表",
    "model_type": "应为表",
}


def _message(problem: dict) -> str:
    template = _MESSAGES.get(problem["type"])
    if template is None:  # our own validators' messages, already in Chinese
        return problem["msg"].removeprefix("Value error, ")
    context = {k: str(v).replace("' or '", "'、'").replace("', '", "'、'") for k, v in problem.get("ctx", {}).items()}
    return template.format(**context)


def _place(loc: tuple) -> str:
    place = ""
    for part in loc:
        if isinstance(part, int):
            place += f"[{part}]"
        elif not str(part).startswith("function-"):  # pydantic's name for a tagged validator step
            place += f".{part}" if place else str(part)
    return place


def validate(data: dict, name: object) -> DefinitionSpec:
    """The definition read from ``name`` checked against the schema, or ``DefinitionError`` with one line."""
    try:
        return DefinitionSpec.model_validate(data)
    except ValidationError as error:
        problems = error.errors(include_url=False)
        first = next((p for p in problems if p["type"] == "extra_forbidden"), problems[0])  # a misspelt key first
        message = _message(first)
        place = _place(first["loc"])
        more = f"（另有 {len(problems) - 1} 处问题）" if len(problems) > 1 else ""
        raise DefinitionError(f"格式定义 {name} 有误：{place + '：' if place else ''}{message}{more}") from None
