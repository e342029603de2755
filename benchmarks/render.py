"""Time to render 100 reports in each format: ``python benchmarks/render.py [COUNT] [PDF_COUNT]``.

The reports are the bundled example with different numbers in every cell. DOCX, HTML and Markdown are
rendered COUNT times each (document structure included). PDF starts LibreOffice once per report (a few
seconds each), so only PDF_COUNT reports are converted and the time for COUNT is extrapolated from them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from xxgk.formats import get_format
from xxgk.jsonio import load_report_json
from xxgk.model import AnnualReport
from xxgk.render import build_document, render
from xxgk.render.pdf import find_soffice

EXAMPLE = Path(__file__).resolve().parent.parent / "workbook_templates" / "example-2024.json"


def reports(count: int) -> list[AnnualReport]:
    base = load_report_json(EXAMPLE)
    inputs = [c for c in get_format(base.format_version).cells.values() if not c.derived]
    fields = {"format_version": base.format_version, "metadata": base.metadata.model_dump(),
              "texts": base.texts.model_dump()}
    return [AnnualReport.from_values({c.key: (n * 7 + i) % 50 for i, c in enumerate(inputs)}, **fields)
            for n in range(count)]


def timed(batch: list[AnnualReport], fmt: str) -> float:
    started = time.perf_counter()
    for report in batch:
        render(build_document(report), fmt)
    return time.perf_counter() - started


def main(count: int = 100, pdf_count: int = 3) -> None:
    batch = reports(count)
    render(build_document(batch[0]), "docx")  # imports and caches outside the timing
    render(build_document(batch[0]), "html")
    for fmt in ("docx", "html", "md"):
        seconds = timed(batch, fmt)
        print(f"{fmt:5} {count} 份  {seconds:7.2f} s  （每份 {seconds / count * 1000:6.1f} ms）")
    if find_soffice() is None:
        print("pdf   未安装 LibreOffice，跳过")
        return
    seconds = timed(batch[:pdf_count], "pdf")
    print(f"pdf   {count} 份 ≈{seconds / pdf_count * count:6.1f} s  （每份 {seconds / pdf_count:5.2f} s；"
          f"由 {pdf_count} 份外推，每份启动一次 LibreOffice）")


if __name__ == "__main__":
    main(*map(int, sys.argv[1:3]))
