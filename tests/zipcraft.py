"""Hostile workbooks built at the zip and XML level, small on disk.

``write_zip`` writes each part's local header, data and central-directory entry by hand, so a test can record
a size that is not the real one (``Bomb``). ``deflated_repeat`` makes a deflate stream of gigabytes without ever
holding them: one full-flushed block repeated, then the end of the stream. ``example_parts`` and ``sheet_part``
give the bundled example's parts to edit.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from conftest import TEMPLATES

EXAMPLE = TEMPLATES / "example-2024.xlsx"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class Bomb:
    """A deflated part whose zip entry records ``size`` (and ``crc``) whatever the data inflates to."""

    deflated: bytes
    size: int
    crc: int = 0


def deflated_repeat(unit: bytes, times: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    """Raw deflate of ``head + unit * times + tail``, in time and memory of the output (about 1/1000)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)

    def flushed(data: bytes) -> bytes:  # byte-aligned, referring to nothing before it: can be repeated
        return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)

    per_block = max(1, (1 << 20) // len(unit))
    blocks, rest = divmod(times, per_block)
    return (flushed(head) + flushed(unit * per_block) * blocks + flushed(unit * rest)
            + c.compress(tail) + c.flush(zlib.Z_FINISH))


def write_zip(path: Path, parts: dict[str, bytes | Bomb]) -> Path:
    """A zip of ``parts`` in order; bytes are deflated honestly, a ``Bomb`` is stored as it says."""
    out, central = bytearray(), bytearray()
    for name, part in parts.items():
        if isinstance(part, Bomb):
            data, size, crc = part.deflated, part.size, part.crc
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            data, size, crc = c.compress(part) + c.flush(), len(part), zlib.crc32(part)
        raw_name = name.encode("utf-8")
        fields = (20, 0x800, zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(data), size, len(raw_name))
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, len(out)) + raw_name
        out += struct.pack("<4s5HL2L2H", b"PK\x03\x04", *fields, 0) + raw_name + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def example_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(EXAMPLE) as z:
        return {name: z.read(name) for name in z.namelist()}


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The part holding ``sheet`` in the example (its workbook.xml and relationships as written)."""
    rid = re.search(rf'name="{re.escape(sheet)}"[^>]*r:id="(\w+)"', parts["xl/workbook.xml"].decode())[1]
    target = re.search(rf'Target="/?(?:xl/)?([^"]+)" Id="{rid}"', parts["xl/_rels/workbook.xml.rels"].decode())[1]
    return f"xl/{target}"


def with_cells(sheet_xml: bytes, rows: bytes) -> bytes:
    """A sheet's XML with ``rows`` (row elements) added at the end of its sheetData."""
    assert b"</sheetData>" in sheet_xml
    return sheet_xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)
