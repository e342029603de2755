"""Published reports as an attacker or a careless user sends them (issue 12, bad input): a page that is no
report, a page with two, a file far too large, tables nested a thousand deep, scripts, NUL bytes, a wrong
declared charset, encrypted, broken and scanned PDFs, a DOCX that is a zip bomb."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from xxgk import limits

from .case import PUBLISHED_COMMANDS, Case, built, completes, not_a_report, refused


@cache
def _page() -> str:
    from xxgk.jsonio import load_report_json
    from xxgk.render import build_document, render

    from conftest import EXAMPLE_JSON

    return render(build_document(load_report_json(EXAMPLE_JSON)), "html").decode("utf-8")


def _html(change=lambda page: page):
    return lambda: change(_page()).encode("utf-8")


def _two_reports(page: str) -> str:
    body = page[page.index("<body"):page.index("</body>")]
    return page.replace("</body>", body[body.index(">") + 1:] + "</body>")


NEWS = ("<html><head><meta charset='utf-8'><title>政务动态</title></head><body><h1>我县召开政务公开工作推进会</h1>"
        "<p>12月1日，我县召开全县政务公开工作推进会，部署下一阶段任务。</p></body></html>")
NOT_FOUND = ("<html><head><meta charset='utf-8'><title>404</title></head><body><h1>404 页面不存在</h1>"
             "<p>您访问的页面不存在或已被删除。</p></body></html>")


def _nested() -> bytes:
    return ("<html><body>" + "<table><tr><td>" * 1000 + "规章" + "</td></tr></table>" * 1000
            + "</body></html>").encode("utf-8")


def _script(page: str) -> str:
    hostile = "<script>document.write('<h2>一、总体情况</h2>');fetch('http://example.invalid/')</script>"
    return page.replace("<h2", hostile + "<h2", 1).replace("</body>", "<script>alert(1)</script></body>")


def _pdf() -> bytes:
    from xxgk.jsonio import load_report_json
    from xxgk.render import build_document, render

    from conftest import EXAMPLE_JSON

    return render(build_document(load_report_json(EXAMPLE_JSON)), "pdf")


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_cached_pdf())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def _cached_pdf() -> bytes:
    return _pdf()


def _scanned_pdf() -> bytes:
    """A PDF of pages without a text layer, as a scanner writes them (here blank)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * (limits.MAX_DOCX_UNPACKED_BYTES + 1) + "</w:document>")
    return out.getvalue()


def _huge(folder: Path) -> Path:
    """A text file over the size limit, sparse: it takes no disk."""
    path = folder / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(limits.MAX_TEXT_SOURCE_BYTES + 1)
    return path


NOT_A_REPORT = "不是政府信息公开工作年度报告"
CASES = [
    Case("published-news-page", built("news.html", lambda: NEWS.encode("utf-8")),
         not_a_report(NOT_A_REPORT)),
    Case("published-404-page", built("404.html", lambda: NOT_FOUND.encode("utf-8")),
         not_a_report(NOT_A_REPORT)),
    Case("published-two-reports", built("two.html", _html(_two_reports)), refused("两份年度报告", PUBLISHED_COMMANDS)),
    Case("published-huge-file", _huge, refused("文件过大", PUBLISHED_COMMANDS)),
    Case("published-nested-tables", built("nested.html", _nested), not_a_report(NOT_A_REPORT),
         isolated=True),
    Case("published-scripts", built("scripts.html", _html(_script)), completes(PUBLISHED_COMMANDS)),
    Case("published-nul-bytes", built("nul.html", _html(lambda p: p.replace("规章", "规\x00章"))),
         refused("空字符", PUBLISHED_COMMANDS)),
    Case("published-wrong-charset", built("gbk.html", lambda: _page().encode("gbk", errors="replace")),
         completes(PUBLISHED_COMMANDS)),
    Case("published-encrypted-pdf", built("encrypted.pdf", _encrypted_pdf), refused("加密", PUBLISHED_COMMANDS)),
    Case("published-broken-pdf", built("broken.pdf", lambda: _cached_pdf()[: len(_cached_pdf()) // 2]),
         refused("损坏", PUBLISHED_COMMANDS)),
    Case("published-scanned-pdf", built("scan.pdf", _scanned_pdf), refused("扫描件", PUBLISHED_COMMANDS)),
    Case("published-docx-bomb", built("bomb.docx", _docx_bomb), refused("过大", PUBLISHED_COMMANDS), isolated=True),
]
