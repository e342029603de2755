"""The formatted report: the published layout (format.md §7, GB/T 9704) as DOCX, HTML, Markdown and PDF.

``document.py`` decides what the report says; ``grid.py`` draws the tables as the national format does; the
writers (``docx.py``, ``html.py``, ``markdown.py``, ``pdf.py``) only typeset that one structure.
"""

from __future__ import annotations

from .document import Document, build_document

FORMATS = ("docx", "html", "md", "pdf")
SUFFIXES = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf"}


def render(document: Document, fmt: str) -> bytes:
    """The bytes of the report in one of ``FORMATS`` (writers are imported only when used)."""
    if fmt == "docx":
        from .docx import docx_bytes

        return docx_bytes(document)
    if fmt == "html":
        from .html import html_text

        return html_text(document).encode("utf-8")
    if fmt == "md":
        from .markdown import markdown_text

        return markdown_text(document).encode("utf-8")
    if fmt == "pdf":
        from .docx import docx_bytes
        from .pdf import docx_to_pdf

        return docx_to_pdf(docx_bytes(document))
    raise ValueError(fmt)


__all__ = ["FORMATS", "SUFFIXES", "Document", "build_document", "render"]
