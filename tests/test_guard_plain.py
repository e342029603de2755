"""The guard's shortcut: a sheet written plainly proves its small span from its bytes, without a measuring parse.

What must hold: whenever the shortcut says a sheet may go to python-calamine, the full measure (``span``) says so
too, and a sheet the shortcut does not prove is measured as before. An attacker's spellings of a far cell or of
an error value are never proved; the workbooks spreadsheet programs write always are (that is the speed).
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk import limits
from xxgk.errors import NotAWorkbook
from xxgk.workbook import package as package_module
from xxgk.workbook.package import Package

from test_guard import FAR_CELLS, T3, far_sheet, single_sheet_workbook
from zipcraft import MAIN_NS, write_zip

FIXTURES = Path(__file__).parent / "data" / "workbooks"


def measured_safe(package: Package, sheet: str) -> bool:
    span = package.span(sheet)
    return span.dense_cells <= limits.MAX_DENSE_CELLS and not span.errors


def test_the_plain_span_is_within_the_dense_limit():
    assert package_module.PLAIN_SPAN <= limits.MAX_DENSE_CELLS


@pytest.mark.parametrize("path", [Path(__file__).parent.parent / "workbook_templates" / "example-2024.xlsx",
                                  *sorted(FIXTURES.glob("*.xlsx"))], ids=lambda p: p.name)
def test_workbooks_as_spreadsheet_programs_write_them_are_proved_without_measuring(path, monkeypatch):
    """The template (openpyxl), LibreOffice's copy and the reconstruction of Excel's XML: no sheet measured."""
    package = Package(path)
    monkeypatch.setattr(Package, "span", lambda *_: pytest.fail("measured"))
    assert all(package.dense_readable(sheet) for sheet in package.sheets)


@pytest.mark.parametrize("variant", FAR_CELLS)
def test_no_spelling_of_a_far_cell_is_proved(tmp_path, variant):
    package = Package(far_sheet(tmp_path, FAR_CELLS[variant]))
    assert not package._plainly_small(T3)
    assert not package.dense_readable(T3)


ERROR_CELLS = {
    "double-quoted": b'<row r="60"><c r="B60" t="e"><v>#DIV/0!</v></c></row>',
    "single-quoted": b"<row r=\"60\"><c r=\"B60\" t='e'><v>#REF!</v></c></row>",
    "spaced": b'<row r="60"><c r="B60" t = "e"><v>#REF!</v></c></row>',
    "type-first": b'<row r="60"><c t="e" r="B60"><v>#REF!</v></c></row>',
    "decimal-reference": b'<row r="60"><c r="B60" t="&#101;"><v>#REF!</v></c></row>',
    "hex-reference": b'<row r="60"><c r="B60" t="&#x0065;"><v>#REF!</v></c></row>',
    "after-a-style": b'<row r="60"><c r="B60" s="1" t="e"><v>#N/A</v></c></row>',
}


@pytest.mark.parametrize("variant", ERROR_CELLS)
def test_no_spelling_of_an_error_value_is_proved(tmp_path, variant):
    package = Package(far_sheet(tmp_path, ERROR_CELLS[variant]))
    assert not package._plainly_small(T3)
    assert package.span(T3).errors and not package.dense_readable(T3)


SUSPECT = {
    "comment": b'<!-- <row r="1048576"><c r="XFD1048576"/></row> --><row r="60"><c r="B60"/></row>',
    "processing-instruction": b'<?x <c r="XFD1"?><row r="60"><c r="B60"/></row>',
    "row-beyond-999": b'<row r="1000"><c r="A1000"><v>1</v></c></row>',
    "three-letter-column": b'<row r="60"><c r="AAA60"><v>1</v></c></row>',
    "row-0": b'<row r="0"><c r="A1"><v>1</v></c></row>',
    "row-with-a-letter": b'<row r="A60"><c r="A60"><v>1</v></c></row>',
    "cell-without-letters": b'<row r="60"><c r="60"><v>1</v></c></row>',
    "another-attribute": b'<row r="60"><c r="B60" cm="1"><v>1</v></c></row>',
}


@pytest.mark.parametrize("variant", SUSPECT)
def test_anything_unusual_is_left_to_the_measure(tmp_path, variant):
    assert not Package(far_sheet(tmp_path, SUSPECT[variant]))._plainly_small(T3)


def test_a_malformed_plain_sheet_is_refused_as_the_measure_refuses_it(tmp_path):
    path = far_sheet(tmp_path, b'<row r="60"><c r="B60"><v>1</v></row>')
    with pytest.raises(NotAWorkbook, match="XML 格式错误"):
        Package(path).dense_readable(T3)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "latin-1"])
def test_a_sheet_in_another_encoding_is_measured(tmp_path, encoding):
    """The bytes scanned are the characters expat reads only in UTF-8: a far cell in UTF-16 is measured."""
    declaration = f'<?xml version="1.0" encoding="{encoding.upper()}"?>' if encoding != "utf-16-le" else ""
    xml = (f'{declaration}<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c>'
           f'</row></sheetData></worksheet>').encode(encoding)
    with zipfile.ZipFile(single_sheet_workbook(tmp_path / "s.xlsx", b"")) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    package = Package(write_zip(tmp_path / "encoded.xlsx", {**parts, "xl/worksheets/sheet1.xml": xml}))
    assert not package._plainly_small("S")
    assert not package.dense_readable("S")


# --------------------------------------------------------------------------- the shortcut is never wrong

# Mostly plain tags (the shortcut's case), among every spelling and place it must not be fooled by.
PLAIN_ROW, PLAIN_CELL = b'<row r="%d">', b'<c r="%s%d"><v>1</v></c>'
ROWS = st.sampled_from([PLAIN_ROW] * 6 + [b"<row r='%d'>", b'<row r = "%d">', b"<row>", b'<x:row r="%d">',
                                          b'<row r="%d" spans="1:3">', b'<row r="0%d">'])
CELLS = st.sampled_from([PLAIN_CELL] * 10 + [
    b"<c r='%s%d'/>", b'<c r="%s%d" t="e"/>', b'<c r="%s%d" s="3" t="s"><v>0</v></c>', b'<c><v>1</v></c>',
    b'<c t="e"/>', b'<x:c r="%s%d"/>', b'<c r="%s%d" t="&#101;"/>', b'<c r="&#65;%d"/>', b'<c\tr="%s%d"/>',
    b'<extra><c r="%s%d"/></extra>', b"<!-- <c r='%s%d'/> -->", b"<c r=\"%s%d\" x='\"e\"'/>"])
COLUMNS = st.sampled_from(["A", "b", "Z", "AA", "ZZ", "AAA", "XFD", "XFE", ""])
NUMBERS = st.sampled_from([1, 2, 7, 60, 999, 1000, 150_000, 1_048_576, 1_048_577])


@st.composite
def sheet_data(draw) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = draw(ROWS)
        row = row % draw(NUMBERS) if b"%d" in row else row
        cells = b""
        for _ in range(draw(st.integers(0, 6))):
            cell = draw(CELLS)
            if b"%s" in cell:
                cell = cell % (draw(COLUMNS).encode(), draw(NUMBERS))
            elif b"%d" in cell:
                cell = cell % draw(NUMBERS)
            cells += cell
        rows.append(row + cells + (b"</x:row>" if row.startswith(b"<x:") else b"</row>"))
    return b"".join(rows)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet_data())
def test_what_the_shortcut_proves_the_measure_confirms(data):
    with tempfile.TemporaryDirectory() as folder:
        path = single_sheet_workbook(Path(folder) / "s.xlsx", data)
        try:
            package = Package(path)
            proved = package._plainly_small("S")
        except NotAWorkbook:
            with pytest.raises(NotAWorkbook):
                Package(path).span("S")
            return
        if proved:
            assert measured_safe(Package(path), "S"), data
