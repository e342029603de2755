"""A blank template filled the way a person fills it: by finding the official row and column labels.

The script below knows the format (labels and canonical keys) but not the layout: it scans the sheets for
the labels. If the template put a number where its labels do not say, the converted key gets a wrong value.
"""

from openpyxl import load_workbook

from xxgk.formats import get_format
from xxgk.workbook.reader import read_workbook

from support import run_cli


def _find(ws, text, rows=None, cols=None):
    hits = [c for row in ws.iter_rows(min_row=rows[0] if rows else 1, max_row=rows[1] if rows else None)
            for c in row if c.value == text and (cols is None or c.column in cols)]
    assert hits, f"label {text!r} not found on {ws.title}"
    return hits


def _t2_cells(ws, table):
    """Each row label, then the header row above it (the nearest 信息内容), then the column header."""
    for block in table.blocks:
        for row in block.rows:
            (label,) = _find(ws, row.label, cols={1})
            header_row = max(c.row for c in _find(ws, table.row_header, cols={1}) if c.row < label.row)
            for column in block.columns:
                (header,) = _find(ws, column.label, rows=(header_row, header_row))
                yield f"t2.{row.key}.{column.key}", label.row, header.column


def _t3_cells(ws, table):
    for row in table.rows:
        (label,) = _find(ws, row.label, cols={1, 2, 3})
        for column in table.columns:
            (header,) = _find(ws, column.label, rows=(2, 4))
            yield f"t3.{row.key}.{column.key}", label.row, header.column


def _t4_cells(ws, table):
    values_row = 5  # the only row under the two-level header
    for row in table.rows:
        (group,) = _find(ws, row.label, rows=(2, 3))
        for column in table.columns:
            header = next(c for c in _find(ws, column.label, rows=(3, 4)) if c.column >= group.column)
            yield f"t4.{row.key}.{column.key}", values_row, header.column


def test_a_template_filled_by_labels_converts_every_number_to_its_key(tmp_path):
    path = tmp_path / "blank.xlsx"
    assert run_cli("template", "-o", path).exit_code == 0
    fmt = get_format("2021")
    wb = load_workbook(path)
    expected = {}
    finders = {"t2": _t2_cells, "t3": _t3_cells, "t4": _t4_cells}
    for section in fmt.sections:
        if not section.table:
            continue
        table = fmt.tables[section.table]
        ws = wb[section.heading]
        for key, row, col in finders[table.key](ws, table):
            if fmt.cells[key].derived:
                continue
            expected[key] = len(expected) + 1
            ws.cell(row, col).value = expected[key] if fmt.cells[key].column.kind != "amount" else expected[key] / 4
    assert len(expected) == 10 + 144 + 12
    wb.save(path)

    report = read_workbook(path)
    for key, value in expected.items():
        want = value if fmt.cells[key].column.kind != "amount" else value / 4
        assert report.value(key) == want, key
    assert report.value("t3.new_received.total") == sum(expected[f"t3.new_received.{c.key}"]
                                                        for c in fmt.tables["t3"].columns if c.key != "total")
    assert not [f for f in report.findings if f.key and f.key.startswith("t")]
