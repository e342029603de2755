"""The guard before any library reads a workbook: real spans of sheets, bounded inflation, limits.

Hostile files are built at the zip/XML level (tests/zipcraft.py), small on disk. Where a failure of the guard
would abort the process or exhaust memory (python-calamine allocating a sheet's span, a part inflating to
gigabytes), the command runs as a child process under a 4 GB address-space cap and a timeout.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import time
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xxgk import limits
from xxgk.errors import NotAWorkbook
from xxgk.workbook.package import Package
from xxgk.workbook.reader import read_workbook, report_from_source
from xxgk.workbook.sources import open_source
from zipcraft import EXAMPLE, MAIN_NS, Bomb, deflated_repeat, example_parts, sheet_part, with_cells, write_zip

T3 = "三、收到和处理政府信息公开申请情况"
CAP = ["prlimit", "--as=4000000000", "--"]


def run_capped(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*CAP, sys.executable, *args], capture_output=True, timeout=timeout)


def read_in_child(path: Path, engine: str) -> dict:
    """The model read by ``engine`` in a capped child process (an abort fails the test, not the suite)."""
    code = ("import sys; from xxgk.workbook.reader import read_workbook; "
            "print(read_workbook(sys.argv[1], engine=sys.argv[2]).model_dump_json(exclude={'provenance'}))")
    result = run_capped("-c", code, str(path), engine)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return json.loads(result.stdout)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(result: subprocess.CompletedProcess, path: Path, fragment: str) -> None:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("错误：") and path.name in stderr, stderr
    assert "Traceback" not in stderr and "程序内部错误" not in stderr and fragment in stderr, stderr


def refuses(tmp_path: Path, path: Path, fragment: str, *command: str, within: float = 20) -> None:
    """``xxgk COMMAND path … -o/--annotate out`` refuses quickly under the cap: exit 2, one Chinese line, the
    input unchanged, no output. The default command is ``convert -o``."""
    command = command or ("convert", "-o")
    before = sha256(path)
    out = tmp_path / ("out.json" if command[0] == "convert" else "out.xlsx")
    start = time.perf_counter()
    result = run_capped("-m", "xxgk", command[0], str(path), *command[1:], str(out))
    assert time.perf_counter() - start < within
    assert_refused(result, path, fragment)
    assert not out.exists() and sha256(path) == before


def refused_by_both_engines(path: Path, fragment: str) -> None:
    for engine in ("openpyxl", "calamine"):
        with pytest.raises(NotAWorkbook, match=fragment):
            read_workbook(path, engine=engine)


# --------------------------------------------------------------------------- spans

def far_sheet(tmp_path: Path, rows: bytes | Bomb, name: str = "far.xlsx") -> Path:
    parts: dict[str, bytes | Bomb] = dict(example_parts())
    member = sheet_part(parts, T3)
    parts[member] = with_cells(parts[member], rows) if isinstance(rows, bytes) else rows
    return write_zip(tmp_path / name, parts)


FAR_CELLS = {
    "single-quoted": b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "spaced": b'<row r = "1048576" ><c r = "XFD1048576" ><v>1</v></c></row>',
    "tab-and-newline": b'<row r="1048576"><c\n\tr\t=\n"XFD1048576"><v>1</v></c></row>',
    "lower-case": b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
    "character-reference": b'<row r="1048576"><c r="&#88;FD1048576"><v>1</v></c></row>',
    "cells-without-r-in-the-last-row": b'<row r="1048576"><c><v>1</v></c><c><v>2</v></c></row>',
    "other-namespace": b'<row r="60"><x:c xmlns:x="urn:other" r="XFD1048576"><x:v>1</x:v></x:c></row>',
    "nested": b'<row r="60"><extra><c r="XFD1048576"><v>1</v></c></extra></row>',
    "off-the-grid": b'<row r="60"><c r="XFE1048577"><v>1</v></c></row>',
}


@pytest.mark.parametrize("variant", FAR_CELLS)
def test_a_far_cell_in_any_spelling_is_measured_and_both_engines_read_the_report(tmp_path, variant):
    path = far_sheet(tmp_path, FAR_CELLS[variant])
    assert Package(path).span(T3).dense_cells > limits.MAX_DENSE_CELLS
    expected = read_workbook(path).model_dump(mode="json", exclude={"provenance"})
    assert read_in_child(path, "calamine") == expected


def implicit_far_cell(tmp_path: Path, row: int, cells: int) -> Path:
    """Rows without ``r`` after the table's last, up to ``row``, which holds ``cells`` cells without ``r``
    (a few KB on disk)."""
    xml = example_parts()[sheet_part(example_parts(), T3)]
    head, _, tail = xml.partition(b"</sheetData>")
    rows = row - 1 - int(head.rsplit(b'<row r="', 1)[1].split(b'"', 1)[0])
    end = b"<row>" + b"<c><v>1</v></c>" * cells + b"</row></sheetData>" + tail
    deflated = deflated_repeat(b"<row/>", rows, head, end)
    path = far_sheet(tmp_path, Bomb(deflated, len(head) + 6 * rows + len(end), zlib.crc32(zlib.decompress(deflated, -15))))
    assert path.stat().st_size < 100_000
    return path


def test_a_far_cell_reached_by_rows_and_cells_without_r(tmp_path):
    path = implicit_far_cell(tmp_path, 150_000, 20)
    span = Package(path).span(T3)
    assert not span.unmeasured and (span.last_row, span.last_col) == (150_000, 20)
    assert span.dense_cells > limits.MAX_DENSE_CELLS
    assert read_in_child(path, "calamine") == read_workbook(path).model_dump(mode="json", exclude={"provenance"})


def test_row_1048576_reached_by_rows_without_r(tmp_path):
    """A million implicit rows (6 MB inflated): more than is measured, so read through openpyxl."""
    path = implicit_far_cell(tmp_path, 1_048_576, 2)
    assert Package(path).span(T3).dense_cells > limits.MAX_DENSE_CELLS
    assert read_in_child(path, "calamine") == read_workbook(path).model_dump(mode="json", exclude={"provenance"})


SMALL_SHEETS = [
    b'<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>',
    b'<row r="3"><c><v>1</v></c><c r="E3"><v>2</v></c><c><v>9</v></c></row><row><c><v>3</v></c></row>',
    b"<row r='2'><c r='C2'><v>1</v></c></row><row r = '7'><c r = 'b7'><v>1</v></c></row>",
    b'<row r="2"><c r="C5"><v>1</v></c></row><row><c><v>7</v></c></row>',
    b'<row r="2"><c r="C2"><v>1</v></c><x:c xmlns:x="urn:other" r="Z9"><v>1</v></x:c></row>',
    b'<row r="4"><c r="D4"><v>1</v></c></row><row r="9"/><row><c><v>1</v></c><c/><c><v>1</v></c></row>',
]


def single_sheet_workbook(path: Path, sheet_data: bytes) -> Path:
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return write_zip(path, {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               b'<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/>'
                       f'</Relationships>'.encode(),
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{rels}"><sheets>'
                           f'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                      f'relationships"><Relationship Id="rId1" Type="{rels}/worksheet" '
                                      f'Target="worksheets/sheet1.xml"/></Relationships>'.encode(),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode() + sheet_data
                                    + b"</sheetData></worksheet>",
    })


@pytest.mark.parametrize("index", range(len(SMALL_SHEETS)))
def test_the_measured_span_covers_what_calamine_allocates(tmp_path, index):
    """calamine itself is the oracle on small sheets: the span it materialises lies within the measured one."""
    path = single_sheet_workbook(tmp_path / "s.xlsx", SMALL_SHEETS[index])
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S")
    (first_row, first_col), (last_row, last_col) = sheet.start, sheet.end
    span = Package(path).span("S")
    assert span.first_row <= first_row + 1 and span.first_col <= first_col + 1
    assert span.last_row >= last_row + 1 and span.last_col >= last_col + 1


def test_the_bundled_example_is_far_within_the_limits(example_xlsx):
    package = Package(example_xlsx)
    spans = [package.span(sheet) for sheet in package.sheets]
    assert max(s.dense_cells for s in spans) * 100 < limits.MAX_DENSE_CELLS
    assert sum(s.cells for s in spans) * 10 < limits.MAX_LOADED_CELLS
    assert sum(s.rows for s in spans) * 10 < limits.MAX_LOADED_ROWS
    assert sum(s.tags for s in spans) * 10 < limits.MAX_MEASURED_TAGS
    assert len(package.sheets) * 10 < limits.MAX_SHEETS


# --------------------------------------------------------------------------- what is really inflated

def test_a_part_whose_header_understates_its_size_is_refused_quickly(tmp_path):
    """1 MB recorded, 2 GB inflated (3 MB on disk): stopped once the output passes the recorded size."""
    bomb = deflated_repeat(b"<row/>", 2_000_000_000 // 6)
    path = far_sheet(tmp_path, Bomb(bomb, 1_000_000))
    refuses(tmp_path, path, "解压后的大小与记录不符", within=10)
    refused_by_both_engines(path, "解压后的大小与记录不符")


def test_a_part_recorded_as_inflating_to_900_mb_is_refused_without_inflating_it(tmp_path):
    path = far_sheet(tmp_path, Bomb(deflated_repeat(b"<row/>", 150_000_000), 900_000_000))
    assert path.stat().st_size < 1_500_000
    refuses(tmp_path, path, "解压后过大", within=10)


def test_one_part_just_over_the_limit_is_refused_and_one_at_it_is_not(tmp_path):
    padding = b"<!-- " + b"x" * (limits.MAX_PART_BYTES - 10) + b" -->"
    parts = example_parts()
    member = sheet_part(parts, T3)
    at_limit = parts[member] + padding[: limits.MAX_PART_BYTES - len(parts[member]) - 4] + b" -->"
    assert len(at_limit) == limits.MAX_PART_BYTES
    Package(write_zip(tmp_path / "at.xlsx", {**parts, member: at_limit}))
    over = write_zip(tmp_path / "over.xlsx", {**parts, member: at_limit + b" "})
    refused_by_both_engines(over, f"超过 {limits.MAX_PART_BYTES // limits.MIB} MB")


def test_parts_over_the_total_limit_are_refused(tmp_path):
    part = b"<a>" + b" " * (limits.MAX_PART_BYTES - 7) + b"</a>"
    extra = limits.MAX_TOTAL_BYTES // limits.MAX_PART_BYTES + 1
    parts = {**example_parts(), **{f"xl/media/junk{i}.xml": part for i in range(extra)}}
    path = write_zip(tmp_path / "total.xlsx", parts)
    assert path.stat().st_size < 1_000_000
    refuses(tmp_path, path, f"超过 {limits.MAX_TOTAL_BYTES // limits.MIB} MB")


def test_a_part_shorter_than_recorded_or_with_a_wrong_checksum_is_damaged(tmp_path):
    parts = example_parts()
    member = sheet_part(parts, T3)
    deflated = zlib.compress(parts[member], 6)[2:-4]
    short = write_zip(tmp_path / "short.xlsx", {**parts, member: Bomb(deflated, len(parts[member]) + 1,
                                                                       zlib.crc32(parts[member]))})
    refused_by_both_engines(short, "大小与记录不符")
    crc = write_zip(tmp_path / "crc.xlsx", {**parts, member: Bomb(deflated, len(parts[member]), 12345)})
    refused_by_both_engines(crc, "已损坏")


def test_an_empty_part_stored_with_no_data_at_all_is_accepted(tmp_path):
    """Some writers store an empty part as zero deflated bytes (not the two of an empty deflate stream)."""
    path = write_zip(tmp_path / "empty.xlsx", {**example_parts(), "xl/media/empty.bin": Bomb(b"", 0, 0)})
    assert read_workbook(path, engine="calamine") == read_workbook(path)


def test_the_readers_get_a_stored_copy_of_the_checked_parts_they_read(tmp_path):
    """Every XML part (names in any script) and everything the workbook's relationships name, byte for byte with
    the recorded checksums, none compressed; an image, which no reader reads, is checked but left out."""
    parts = {**example_parts(), "customXml/项目.xml": "<项目/>".encode(), "xl/media/image1.png": b"\x89PNG" + bytes(999)}
    path = write_zip(tmp_path / "copy.xlsx", parts)
    with zipfile.ZipFile(io.BytesIO(Package(path).stored_copy())) as copy:
        assert copy.testzip() is None
        assert {info.compress_type for info in copy.infolist()} == {zipfile.ZIP_STORED}
        assert {name: copy.read(name) for name in copy.namelist()} == {
            name: data for name, data in parts.items() if not name.endswith(".png")}


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_a_file_replaced_after_its_check_is_not_read_again(tmp_path, engine):
    """Each engine reads the bytes the package checked: what the file holds later, here junk, is never read."""
    path = tmp_path / "replaced.xlsx"
    path.write_bytes(EXAMPLE.read_bytes())
    source = open_source(path, engine)
    path.write_bytes(b"PK\x03\x04" + bytes(len(EXAMPLE.read_bytes())))
    try:
        read = report_from_source(source, name=path)
    finally:
        source.close()
    assert read.model_dump(exclude={"provenance"}) == read_workbook(EXAMPLE, engine=engine).model_dump(
        exclude={"provenance"})


# --------------------------------------------------------------------------- counts

def many_sheets(tmp_path: Path, count: int) -> Path:
    parts = example_parts()
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheets = "".join(f'<sheet xmlns:r="{rels}" name="S{i}" sheetId="{i + 100}" r:id="rId1"/>' for i in range(count))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", sheets.encode() + b"</sheets>")
    return write_zip(tmp_path / f"sheets-{count}.xlsx", parts)


def test_ten_thousand_sheets_are_refused_by_every_reader_and_by_annotate(tmp_path):
    path = many_sheets(tmp_path, 10_000)
    refused_by_both_engines(path, f"工作表超过 {limits.MAX_SHEETS} 个")
    refuses(tmp_path, path, "工作表超过", "validate", "--annotate", within=15)


def test_sheets_up_to_the_limit_are_read(tmp_path):
    extra = limits.MAX_SHEETS - len(Package(EXAMPLE).sheets)
    assert read_workbook(many_sheets(tmp_path, extra)).format_version == "2021"


def test_a_hundred_thousand_junk_rows_are_read_but_not_annotated(tmp_path):
    """Reading stops at the layout's last row; --annotate would load them all (11.6 s), so it refuses."""
    junk = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(100, 100_100))
    path = far_sheet(tmp_path, junk)
    assert read_workbook(path).format_version == "2021"
    refuses(tmp_path, path, "超过可整本载入的上限", "validate", "--annotate", within=15)


def test_a_sheet_too_large_to_measure_is_read_through_openpyxl_by_the_batch(tmp_path):
    """Measuring stops after MAX_MEASURED_TAGS tags (its cost is bounded): calamine is not trusted with
    such a sheet, whose far end is unknown."""
    cells = limits.MAX_MEASURED_TAGS // 4
    junk = deflated_repeat(b"<row><c><v>1</v></c></row>", cells)
    parts: dict[str, bytes | Bomb] = dict(example_parts())
    member = sheet_part(parts, T3)
    head, _, tail = parts[member].partition(b"</sheetData>")
    whole = head + zlib.decompress(junk, -15) + b"</sheetData>" + tail
    parts[member] = Bomb(zlib.compress(whole, 9)[2:-4], len(whole), zlib.crc32(whole))
    path = write_zip(tmp_path / "unmeasured.xlsx", parts)
    start = time.perf_counter()
    span = Package(path).span(T3)
    assert time.perf_counter() - start < 5
    assert span.unmeasured and span.dense_cells > limits.MAX_DENSE_CELLS
    assert read_in_child(path, "calamine") == read_workbook(path).model_dump(mode="json", exclude={"provenance"})


def test_too_many_members_are_refused_before_zipfile_lists_them(tmp_path):
    parts = {**example_parts(), **{f"junk/{i}": b"" for i in range(limits.MAX_MEMBERS)}}
    refused_by_both_engines(write_zip(tmp_path / "members.xlsx", parts), f"部件超过 {limits.MAX_MEMBERS} 个")


def shared_strings_workbook(path: Path, table: bytes | Bomb) -> Path:
    parts = example_parts()
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="/xl/sharedStrings.xml" Id="rIdS"/></Relationships>'))
    return write_zip(path, {**parts, "xl/sharedStrings.xml": table})


def test_shared_strings_over_the_count_limit_are_refused(tmp_path):
    count = limits.MAX_SHARED_STRINGS + 1
    head, tail = f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1">'.encode(), b"</sst>"
    table = head + b"<si><t>x</t></si>" * count + tail
    path = shared_strings_workbook(tmp_path / "sst.xlsx", table)
    assert path.stat().st_size < 200_000
    refused_by_both_engines(path, f"共享字符串超过 {limits.MAX_SHARED_STRINGS} 条")
    within = shared_strings_workbook(tmp_path / "sst-ok.xlsx", head + b"<si><t>x</t></si>" * (count - 1) + tail)
    assert read_workbook(within).format_version == "2021"


def test_the_largest_legitimate_texts_are_far_within_the_limits(tmp_path):
    """Nine texts of Excel's 32 767 characters (the longest a cell holds), as shared strings: ~1 MB."""
    text = "政府信息公开&<>" * (32_767 // 9)
    table = f'<sst xmlns="{MAIN_NS}">'.encode() + f"<si><t>{text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</t></si>".encode() * 9 + b"</sst>"
    assert len(table) * 10 < limits.MAX_PART_BYTES
    Package(shared_strings_workbook(tmp_path / "long.xlsx", table))


# --------------------------------------------------------------------------- XML

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10)) + b"]>")
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
@pytest.mark.parametrize("part", ["workbook", "sheet", "styles"])
def test_a_document_type_declaration_is_refused_in_any_part(tmp_path, doctype, part):
    parts = example_parts()
    member = {"workbook": "xl/workbook.xml", "sheet": sheet_part(parts, T3), "styles": "xl/styles.xml"}[part]
    xml = parts[member]
    xml = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    parts[member] = doctype + xml.replace(b"</sheetData>", b'<row r="99"><c r="A99" t="inlineStr"><is><t>'
                                          b"&lol9;&xxe;</t></is></c></row></sheetData>")
    path = write_zip(tmp_path / "dtd.xlsx", parts)
    refused_by_both_engines(path, "文档类型声明")
    refuses(tmp_path, path, "文档类型声明")


@pytest.mark.parametrize("rename", [str, str.upper], ids=["same", "other-case"])
def test_duplicate_member_names_are_refused(tmp_path, rename):
    """Readers disagree on which of two members of one name they read (calamine ignores case)."""
    parts = example_parts()
    member = sheet_part(parts, T3)
    data = io.BytesIO(write_zip(tmp_path / "dup.xlsx", parts).read_bytes())
    with zipfile.ZipFile(data, "a") as z, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it is asked to write
        z.writestr(rename(member), parts[member])
    path = tmp_path / "dup.xlsx"
    path.write_bytes(data.getvalue())
    refused_by_both_engines(path, "重名")
