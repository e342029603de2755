"""Bombs and floods at the zip and XML level, each just over the limit it tests (never gigabytes on disk):
declared and undeclared inflation, entity expansion, external entities, too many sheets, junk rows, a date
serial no calendar holds."""

from __future__ import annotations

from pathlib import Path

from xxgk.workbook import sources

from .case import COMPLETES, WORKBOOK_COMMANDS, Case, Expect, built, finding, refused
from .package import Package, Part, cell_of

AGENCY_SHEET, T3 = cell_of("metadata.agency_name")[0], cell_of("t3.new_received.natural_person")[0]
SECRET = "SECRET-7d1f"  # the content of a file an external entity points at: it must never be read
FILLER = b" " * (1 << 20)  # whitespace between elements: valid XML, deflates to almost nothing


def _padding_parts(base: Package, total: int) -> int:
    """Bytes of padding that take the package's inflated size to ``total``."""
    return total - sum(len(data) for data in base.members.values())


def honest_bomb() -> bytes:
    """A padding part whose headers tell the truth: the package inflates to one byte over the limit."""
    base = Package.example()
    pad = _padding_parts(base, sources.MAX_UNPACKED_BYTES + 1)
    base.large["xl/media/padding.bin"] = Part.padded("xl/media/padding.bin", b"", FILLER, pad // len(FILLER),
                                                    b" " * (pad % len(FILLER)))
    return base.bytes()


def understated_bomb() -> bytes:
    """The table sheet padded with whitespace to one byte over the limit, its headers declaring its old size."""
    base = Package.example()
    member = base.sheets[T3]
    xml = base.members[member]
    head, tail = xml.split(b"<sheetData>", 1)
    head += b"<sheetData>"
    pad = _padding_parts(base, sources.MAX_UNPACKED_BYTES + 1)
    part = Part.padded(member, head, FILLER, pad // len(FILLER), b" " * (pad % len(FILLER)) + tail)
    base.large[member] = Part(part.name, part.deflated, part.crc, part.size, declared=len(xml))
    return base.bytes()


def _doctype(internal: str, agency: str) -> bytes:
    base = Package.example()
    xml = base.sheet(AGENCY_SHEET)
    base.set_sheet(AGENCY_SHEET, f"<!DOCTYPE worksheet [{internal}]>".encode() + xml if not xml.startswith(b"<?xml")
                   else xml.replace(b"?>", f"?><!DOCTYPE worksheet [{internal}]>".encode(), 1))
    return base.set_cell("metadata.agency_name", f'<c r="{{ref}}" t="inlineStr"><is><t>{agency}</t></is></c>').bytes()


def billion_laughs() -> bytes:
    entities = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    return _doctype(entities, "&j;")


def xxe(folder: Path) -> Path:
    secret = folder.parent / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = folder / "xxe.xlsx"
    path.write_bytes(_doctype(f'<!ENTITY xxe SYSTEM "file://{secret}">', "&xxe;"))
    return path


def secret_not_read(run) -> None:
    assert SECRET not in run.texts()


def many_sheets(count: int = 10_000) -> bytes:
    """The example with ``count`` extra (tiny, empty) sheets."""
    base = Package.example()
    sheets, rels, types = [], [], []
    for n in range(count):
        name = f"xl/worksheets/extra{n}.xml"
        base.members[name] = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
        sheets.append(f'<sheet name="附加{n}" sheetId="{1000 + n}" r:id="rIdX{n}"/>')
        rels.append(f'<Relationship Id="rIdX{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/worksheet" Target="worksheets/extra{n}.xml"/>')
        types.append(f'<Override PartName="/{name}" ContentType="application/vnd.openxmlformats-officedocument.'
                     f'spreadsheetml.worksheet+xml"/>')
    base.replace("xl/workbook.xml", b"</sheets>", "".join(sheets).encode() + b"</sheets>")
    base.replace("xl/workbook.xml", b"<workbook ", b'<workbook xmlns:r="http://schemas.openxmlformats.org/'
                 b'officeDocument/2006/relationships" ')
    base.replace("xl/_rels/workbook.xml.rels", b"</Relationships>", "".join(rels).encode() + b"</Relationships>")
    base.replace("[Content_Types].xml", b"</Types>", "".join(types).encode() + b"</Types>")
    return base.bytes()


def junk_rows(count: int = 100_000) -> bytes:
    """The table sheet followed by ``count`` rows of junk below the layout."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>junk</t></is></c><c r="B%d"><v>%d</v></c></row>'
                    % (n, n, n, n) for n in range(100, 100 + count))
    return Package.example().append_rows(T3, rows).bytes()


def huge_date_serial() -> bytes:
    """The signing date cell (date style kept) holding a serial beyond any calendar."""
    base = Package.example()
    sheet, ref = cell_of("metadata.signing_date")
    style = base.sheet(sheet).split(f'<c r="{ref}"'.encode(), 1)[1].split(b">", 1)[0].split(b" t=")[0]
    return base.set_number("metadata.signing_date", "1e10", style.decode()).bytes()


CASES = [
    Case("honest-zip-bomb", built("honest-zip-bomb.xlsx", honest_bomb), refused("解压后过大"), timeout=30),
    Case("understated-zip-bomb", built("understated-zip-bomb.xlsx", understated_bomb), refused("解压后过大"),
         isolated=True, timeout=30),
    Case("billion-laughs", built("billion-laughs.xlsx", billion_laughs), refused("已损坏"), timeout=30),
    Case("xxe", xxe, refused("已损坏"), check=secret_not_read),
    Case("ten-thousand-sheets", built("ten-thousand-sheets.xlsx", many_sheets), refused("工作表"), isolated=True, timeout=30),
    Case("junk-rows", built("junk-rows.xlsx", junk_rows),
         {c: Expect(COMPLETES | {2}) for c in WORKBOOK_COMMANDS}, isolated=True),
    Case("huge-date-serial", built("huge-date-serial.xlsx", huge_date_serial), finding("成文日期"), isolated=True),
]
