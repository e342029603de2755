"""Canonical JSON in and out, and reading any input (workbook or JSON) into the model.

A canonical JSON file is read with strict types, as the model declares them (``model_validate_json`` in strict
mode: a count is a JSON number, never ``true`` or ``"3"``; no ``NaN``, ``Infinity`` or ``1e400``; no number of
16 digits or more; no object where a number belongs). A wrong type refuses the file with one Chinese line
naming the key. A value of the right type that breaks a rule (null, a negative count, a fraction, a year out of
range) is read, and the rules report it as they do for a workbook. Half a UTF-16 pair in a text (``\\ud800``) is
replaced with U+FFFD when read, with a finding, as the workbook reader does.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

from .errors import XxgkError, shown
from .files import canonical_json, check_input_file, os_reason
from .limits import MAX_JSON_BYTES, MIB
from .model import MAX_MAGNITUDE, SCHEMA_VERSION, AnnualReport, State
from .model.cells import OPTIONAL
from .text_safety import REPLACEMENT

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# what a published report is saved as (any other name is read by its content too, where a command names the file)
PUBLISHED_SUFFIXES = (".html", ".htm", ".txt", ".md", ".docx", ".pdf")
# every file read as a report by its name: a workbook, canonical JSON or a published report
REPORT_SUFFIXES = (*WORKBOOK_SUFFIXES, ".json", *PUBLISHED_SUFFIXES)


_TABLES = "\n  \"tables\": "  # the line of the top-level key (a real newline cannot occur inside a JSON string)
_CELLS = "\ue000cells\ue000"
_ONE_LINE = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps(..., ensure_ascii=False) makes one a call


def dumps_report(report: AnnualReport) -> str:
    """Same report, same bytes: field order of the model, Chinese unescaped, no timestamps; each table cell
    on one line (``"total": {"value": 3, "state": "derived"}``), so the tables read as tables. The cells are
    written from the model directly: a batch writes thousands of reports, each with some 200 cells."""
    data = report.model_dump(mode="json", exclude={"tables"})
    text = canonical_json({name: _CELLS if name == "tables" else data[name] for name in type(report).model_fields
                          if name in data or name == "tables"})
    return text.replace(_TABLES + _ONE_LINE(_CELLS), _TABLES + _tables_text(report.tables), 1)


_STATE_NAMES = {state: state.value for state in State}
# the layout of the tables of each tables model, with %s for every cell: the same for all reports of a format
# version, so a report only writes its cells (most of what writing the tables cost)
_LAYOUTS: dict[type, str] = {}


def _tables_text(tables: BaseModel) -> str:
    """The tables indented as ``canonical_json`` indents them, each cell on one line as ``_ONE_LINE`` writes it."""
    layout = _LAYOUTS.get(type(tables))
    if layout is None:  # a model's instances hold its fields in the order it declares them: one layout for all
        layout = _LAYOUTS[type(tables)] = _layout(tables)
    return layout % tuple(_cell_text(cell) for table in vars(tables).values() for row in vars(table).values()
                          for cell in vars(row).values())


def _layout(tables: BaseModel) -> str:
    """The tables indented as ``canonical_json`` indents them, with %s for each cell (the keys are field names:
    no % to escape)."""

    def block(items: list[str], level: int) -> str:
        if not items:
            return "{}"
        pad = "  " * level
        return "{\n" + ",\n".join(pad + "  " + item for item in items) + "\n" + pad + "}"

    return block([_name(t) + ": " + block([
        _name(r) + ": " + block([_name(c) + ": %s" for c in vars(row)], 3)
        for r, row in vars(table).items()], 2) for t, table in vars(tables).items()], 1)


def _cell_text(cell: BaseModel) -> str:
    """One cell on one line, as ``_ONE_LINE`` writes it."""
    fields = vars(cell)
    value, state = fields["value"], fields["state"]
    plain = fields["stored"] is None and fields["formula"] is None and fields["source"] is None  # none of OPTIONAL
    if plain and type(value) is int and 0 <= value < _SHARED_BELOW:
        shared = _SHARED[state]
        text = shared.get(value)
        if text is None:
            text = shared[value] = _written(value, state, fields)
        return text
    return _written(value, state, fields)


# the text of a cell holding nothing but a whole number below 1000, by state and number, made as first met:
# nearly every cell of a report is one (most are 0), and writing it costs more than looking it up
_SHARED_BELOW = 1000
_SHARED: dict[State, dict[int, str]] = {state: {} for state in State}


def _written(value: object, state: State, fields: dict[str, Any]) -> str:
    text = f'{{"value": {_scalar(value)}, "state": "{_STATE_NAMES[state]}"'
    for name in OPTIONAL:
        if (value := fields[name]) is not None:
            text += f', "{name}": {_scalar(value)}'
    return text + "}"


@cache
def _name(key: str) -> str:
    """A key of the tables (a field name of their models) as ``_ONE_LINE`` writes it, worked out once."""
    return _ONE_LINE(key)


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, BaseModel):
        return _ONE_LINE(value.model_dump(mode="json"))
    return _ONE_LINE(value)


# --------------------------------------------------------------------------- errors in Chinese

_KINDS = {str: "文本", bool: "布尔值", dict: "对象", list: "数组", type(None): "null", int: "整数", float: "数字"}
_SHOWN = 40


def _shown(value: Any) -> str:
    """A value as the message quotes it: one line, control characters escaped, at most 40 characters."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = shown(value)
        return f"“{text[:_SHOWN]}…”" if len(text) > _SHOWN else f"“{text}”"
    if isinstance(value, (dict, list)):
        return ""
    if isinstance(value, int) and abs(value) >= 10**_SHOWN:
        return f"{len(str(abs(value)))} 位的整数" if abs(value) < 10**4000 else "过长的整数"
    return str(value)


def _actual(value: Any) -> str:
    kind = _KINDS.get(type(value), type(value).__name__)
    shown = _shown(value)
    return f"实为{kind}" + (f" {shown}" if shown and kind not in ("null",) and shown != kind else "")


def _bound(ctx: dict, key: str) -> str:
    return "超过 15 位数" if ctx.get(key) in (MAX_MAGNITUDE, -MAX_MAGNITUDE) else f"超出范围（{ctx.get(key)}）"


# pydantic's error types, as one Chinese sentence each (the value found is appended where it helps)
_ERRORS = {
    "int_type": lambda e: f"应为整数，{_actual(e['input'])}",
    "int_from_float": lambda e: f"应为整数，{_actual(e['input'])}",
    "float_type": lambda e: f"应为数字，{_actual(e['input'])}",
    "finite_number": lambda e: "应为有限的数字，不能是 NaN、Infinity 或超出范围的数",
    "less_than": lambda e: f"数值{_bound(e['ctx'], 'lt')}",
    "less_than_equal": lambda e: f"应不大于 {e['ctx']['le']}，实为 {_shown(e['input'])}",
    "greater_than": lambda e: f"数值{_bound(e['ctx'], 'gt')}",
    "greater_than_equal": lambda e: f"应不小于 {e['ctx']['ge']}，实为 {_shown(e['input'])}",
    "string_type": lambda e: f"应为文本，{_actual(e['input'])}",
    "bool_type": lambda e: f"应为 true 或 false，{_actual(e['input'])}",
    "date_type": lambda e: f"应为日期（如 2025-02-11），{_actual(e['input'])}",
    "date_parsing": lambda e: f"应为日期（如 2025-02-11），{_actual(e['input'])}",
    "date_from_datetime_parsing": lambda e: f"应为日期（如 2025-02-11），{_actual(e['input'])}",
    "date_from_datetime_inexact": lambda e: f"应为日期（如 2025-02-11），{_actual(e['input'])}",
    "enum": lambda e: f"应为 {e['ctx']['expected'].replace(' or ', ', ').replace(', ', '、')} 之一，{_actual(e['input'])}",
    "literal_error": lambda e: f"应为 {e['ctx']['expected']}，{_actual(e['input'])}",
    "string_pattern_mismatch": lambda e: f"格式不正确，{_actual(e['input'])}",
    "model_type": lambda e: f"应为对象，{_actual(e['input'])}",
    "model_attributes_type": lambda e: f"应为对象，{_actual(e['input'])}",
    "dict_type": lambda e: f"应为对象，{_actual(e['input'])}",
    "list_type": lambda e: f"应为数组，{_actual(e['input'])}",
    "missing": lambda e: "缺少此项",
    "string_unicode": lambda e: "不是有效的 Unicode 文本",
    "extra_forbidden": lambda e: "不是规范 JSON 的项（名称拼写有误，或不属于本格式版本）",
    "value_error": lambda e: str(e["ctx"]["error"]),
}

# jiter's syntax errors (``Invalid JSON: <what> at line L column C``)
_SYNTAX = (
    ("recursion limit exceeded", "嵌套层数过多"),
    ("number out of range", "数字位数过多，超出范围"),
    ("hex escape", "含有无效的 \\u 转义"),
    ("control character", "文本中含有未转义的控制字符"),
    ("EOF", "文件在此处意外结束，内容不完整"),
    ("trailing", "JSON 内容之后还有多余的字符"),
    ("key must be a string", "对象的键应为带引号的文本"),
    ("invalid escape", "无效的转义序列"),
    ("invalid number", "数字格式不正确"),
    ("expected", "语法错误，此处缺少值、逗号、冒号或括号"),
)
_UNION_TAG = re.compile(r"int|float|str|bool|none|[A-Z]\w*V\d{4}|constrained-\w+|[\w-]+\[.*\]")
_POSITION = re.compile(r" at line (\d+) column (\d+)$")


def _syntax_error(message: str) -> str:
    what = message.removeprefix("Invalid JSON: ")
    position = _POSITION.search(what)
    what = _POSITION.sub("", what)
    sentence = next((chinese for english, chinese in _SYNTAX if english in what), "不符合 JSON 语法")
    where = f"第 {position[1]} 行第 {position[2]} 列：" if position else ""
    return f"不是有效的 JSON 文件：{where}{sentence}"


def _key(loc: tuple) -> str:
    """The dotted path of an error; a union's member tags (``int``, ``float``, model names) are not keys."""
    parts = []
    for part in loc:
        if isinstance(part, str) and _UNION_TAG.fullmatch(part):
            continue
        parts.append(_shown(part).strip("“”") if isinstance(part, str) else str(part))
    return ".".join(parts)


def explain(error: ValidationError) -> str:
    """The first problem of a validation error as one Chinese line (pydantic's English never reaches the user).

    A union reports one error per member for the same key: the most telling one is shown (a non-finite or too
    large number before "should be an integer").
    """
    errors = error.errors(include_url=False)
    if errors and errors[0]["type"] == "json_invalid":
        return _syntax_error(errors[0]["msg"])
    first_key = _key(errors[0]["loc"]) if errors else ""
    same = [e for e in errors if _key(e["loc"]) == first_key]
    chosen = next((e for e in same if e["type"] in ("finite_number", "less_than", "greater_than")), same[0])
    explained = _ERRORS.get(chosen["type"])
    sentence = explained(chosen) if explained else f"内容不符合规范 JSON 的要求（{chosen['type']}）"
    return f"不是有效的年报 JSON：{first_key}：{sentence}" if first_key else f"不是有效的年报 JSON：{sentence}"


# --------------------------------------------------------------------------- reading


def _read_text(path: Path) -> bytes:
    """The bytes of a JSON input: a readable regular file (a pipe would block) within the size limit."""
    check_input_file(path)
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise XxgkError(f"文件过大（{size // MIB} MB），规范 JSON 文件不超过 {MAX_JSON_BYTES // MIB} MB", path=path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_JSON_BYTES + 1)  # the file may have grown since
    except OSError as error:
        raise XxgkError(f"无法读取：{os_reason(error, '读取')}", path=path) from None
    if len(data) > MAX_JSON_BYTES:
        raise XxgkError(f"文件过大，规范 JSON 文件不超过 {MAX_JSON_BYTES // MIB} MB", path=path)
    return data.removeprefix(b"\xef\xbb\xbf")


def report_from_json(data: bytes | str, *, name: object = "JSON") -> AnnualReport:
    """A report from the text of a canonical JSON file (strict types; see the module docstring)."""
    if isinstance(data, bytes):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise XxgkError(f"不是有效的 JSON 文件：不是 UTF-8 编码的文本（第 {error.start + 1} 个字节）", path=name) from None
    try:
        try:
            return AnnualReport.model_validate_json(data, strict=True)
        except ValidationError as error:
            if not _is_1_0(error):
                raise
        # a schema 1.0 archive (valid JSON, or it would not have named its version): upgraded, read as strictly
        return AnnualReport.model_validate_json(json.dumps(upgraded(json.loads(data))), strict=True)
    except ValidationError as error:
        if _lone_surrogate(error):
            return _surrogates_replaced(data, error, name)
        raise XxgkError(explain(error), path=name) from None
    except RecursionError:  # pydantic's own nesting limit comes first; this is a guard, not a path
        raise XxgkError("不是有效的 JSON 文件：嵌套层数过多", path=name) from None


def _lone_surrogate(error: ValidationError) -> bool:
    """jiter refuses a ``\\uD800`` escape without its other half (``surrogate``, ``end of hex escape``)."""
    first = error.errors(include_url=False)[0]
    if first["type"] == "string_unicode":  # a Python string holding one, given to ``report_from_json``
        return True
    return first["type"] == "json_invalid" and ("surrogate" in first["msg"] or "end of hex escape" in first["msg"])


def _surrogates_replaced(data: bytes | str, error: ValidationError, name: object) -> AnnualReport:
    """A file whose texts hold half a UTF-16 pair (an archive of a workbook cell ``_xD800_``): Python's parser
    reads it, every lone surrogate becomes U+FFFD, and each text of the metadata or the report where that happened
    gets a ``text-invalid-character`` finding, as a workbook cell does. A file that is bad in other ways too is
    refused as it would have been."""
    from .rules.registry import Hit
    from .text_safety import code_points
    from .validation.locate import locate_all
    from .workbook.layout import layout_for

    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise XxgkError(explain(error), path=name) from None
    replaced: dict[str, list[str]] = {}
    try:
        report = AnnualReport.model_validate_json(json.dumps(_replace_surrogates(value, (), replaced)), strict=True)
    except ValidationError as other:
        raise XxgkError(explain(other), path=name) from None
    places = layout_for(report.format_version).bindings
    hits = [Hit(key, {"chars": code_points(list(dict.fromkeys(chars))), "count": len(chars)}, "text-invalid-character",
                origin="import") for key, chars in replaced.items() if key in places]
    report.findings = [*report.findings, *locate_all(hits, places)]
    return report


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(value: Any, path: tuple, replaced: dict[str, list[str]]) -> Any:
    if isinstance(value, str):
        found = _LONE_SURROGATE.findall(value)
        if found:
            replaced.setdefault(".".join(map(str, path)), []).extend(found)
            return _LONE_SURROGATE.sub(REPLACEMENT, value)
        return value
    if isinstance(value, dict):
        return {_LONE_SURROGATE.sub(REPLACEMENT, k): _replace_surrogates(v, (*path, k), replaced) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_surrogates(v, (*path, i), replaced) for i, v in enumerate(value)]
    return value


def _is_1_0(error: ValidationError) -> bool:
    return any(e["loc"] == ("schema_version",) and e.get("input") == "1.0" for e in error.errors(include_url=False))


def upgraded(data: object) -> object:
    """A schema 1.0 archive as schema 2.0: each table number becomes a cell, each finding gets its origin.

    1.0 kept bare numbers. An input with a number was read; one without was blank, or not read when the
    archive's own findings say the reader found text there. A total is a derived cell: the model recomputes
    it, keeping a 1.0 number that is not the sum of its inputs as the stored value; a workbook's stored total
    survives in 1.0 only in the reader's ``total-mismatch`` finding, and is taken from there. Findings of the
    rules the workbook reader reported are the import's; the others are the rules' (they are recomputed).
    """
    if not isinstance(data, dict) or data.get("schema_version") != "1.0":
        return data
    from .rules import catalog

    rules = catalog()
    findings = [dict(f, origin="import" if rules.get(f.get("rule")) and rules[f["rule"]].reader else "report")
                if isinstance(f, dict) else f for f in data.get("findings") or ()]
    unread = {f.get("key") for f in findings if isinstance(f, dict) and f["origin"] == "import"
              and f.get("rule") != "cell-blank"}
    stored = {f["key"]: f["args"]["stored"] for f in findings if isinstance(f, dict) and f.get("rule") == "total-mismatch"
              and isinstance(f.get("args"), dict) and _is_number(f["args"].get("stored"))}
    tables = data.get("tables")
    if isinstance(tables, dict):
        tables = {t: {r: {c: _cell_1_0(f"{t}.{r}.{c}", v, unread, stored) for c, v in row.items()}
                      if isinstance(row, dict) else row for r, row in table.items()}
                  if isinstance(table, dict) else table for t, table in tables.items()}
    return {**data, "schema_version": SCHEMA_VERSION, "tables": tables, "findings": findings}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell_1_0(key: str, value: object, unread: set, stored: dict) -> object:
    if value is not None and not _is_number(value):
        return value  # not a 1.0 number: left for the model to refuse
    cell = {"value": value, "state": "read"} if value is not None else {
        "value": None, "state": "not_read" if key in unread else "blank"}
    return {**cell, "stored": stored[key]} if key in stored else cell


def load_json_value(path: Path) -> Any:
    """Any JSON file read within the reader's limits (a readable regular file of at most ``MAX_JSON_BYTES``,
    nesting bounded by the parser): the parsed value, or ``XxgkError`` with one Chinese line."""
    path = Path(path)
    data = _read_text(path)
    try:
        return from_json(data)
    except ValueError as error:
        raise XxgkError(_syntax_error(str(error)), path=path) from None


def load_report_json(path: Path) -> AnnualReport:
    path = Path(path)
    return report_from_json(_read_text(path), name=path)


def load_report(path: Path, *, engine: str | None = None, sha256: str | None = None) -> AnnualReport:
    """Any report: a workbook (.xlsx/.xlsm), canonical JSON (.json), or — by its content, whatever its name — a
    published report (a web page, copied text, Markdown, Word, PDF; ``importer``). ``engine``: the workbook
    reader's (its default when None)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return load_report_json(path)
    if suffix not in WORKBOOK_SUFFIXES:
        from .importer.sniff import Kind, sniff

        kind = sniff(path)
        if kind is Kind.JSON:
            return load_report_json(path)
        if kind is not Kind.WORKBOOK:
            from .importer.published import read_published

            return read_published(path, sha256=sha256)
    from .workbook.reader import read_workbook  # here, not at the top: reading JSON needs no workbook code

    return read_workbook(path, engine=engine, sha256=sha256) if engine else read_workbook(path, sha256=sha256)
