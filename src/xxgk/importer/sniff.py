"""What a file is, by its content (never its suffix): a published report source or something else."""

from __future__ import annotations

import re
import zipfile
from enum import StrEnum
from pathlib import Path

from ..errors import XxgkError
from ..limits import MAX_BINARY_SOURCE_BYTES, MAX_TEXT_SOURCE_BYTES
from .decode import _BOMS

HEAD_BYTES = 65536
_BINARY_BYTES = [*range(0, 9), 11, *range(14, 27), *range(28, 32), 127]  # control bytes no text file holds


class NotASource(XxgkError):
    """The file is not a published report source (a workbook, JSON, a binary, an empty file)."""


class ScannedSource(XxgkError):
    """A scan (a PDF without a text layer, an image): a report, but its text cannot be read without OCR."""


SCAN_MESSAGE = "扫描件，无法读取文字（PDF 中没有文字层，不做文字识别）"


class Kind(StrEnum):
    HTML = "html"
    TEXT = "text"  # plain text copied from a page or extracted from a PDF
    MARKDOWN = "markdown"
    DOCX = "docx"
    PDF = "pdf"  # with a text layer
    SCAN = "scan"  # a PDF without text, or an image: cannot be read without OCR
    WORKBOOK = "workbook"  # not a published source: the caller reads it as a workbook
    JSON = "json"  # not a published source: the caller reads it as canonical JSON
    DAMAGED = "damaged"  # a document that cannot be opened: a broken package, an encrypted or old binary Office file
    OTHER = "other"  # not a report source at all


READABLE = {Kind.HTML, Kind.TEXT, Kind.MARKDOWN, Kind.DOCX, Kind.PDF}

_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body|meta|title|!--|div|p|table|span|h[1-6])\b", re.I)
_HTML_TAG = re.compile(rb"<(?:p|div|table|tr|td|br|span|h[1-6])\b[^>]*>", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_MD_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


def sniff(path: Path) -> Kind:
    """The kind of ``path``; raises XxgkError only for a missing file or one too large to be a report."""
    return sniff_with_reason(path)[0]


def sniff_with_reason(path: Path, *, probe_pdf: bool = True) -> tuple[Kind, str]:
    """(kind, reason in Chinese for SCAN and OTHER, else ""). ``probe_pdf=False`` skips opening a PDF to
    look for its text layer (the reader finds a scan itself)."""
    path = Path(path)
    if not path.is_file():
        raise XxgkError("文件不存在", path=path)
    size = path.stat().st_size
    if size == 0:
        return Kind.DAMAGED, "文件为空"  # a failed save or download, whatever its name: never a report to skip
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    binary_limit = MAX_BINARY_SOURCE_BYTES
    if b"%PDF-" in head[:1024]:
        _refuse_size(path, size, binary_limit)
        return _pdf_kind(path) if probe_pdf else (Kind.PDF, "")
    if head.startswith(b"PK\x03\x04"):
        _refuse_size(path, size, binary_limit)
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return Kind.DAMAGED, "这是旧版 Word/Excel（.doc/.xls）文件或加密的文件，请另存为 .docx 或 .xlsx 后再处理"
    if head.startswith(_IMAGES):
        return Kind.SCAN, "这是图片，无法读取文字（不做文字识别），请提供网页、Word 或带文字层的 PDF"
    _refuse_size(path, size, MAX_TEXT_SOURCE_BYTES)
    return _text_kind(head)


def _refuse_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise XxgkError(
            f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {limit // 1024 // 1024} MB），不像一份年度报告", path=path
        )


def _pdf_kind(path: Path) -> tuple[Kind, str]:
    from .pdf import has_text_layer

    has_text = has_text_layer(path)
    if has_text is False:
        return Kind.SCAN, SCAN_MESSAGE
    return Kind.PDF, ""  # True, or None when it cannot be opened: reading it says why


def _zip_kind(path: Path) -> tuple[Kind, str]:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return Kind.DAMAGED, "文件已损坏（压缩包结构不完整），无法读取"
    if "word/document.xml" in names:
        return Kind.DOCX, ""
    if "xl/workbook.xml" in names:
        return Kind.WORKBOOK, ""
    return Kind.OTHER, "这是压缩包，不是年度报告文件"


def _text_kind(head: bytes) -> tuple[Kind, str]:

    body = head
    for bom, name in _BOMS:
        if head.startswith(bom):
            body = head[len(bom) :].decode(name, errors="ignore").encode("utf-8")
            break
    else:
        sample = head[:8192]
        if sum(sample.count(bytes([b])) for b in _BINARY_BYTES) > len(sample) // 100:
            return Kind.OTHER, "文件含有大量空字符（NUL）或控制字符，是二进制文件，不是年度报告文件"
    stripped = body.lstrip()
    if stripped[:1] in (b"{", b"["):
        return Kind.JSON, ""
    if _HTML_START.match(body):
        return Kind.HTML, ""
    text = body.decode(_text_codec(body), errors="ignore")
    if _MD_DELIMITER.search(text) or len(_MD_HEADING.findall(text)) >= 2:
        return Kind.MARKDOWN, ""  # Markdown may hold HTML tables (``xxgk report`` writes 表三 so)
    if len(_HTML_TAG.findall(body)) >= 5:
        return Kind.HTML, ""
    return Kind.TEXT, ""


def _text_codec(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(body) - 4:  # not just a character cut at the end of the sample
            return "gb18030"
    return "utf-8"
