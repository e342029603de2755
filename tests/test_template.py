"""The generated template: committed copies current, protection, validation, formulas, names, print setup."""


import pytest
from openpyxl import load_workbook

from xxgk.formats import versions
from xxgk.workbook.bundled import generated_files
from xxgk.workbook.cells import as_markdown
from xxgk.workbook.layout import CELLS_SHEET, META_SHEET, layout_for
from xxgk.workbook.template import defined_name, template_bytes

from conftest import ROOT, TEMPLATES
from support import cached_values, recalculated, write_workbook


def test_committed_templates_and_example_are_what_the_generator_produces_today():
    for name, data in generated_files(TEMPLATES).items():
        assert (TEMPLATES / name).read_bytes() == data, f"regenerate: python -m xxgk.workbook.bundled ({name})"


def test_generation_is_deterministic():
    assert template_bytes("2021") == template_bytes("2021")


@pytest.fixture(scope="module", params=versions())
def template(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("t") / f"{request.param}.xlsx"
    path.write_bytes(template_bytes(request.param))
    return request.param, load_workbook(path)


def test_sheets_in_report_order_with_hidden_meta_sheet(template):
    version, wb = template
    layout = layout_for(version)
    assert wb.sheetnames == ["填报说明"] + [s.name for s in layout.sheets] + [META_SHEET, CELLS_SHEET]
    meta = wb[META_SHEET]
    assert meta.sheet_state == wb[CELLS_SHEET].sheet_state == "veryHidden"
    assert (meta["A1"].value, meta["B1"].value) == ("template_id", "xxgk.annual-report")
    assert (meta["A2"].value, meta["B2"].value) == ("format_version", version)
    listed = {row[0]: (row[1], row[2]) for row in wb[CELLS_SHEET].iter_rows(min_row=2, values_only=True)}
    assert listed == {b.key: (b.sheet, b.cell) for b in layout.bindings.values()}


def test_inputs_unlocked_everything_else_protected(template):
    version, wb = template
    layout = layout_for(version)
    inputs = {(b.sheet, b.cell) for b in layout.bindings.values() if not b.derived}
    for name in [s.name for s in layout.sheets] + ["填报说明", META_SHEET, CELLS_SHEET]:
        ws = wb[name]
        assert ws.protection.sheet, name
        assert not ws.protection.password
        for row in ws.iter_rows():
            for cell in row:
                if (name, cell.coordinate) in inputs:
                    assert cell.protection.locked is False, (name, cell.coordinate)
                elif cell.value is not None:
                    assert cell.protection.locked is not False, (name, cell.coordinate)


def test_every_number_input_has_data_validation_of_its_kind(template):
    version, wb = template
    expected = {"count": ("whole", "greaterThanOrEqual", "0"), "amount": ("decimal", "greaterThanOrEqual", "0"),
                "change": ("whole", "between", "-999999")}
    for b in layout_for(version).bindings.values():
        if b.is_number and not b.derived:
            ws = wb[b.sheet]
            rules = [dv for dv in ws.data_validations.dataValidation if b.cell in dv.sqref]
            assert len(rules) == 1, (b.key, b.cell)
            dv = rules[0]
            assert (dv.type, dv.operator, dv.formula1) == expected[b.kind]
            assert (dv.showErrorMessage and "整数" in dv.error) or "万元" in dv.error


def test_metadata_validations(template):
    _version, wb = template
    ws = wb["基本信息"]
    by_type = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert by_type["whole"].formula1 == "2019"  # the year
    assert by_type["textLength"].formula1 == "6"  # the postcode
    assert "乡镇人民政府、街道办事处" in by_type["list"].formula1
    assert by_type["date"].type == "date"


def test_totals_are_formulas_and_inputs_are_empty(template):
    version, wb = template
    for b in layout_for(version).bindings.values():
        value = wb[b.sheet][b.cell].value
        if b.derived:
            assert isinstance(value, str) and value.startswith("=SUM("), b.key
        else:
            assert value is None, b.key


def test_t3_is_laid_out_like_the_published_table(template):
    version, wb = template
    ws = wb["三、收到和处理政府信息公开申请情况"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "E3:I3", "D3:D4", "J3:J4"} <= merged
    assert ws["A2"].value.startswith("（本列数据的勾稽关系为")
    assert ws["D2"].value == "申请人情况" and ws["E3"].value == "法人或其他组织" and ws["I4"].value == "其他"
    assert ws["A7"].value == "三、本年度办理结果"
    # 三、本年度办理结果 spans the result rows down to （七）总计
    assert {"2021": "A7:A28", "2019": "A7:A26"}[version] in merged
    assert ws["B9"].value == "（三）不予公开" and "B9:B16" in merged


def test_every_bound_cell_has_a_defined_name(template):
    version, wb = template
    for b in layout_for(version).bindings.values():
        (sheet, ref), = wb.defined_names[defined_name(b.key)].destinations
        assert sheet == b.sheet and ref.replace("$", "") == b.cell


def test_a4_print_setup(template):
    _version, wb = template
    for ws in wb.worksheets:
        if ws.title not in (META_SHEET, CELLS_SHEET, "填报说明"):
            assert int(ws.page_setup.paperSize) == 9  # A4
            assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_live_checks_work_in_libreoffice(soffice, tmp_path):
    """The check cells are plain formulas: LibreOffice recalculates them with no Python involved."""
    good = recalculated(soffice, write_workbook(tmp_path / "good.xlsx"), tmp_path / "lo1")
    broken = write_workbook(tmp_path / "broken.xlsx", """
        t3.new_received.natural_person = 5
        t3.carried_over.natural_person = 1
        t3.granted.natural_person = 4
        t3.carried_forward.natural_person = 1
        t4.review.upheld = 2
        t4.review.total = 1   # a formula overwritten with a number
    """)
    broken = recalculated(soffice, broken, tmp_path / "lo2")
    t3, t4 = "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"
    ok3, ok4 = cached_values(good, t3), cached_values(good, t4)
    assert [ok3[f"{c}31"] for c in "DEFGHIJ"] == ["通过"] * 7
    assert ok4["E6"] == ok4["J6"] == ok4["O6"] == "通过"
    bad3, bad4 = cached_values(broken, t3), cached_values(broken, t4)
    assert bad3["D31"] == "不符：6≠5"
    assert bad3["E31"] == "通过"
    assert bad3["J5"] == 5  # the total column formula recalculated
    assert bad4["E6"].startswith("不符") and bad4["J6"] == "通过"


@pytest.mark.parametrize("version", versions())
def test_each_table_sheet_places_the_tables_geometry_below_its_title(version):
    layout = layout_for(version)
    for key, table in layout.format.tables.items():
        sheet = layout.table_sheet(key)
        labels = {(x.row, x.col): (x.text, (x.last_row or x.row) - x.row + 1, (x.last_col or x.col) - x.col + 1)
                  for x in sheet.labels}
        for area in table.geometry.areas:
            if area.cell:
                binding = layout.bindings[area.cell.key]
                assert (binding.sheet, binding.row, binding.col) == (sheet.name, 2 + area.row, 1 + area.col)
                assert (binding.last_col or binding.col) == 1 + area.last_col
            else:
                assert labels[2 + area.row, 1 + area.col] == (area.text, area.rowspan, area.colspan)


def test_docs_cells_md_is_current_and_lists_every_key_of_both_formats_where_the_template_has_it():
    committed = (ROOT / "docs" / "cells.md").read_text(encoding="utf-8")
    assert committed == as_markdown(), "regenerate: python -m xxgk.workbook.cells > docs/cells.md"
    for version in versions():
        section = committed.split(f"## {version} 版")[1].split("\n## ")[0]
        for b in layout_for(version).bindings.values():
            assert f"| `{b.key}` | {b.ref} | {b.row_label} | {b.column_label} |" in section, (version, b.key)
