"""Published reports read into the canonical model: the seed, the real corpus, and the behaviours of the
mapping (provenance, import findings kept apart, the single （六） row, inferred level, traditional characters,
an undeclared GBK page, pages that are no report).

The numbers asserted for the corpus are those ../shared/corpus/INDEX.md lists as read by hand, checked
once more against the files.
"""

from __future__ import annotations

import json

import pytest

from test_import_sources import PORTAL, PUBLISHED, SEED
from xxgk.errors import XxgkError
from xxgk.importer.published import NotAReport, read_published
from xxgk.jsonio import load_report
from xxgk.model import AgencyLevel, State
from xxgk.render import build_document, render

from support import example_report, refusal, run_xxgk, validate_placed

T3_TOTALS = ("new_received", "carried_over", "granted", "partially_granted")


def totals(report, rows=T3_TOTALS) -> list:
    """表三's 总计 column as printed (the stored value where the model could not derive it)."""
    out = []
    for row in rows:
        cell = report.cell(f"t3.{row}.total")
        out.append(cell.value if cell.value is not None else cell.stored)
    return out


def group_total(report, group: str) -> int:
    table = report.format.tables["t3"]
    return sum(report.value(f"t3.{r.key}.total") for r in table.rows_under(group))


def rules(report) -> list[str]:
    return [f.rule for f in report.findings]


# --------------------------------------------------------------------------- the seed


def test_the_seed_imports_to_exactly_the_bundled_example():
    imported, example = read_published(SEED), example_report()
    assert imported.values() == example.values()
    assert imported.metadata == example.metadata
    assert imported.texts == example.texts
    found = {f.rule: f for f in imported.findings}
    assert "规范性文件" in found["import-label-variant"].message
    assert "1、" in found["import-heading-numbering"].message
    assert all(f.origin == "import" for f in imported.findings)


def test_every_number_says_where_it_was_read_and_the_json_keeps_it(tmp_path):
    out = tmp_path / "seed.json"
    done = run_xxgk("import", str(SEED), "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    penalty = data["tables"]["t2"]["penalty"]["decisions"]
    assert penalty["value"] == 3 and penalty["state"] == "read" and penalty["source"]["line"] > 0
    assert data["provenance"]["source_file"] == SEED.name
    assert load_report(out).values() == example_report().values()


def test_import_writes_the_same_bytes_every_time():
    first, second = run_xxgk("import", str(SEED)), run_xxgk("import", str(SEED))
    assert first.returncode == 0 and first.stdout == second.stdout and first.stdout.startswith(b"{")


def test_import_to_a_workbook_reads_back_as_the_same_report(tmp_path):
    out = tmp_path / "filled.xlsx"
    done = run_xxgk("import", str(PUBLISHED / "hongze-2024.pdf"), "-o", str(out))
    assert done.returncode == 1, done.stderr.decode()  # its metadata lacks the portal and the signature: errors
    imported, filled = read_published(PUBLISHED / "hongze-2024.pdf"), load_report(out)
    assert filled.values() == imported.values()
    assert filled.metadata == imported.metadata and filled.texts == imported.texts


# --------------------------------------------------------------------------- the corpus


def test_the_portal_page_keeps_its_blank_cells_blank():
    report = read_published(PORTAL)
    assert report.metadata.agency_name == "沭阳县发展和改革局" and report.metadata.report_year == 2023
    assert [report.value(f"t2.normative_documents.{c}") for c in ("issued", "repealed", "in_force")] == [8, 0, 18]
    assert report.value("t3.new_received.natural_person") == 26
    for column in ("commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org",
                   "other_org"):
        cell = report.cell(f"t3.new_received.{column}")
        assert cell.value is None and cell.state is State.blank  # blank in the source, never 0
    assert totals(report) == [26, 0, 26, 0]  # printed totals kept as stored values
    assert report.value("t4.review.pending") == 1 and report.value("t4.review.total") == 1
    assert "整改措施" in report.texts.problems or report.texts.problems
    result = validate_placed(report)
    assert "cell-blank" in {f.rule for f in result.errors}  # the report's error, as in a workbook


# the numbers of INDEX.md, read by hand: 表二's counts and amount, 表三's totals, its groups, 表四
READ_BY_HAND = {
    "hongze-2023.pdf": ([0, 0, 0, 0, 5, 5, 550, 4119, 195, 7730.28], [21, 0, 0, 4],
                        {"denied": 3, "unavailable": 13, "rejected": 1, "other_handling": 0}, None),
    "hongze-2024.pdf": ([0, 0, 0, 3, 0, 8, 9487, 2776, 84, 7545], [95, 0, 50, 9],
                        {"denied": 3, "unavailable": 32, "rejected": 1, "other_handling": 0},
                        [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]),
    "huaian-2024.pdf": ([1, 0, 11, 8, 26, 66, 447228, 3985758, 88283, 96171.6], [3119, 34, 1362, 454],
                        {"denied": 178, "unavailable": 781, "rejected": 88, "other_handling": 187},
                        [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]),
    "shuyang-2025-ocr.md": ([0, 0, 0, 6, 1, 32, 517645, 693957, 2154, 4068.208], [713, 36, 294, 101],
                            {"denied": 32, "unavailable": 113, "rejected": 19, "other_handling": 159},
                            [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]),
}
# the same PDFs as ``pdftotext -layout`` extracts them: columns apart by runs of spaces, long labels broken
LAYOUT_TEXTS = {"hongze-2024-layout.txt": "hongze-2024.pdf", "huaian-2024-layout.txt": "huaian-2024.pdf"}


@pytest.mark.parametrize(("name", "t2", "t3", "groups", "t4"), [
    *((name, *numbers) for name, numbers in READ_BY_HAND.items()),
    *((name, *READ_BY_HAND[pdf]) for name, pdf in LAYOUT_TEXTS.items()),
])
def test_the_corpus_imports_to_the_numbers_read_by_hand(name, t2, t3, groups, t4):
    report = read_published(PUBLISHED / name)
    values = report.values()
    assert [values[k] for k in values if k.startswith("t2.")] == t2
    assert totals(report) == t3
    assert {g: group_total(report, g) for g in groups} == groups
    if t4 is not None:
        assert [values[k] for k in values if k.startswith("t4.")] == t4


def test_hongze_2023s_inconsistent_table_four_is_the_reports_error_not_an_import_failure():
    report = read_published(PUBLISHED / "hongze-2023.pdf")
    assert report.value("t4.review.total") == 11 and report.cell("t4.review.total").stored == 0
    errors = validate_placed(report).errors
    mismatch = [f for f in errors if f.rule == "total-mismatch"]
    assert {f.key for f in mismatch} == {"t4.review.total", "t4.litigation_after_review.total"}
    assert all(f.origin == "report" and f.source and f.source.page == 4 for f in mismatch)
    assert not any(f.of_import for f in errors)


def test_a_2021_report_printing_other_handling_as_one_row_of_zeros_deduces_its_rows():
    report = read_published(PUBLISHED / "hongze-2023.pdf")
    (collapsed,) = [f for f in report.findings if f.rule == "import-collapsed-row"]
    assert "（六）其他处理" in collapsed.message and "按 0 计" in collapsed.message
    assert report.value("t3.other_fee_unpaid.natural_person") == 0
    assert "2.其他法律行政止公开" in " ".join(f.message for f in report.findings if f.rule == "import-label-variant")


def test_a_printed_other_handling_row_that_is_not_zero_leaves_its_rows_unknown(tmp_path):
    lines = render(build_document(example_report()), "html").decode("utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if "（六）其他处理" in line)
    single = '<tr><th class="label" colspan="2">（六）其他处理</th>' + "<td>2</td>" + "<td>0</td>" * 5 + "<td>2</td></tr>"
    source = tmp_path / "page.html"
    source.write_text("\n".join([*lines[:first], single, *lines[first + 3:]]), encoding="utf-8")
    report = read_published(source)
    (collapsed,) = [f for f in report.findings if f.rule == "import-collapsed-row"]
    assert "无法得知" in collapsed.message and collapsed.args["numbers"].startswith("2、0")
    # the example's （七）总计 is 0 in every column: printed beside a row of 2, it no longer adds up
    assert "（七）总计与之不符：“自然人”栏印为 0，其余各项与此行之和为 2" in collapsed.message
    cell = report.cell("t3.other_other.natural_person")
    assert cell.value is None and cell.state is State.not_read
    assert report.value("t3.total_processed.natural_person") is None  # unknown, never a sum taking it as 0
    assert report.value("t3.granted.natural_person") == 0  # the rest of the table is read as before
    total = next(i for i, line in enumerate(lines) if "（七）总计" in line)
    lines[total] = lines[total].replace("<td>0</td>", "<td>2</td>", 1)
    lines[total] = lines[total][::-1].replace(">dt/<0>dt<", ">dt/<2>dt<", 1)[::-1]  # its 总计 column too
    source.write_text("\n".join([*lines[:first], single, *lines[first + 3:]]), encoding="utf-8")
    (agreeing,) = [f for f in read_published(source).findings if f.rule == "import-collapsed-row"]
    assert "（七）总计与其余各项及此行之和相符" in agreeing.message


def test_the_markdown_extractions_import_what_they_contain_and_say_what_they_lack():
    report = read_published(PUBLISHED / "shanghai-kewei-2024-extract.md")
    values = report.values()
    assert [values[k] for k in values if k.startswith("t2.")] == [0, 0, 0, 13, 0, 55, 97, 0, 0, 0]
    # the extraction's first 表三 row: 32 natural persons, 2 companies, 34 in all
    assert report.value("t3.new_received.natural_person") == 32 and report.value("t3.new_received.total") == 34
    assert report.value("t3.granted.natural_person") == 9
    assert report.value("t4.review.upheld") == 1 and report.value("t4.review.total") == 1
    lacking = [f for f in report.findings if f.rule in ("import-not-read", "import-loose-numbers")]
    assert lacking and all(f.of_import for f in lacking)
    assert report.cell("t3.partially_granted.natural_person").state is State.not_read


def test_a_cross_year_pair_of_published_reports_is_checked_through_previous():
    done = run_xxgk("validate", str(PUBLISHED / "hongze-2024.pdf"), "--previous", str(PUBLISHED / "hongze-2023.pdf"),
                    "--format", "json")
    assert done.returncode in (0, 1), done.stderr.decode()
    rules_found = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert "previous-year" not in rules_found  # 2023 is the year before 2024
    assert "t3-continuity" not in rules_found and "t2-in-force-continuity" not in rules_found  # 0 → 0, 5 + 3 = 8
    broken = run_xxgk("validate", str(PUBLISHED / "hongze-2024.pdf"), "--previous", str(PUBLISHED / "huaian-2024.pdf"),
                      "--format", "json")
    assert "previous-year" in {f["rule"] for f in json.loads(broken.stdout)["findings"]}


# --------------------------------------------------------------------------- what the mapping infers


@pytest.mark.parametrize(("agency", "level"), [
    ("额敏县上户镇人民政府", AgencyLevel.township), ("某某市某某区某某街道办事处", AgencyLevel.township),
    ("淮安市洪泽区人民政府", AgencyLevel.county), ("沭阳县人民政府", AgencyLevel.county),
    ("淮安市人民政府", AgencyLevel.city), ("江苏省人民政府", AgencyLevel.province),
    ("沭阳县发展和改革局", AgencyLevel.department), ("上海市科学技术委员会", AgencyLevel.department),
])
def test_the_agency_level_is_inferred_from_the_name_with_a_finding(agency, level, tmp_path):
    report = example_report()
    report.metadata.agency_name = report.metadata.signing_agency = agency
    source = tmp_path / "page.html"
    source.write_bytes(render(build_document(report), "html"))
    imported = read_published(source)
    assert imported.metadata.agency_level is level
    (inferred,) = [f for f in imported.findings if f.rule == "import-level-inferred"]
    assert agency in inferred.message and level.label in inferred.message


def test_a_pdf_paragraph_broken_over_lines_is_one_paragraph():
    report = read_published(PUBLISHED / "hongze-2023.pdf")
    assert "\n" not in report.texts.preamble and report.texts.preamble.endswith("hzzwgk@126.com）。")
    assert report.metadata.email == "hzzwgk@126.com" and report.metadata.postcode == "223100"


def test_a_traditional_character_mirror_page_reads_as_simplified(tmp_path):
    from opencc import OpenCC

    page = render(build_document(example_report()), "html").decode("utf-8")
    source = tmp_path / "mirror.html"
    source.write_text(OpenCC("s2t").convert(page), encoding="utf-8")
    report = read_published(source)
    assert report.values() == example_report().values()
    assert report.metadata.agency_name == "额敏县上户镇人民政府"
    assert any(f.rule == "import-note" and "繁体" in f.message for f in report.findings)


def test_an_undeclared_gbk_page_is_read(tmp_path):
    page = render(build_document(example_report()), "html").decode("utf-8")
    page = page.replace('<meta charset="utf-8">', "").replace("<meta charset='utf-8'>", "")
    source = tmp_path / "gbk.html"
    source.write_bytes(page.encode("gbk", errors="replace"))
    report = read_published(source)
    assert report.values() == example_report().values()
    assert report.metadata.agency_name == "额敏县上户镇人民政府"


# --------------------------------------------------------------------------- not a report


NEWS = """<html><head><meta charset="utf-8"><title>新闻</title></head><body><h1>我县召开政务公开工作推进会</h1>
<p>12月1日，我县召开全县政务公开工作推进会，总结今年以来政务公开工作，部署下一阶段任务。</p>
<p>会议强调，要进一步提高认识，压实责任，推动政务公开工作提质增效。</p></body></html>"""


def test_a_news_page_is_not_a_report(tmp_path):
    source = tmp_path / "news.html"
    source.write_text(NEWS, encoding="utf-8")
    with pytest.raises(NotAReport):
        read_published(source)
    done = run_xxgk("import", str(source))
    assert done.returncode == 2 and done.stdout == b""
    refusal(done.stderr, "不是政府信息公开工作年度报告", "news.html")


def test_a_page_with_two_reports_is_refused(tmp_path):
    page = render(build_document(example_report()), "html").decode("utf-8")
    body = page[page.index("<body"):page.index("</body>")]
    body = body[body.index(">") + 1:]
    source = tmp_path / "two.html"
    source.write_text(page.replace("</body>", body + "</body>"), encoding="utf-8")
    with pytest.raises(XxgkError, match="两份年度报告"):
        read_published(source)
    done = run_xxgk("validate", str(source))
    assert done.returncode == 2
    refusal(done.stderr, "两份年度报告")


def test_a_link_to_last_years_report_is_not_a_second_report(tmp_path):
    page = render(build_document(example_report()), "html").decode("utf-8")
    link = '<p><a href="/2023.html">额敏县上户镇人民政府2023年政府信息公开工作年度报告</a></p>'
    source = tmp_path / "linked.html"
    source.write_text(page.replace("</body>", link + "</body>"), encoding="utf-8")
    assert read_published(source).values() == example_report().values()


def test_import_findings_never_fail_the_report_even_when_strict(tmp_path):
    done = run_xxgk("validate", str(PUBLISHED / "shanghai-kewei-2024-extract.md"), "--format", "json")
    data = json.loads(done.stdout)
    warnings = [f for f in data["findings"] if f["rule"].startswith("import-") and f["severity"] == "warning"]
    assert warnings and all(f["origin"] == "import" for f in warnings)
    copy = tmp_path / "seed.txt"
    copy.write_bytes(SEED.read_bytes())
    strict = run_xxgk("validate", str(copy), "--strict", "--ignore", "text-document-number")
    assert strict.returncode == 0, strict.stdout  # the seed's import notes do not fail --strict


# --------------------------------------------------------------------------- Word and PDF as offices make them


def test_the_portal_page_saved_as_word_by_libreoffice_imports_to_the_same_report(tmp_path, soffice):
    import subprocess

    src = tmp_path / PORTAL.name
    src.write_bytes(PORTAL.read_bytes())
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    word, page = read_published(tmp_path / "shuyang-fgj-2023.docx"), read_published(PORTAL)
    assert word.values() == page.values()
    assert [c.state for c in word.cells().values()] == [c.state for c in page.cells().values()]
    assert word.metadata == page.metadata
    assert word.texts.problems == page.texts.problems


def test_a_pdf_whose_tables_are_images_reads_its_texts_and_leaves_the_tables_unknown(tmp_path, soffice):
    """The tables pasted as pictures: nothing to read in them, so every number is unknown, with a finding each."""
    import io

    import docx

    from xxgk.render.pdf import docx_to_pdf

    word = docx.Document(io.BytesIO(render(build_document(example_report()), "docx")))
    for table in word.tables:
        table._element.getparent().remove(table._element)
    out = io.BytesIO()
    word.save(out)
    source = tmp_path / "images.pdf"
    source.write_bytes(docx_to_pdf(out.getvalue(), soffice=soffice))
    report = read_published(source)
    assert report.metadata == example_report().metadata
    assert report.texts.problems == example_report().texts.problems
    assert all(v is None for v in report.values().values())
    missing = [f for f in report.findings if f.rule == "import-table-missing"]
    assert len(missing) == 3 and all(f.of_import for f in missing)
    assert not [f for f in validate_placed(report).errors if f.rule in ("cell-blank", "total-mismatch", "t3-balance")]
