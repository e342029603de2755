"""Text that reaches a terminal, a web page or a spreadsheet: file names and cell texts with escape sequences,
newlines, markup, formulas and path separators."""

from __future__ import annotations

from pathlib import Path

from .case import BATCH, JSON_COMMANDS, REPORT, Case, completes, finding, refused
from .jsons import TEXT, with_literal
from .package import Package
from conftest import EXAMPLE_XLSX

ESCAPES = "\x1b]0;伪造标题\x07\x1b[2J"  # set the window title, clear the screen
FORGED = "伪造："  # a line of its own starting with this is text the user did not get from the tool


def _named(name: str, data) -> callable:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return build


def no_forged_line(run) -> None:
    lines = (run.stdout + "\n" + run.stderr).splitlines()
    assert not any(line.startswith(FORGED) for line in lines), "a newline in a cell split a message"


def script_escaped(run) -> None:
    if run.command == REPORT:
        html = (run.out / "report.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def formula_neutralised(run) -> None:
    if run.command == BATCH:
        agencies = [row["机关名称"] for row in run.index() if row["文件"] == run.input.name]
        assert agencies == ["'=HYPERLINK(\"http://example.com\",\"点击\")"], agencies


def _agency(name: str) -> bytes:
    return Package.example().set_text("metadata.agency_name", name).bytes()


CASES = [
    # 6. Terminal escapes in file names, on every path that prints a name.
    Case("esc-in-file-name-unreadable", _named(f"报告{ESCAPES}.xlsx", b"not a workbook at all"),
         refused("不是 Excel 工作簿")),
    Case("esc-in-file-name", _named(f"报告{ESCAPES}.xlsx", lambda: EXAMPLE_XLSX.read_bytes()), completes()),
    # Terminal escapes in a text that a finding quotes (the document number rule quotes its sentence).
    Case("esc-in-text", _named("esc-in-text.json", lambda: with_literal(TEXT, '"依据国办函（2020）109号\\u001b[2J\\u001b]0;伪造\\u0007。"')),
         completes(JSON_COMMANDS)),
    # A newline in a cell quoted in an error (a count cell holding text).
    Case("newline-in-cell", _named("newline-in-cell.xlsx",
                                   lambda: Package.example().set_text("t3.new_received.natural_person",
                                                                      f"十件\n{FORGED}校验通过").bytes()),
         finding("D5"), check=no_forged_line),
    # Already kept: markup escaped in HTML, formulas neutralised in index.csv, names kept inside OUTDIR.
    Case("script-in-agency-name", _named("script.xlsx", lambda: _agency("<script>alert(1)</script>")), completes(),
         check=script_escaped),
    Case("formula-in-agency-name", _named("formula.xlsx", lambda: _agency('=HYPERLINK("http://example.com","点击")')),
         completes(), check=formula_neutralised),
    Case("traversal-in-agency-name", _named("traversal.xlsx", lambda: _agency("../../../逃逸")), completes()),
    Case("backslash-traversal-in-agency-name", _named("traversal.xlsx", lambda: _agency("..\\..\\逃逸")), completes()),
    Case("absolute-agency-name", _named("absolute.xlsx", lambda: _agency("/tmp/逃逸")), completes()),
]
