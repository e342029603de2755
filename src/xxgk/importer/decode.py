"""Bytes of a text source (HTML, plain text, Markdown) → str, and traditional characters → simplified.

Order: a byte-order mark; pure ASCII; UTF-8 when the bytes are valid UTF-8 (a long valid UTF-8 sequence is
never GBK text by chance, so this wins over a wrong declaration, with a note); the charset declared in an
HTML ``<meta>`` (GB2312 and GBK read as GB18030, their superset); charset-normalizer among the encodings
Chinese pages use, only when those fail (with a note). Full-width digits are kept as they are.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from ..errors import XxgkError

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb_2312-80", "euc-cn", "csgb2312", "x-euc-cn", "hz-gb-2312"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# charset-normalizer only among what Chinese pages are written in: faster, and not fooled into Latin-1
_CANDIDATES = ["gb18030", "big5hkscs", "utf_16", "utf_32"]
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")
_SEP = "\x1e"
_MAX_REPLACED = 0.01  # share of undecodable characters above which a text cannot be read at all


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> (or an XML declaration) within its first bytes."""
    m = _XML_ENCODING.search(head[:1024]) or _META_CHARSET.search(head[:16384])
    return m.group(1).decode("ascii").lower() if m else None


def _codec(name: str) -> str | None:
    name = name.lower()
    if name in _GB:
        return "gb18030"
    if name in {"big5", "cp950", "big5-hkscs", "x-x-big5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, *, declared: str | None = None, source: object = None) -> tuple[str, list[str]]:
    """(text, notes). Raises XxgkError when no encoding reads the bytes, or when they hold NUL characters."""
    notes: list[str] = []
    text = _decode(data, declared, notes, source)
    if "\x00" in text:
        raise XxgkError("文件含有空字符（NUL），不是正常的网页或文本文件，可能已损坏", path=source)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        notes.append("已删除文件中的控制字符")
    return text, notes


def _decode(data: bytes, declared: str | None, notes: list[str], source: object) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name)
            except UnicodeDecodeError:
                notes.append(f"文件开头的字节顺序标记表明编码为 {name.upper()}，但内容不符")
            break
    if data.isascii():
        return data.decode("ascii")
    codec = _codec(declared) if declared else None
    if declared and codec is None:
        notes.append(f"页面声明的字符集“{declared}”无法识别，已自动检测编码")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if codec and codec != "utf-8":
            notes.append(f"页面声明的字符集为 {declared.upper()}，但内容是 UTF-8，已按 UTF-8 读取")
        return text
    if codec and codec != "utf-8":
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    detected = _detect(data)
    if detected:
        name, text = detected
        if declared:
            notes.append(f"页面声明的字符集 {declared.upper()} 与内容不符，已按检测到的 {name.upper()} 读取")
        else:
            notes.append(f"文件未声明字符集，已按检测到的 {name.upper()} 读取")
        return text
    text = data.decode(codec if codec and codec != "utf-8" else "gb18030", errors="replace")
    bad = text.count("\ufffd")
    if bad > _MAX_REPLACED * max(len(text), 1):
        raise XxgkError("无法识别文件的字符编码（不是 UTF-8、GB18030 或 Big5），无法读取", path=source)
    notes.append(f"文件中有 {bad} 个字符无法按任何编码读取，已以 � 代替")
    return text


def _detect(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        return None
    name = _codec(best.encoding) or best.encoding
    try:
        return name, data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(texts: list[str]) -> tuple[list[str], int]:
    """Traditional characters → simplified (OpenCC t2s, phrase-aware); returns the texts and how many
    characters changed. Texts are converted in one call, joined by a control character that no decoded
    source contains (they are removed on reading) and that t2s keeps."""
    joined = _SEP.join(texts)
    if joined.isascii():
        return texts, 0
    converted = _t2s().convert(joined)
    if converted == joined:
        return texts, 0
    out = converted.split(_SEP)
    if len(out) != len(texts):  # never seen; convert one by one rather than misalign
        out = [_t2s().convert(t) for t in texts]
    changed = sum(a != b for a, b in zip(joined, converted)) if len(joined) == len(converted) else -1
    return out, changed
