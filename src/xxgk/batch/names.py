"""Output file names from agency and year: safe on Windows, macOS and Linux, never outside the folder, unique.

Names are assigned in a fixed order (the source files' paths), so the same inputs give the same names. A
name never starts with a character that makes Excel take a cell for a formula, so the 输出文件 column of
index.csv holds the file's name exactly as it is on disk.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..csv_cells import FORMULA_START

MAX_STEM = 60  # characters; 60 Chinese characters are 180 bytes, within the 255-byte limit of file systems
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{d}{n}" for d in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³"))}


def safe_stem(text: str, fallback: str = "报告") -> str:
    """A file name stem that every file system accepts and that cannot leave its folder."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))
    # control and format characters (including right-to-left overrides that disguise names) are dropped
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    text = _UNSAFE.sub("_", text)
    # no leading dot (hidden files, "..") and no trailing dot or space (Windows drops them)
    text = text.strip(" .")
    if text.startswith(FORMULA_START) or text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text[:MAX_STEM].rstrip(" .") or fallback


def report_stem(agency: str | None, year: int | None, source: str) -> str:
    """``机关名称-年度`` when the report names its agency; otherwise the source file's own name."""
    if agency and agency.strip():
        return safe_stem(f"{agency.strip()}-{year}" if year else agency)
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return safe_stem(stem)


def assign_names(wanted: Iterable[tuple[str, str]], suffix: str = ".json", *,
                 occupied: Iterable[str] = ()) -> dict[str, str]:
    """``(key, stem)`` pairs in order → ``{key: file name}``; a clash (ignoring case, as Windows and macOS
    do) gets ``-2``, ``-3``, ... in that order. ``occupied``: names already used by something else."""
    taken = {name.casefold() for name in occupied}
    names = {}
    for key, stem in wanted:
        name, n = stem, 2
        while (name + suffix).casefold() in taken:
            name, n = f"{stem}-{n}", n + 1
        taken.add((name + suffix).casefold())
        names[key] = name + suffix
    return names
