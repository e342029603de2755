"""Round trip: a report published by ``xxgk report`` (HTML, DOCX, Markdown, PDF, and the text a person copies
from the page in a browser) imports back to the same tables, metadata and texts.

Reports: the bundled example, one whose every number differs (both formats), and random ones that satisfy the
identities (both formats). PDF cases are few: LibreOffice starts once per file.
"""

from __future__ import annotations

import pytest

from generated import consistent_report
from xxgk.importer.published import read_published
from xxgk.render import build_document, render
from xxgk.validation import validate

from rendering import numbered_report, without_run_in_headings
from support import example_report

REPORTS = {
    "example": example_report,
    "example-plain-headings": lambda: without_run_in_headings(example_report()),
    "numbered-2021": lambda: numbered_report("2021"),
    "numbered-2019": lambda: numbered_report("2019"),
    **{f"random-{version}-{seed}": (lambda s=seed, v=version: consistent_report(s, v))
       for version in ("2021", "2019") for seed in (1, 2, 3)},
}
SUFFIX = {"html": ".html", "docx": ".docx", "md": ".md", "pdf": ".pdf"}


def assert_same(imported, original) -> None:
    assert imported.format_version == original.format_version
    assert imported.values() == original.values()
    assert imported.metadata == original.metadata
    assert imported.texts == original.texts
    assert not any(f.severity.value != "info" for f in imported.findings), [f.message for f in imported.findings]


@pytest.mark.parametrize("fmt", ["html", "docx", "md"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_published_report_imports_back_to_itself(name, fmt, tmp_path):
    original = REPORTS[name]()
    source = tmp_path / f"report{SUFFIX[fmt]}"
    source.write_bytes(render(build_document(original), fmt))
    assert_same(read_published(source), original)


def test_random_reports_satisfy_the_identities():
    for seed in (1, 2, 3):
        for version in ("2021", "2019"):
            errors = validate(consistent_report(seed, version)).errors
            assert not [f for f in errors if f.rule in ("t3-balance", "total-mismatch")], (seed, version)


@pytest.mark.parametrize("name", ["example", "numbered-2019"])
def test_the_pdf_imports_back_to_itself(name, soffice, tmp_path):
    original = REPORTS[name]()
    source = tmp_path / "report.pdf"
    source.write_bytes(render(build_document(original), "pdf"))
    assert_same(read_published(source), original)


@pytest.mark.parametrize("name", ["example", "numbered-2021", "random-2019-1"])
def test_text_copied_from_the_page_in_a_browser_imports_back_to_itself(name, browser, tmp_path):
    """What a person gets by selecting the page and copying it: the browser's ``innerText``, as the seed was."""
    original = REPORTS[name]()
    page_file = tmp_path / "report.html"
    page_file.write_bytes(render(build_document(original), "html"))
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        text = page.evaluate("document.body.innerText")
    finally:
        page.close()
    source = tmp_path / "copied.txt"
    source.write_text(text, encoding="utf-8")
    assert_same(read_published(source), original)
