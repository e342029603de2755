"""Copy a zip archive, replacing the content of some members and copying all others byte for byte.

``zipfile`` can only write members by compressing them again, which would make the output depend on the zlib
build. Here every unchanged member is copied raw (local header and compressed data, exactly as stored), and
every member keeps its place, name, compression method, timestamp and attributes. A replaced member is deflated
with a fixed level, so the same inputs always give the same bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_FLAG_ENCRYPTED = 0x1
_FLAG_DATA_DESCRIPTOR = 0x8
_FLAG_UTF8 = 0x800
_ZIP64_LIMIT = 0xFFFF_FFFF
DEFLATE_LEVEL = 6


class UnsupportedZip(ValueError):
    """The archive uses a zip feature this copier does not reproduce (encryption, data descriptors, zip64)."""


def rewrite_zip(source: bytes, replacements: Mapping[str, bytes]) -> bytes:
    """Return ``source`` with the members named in ``replacements`` given new content.

    Every name in ``replacements`` must already be a member; members are never added or removed.
    """
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        infos = archive.infolist()
        missing = set(replacements) - {info.filename for info in infos}
        if missing:
            raise KeyError(f"not in the archive: {sorted(missing)}")
        out = io.BytesIO()
        central: list[bytes] = []
        for info in infos:
            _check_supported(info)
            offset = out.tell()
            if info.filename in replacements:
                data = replacements[info.filename]
                raw = _compress(data, info.compress_type)
                crc, compress_size, size = zlib.crc32(data), len(raw), len(data)
                out.write(_local_header(info, crc, compress_size, size))
                out.write(raw)
            else:
                crc, compress_size, size = info.CRC, info.compress_size, info.file_size
                out.write(_raw_member(source, info))
            central.append(_central_header(info, crc, compress_size, size, offset))
        directory_offset = out.tell()
        for record in central:
            out.write(record)
        directory_size = out.tell() - directory_offset
        if directory_offset > _ZIP64_LIMIT or len(infos) > 0xFFFF:
            raise UnsupportedZip("archive too large for a plain (non-zip64) end record")
        comment = archive.comment
        out.write(
            _END_RECORD.pack(
                b"PK\x05\x06", 0, 0, len(infos), len(infos), directory_size, directory_offset, len(comment)
            )
        )
        out.write(comment)
    return out.getvalue()


def raw_members(source: bytes) -> dict[str, bytes]:
    """Each member's stored (still compressed) bytes, local header included; used to prove raw copies."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        return {info.filename: _raw_member(source, info) for info in archive.infolist()}


def _check_supported(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_DATA_DESCRIPTOR):
        raise UnsupportedZip(f"{info.filename}: encrypted members and data descriptors are not supported")
    if max(info.compress_size, info.file_size, info.header_offset) >= _ZIP64_LIMIT:
        raise UnsupportedZip(f"{info.filename}: zip64 members are not supported")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnsupportedZip(f"{info.filename}: compression method {info.compress_type} is not supported")


def _raw_member(source: bytes, info: zipfile.ZipInfo) -> bytes:
    start = info.header_offset
    fields = _LOCAL_HEADER.unpack_from(source, start)
    if fields[0] != b"PK\x03\x04":
        raise UnsupportedZip(f"{info.filename}: bad local header")
    name_length, extra_length = fields[-2], fields[-1]
    end = start + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
    return source[start:end]


def _compress(data: bytes, compress_type: int) -> bytes:
    if compress_type == zipfile.ZIP_STORED:
        return data
    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _name_bytes(info: zipfile.ZipInfo) -> bytes:
    return info.filename.encode("utf-8" if info.flag_bits & _FLAG_UTF8 else "cp437")


def _dos_time_date(info: zipfile.ZipInfo) -> tuple[int, int]:
    year, month, day, hour, minute, second = info.date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _local_header(info: zipfile.ZipInfo, crc: int, compress_size: int, file_size: int) -> bytes:
    name = _name_bytes(info)
    time, date = _dos_time_date(info)
    # The replaced member gets no local extra field: the template's central records carry none either.
    return (
        _LOCAL_HEADER.pack(
            b"PK\x03\x04",
            info.extract_version,
            info.reserved,
            info.flag_bits,
            info.compress_type,
            time,
            date,
            crc,
            compress_size,
            file_size,
            len(name),
            0,
        )
        + name
    )


def _central_header(info: zipfile.ZipInfo, crc: int, compress_size: int, file_size: int, offset: int) -> bytes:
    name = _name_bytes(info)
    time, date = _dos_time_date(info)
    return (
        _CENTRAL_HEADER.pack(
            b"PK\x01\x02",
            info.create_version,
            info.create_system,
            info.extract_version,
            info.reserved,
            info.flag_bits,
            info.compress_type,
            time,
            date,
            crc,
            compress_size,
            file_size,
            len(name),
            len(info.extra),
            len(info.comment),
            0,
            info.internal_attr,
            info.external_attr,
            offset,
        )
        + name
        + info.extra
        + info.comment
    )
