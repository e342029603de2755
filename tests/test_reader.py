"""Workbook → model: the bundled example, cached values from LibreOffice, numbers as staff type them."""

import json
import re
import zipfile

import pytest
from openpyxl import load_workbook

from xxgk.jsonio import load_report_json
from xxgk.model import State
from xxgk.workbook.layout import META_SHEET
from xxgk.workbook.reader import read_workbook

from conftest import EXAMPLE_JSON
from support import example_report, read, recalculated, validate_placed, write_workbook


def _without_provenance(report):
    return report.model_dump(mode="json", exclude={"provenance"})


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_bundled_example_reads_to_its_json(example_xlsx, engine):
    report = read_workbook(example_xlsx, engine=engine)
    assert _without_provenance(report) == _without_provenance(load_report_json(EXAMPLE_JSON))
    assert report.findings == []
    assert report.value("t2.penalty.decisions") == 3
    assert report.metadata.agency_name == "额敏县上户镇人民政府"
    assert report.provenance.source_file == "example-2024.xlsx"
    assert len(report.provenance.source_sha256) == 64


def test_a_file_saved_by_libreoffice_reads_the_same(soffice, tmp_path, example_xlsx):
    """The same report, except that the model keeps the totals LibreOffice cached (equal to the recomputed)."""
    saved = read_workbook(recalculated(soffice, example_xlsx, tmp_path / "lo"))
    totals = {k: c for k, c in saved.cells().items() if c.state is State.derived}
    assert totals and all(c.stored == c.value for c in totals.values())
    for cell in totals.values():
        cell.stored = None
    assert _without_provenance(saved) == _without_provenance(read_workbook(example_xlsx))


def test_totals_are_recomputed_and_a_wrong_stored_total_is_a_finding(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", """
        t3.new_received.natural_person = 5
        t3.new_received.total = 4        # a formula overwritten with a wrong number
        t4.review.upheld = 2
    """)
    report = read_workbook(path)
    assert report.value("t3.new_received.total") == 5
    assert (report.cell("t3.new_received.total").stored, report.cell("t3.new_received.total").state) == (
        4, State.derived)  # the model keeps what the sheet held
    assert report.value("t4.review.total") == 2  # formula, no cached value: recomputed, not a finding
    assert report.cell("t4.review.total").stored is None
    assert report.findings == []  # the reader saw nothing to interpret; the comparison is the rule's
    (finding,) = [f for f in validate_placed(report) if f.rule == "total-mismatch"]
    assert (finding.sheet, finding.cell) == ("三、收到和处理政府信息公开申请情况", "J5")
    assert finding.args["stored"] == 4 and finding.args["computed"] == 5
    assert "4" in finding.message and "5" in finding.message


def test_cached_totals_from_libreoffice_are_checked(soffice, tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", "t4.review.upheld = 2\nt4.review.pending = 1")
    report = read_workbook(recalculated(soffice, path, tmp_path / "lo"))
    assert report.findings == []
    assert report.value("t4.review.total") == 3


CELLS = {
    "t3.new_received.natural_person": ("/", "cell-placeholder", None),
    "t3.new_received.commercial_enterprise": ("-", "cell-placeholder", None),
    "t3.granted.natural_person": ("3件", "cell-unclean-number", 3),
    "t3.granted.commercial_enterprise": ("３", "cell-unclean-number", 3),
    "t3.carried_over.natural_person": (None, "cell-blank", None),
    "t3.carried_forward.natural_person": ("3", "cell-text-number", 3),
    "t2.penalty.decisions": (2.5, "cell-fraction", None),
    "t2.coercion.decisions": (-1, "cell-negative", None),
    "t2.fees.amount_wan_yuan": ("251000元", "cell-amount-in-yuan", 25.1),
    "t4.review.upheld": ("无", "cell-placeholder", None),
}


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_every_unclean_cell_is_one_finding_with_its_raw_value(tmp_path, engine):
    path = write_workbook(tmp_path / "t.xlsx", {k: raw for k, (raw, _, _) in CELLS.items()})
    report = read_workbook(path, engine=engine)
    by_key = {}
    for f in report.findings:
        assert f.key not in by_key, f"two findings for {f.key}"
        by_key[f.key] = f
    assert set(by_key) == set(CELLS)
    for key, (raw, rule, value) in CELLS.items():
        finding = by_key[key]
        assert finding.rule == rule, key
        assert finding.args["raw"] == raw, key
        assert report.value(key) == value, key
        assert finding.cell and finding.sheet and finding.row_label, key
    assert by_key["t3.new_received.natural_person"].cell == "D5"
    assert by_key["t3.new_received.natural_person"].column_label == "自然人"


def test_metadata_is_normalised_and_bad_metadata_is_a_finding(tmp_path):
    path = write_workbook(tmp_path / "m.xlsx", {
        "metadata.signing_date": "2025年2月11日",
        "metadata.postcode": 834699,
        "metadata.report_year": "2024年",
        "metadata.period_end": "明年",
        "metadata.agency_level": "乡镇人民政府、街道办事处",
    })
    report = read_workbook(path)
    assert str(report.metadata.signing_date) == "2025-02-11"
    assert report.metadata.postcode == "834699"
    assert report.metadata.report_year == 2024
    assert report.metadata.agency_level.value == "township"
    assert report.metadata.period_end is None
    (finding,) = report.findings
    assert (finding.rule, finding.key, finding.args["raw"]) == ("meta-invalid", "metadata.period_end", "明年")


def test_version_detected_from_labels_when_the_meta_sheet_is_gone(tmp_path, example_xlsx):
    wb = load_workbook(example_xlsx)
    del wb[META_SHEET]
    path = tmp_path / "no-meta.xlsx"
    wb.save(path)
    assert read_workbook(path).format_version == "2021"
    two = write_workbook(tmp_path / "2019.xlsx", version="2019")
    wb = load_workbook(two)
    del wb[META_SHEET]
    wb.save(two)
    assert read_workbook(two).format_version == "2019"


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_a_sheet_that_claims_a_million_rows_is_read_within_the_layout(tmp_path, example_xlsx, engine):
    """Only the bound block of each sheet is read, whatever the sheet's dimension says. (calamine alone
    would allocate the whole 1048576 × 16384 block and abort the process.)"""
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(example_xlsx) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data, count=1)
                far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                data = data.replace(b"</sheetData>", far + b"</sheetData>")
            dst.writestr(info, data)
    assert _without_provenance(read_workbook(path, engine=engine)) == _without_provenance(read_workbook(example_xlsx))


def test_reading_never_modifies_the_file(tmp_path, example_xlsx):
    path = tmp_path / "x.xlsx"
    path.write_bytes(example_xlsx.read_bytes())
    before = path.read_bytes(), path.stat().st_mtime_ns
    read_workbook(path)
    read_workbook(path, engine="calamine")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_the_2019_template_round_trips(tmp_path):
    report = example_report()
    data = report.model_dump(mode="json")
    data["format_version"] = "2019"
    data["tables"] = {"t2": {"procurement": {"items": read(2), "amount_wan_yuan": read(12.5)},
                             "licensing": {"change": read(-1)}},
                      "t3": {"other_handling": {"natural_person": read(1)}}}
    json_path = tmp_path / "r.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from support import run_cli

    assert run_cli("fill", json_path, "-o", tmp_path / "r.xlsx").exit_code == 0
    back = read_workbook(tmp_path / "r.xlsx")
    assert back.format_version == "2019"
    assert back.value("t2.procurement.amount_wan_yuan") == 12.5
    assert back.value("t2.licensing.change") == -1
    assert back.value("t3.other_handling.natural_person") == 1
    assert back.value("t3.total_processed.natural_person") is None  # the other results were left blank


# --------------------------------------------------------------------------- label cells retyped


RETYPED = {"t2 行政规范性文件": "规范性文件", "t3 2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
           "t3 1.属于国家秘密": "1、属于国家秘密"}


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_labels_retyped_as_real_reports_print_them_are_read_with_a_warning(tmp_path, engine):
    path = write_workbook(tmp_path / "retyped.xlsx", labels=RETYPED)
    report = read_workbook(path, engine=engine)
    assert _without_provenance(report) | {"findings": []} == _without_provenance(example_report()) | {"findings": []}
    found = {(f.rule, f.severity, f.key, f.cell, f.args["found"], f.args["label"]) for f in report.findings}
    assert found == {
        ("label-variant", "warning", "t2.normative_documents.issued", "A5", "规范性文件", "行政规范性文件"),
        ("label-variant", "warning", "t3.denied_prohibited_by_law.natural_person", "C10", "2.其他法律行政止公开",
         "2.其他法律行政法规禁止公开"),
        ("label-variant", "warning", "t3.denied_state_secret.natural_person", "C9", "1、属于国家秘密", "1.属于国家秘密"),
    }


@pytest.mark.parametrize("labels", [
    {"t2 规章": "行政规范性文件", "t2 行政规范性文件": "规章"},  # two rows swapped
    {"t3 1.属于国家秘密": "2.其他法律行政法规禁止公开"},  # a label that is another row's
    {"t3 四、结转下年度继续办理": "备注"},  # a label matching none
    {"t3 四、结转下年度继续办理": None},  # cleared
])
def test_a_changed_structure_is_still_refused(tmp_path, labels):
    from xxgk.errors import XxgkError

    path = write_workbook(tmp_path / "moved.xlsx", labels=labels)
    for engine in ("openpyxl", "calamine"):
        with pytest.raises(XxgkError, match="结构与模板不符"):
            read_workbook(path, engine=engine)


def test_convert_accepts_the_seeds_short_label(tmp_path):
    from support import run_cli

    path = write_workbook(tmp_path / "seed-label.xlsx", labels={"t2 行政规范性文件": "规范性文件"})
    result = run_cli("convert", str(path), "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in data["findings"]].count("label-variant") == 1  # beside the example's own blemishes
