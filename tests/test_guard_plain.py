"""The guard's shortcut: a sheet written plainly proves its small span from its bytes, without a measuring parse.

What must hold: whenever the shortcut says a sheet may go to python-calamine, the full measure (``span``) says so
too, and the formulas it finds are the ones the parse finds; a sheet the shortcut does not prove is measured as
before. An attacker's spellings of a far cell or of
an error value are never proved; the workbooks spreadsheet programs write always are (that is the speed).
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_guard import FAR_CELLS, T3, far_sheet, single_sheet_workbook
from xxgk import limits
from xxgk.errors import NotAWorkbook
from xxgk.workbook import package as package_module
from xxgk.workbook.package import Package
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

# A plain sheet (the shortcut's case), with at most one odd token somewhere: every spelling and place of a row, a
# cell, an error or a formula that the shortcut must not be fooled by.
PLAIN_CELLS = [b'<c r="%s%d"><v>1</v></c>', b'<c r="%s%d" s="2"><f>A1</f><v>1</v></c>', b'<c r="%s%d" s="1" t="n"/>']
ODD = [b"<row r='%d'>", b'<row r = "%d">', b"<row>", b'<x:row r="%d">', b'<row r="%d" spans="1:3">', b'<row r="0%d">',
       b"<c r='%s%d'/>", b'<c r="%s%d" t="e"/>', b'<c r="%s%d" s="3" t="s"><v>0</v></c>', b"<c><v>1</v></c>",
       b'<c t="e"/>', b'<x:c r="%s%d"/>', b'<c r="%s%d" t="&#101;"/>', b'<c r="&#65;%d"/>', b'<c\tr="%s%d"/>',
       b'<extra><c r="%s%d"/></extra>', b"<!-- <c r='%s%d'/> -->", b"<c r=\"%s%d\" x='\"e\"'/>",
       b'<c r="%s%d"><v>1</v><f>A1</f></c>', b'<c r="%s%d"><f t="shared" si="0"/></c>', b'<c r="%s%d"><x:f>1</x:f></c>',
       b"<c><f>1</f></c>", b'<f>1</f>', b'<c r="%s%d"><is><f>1</f></is></c>', b'<c r="%s%d" cm="1"><f>1</f></c>']
SMALL_COLUMNS, COLUMNS = ["A", "b", "Z", "AA", "ZZ"], ["A", "Z", "ZZ", "AAA", "XFD", "XFE", ""]
SMALL_NUMBERS, NUMBERS = [1, 2, 3, 7, 60, 999], [1, 2, 60, 1000, 150_000, 1_048_576, 1_048_577]


def fill(draw, token: bytes, columns: list[str], numbers: list[int]) -> bytes:
    if b"%s" in token:
        return token % (draw(st.sampled_from(columns)).encode(), draw(st.sampled_from(numbers)))
    return token % draw(st.sampled_from(numbers)) if b"%d" in token else token


@st.composite
def sheet_data(draw) -> bytes:
    tokens = []
    for _ in range(draw(st.integers(0, 4))):
        tokens.append(b'<row r="%d">' % draw(st.sampled_from(SMALL_NUMBERS)))
        for _ in range(draw(st.integers(0, 5))):
            tokens.append(fill(draw, draw(st.sampled_from(PLAIN_CELLS)), SMALL_COLUMNS, SMALL_NUMBERS))
        tokens.append(b"</row>")
    if draw(st.booleans()):
        odd = fill(draw, draw(st.sampled_from(ODD)), COLUMNS + SMALL_COLUMNS, NUMBERS + SMALL_NUMBERS)
        if odd.startswith((b"<row", b"<x:row")):  # a row of its own, holding a plain cell
            odd += fill(draw, PLAIN_CELLS[1], SMALL_COLUMNS, SMALL_NUMBERS) + (b"</x:row>" if b"x:row" in odd else b"</row>")
            tokens.insert(draw(st.sampled_from([i for i, t in enumerate(tokens) if t.startswith(b"<row")] + [len(tokens)])), odd)
        else:  # within a row
            rows = [i for i, t in enumerate(tokens) if t == b"</row>"]
            if not rows:
                tokens += [b'<row r="1">', b"</row>"]
                rows = [len(tokens) - 1]
            tokens.insert(draw(st.sampled_from(rows)), odd)
    return b"".join(tokens)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
            measured = Package(path)
            measured._plain = {"S": False}  # as if not proved: parsed with callbacks
            for block in ((60, 11), (2, 2), (999, 702)):
                assert package.formula_cells("S", *block) == measured.formula_cells("S", *block), (data, block)
