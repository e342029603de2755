"""Importing published reports (``read_published``: extraction and mapping onto the model) against the bare
parse of the same files, per format, in one run:

- HTML: N generated reports as ``xxgk report`` publishes them (random numbers satisfying the identities, both
  formats); bare parse ``lxml.html``;
- text: the same reports as the text a person copies from the page (one table cell a line, as the seed);
  bare parse ``lxml.html`` on the same report's HTML (the page it was copied from);
- Markdown: the same reports as ``xxgk report`` writes Markdown; bare parse ``lxml.html`` on its HTML;
- DOCX: 100 generated; bare parse: python-docx opening the file;
- PDF: the corpus PDFs and 20 generated (LibreOffice makes them; ``--pdf 0`` skips those); bare parse:
  pypdfium2's text extraction of every page.

Charset detection and character conversion count as import time. Goal: HTML and text within 3 × the bare parse.
With ``--batch N`` it also times ``xxgk batch`` over N published pages against N workbooks of the same
reports (goal: within 2 ×).

    python benchmarks/import.py [--n 500] [--docx 100] [--pdf 20] [--batch 0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
import lxml.html
from import_sources import bare_pdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from generated import consistent_report  # noqa: E402
from xxgk.importer.published import read_published  # noqa: E402
from xxgk.render import build_document, render  # noqa: E402

PUBLISHED = ROOT / "tests" / "data" / "published"
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div"}


def copied_text(page: bytes) -> str:
    """What a person copies from the page: each paragraph a line; each table cell a line, tab-indented, rows
    apart by a blank line (as the seed, copied from a portal, is)."""
    lines: list[str] = []
    body = lxml.html.fromstring(page).find("body")
    for el in body.iter():
        if el.tag == "table":
            for tr in el.iter("tr"):
                lines.extend("\t" + " ".join(td.text_content().split()) for td in tr if td.tag in ("td", "th"))
                lines.append("")
        elif (el.tag in _BLOCKS and el.getparent().tag not in ("td", "th")
              and not any(d.tag in _BLOCKS or d.tag == "table" for d in el.iterdescendants())):
            lines.append(" ".join(el.text_content().split()))
    return "\n".join(lines)


def per_file(files: list[Path], fn) -> float:
    """Milliseconds per file for ``fn`` over ``files`` (after one warm-up call)."""
    fn(files[0])
    start = time.perf_counter()
    for path in files:
        fn(path)
    return (time.perf_counter() - start) * 1000 / len(files)


def write_sources(folder: Path, n: int, n_docx: int) -> dict[str, list[Path]]:
    made: dict[str, list[Path]] = {"html": [], "text": [], "md": [], "docx": [], "page": []}
    for i in range(n):
        document = build_document(consistent_report(i, "2019" if i % 10 == 9 else "2021"))
        page = render(document, "html")
        for kind, suffix, data in (("html", ".html", page), ("text", ".txt", copied_text(page).encode("utf-8")),
                                   ("md", ".md", render(document, "md"))):
            path = folder / kind / f"{i:04d}{suffix}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            made[kind].append(path)
        if i < n_docx:
            path = folder / "docx" / f"{i:04d}.docx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(render(document, "docx"))
            made["docx"].append(path)
    made["page"] = made["html"]  # the page each text and Markdown file was made from
    return made


def generated_pdfs(folder: Path, count: int) -> list[Path]:
    out = []
    for i in range(count):
        path = folder / "pdf" / f"{i:04d}.pdf"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(render(build_document(consistent_report(10_000 + i)), "pdf"))
        out.append(path)
    return out


def batch_seconds(folder: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xxgk", "batch", str(folder), "-o", str(out), "--jobs", "2"],
                   capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500, help="generated HTML, text and Markdown reports")
    parser.add_argument("--docx", type=int, default=100)
    parser.add_argument("--pdf", type=int, default=20, help="generated PDFs beside the corpus's")
    parser.add_argument("--batch", type=int, default=0, help="pages for the batch comparison (0: none)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; milliseconds per report")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = write_sources(folder, max(args.n, args.batch), args.docx)
        pdfs = sorted(PUBLISHED.glob("*.pdf")) + generated_pdfs(folder, args.pdf)
        html_bare = per_file(made["page"][: args.n], lambda p: lxml.html.fromstring(p.read_bytes()))
        rows = [
            ("HTML", args.n, html_bare, per_file(made["html"][: args.n], read_published)),
            ("text", args.n, html_bare, per_file(made["text"][: args.n], read_published)),
            ("Markdown", args.n, html_bare, per_file(made["md"][: args.n], read_published)),
            ("DOCX", len(made["docx"]), per_file(made["docx"], lambda p: docx.Document(str(p))),
             per_file(made["docx"], read_published)),
            ("PDF", len(pdfs), per_file(pdfs, bare_pdf), per_file(pdfs, read_published)),
        ]
        print(f"{'format':10}{'files':>7}{'bare':>9}{'import':>9}{'ratio':>7}")
        for name, count, bare, imported in rows:
            print(f"{name:10}{count:7d}{bare:9.2f}{imported:9.2f}{imported / bare:7.1f}")
        if args.batch:
            from xxgk.workbook.fill import filled_bytes

            workbooks = folder / "workbooks"
            workbooks.mkdir()
            for i in range(args.batch):
                (workbooks / f"{i:04d}.xlsx").write_bytes(
                    filled_bytes(consistent_report(i, "2019" if i % 10 == 9 else "2021")))
            pages = folder / "pages"
            pages.mkdir()
            for path in made["html"][: args.batch]:
                os.link(path, pages / path.name)
            w, p = batch_seconds(workbooks, folder / "out-w"), batch_seconds(pages, folder / "out-p")
            print(f"batch --jobs 2 over {args.batch}: workbooks {w:.1f} s, published pages {p:.1f} s, ratio {p / w:.1f}")


if __name__ == "__main__":
    main()
