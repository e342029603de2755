"""The importer's extraction layer (``xxgk.importer.extract``) against the bare parse of the same file.

Bare parse: lxml.html for HTML; UTF-8 decoding for plain text and Markdown; python-docx opening for DOCX;
pypdfium2's page-by-page text extraction for PDF. Extraction includes sniffing, charset handling, the
traditional-character check, body finding, table grids and (PDF) ruling lines, furniture and reflow.

    python benchmarks/import_sources.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import docx
import lxml.html
import pypdfium2 as pdfium
from read import timed

from xxgk.importer import extract

TESTS = Path(__file__).resolve().parent.parent / "tests" / "data"
PUBLISHED = TESTS / "published"


def bare_pdf(path: Path) -> None:
    pdf = pdfium.PdfDocument(str(path))
    for i in range(len(pdf)):
        pdf[i].get_textpage().get_text_range()
    pdf.close()


def made_docx(target: Path) -> Path:
    """A report-sized Word file: 40 paragraphs and a 28 × 10 table with merged cells."""
    d = docx.Document()
    d.add_heading("某某县人民政府2024年政府信息公开工作年度报告", level=1)
    for k in range(40):
        d.add_paragraph(f"（{k}）本年度严格落实政府信息公开各项要求，" * 6)
    t = d.add_table(rows=28, cols=10)
    t.cell(5, 0).merge(t.cell(26, 0)).text = "三、本年度办理结果"
    for r in range(28):
        for c in range(1, 10):
            t.cell(r, c).text = str(r * c)
    d.save(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        word = made_docx(Path(tmp) / "made.docx")
        cases = [
            ("html", PUBLISHED / "shuyang-fgj-2023.html", lambda p: lxml.html.fromstring(p.read_bytes())),
            ("text", TESTS / "seed-2024-shanghu.txt", lambda p: p.read_bytes().decode("utf-8")),
            ("text", PUBLISHED / "huaian-2024-table3-fragment.txt", lambda p: p.read_bytes().decode("utf-8")),
            ("markdown", PUBLISHED / "shuyang-2025-ocr.md", lambda p: p.read_bytes().decode("utf-8")),
            ("markdown", PUBLISHED / "shanghai-kewei-2024-extract.md", lambda p: p.read_bytes().decode("utf-8")),
            ("docx", word, lambda p: docx.Document(str(p))),
            ("pdf", PUBLISHED / "hongze-2023.pdf", bare_pdf),
            ("pdf", PUBLISHED / "hongze-2024.pdf", bare_pdf),
            ("pdf", PUBLISHED / "huaian-2024.pdf", bare_pdf),
        ]
        print(f"median of {repeat} runs, milliseconds per file")
        print(f"{'kind':10}{'file':36}{'bare':>8}{'extract':>9}{'ratio':>7}")
        for kind, path, bare in cases:
            extract(path)  # warm: imports, OpenCC's dictionaries
            b = timed(lambda p=path, f=bare: f(p), repeat)
            e = timed(lambda p=path: extract(p), repeat)
            print(f"{kind:10}{path.name:36}{b:8.1f}{e:9.1f}{e / b:7.1f}")


if __name__ == "__main__":
    main()
