"""Export next to the workbook: the canonical JSON (as ``xxgk convert``) and the report (as ``xxgk report``).

Both are made from the saved file, not from the cells on screen, so they are the same bytes the command line
makes from that file (the provenance's SHA-256 is the file's); the export is offered only when the saved file
holds what was just validated in Excel, i.e. when there are no unsaved changes that matter.
"""

from __future__ import annotations

from pathlib import Path

from ..files import write_bytes_atomic
from ..jsonio import dumps_report
from ..model import AnnualReport

SUFFIXES = (".json", ".docx")


def saved_path(fullname: str) -> Path | None:
    """The workbook's file, or None when it was never saved to a local or network folder (a new book's
    fullname is just its name; a book in OneDrive or SharePoint has an https address)."""
    path = Path(fullname)
    return path if path.is_absolute() and path.is_file() else None


def targets(workbook: Path) -> list[Path]:
    """年报.xlsx → 年报.json, 年报.docx beside it."""
    return [workbook.with_suffix(suffix) for suffix in SUFFIXES]


def saved_report(workbook: Path, live: AnnualReport) -> AnnualReport | None:
    """The saved file read as ``xxgk convert`` reads it, or None when it differs from the live workbook."""
    from ..workbook.reader import read_workbook

    saved = read_workbook(workbook)
    same = saved.model_dump(exclude={"provenance"}) == live.model_dump(exclude={"provenance"})
    return saved if same else None


def write(report: AnnualReport, paths: list[Path]) -> list[Path]:
    """Write the JSON and the DOCX of a saved report (both made before either is written)."""
    from ..render import build_document, render
    from ..validation import validate
    from ..workbook.layout import layout_for

    data = {".docx": render(build_document(report), "docx")}  # from the report as read, as `xxgk report` does
    # the reader's and the rules' findings, as `xxgk convert` keeps them
    report.findings = list(validate(report, places=layout_for(report.format_version).bindings))
    data[".json"] = dumps_report(report).encode("utf-8")
    for path in paths:
        write_bytes_atomic(path, data[path.suffix])
    return paths
