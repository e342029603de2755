"""A zip archive written in memory from parts already inflated and checked, each stored (not compressed).

The readers of a workbook (python-calamine, openpyxl) are given this copy instead of the file: they read exactly
the bytes the package checked, never the file a second time (which may have changed since), and inflate nothing
(python-calamine's inflating cost about a seventh of its reading).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable

# the records of PKWARE's APPNOTE (zipfile's own layouts): local file header, central directory header, end record
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # 2.0: what any reader accepts
_UTF8_NAME = 0x800  # general purpose flag bit 11: the name is UTF-8 (zipfile sets it for any name not ASCII)


def stored_zip(parts: Iterable[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """The archive of ``parts`` (each member's entry, as listed, and its inflated content), in that order. The
    entries' CRC-32 are used as recorded: the caller has checked each against its content."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = count = 0
    for info, data in parts:
        try:
            name, flags = info.filename.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = info.filename.encode("utf-8"), _UTF8_NAME
        size = len(data)
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, flags, zipfile.ZIP_STORED, 0, 0, info.CRC, size, size,
                            len(name), 0)
        central += (_CENTRAL.pack(b"PK\x01\x02", _VERSION, _VERSION, flags, zipfile.ZIP_STORED, 0, 0, info.CRC,
                                  size, size, len(name), 0, 0, 0, 0, 0, offset), name)
        chunks += (local, name, data)
        offset += len(local) + len(name) + size
        count += 1
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, sum(map(len, central)), offset, 0)
    return b"".join([*chunks, *central, end])  # one copy of the parts
