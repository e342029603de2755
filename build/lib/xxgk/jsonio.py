"""Canonical JSON in and out, and reading any input (workbook or JSON) into the model."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from .errors import XxgkError
from .files import canonical_json
from .model import AnnualReport

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def dumps_report(report: AnnualReport) -> str:
    """Same report, same bytes: field order of the model, Chinese unescaped, no timestamps."""
    return canonical_json(report.model_dump(mode="json"))


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}：{first['msg']}" if where else first["msg"]


def load_report_json(path: Path) -> AnnualReport:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise XxgkError("文件不存在", path=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise XxgkError(f"不是有效的 JSON 文件（{error.__class__.__name__}）", path=path) from None
    try:
        return AnnualReport.model_validate(data)
    except ValidationError as error:
        raise XxgkError(f"不是有效的年报 JSON：{_first_error(error)}", path=path) from None


def load_report(path: Path, *, engine: str = "openpyxl") -> AnnualReport:
    """A workbook (.xlsx/.xlsm) or canonical JSON; anything else is sniffed as a workbook."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return load_report_json(path)
    from .workbook.reader import read_workbook

    return read_workbook(path, engine=engine)
