"""Test helpers: workbooks written from compact text, LibreOffice round trips, running the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from xxgk.cli import main
from xxgk.jsonio import load_report_json
from xxgk.model import AnnualReport
from xxgk.validation import ValidationResult, validate
from xxgk.workbook.fill import filled_workbook
from xxgk.workbook.layout import layout_for
from xxgk.workbook.template import build_workbook, workbook_bytes

from conftest import EXAMPLE_JSON


def read(value: Any) -> dict[str, Any]:
    """A table cell of the canonical JSON holding a number as read."""
    return {"value": value, "state": "read"}


def validate_placed(report: AnnualReport, **options: Any) -> ValidationResult:
    """``validate`` as the front ends call it: findings placed on the template's cells."""
    return validate(report, places=layout_for(report.format_version).bindings, **options)


def example_report() -> AnnualReport:
    return load_report_json(EXAMPLE_JSON)


def parse_cells(text: str) -> dict[str, Any]:
    """Compact cell text: one ``key = value`` a line; values are Python literals or bare text.

    >>> parse_cells("t3.new_received.natural_person = 5\\nt2.fees.amount_wan_yuan = /")
    {'t3.new_received.natural_person': 5, 't2.fees.amount_wan_yuan': '/'}
    """
    import ast

    cells: dict[str, Any] = {}
    for line in text.strip().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, raw = (part.strip() for part in line.partition("="))
        try:
            cells[key] = ast.literal_eval(raw) if raw else None
        except (ValueError, SyntaxError):
            cells[key] = raw
    return cells


def write_workbook(path: Path, cells: dict[str, Any] | str = "", *, base: AnnualReport | None = None,
                   version: str | None = None, labels: dict[str, str | None] | None = None) -> Path:
    """A filled template: ``base`` (the bundled example by default, or blank when version is given) with
    ``cells`` written raw into the bound cells (formulas of derived cells overwritten where named), and
    ``labels`` retyped: ``{"t2 行政规范性文件": "规范性文件"}`` (a table key or sheet name, the official label)."""
    if isinstance(cells, str):
        cells = parse_cells(cells)
    if version is not None:
        wb = build_workbook(version)
    else:
        base = base or example_report()
        version = base.format_version
        wb = filled_workbook(base)
    layout = layout_for(version)
    for key, value in cells.items():
        binding = layout.bindings[key]
        wb[binding.sheet].cell(binding.row, binding.col).value = value
    for where, text in (labels or {}).items():
        sheet, _, official = where.partition(" ")
        plan = layout.table_sheet(sheet) if sheet.startswith("t") and sheet[1:].isdigit() else layout.sheet(sheet)
        label = next(x for x in plan.labels if x.text == official)  # the first, where a label recurs (表四)
        wb[plan.name].cell(label.row, label.col).value = text
    path.write_bytes(workbook_bytes(wb))
    return path


def recalculated(soffice: str, path: Path, outdir: Path) -> Path:
    """The workbook opened, recalculated and saved by LibreOffice (a file with cached formula values)."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{outdir}/profile",
                    "--convert-to", "xlsx:Calc Office Open XML", "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180)
    out = outdir / path.name
    assert out.exists(), "LibreOffice wrote no file"
    return out


def cached_values(path: Path, sheet: str) -> dict[str, Any]:
    wb = load_workbook(path, data_only=True)
    return {c.coordinate: c.value for row in wb[sheet].iter_rows() for c in row if c.value is not None}


def run_cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)


def run_xxgk(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """The real console entry point in a child process (exit codes and stderr exactly as users see them)."""
    return subprocess.run([sys.executable, "-m", "xxgk", *map(str, args)], capture_output=True, timeout=timeout)


def refusal(stderr: str | bytes, *fragments: str) -> str:
    """The one line a refused command writes: ``错误：`` and Chinese, no traceback, no internal error, no raw
    control character; it holds each of ``fragments``."""
    text = stderr.decode("utf-8") if isinstance(stderr, bytes) else stderr
    assert text.endswith("\n") and text.count("\n") == 1, text
    line = text[:-1]
    assert line.startswith("错误：") and "程序内部错误" not in line and "Traceback" not in line, line
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in line), repr(line)
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (hidden ones too) with its SHA-256, a symlink's target, or its kind: equal
    snapshots mean nothing was written, replaced or left behind."""
    import os
    import stat

    from xxgk.files import sha256_of

    entries = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            entries[str(path.relative_to(folder))] = "-> " + os.readlink(path)
        elif stat.S_ISREG(mode):
            entries[str(path.relative_to(folder))] = sha256_of(path)
        else:
            entries[str(path.relative_to(folder))] = "folder" if stat.S_ISDIR(mode) else "special"
    return entries
