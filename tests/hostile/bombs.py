"""Bombs and floods at the zip and XML level, each just over the limit it tests (never gigabytes on disk):
declared and undeclared inflation, entity expansion, external entities, too many sheets, junk rows, a date
serial no calendar holds."""

from __future__ import annotations

from pathlib import Path

from xxgk import limits

from .case import ANNOTATE, COMPLETES, JSON_COMMANDS, WORKBOOK_COMMANDS, Case, Expect, built, finding, refused
from .package import Package, Part, cell_of

AGENCY_SHEET, T3 = cell_of("metadata.agency_name")[0], cell_of("t3.new_received.natural_person")[0]
SECRET = "SECRET-7d1f"  # the content of a file an external entity points at: it must never be read
FILLER = b" " * (1 << 20)  # whitespace between elements: valid XML, deflates to almost nothing
TOO_BIG = "解压后过大"


def _padded_sheet(base: Package, sheet: str, size: int, declared: int | None = None) -> Part:
    """``sheet``'s part with whitespace after ``<sheetData>`` up to ``size`` bytes inflated."""
    member = base.sheets[sheet]
    head, tail = base.members[member].split(b"<sheetData>", 1)
    head += b"<sheetData>"
    pad = size - len(head) - len(tail)
    part = Part.padded(member, head, FILLER, pad // len(FILLER), b" " * (pad % len(FILLER)) + tail)
    return Part(part.name, part.deflated, part.crc, part.size, declared)


def part_bomb() -> bytes:
    """One sheet one byte over the per-part limit, its headers honest."""
    base = Package.example()
    base.large[base.sheets[T3]] = _padded_sheet(base, T3, limits.MAX_PART_BYTES + 1)
    return base.bytes()


def understated_bomb() -> bytes:
    """The same sheet, its headers declaring its old size: only what is actually inflated can be bounded."""
    base = Package.example()
    member = base.sheets[T3]
    base.large[member] = _padded_sheet(base, T3, limits.MAX_PART_BYTES + 1, declared=len(base.members[member]))
    return base.bytes()


def total_bomb() -> bytes:
    """Padding parts each within the per-part limit, together one byte over the total limit."""
    base = Package.example()
    left = limits.MAX_TOTAL_BYTES + 1 - sum(len(data) for data in base.members.values())
    n = 0
    while left > 0:
        size = min(left, limits.MAX_PART_BYTES)
        name = f"xl/media/padding{n}.bin"
        base.large[name] = Part.padded(name, b"", FILLER, size // len(FILLER), b" " * (size % len(FILLER)))
        left, n = left - size, n + 1
    return base.bytes()


def many_members() -> bytes:
    """One zip member more than the limit (tiny media parts nothing refers to)."""
    base = Package.example()
    for n in range(limits.MAX_MEMBERS + 1 - len(base.members)):
        base.members[f"xl/media/image{n}.png"] = b""
    return base.bytes()


def oversized_file(folder: Path) -> Path:
    """A file one byte over the size limit: a zip signature, then a hole (sparse, nothing on disk)."""
    path = folder / "oversized.xlsx"
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(limits.MAX_FILE_BYTES + 1)
    return path


def oversized_json(folder: Path) -> Path:
    """The example's JSON with its last text padded to one byte over the JSON size limit."""
    from .jsons import TEXT, with_literal

    short = with_literal(TEXT, '""')
    path = folder / "oversized.json"
    path.write_bytes(with_literal(TEXT, '"' + "x" * (limits.MAX_JSON_BYTES + 1 - len(short)) + '"'))
    assert path.stat().st_size == limits.MAX_JSON_BYTES + 1
    return path


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


def many_sheets() -> bytes:
    """The example with extra (tiny, empty) sheets: one sheet more than the limit."""
    base = Package.example()
    count = limits.MAX_SHEETS + 1 - len(base.sheets)
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


def junk_rows() -> bytes:
    """The table sheet followed by junk rows below the layout: one row more than a whole workbook may load."""
    count = limits.MAX_LOADED_ROWS + 1
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
    Case("oversized-file", oversized_file, refused("文件过大")),
    Case("part-zip-bomb", built("part-zip-bomb.xlsx", part_bomb), refused(TOO_BIG), timeout=30),
    Case("total-zip-bomb", built("total-zip-bomb.xlsx", total_bomb), refused(TOO_BIG), timeout=30),
    Case("understated-zip-bomb", built("understated-zip-bomb.xlsx", understated_bomb), refused("大小与记录不符"),
         isolated=True, timeout=30),
    Case("too-many-members", built("too-many-members.xlsx", many_members), refused("部件超过")),
    Case("billion-laughs", built("billion-laughs.xlsx", billion_laughs), refused("文档类型声明"), timeout=30),
    Case("xxe", xxe, refused("文档类型声明"), check=secret_not_read),
    Case("too-many-sheets", built("too-many-sheets.xlsx", many_sheets), refused("工作表超过"), isolated=True,
         timeout=30),
    # Junk below the layout is not read, except by --annotate, which loads the whole workbook: it refuses.
    Case("junk-rows", built("junk-rows.xlsx", junk_rows),
         {c: Expect.exit(2, "可整本载入的上限") if c == ANNOTATE else Expect(COMPLETES) for c in WORKBOOK_COMMANDS},
         isolated=True),
    Case("huge-date-serial", built("huge-date-serial.xlsx", huge_date_serial), finding("成文日期"), isolated=True),
    Case("oversized-json", oversized_json, refused("文件过大", JSON_COMMANDS)),
]
