"""``xxgk batch`` over published reports: pages, text, Word and PDF files converted beside the workbooks, files
that hold no report listed as 跳过, broken or hostile ones as 无法读取, last year's published reports paired."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from test_batch import by_file, read_index
from test_import_published import NEWS
from test_import_sources import PUBLISHED, SEED, _minimal_docx
from xxgk.batch.run import run_batch
from xxgk.jsonio import load_report_json
from xxgk.render import build_document, render

from support import example_report, run_xxgk, write_workbook

NOT_A_REPORT = "不是政府信息公开工作年度报告"


def rendered_example(path):
    """The bundled example as ``xxgk report`` writes it: a published page that reads back without errors."""
    path.write_bytes(render(build_document(example_report()), "html"))
    return path


def non_reports(folder):
    """Files with a report's suffix that turn out to hold none: a news page, a note, a zip, a binary file."""
    (folder / "news.html").write_text(NEWS, encoding="utf-8")
    (folder / "收件登记.txt").write_text("2025年1月收到报告三份，待汇总。\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "photos.docx", "w") as z:
        z.writestr("a.jpg", b"\xff\xd8\xff")
    (folder / "dump.md").write_bytes(bytes(range(32)) * 100)


def test_published_reports_are_converted_like_workbooks_and_non_reports_are_skipped(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "workbook.xlsx", "metadata.agency_name = 乙镇人民政府")
    rendered_example(src / "page.html")
    shutil.copy(PUBLISHED / "hongze-2024.pdf", src)
    non_reports(src)
    done = run_xxgk("batch", src, "-o", out, "--jobs", "2")
    assert done.returncode == 1, done.stderr.decode()  # hongze-2024.pdf lacks its portal and signature: errors
    assert "Traceback" not in done.stderr.decode()

    rows = by_file(read_index(out))
    assert {f: r["状态"] for f, r in rows.items()} == {
        "workbook.xlsx": "有警告", "page.html": "有警告", "hongze-2024.pdf": "有错误",
        "news.html": "跳过", "收件登记.txt": "跳过", "photos.docx": "跳过", "dump.md": "跳过"}
    assert NOT_A_REPORT in rows["news.html"]["说明"] and NOT_A_REPORT in rows["收件登记.txt"]["说明"]
    assert "压缩包" in rows["photos.docx"]["说明"] and "二进制文件" in rows["dump.md"]["说明"]
    assert all(rows[f]["输出文件"] == "" and rows[f]["SHA-256"] for f in ("news.html", "收件登记.txt"))

    pdf = rows["hongze-2024.pdf"]
    assert (pdf["机关名称"], pdf["报告年度"], pdf["格式版本"]) == ("淮安市洪泽区人民政府", "2024", "2021")
    assert pdf["本年新收申请"] == "95" and int(pdf["错误数"]) > 0 and "首个问题" in pdf["说明"]
    # the JSON of a published report is exactly what ``xxgk import`` writes: the same reading, the same findings
    for name in ("hongze-2024.pdf", "page.html"):
        imported = tmp_path / f"{name}.json"
        run_xxgk("import", src / name, "-o", imported)
        assert (out / rows[name]["输出文件"]).read_bytes() == imported.read_bytes(), name
    page = load_report_json(out / rows["page.html"]["输出文件"])
    assert page.values() == example_report().values() and page.provenance.source_file == "page.html"


def test_files_that_hold_no_report_do_not_raise_the_exit_code(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    rendered_example(src / "report.htm")
    shutil.copy(SEED, src / "seed.txt")
    non_reports(src)
    done = run_xxgk("batch", src, "-o", out)
    assert done.returncode == 0, done.stderr.decode()
    assert "有警告 2 个，跳过 4 个" in done.stderr.decode()
    assert [r["状态"] for r in read_index(out)] == ["跳过", "跳过", "跳过", "有警告", "有警告", "跳过"]


def test_published_reports_and_skipped_files_are_cached_by_content(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    rendered_example(src / "page.html")
    (src / "news.html").write_text(NEWS, encoding="utf-8")
    assert (run_batch(src, out).converted, run_batch(src, out).converted) == (2, 0)
    again = run_batch(src, out)
    assert (again.converted, again.reused) == (0, 2)
    assert by_file(read_index(out))["news.html"]["状态"] == "跳过"

    (src / "news.html").write_text(NEWS.replace("12月1日", "12月2日"), encoding="utf-8")  # new content: read again
    changed = run_batch(src, out)
    assert (changed.converted, changed.reused) == (1, 1)
    shutil.copy(SEED, src / "news.html")  # the same name now holds a report
    assert run_batch(src, out).converted == 1
    row = by_file(read_index(out))["news.html"]
    assert (row["状态"], row["机关名称"]) == ("有警告", "额敏县上户镇人民政府")


def _encrypted_pdf(path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=PUBLISHED / "hongze-2024.pdf")
    writer.encrypt("secret", algorithm="AES-128")
    with open(path, "wb") as f:
        writer.write(f)


def _docx_bomb(path):
    path.write_bytes(_minimal_docx(b'<?xml version="1.0"?><w:document/>'))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z, z.open("word/media/x.bin", "w") as f:
        for _ in range(250):  # 250 MB of zeros, a few hundred KB packed
            f.write(bytes(1 << 20))


def _huge(path):
    with open(path, "wb") as f:
        f.write(b"<html><body>")
        f.truncate(200 << 20)  # sparse: 200 MB on paper


def _scan(path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(path)
    pdf.close()


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("locked.pdf", _encrypted_pdf, "PDF 已加密"),
    ("bomb.docx", _docx_bomb, "解压后过大"),
    ("huge.html", _huge, "文件过大（200 MB"),
    ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(600)), "已损坏"),
    ("encrypted.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "另存为 .docx"),
    ("scan.pdf", _scan, "扫描件"),
    # an empty file is a failed save or download, whatever its name says: unreadable, as an empty .xlsx is
    *((f"empty{suffix}", lambda p: p.write_bytes(b""), "文件为空") for suffix in (".pdf", ".docx", ".html", ".txt", ".xlsx")),
])
def test_a_broken_or_hostile_published_file_is_an_unreadable_row_with_its_reason(tmp_path, name, make, reason):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    rendered_example(src / "a-page.html")
    make(src / name)
    before = (src / name).stat().st_size
    result = run_batch(src, out)
    rows = by_file(read_index(out))
    assert rows[name]["状态"] == "无法读取" and reason in rows[name]["说明"], rows[name]
    assert "程序内部错误" not in rows[name]["说明"] and "\n" not in rows[name]["说明"]
    assert rows["a-page.html"]["状态"] == "有警告"  # the other files of the batch are converted all the same
    assert result.exit_code == 1 and (src / name).stat().st_size == before


def _report_of(agency: str, year: int, carried_over: int, path):
    report = example_report()
    report.metadata.agency_name, report.metadata.report_year = agency, year
    return write_workbook(path, f"t3.carried_over.natural_person = {carried_over}\n"
                                f"t3.new_received.natural_person = {report.value('t3.new_received.natural_person') - carried_over}",
                          base=report)


def test_previous_dir_pairs_published_reports_of_last_year(tmp_path):
    src, prev, out = tmp_path / "in", tmp_path / "prev", tmp_path / "out"
    src.mkdir()
    prev.mkdir()
    shutil.copy(PUBLISHED / "hongze-2024.pdf", src)
    # a workbook of the same agency (its name without the city): checked against last year's published PDF
    _report_of("洪泽区人民政府", 2024, 5, src / "hongze-2024-revised.xlsx")
    shutil.copy(PUBLISHED / "hongze-2023.pdf", prev)  # 洪泽区人民政府, 2023: carried forward 0 in every column
    (prev / "news.html").write_text(NEWS, encoding="utf-8")  # no report: never a candidate
    run_batch(src, out, previous_dir=prev, jobs=2)
    rows = by_file(read_index(out))
    assert rows["hongze-2024.pdf"]["上年报告"] == "hongze-2023.pdf"
    assert rows["hongze-2024-revised.xlsx"]["上年报告"] == "hongze-2023.pdf"
    assert "未做跨年度校验" not in rows["hongze-2024.pdf"]["说明"]
    revised = load_report_json(out / rows["hongze-2024-revised.xlsx"]["输出文件"])
    continuity = [f for f in revised.findings if f.rule == "t3-continuity"]
    assert [(f.key, f.args["previous"]) for f in continuity] == [("t3.carried_over.natural_person", 0)]
    published = load_report_json(out / rows["hongze-2024.pdf"]["输出文件"])
    assert not [f for f in published.findings if f.rule in ("t3-continuity", "previous-agency", "previous-year")]
