"""What the ribbon button 信息公开年报 → 校验 does to the workbook active in Excel.

``main()`` is the only place that imports xlwings; ``run(book)`` takes any object with the few xlwings calls
listed in ``source.py`` and ``marker.py`` (plus ``book.name``, ``book.fullname`` and ``book.app.alert``), so
everything is tested on any system with a fake book.

1. Read every sheet in one call each and build the model exactly as the file reader does (``XlwingsSource``).
   Not a template of this tool: one message box, nothing changed.
2. Validate with the same function as ``xxgk validate``; plan the marks as the annotated copy does.
3. Clear the previous run's marks, colour error and warning cells, put the messages in the cells' notes and
   write the 校验结果 sheet (``XlwingsMarker``).
4. One message box with the counts and the first problems. Without errors, when the saved file holds what was
   validated, it asks (yes/no) whether to write the canonical JSON and the report beside the workbook.

Whatever fails on the way ends in one message box with a short reason in Chinese (the traceback goes to a log
file, never on screen), saying whether the workbook was changed.
"""

from __future__ import annotations

import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import messages
from .messages import TITLE

if TYPE_CHECKING:
    from ..model import AnnualReport

LOG_FILE = "xxgk-excel.log"


def main() -> None:
    """The entry point of ``xxgk_excel.main()``: the workbook active when the button was clicked."""
    import xlwings as xw

    run(xw.Book.caller())


def run(book: Any) -> None:
    consequence = messages.UNCHANGED
    try:
        from ..errors import XxgkError
        from ..marks import apply, plan_marks
        from ..validation import validate
        from ..workbook.layout import layout_for
        from ..workbook.reader import report_from_source
        from .marker import XlwingsMarker
        from .source import XlwingsSource

        try:
            report = report_from_source(XlwingsSource(book), name=book.name)
        except XxgkError as error:  # not a template of this tool, or its sheets were changed
            book.app.alert(messages.not_checked(error), title=TITLE, mode="critical")
            return
        result = validate(report, places=layout_for(report.format_version).bindings)
        plan = plan_marks(result)
        consequence = messages.PARTLY_MARKED
        apply(plan, XlwingsMarker(book, plan))
        consequence = messages.MARKED_NOT_EXPORTED
        text = messages.result(result)
        if not result.valid():
            book.app.alert(text, title=TITLE, mode="critical")
            return
        _finish_valid(book, report, text)
    except Exception as error:
        book.app.alert(messages.failure(error, consequence, _log(error)), title=TITLE, mode="critical")


def _finish_valid(book: Any, report: AnnualReport, text: str) -> None:
    from . import export

    workbook = export.saved_path(book.fullname)
    if workbook is None:
        book.app.alert(f"{text}\n\n{messages.SAVE_FIRST}", title=TITLE, mode="info")
        return
    saved = export.saved_report(workbook, report)
    if saved is None:
        book.app.alert(f"{text}\n\n{messages.UNSAVED}", title=TITLE, mode="info")
        return
    paths = export.targets(workbook)
    if book.app.alert(f"{text}\n\n{messages.offer(paths)}", title=TITLE, buttons="yes_no", mode="info") == "yes":
        book.app.alert(messages.exported(export.write(saved, paths)), title=TITLE, mode="info")


def _log(error: BaseException) -> Path | None:
    """The traceback, for whoever helps the user; None when even that cannot be written."""
    path = Path(tempfile.gettempdir()) / LOG_FILE
    try:
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return None
    return path
