"""Workbooks edited at the zip and XML level: a healthy base (the example, or any report filled into the
template by the project's own ``filled_bytes``) with parts replaced, cells rewritten, sizes misdeclared.

The zip is written here rather than by ``zipfile`` so that a part can declare a size other than its own and
a part of a gigabyte of padding can be stored from a few kilobytes of deflate blocks, without ever holding
the gigabyte.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from xxgk.model import AnnualReport
from xxgk.workbook.fill import filled_bytes
from xxgk.workbook.layout import layout_for

from conftest import EXAMPLE_XLSX

_DOS_TIME, _DOS_DATE = 0, (2024 - 1980) << 9 | 1 << 5 | 1


@dataclass(frozen=True)
class Part:
    """One zip member as stored: raw deflate data, its CRC-32 and size, and the size its headers declare."""

    name: str
    deflated: bytes
    crc: int
    size: int
    declared: int | None = None

    @classmethod
    def of(cls, name: str, data: bytes) -> Part:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))

    @classmethod
    def padded(cls, name: str, head: bytes, filler: bytes, count: int, tail: bytes) -> Part:
        """``head + filler * count + tail``, deflated once per distinct piece: each full flush resets the
        compressor, so every copy of ``filler`` gives the same block, repeated ``count`` times."""
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
        block = packer.compress(filler) + packer.flush(zlib.Z_FULL_FLUSH)
        end = packer.compress(tail) + packer.flush()
        crc = zlib.crc32(head)
        for _ in range(count):
            crc = zlib.crc32(filler, crc)
        crc = zlib.crc32(tail, crc)
        return cls(name, start + block * count + end, crc, len(head) + len(filler) * count + len(tail))


def zip_bytes(parts: list[Part]) -> bytes:
    """A zip archive (deflate, no data descriptors); each part's headers state ``declared`` or its true size."""
    out, directory = io.BytesIO(), io.BytesIO()
    for part in parts:
        name, size = part.name.encode("utf-8"), part.size if part.declared is None else part.declared
        flags = 0x800 if not part.name.isascii() else 0
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, _DOS_TIME, _DOS_DATE, part.crc,
                              len(part.deflated), size, len(name), 0) + name + part.deflated)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, _DOS_TIME, _DOS_DATE,
                                    part.crc, len(part.deflated), size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start, listing = out.tell(), directory.getvalue()
    out.write(listing)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(listing), start, 0))
    return out.getvalue()


def sheet_members(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part, from the workbook and its relationships (as the base was written: no prefixes)."""
    rels = z.read("xl/_rels/workbook.xml.rels")
    targets = {i: t for t, i in re.findall(rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    sheets = re.findall(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', z.read("xl/workbook.xml"))
    return {unescape(name.decode()): "xl/" + targets[rid].decode().removeprefix("/xl/") for name, rid in sheets}


def cell_of(key: str, version: str = "2021") -> tuple[str, str]:
    """(sheet, A1 reference) of a canonical key in the template."""
    binding = layout_for(version).bindings[key]
    return binding.sheet, binding.cell


class Package:
    """The members of a workbook, editable as bytes, written back as a zip."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.members = {info.filename: z.read(info) for info in z.infolist()}
            self.sheets = sheet_members(z)  # sheet name -> part name
        self.large: dict[str, Part] = {}  # parts stored as given (padded, misdeclared)

    @classmethod
    def example(cls) -> Package:
        return cls(EXAMPLE_XLSX.read_bytes())

    @classmethod
    def of(cls, report: AnnualReport) -> Package:
        return cls(filled_bytes(report))

    def sheet(self, name: str) -> bytes:
        return self.members[self.sheets[name]]

    def set_sheet(self, name: str, xml: bytes) -> Package:
        self.members[self.sheets[name]] = xml
        return self

    def set_cell(self, key: str, element: str) -> Package:
        """Replace the bound cell of ``key`` by ``element``, written with ``{ref}`` for its reference."""
        sheet, ref = cell_of(key)
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
        new = element.format(ref=ref).encode("utf-8")
        xml, found = pattern.subn(lambda _: new, self.sheet(sheet), count=1)
        assert found, f"{sheet}!{ref} not in the base"
        return self.set_sheet(sheet, xml)

    def set_number(self, key: str, literal: str, style: str = "") -> Package:
        """A numeric cell holding exactly ``literal`` (any digits, exponents: what no library would write)."""
        return self.set_cell(key, f'<c r="{{ref}}"{style} t="n"><v>{literal}</v></c>')

    def set_text(self, key: str, text: str) -> Package:
        """An inline-string cell; ``text`` is XML-escaped (write ``_xHHHH_`` for OOXML escapes)."""
        return self.set_cell(key, f'<c r="{{ref}}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>')

    def append_rows(self, sheet: str, rows: bytes) -> Package:
        xml = self.sheet(sheet)
        assert b"</sheetData>" in xml
        return self.set_sheet(sheet, xml.replace(b"</sheetData>", rows + b"</sheetData>", 1))

    def replace(self, member: str, old: bytes, new: bytes) -> Package:
        assert old in self.members[member], f"{old!r} not in {member}"
        self.members[member] = self.members[member].replace(old, new, 1)
        return self

    def bytes(self) -> bytes:
        return zip_bytes([self.large.get(name) or Part.of(name, data) for name, data in self.members.items()]
                         + [part for name, part in self.large.items() if name not in self.members])

    def write(self, path: Path) -> Path:
        path.write_bytes(self.bytes())
        return path
