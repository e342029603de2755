"""Text as OOXML stores it: ``_xHHHH_`` escapes (ECMA-376 Part 1, §22.9.2.19, ST_Xstring).

A character XML cannot carry (a control character) is stored as ``_xHHHH_``, HHHH its UTF-16 code unit in
hexadecimal; a literal ``_xHHHH_`` in a text is protected by storing its underscore as ``_x005F_``. The engines
differ: python-calamine decodes the escapes of U+0000–U+00FF and leaves the others as they are; openpyxl decodes
none (and drops every ``x005F_`` from shared strings, which loses the protection). So the openpyxl source reads
shared strings as stored and decodes every text with ``decode_escapes``, and the calamine source hands a sheet
where an escape is left over to openpyxl: both engines give the same text, the one the file means.
"""

from __future__ import annotations

import re

ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_escapes(text: str) -> str:
    """``text`` with every ``_xHHHH_`` replaced by its UTF-16 code unit: a pair of halves joined into one
    character, a lone half kept (the reader replaces it, as a character XML cannot hold)."""
    if "_x" not in text:
        return text
    decoded = ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    return decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def has_escape(text: str) -> bool:
    return "_x" in text and ESCAPE.search(text) is not None
