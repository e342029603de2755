"""The importer's extraction layer: every published source → one neutral Document with source locations.

Real files: the seed (text copied from a portal page), the corpus of ../shared/corpus (a saved portal page,
three WPS PDFs, a PDF-text fragment, two Markdown extractions) copied into tests/data/published/; the
numbers asserted are those INDEX.md lists as read by hand. Word files are made here with python-docx and
by LibreOffice from the portal page, as Word and WPS write them (merged cells).
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest

from xxgk.errors import XxgkError
from xxgk.importer import Kind, NotASource, Paragraph, ScannedSource, Table, extract, sniff
from xxgk.limits import MAX_TEXT_SOURCE_BYTES

DATA = Path(__file__).parent / "data"
PUBLISHED = DATA / "published"
SEED = DATA / "seed-2024-shanghu.txt"
PORTAL = PUBLISHED / "shuyang-fgj-2023.html"


def flat(text: str) -> str:
    return "".join(text.split())


def table_with(doc, label: str) -> Table:
    for t in doc.tables:
        if any(flat(c.text).startswith(label) for row in t.rows for c in row):
            return t
    raise AssertionError(f"no table with {label!r}")


def row_of(table: Table, label: str) -> int:
    for row in table.rows:
        for c in row:
            if flat(c.text).startswith(label):
                return c.row
    raise AssertionError(f"no row {label!r}")


def cells_right_of(table: Table, label: str) -> list[str]:
    """The texts of the grid row of ``label``, right of the label's cell (merged cells once)."""
    r = row_of(table, label)
    label_cell = next(c for row in table.rows for c in row if flat(c.text).startswith(label))
    out, seen = [], set()
    for c in table.grid[r - 1][label_cell.col + label_cell.colspan - 1 :]:
        if c is not None and id(c) not in seen:
            seen.add(id(c))
            out.append(c.text)
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("shuyang-fgj-2023.html", Kind.HTML),
        ("hongze-2023.pdf", Kind.PDF),
        ("huaian-2024-table3-fragment.txt", Kind.TEXT),
        ("shuyang-2025-ocr.md", Kind.MARKDOWN),
        ("shanghai-kewei-2024-extract.md", Kind.MARKDOWN),
    ],
)
def test_sniff_by_content_not_suffix(tmp_path, name, kind):
    renamed = tmp_path / "report.dat"
    renamed.write_bytes((PUBLISHED / name).read_bytes())
    assert sniff(renamed) is kind


def test_sniff_tells_workbooks_json_and_others_apart(tmp_path, example_xlsx):
    assert sniff(SEED) is Kind.TEXT
    assert sniff(example_xlsx) is Kind.WORKBOOK
    (tmp_path / "a.json").write_text('{"schema_version": "1.0"}', encoding="utf-8")
    assert sniff(tmp_path / "a.json") is Kind.JSON
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert sniff(tmp_path / "a.png") is Kind.SCAN
    (tmp_path / "a.bin").write_bytes(bytes(range(256)) * 40)
    assert sniff(tmp_path / "a.bin") is Kind.OTHER
    with pytest.raises(NotASource, match="Excel 工作簿"):
        extract(example_xlsx)


# ---------------------------------------------------------------- HTML


def test_portal_page_body_found_and_three_tables_read():
    doc = extract(PORTAL)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "沭阳县发展和改革局2023年政府信息公开年度报告"  # the <h1> beside <ucapcontent>
    assert doc.paragraphs[0].heading == 1
    assert "五、存在的主要问题及整改措施" in texts
    assert texts[-2:] == ["沭阳县发展和改革局", "2024年1月17日"]
    joined = "\n".join(texts)
    for furniture in ("采集时间", "首页", "走进沭阳", "websiteId", "无障碍"):  # collector header, nav, script
        assert furniture not in joined
    assert len(doc.tables) == 3  # the CMS's metadata table is outside the body

    t2 = table_with(doc, "第二十条第（一）项")
    assert cells_right_of(t2, "规范性文件") == ["8", "0", "18"]
    assert cells_right_of(t2, "行政许可") == ["0"]

    t3 = table_with(doc, "一、本年新收政府信息公开申请数量")
    # 自然人 26, the five 法人或其他组织 cells blank (not 0), 总计 26
    assert cells_right_of(t3, "一、本年新收政府信息公开申请数量") == ["26", "", "", "", "", "", "26"]
    assert cells_right_of(t3, "（七）总计") == ["26", "", "", "", "", "", "26"]
    assert cells_right_of(t3, "四、结转下年度继续办理") == ["0", "", "", "", "", "", "0"]
    vertical = t3.cell(row_of(t3, "三、本年度办理结果"), 1)
    assert (vertical.rowspan, vertical.colspan) == (22, 1)
    assert t3.grid[row_of(t3, "（七）总计") - 1][0] is vertical  # the grid view repeats the merged cell
    business = next(c for row in t3.rows for c in row if flat(c.text) == "商业企业")
    assert business.text == "商业\n企业"  # two <p> in one Word-pasted cell
    blank = t3.grid[row_of(t3, "一、本年新收政府信息公开申请数量") - 1][4]
    assert blank.text == "" and blank.loc.table == t3.loc.table and blank.loc.col == 5

    t4 = table_with(doc, "行政复议")
    last = t4.rows[-1]
    assert [c.text for c in last][:5] == ["0", "0", "0", "1", "1"]
    assert "ucapcontent" in t4.loc.path


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


REPORT_BODY = (
    "<div class=nav><a href=/>首页</a> <a href=/x>机构概况</a></div>"
    "<div class=content><h2>某某镇人民政府2024年政府信息公开工作年度报告</h2>"
    "<p>一、总体情况</p><p>本年度全面推进政务公开。</p>"
    "<table><tr><td>信息内容</td><td>本年制发件数</td></tr>"
    "<tr><td><p><span>规章</span></p></td><td style='width:40px'>&nbsp;</td></tr>"
    "<tr><td>行政规范性文件</td><td>０</td></tr></table>"
    "<p>機關名稱：某某鎮人民政府</p></div>"
    "<div class=footer>版权所有 主办单位</div>"
)


def test_undeclared_gbk_page_decodes_with_a_note(tmp_path):
    path = tmp_path / "gbk.html"
    path.write_bytes(page(REPORT_BODY.replace("機關名稱：某某鎮", "机关名称：某某镇")).encode("gbk"))
    doc = extract(path)
    assert any(p.text == "一、总体情况" for p in doc.paragraphs)
    assert any("未声明字符集" in n and "GB18030" in n for n in doc.notes)


def test_declared_gb2312_is_read_as_gb18030(tmp_path):
    path = tmp_path / "gb2312.html"
    # 𠀀 and 䶮 are outside GB2312 and GBK; portals that declare gb2312 still send them, in GB18030
    body = "<p>一、总体情况</p><p>联系人：王𠀀，李䶮</p>"
    path.write_bytes(page(body, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gb18030"))
    doc = extract(path)
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "联系人：王𠀀，李䶮"]
    assert doc.notes == []


def test_wrong_declared_charset_falls_back_with_a_note(tmp_path):
    utf8 = tmp_path / "utf8-declared-gbk.html"
    utf8.write_bytes(page("<p>政府信息公开工作年度报告</p>", '<meta charset="gbk">').encode("utf-8"))
    doc = extract(utf8)
    assert doc.paragraphs[0].text == "政府信息公开工作年度报告"
    assert any("声明的字符集为 GBK" in n and "UTF-8" in n for n in doc.notes)
    gbk = tmp_path / "gbk-declared-utf8.html"
    gbk.write_bytes(page("<p>政府信息公开工作年度报告，本年度收到申请二十六件。</p>", '<meta charset="utf-8">').encode("gbk"))
    doc = extract(gbk)
    assert doc.paragraphs[0].text == "政府信息公开工作年度报告，本年度收到申请二十六件。"
    assert any("UTF-8 与内容不符" in n for n in doc.notes)


def test_traditional_page_converted_blank_kept_full_width_digits_kept(tmp_path):
    path = tmp_path / "mirror.html"
    path.write_text(page(REPORT_BODY.replace("政府信息公开工作年度报告", "政府資訊公開工作年度報告")), encoding="utf-8")
    doc = extract(path)
    texts = [p.text for p in doc.paragraphs]
    assert "首页" not in texts and "版权所有 主办单位" not in texts  # navigation and footer left out
    assert texts[0] == "某某镇人民政府2024年政府资讯公开工作年度报告"
    assert "机关名称：某某镇人民政府" in texts
    assert any("繁体字" in n and "简体字" in n for n in doc.notes)
    (table,) = doc.tables
    assert cells_right_of(table, "规章") == [""]  # &nbsp; is blank, not 0
    assert cells_right_of(table, "行政规范性文件") == ["０"]  # full-width digit as written: the mapper normalises


def test_simplified_page_has_no_conversion_note():
    assert not any("繁体" in n for n in extract(PORTAL).notes)


def test_scripts_styles_hidden_text_dropped_br_splits(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(
        page(
            "<script>document.write('<p>一、本年新收政府信息公开申请数量 999</p>')</script>"
            "<style>p{color:red}</style><div style='display:none'>隐藏的文字</div>"
            "<p>沭阳县发展和改革局<br>2024年1月17日</p><!-- 注释 -->",
            "<title>标题</title><script>var x = '年度报告';</script>",
        ),
        encoding="utf-8",
    )
    doc = extract(path)
    assert [p.text for p in doc.paragraphs] == ["沭阳县发展和改革局", "2024年1月17日"]


def test_layout_tables_are_walked_and_the_data_table_inside_is_a_table(tmp_path):
    path = tmp_path / "layout.html"
    inner = "<table><tr><td>行政许可</td><td>5</td></tr><tr><td>行政处罚</td><td>7</td></tr></table>"
    path.write_text(page(f"<table><tr><td><p>二、主动公开政府信息情况</p>{inner}</td><td>侧栏</td></tr></table>"), "utf-8")
    doc = extract(path)
    (table,) = doc.tables
    assert cells_right_of(table, "行政处罚") == ["7"]
    assert [p.text for p in doc.paragraphs] == ["二、主动公开政府信息情况"]  # the side column is not the body


def test_tables_nested_1000_deep_do_not_recurse_or_hang(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(page("<table><tr><td>" * 1000 + "深处" + "</td></tr></table>" * 1000 + "<p>之后</p>"), "utf-8")
    start = time.perf_counter()
    doc = extract(path)
    assert time.perf_counter() - start < 5
    assert isinstance(doc.blocks, list)


def test_a_colspan_bomb_is_refused(tmp_path):
    path = tmp_path / "wide.html"
    path.write_text(page("<table>" + "<tr><td colspan=1000>x</td><td>1</td></tr>" * 200 + "</table>"), "utf-8")
    with pytest.raises(XxgkError, match="表格 1 过大"):
        extract(path)


@pytest.mark.parametrize("nuls", [1, 5000])
def test_nul_bytes_refused_with_one_line_naming_the_file(tmp_path, nuls):
    data = PORTAL.read_bytes()
    path = tmp_path / "nul.html"
    path.write_bytes(data[:40000] + b"\x00" * nuls + data[40000:])
    before = digest(path)
    with pytest.raises(XxgkError) as e:
        extract(path)
    assert str(path) in str(e.value) and "空字符（NUL）" in str(e.value) and "\n" not in str(e.value)
    assert digest(path) == before


def test_a_file_larger_than_any_report_is_refused_by_size_before_reading(tmp_path):
    path = tmp_path / "huge.html"
    with open(path, "wb") as f:
        f.write(b"<html><body><p>")
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper
    assert MAX_TEXT_SOURCE_BYTES < 200 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(XxgkError, match="文件过大（200 MB") as e:
        extract(path)
    assert time.perf_counter() - start < 1
    assert str(path) in str(e.value)


# ---------------------------------------------------------------- plain text and Markdown


def test_seed_text_tab_cells_become_tables_with_line_numbers():
    doc = extract(SEED)
    assert doc.kind == "text"
    heading = next(p for p in doc.paragraphs if p.text.startswith("1、"))
    assert heading.text == "1、 总体情况" and heading.loc.line == 2
    t2 = table_with(doc, "第二十条第（一）项")
    assert cells_right_of(t2, "规范性文件") == ["0", "0", "0"]
    punish = t2.rows[row_of(t2, "行政处罚") - 1]
    assert [c.text for c in punish] == ["行政处罚", "3"]
    assert SEED.read_text(encoding="utf-8").splitlines()[punish[1].loc.line - 1] == "\t3"
    t4 = table_with(doc, "未经复议直接起诉")
    assert [c.text for c in t4.rows[-1]] == ["0"] * 15
    assert doc.paragraphs[-1].text == "2025年2月11日"


def test_pdf_text_fragment_lines_kept_with_their_numbers():
    doc = extract(PUBLISHED / "huaian-2024-table3-fragment.txt")
    assert doc.tables == []  # single spaces: left to the mapper, line by line
    by_line = {p.loc.line: p.text for p in doc.paragraphs}
    assert by_line[23] == "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119"
    assert by_line[25] == "三、" and by_line[26] == "本" and by_line[32] == "果"


def test_space_separated_columns_become_a_table(tmp_path):
    path = tmp_path / "layout.txt"
    path.write_text(
        "二、主动公开政府信息情况\n"
        "信息内容        本年制发件数   本年废止件数   现行有效件数\n"
        "规章                1              0              11\n"
        "行政规范性文件      8              26             66\n"
        "\n三、收到和处理政府信息公开申请情况\n",
        encoding="utf-8",
    )
    doc = extract(path)
    (table,) = doc.tables
    assert cells_right_of(table, "行政规范性文件") == ["8", "26", "66"]
    assert table.cell(3, 4).loc.line == 4
    assert [p.text for p in doc.paragraphs] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def test_utf16_text_with_bom(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("\ufeff一、总体情况\r\n本年度……\r\n".encode("utf-16-le"))
    assert [p.text for p in extract(path).paragraphs] == ["一、总体情况", "本年度……"]


def test_markdown_pipe_tables_headings_and_reflow():
    doc = extract(PUBLISHED / "shuyang-2025-ocr.md")
    assert doc.paragraphs[0].heading == 1 and doc.paragraphs[0].text.startswith("沐阳县人民政府 2025 年")
    t2 = table_with(doc, "行政规范性文件")
    assert cells_right_of(t2, "行政规范性文件") == ["6", "1", "32"]
    assert [c.header for c in t2.rows[0]] == [True] * 4 and not t2.rows[1][0].header
    new = table_with(doc, "本年新收政府信息公开申请数量")
    assert cells_right_of(new, "本年新收政府信息公开申请数量")[-1] == "713"

    kewei = extract(PUBLISHED / "shanghai-kewei-2024-extract.md")
    intro = next(p for p in kewei.paragraphs if p.text.startswith("根据"))
    # hard-wrapped lines joined back, without spaces between Chinese characters
    assert "《上海市政府信息公开规定》的要求" in intro.text and intro.text.endswith("下载。")
    assert intro.loc.line == 4
    assert any(p.text == "一、总体情况" for p in kewei.paragraphs)  # a heading line is not joined to its text
    assert cells_right_of(table_with(kewei, "规范性文件"), "规范性文件") == ["13", "0", "55"]


# ---------------------------------------------------------------- DOCX


def test_docx_from_python_docx_merged_cells_headings_soft_breaks(tmp_path):
    d = docx.Document()
    d.add_heading("某某局2024年政府信息公开工作年度报告", level=1)
    d.add_paragraph("一、总体情况")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for col, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, col).text = text
    t.cell(2, 0).merge(t.cell(3, 0)).text = "规章"
    t.cell(2, 1).text = "2"
    t.cell(3, 1).text = ""
    p = d.add_paragraph("某某局")
    p.add_run().add_break()
    p.add_run("2025年1月20日")
    path = tmp_path / "made.docx"
    d.save(path)

    doc = extract(path)
    assert doc.kind == "docx"
    assert doc.paragraphs[0].heading == 1
    assert [p.text for p in doc.paragraphs[-2:]] == ["某某局", "2025年1月20日"]
    assert doc.paragraphs[-1].loc.paragraph == doc.paragraphs[-2].loc.paragraph
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols) == (4, 4)
    top = table.cell(1, 1)
    assert (top.text, top.colspan) == ("第二十条第（一）项", 4)
    rule = table.cell(3, 1)
    assert (rule.text, rule.rowspan, table.cell(4, 1)) == ("规章", 2, rule)
    assert table.cell(4, 2).text == ""


def test_docx_written_by_libreoffice_from_the_portal_page(tmp_path, soffice):
    src = tmp_path / PORTAL.name
    src.write_bytes(PORTAL.read_bytes())
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = extract(tmp_path / "shuyang-fgj-2023.docx")
    t3 = table_with(doc, "一、本年新收政府信息公开申请数量")
    assert cells_right_of(t3, "一、本年新收政府信息公开申请数量") == ["26", "", "", "", "", "", "26"]
    vertical = t3.cell(row_of(t3, "三、本年度办理结果"), 1)
    assert vertical.rowspan == 22  # vMerge restart/continue → one cell
    t4 = table_with(doc, "行政复议")
    assert t4.n_cols == 15 and [c.text for c in t4.rows[-1]][3:5] == ["1", "1"]


def _minimal_docx(document_xml: bytes) -> bytes:
    d = docx.Document()
    d.add_paragraph("占位")
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data)
    return out.getvalue()


def test_docx_zip_bomb_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_minimal_docx(b'<?xml version="1.0"?><w:document/>'))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z, z.open("word/media/x.bin", "w") as f:
        chunk = bytes(1 << 20)
        for _ in range(250):  # 250 MB of zeros, a few hundred KB packed
            f.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    before = digest(path)
    with pytest.raises(XxgkError, match="解压后过大") as e:
        extract(path)
    assert str(path) in str(e.value)
    assert digest(path) == before


def test_docx_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>前&x;后</w:t></w:r></w:p></w:body></w:document>'
    ).encode()
    path = tmp_path / "xxe.docx"
    path.write_bytes(_minimal_docx(xml))
    try:
        doc = extract(path)
    except XxgkError:
        return  # refusing the file is fine too
    assert "TOP-SECRET" not in "".join(p.text for p in doc.paragraphs)


def test_docx_tables_nested_1000_deep_refused_without_recursion(tmp_path):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    nested = "<w:tbl><w:tr><w:tc>" * 1000 + "<w:p><w:r><w:t>深处</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * 1000
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{nested}</w:body></w:document>'.encode()
    path = tmp_path / "deep.docx"
    path.write_bytes(_minimal_docx(xml))
    start = time.perf_counter()
    with pytest.raises(XxgkError, match="嵌套过深") as e:
        extract(path)
    assert time.perf_counter() - start < 5 and str(path) in str(e.value)


@pytest.mark.parametrize("data", [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), b"PK\x03\x04" + bytes(600)],
                         ids=["old-or-encrypted-word", "broken-package"])
def test_an_old_encrypted_or_broken_word_file_cannot_be_read_but_is_not_called_no_report(tmp_path, data):
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    assert sniff(path) is Kind.DAMAGED
    with pytest.raises(XxgkError, match=r"另存为 \.docx|已损坏") as e:
        extract(path)
    assert not isinstance(e.value, NotASource)  # a batch lists it as unreadable, not as skipped


# ---------------------------------------------------------------- PDF

HAND_READ = {
    "hongze-2023.pdf": {
        "t2": {"行政规范性文件": ["0", "5", "5"], "行政许可": ["550"], "行政处罚": ["4119"], "行政强制": ["195"],
               "行政事业性收费": ["7730.28"]},
        "t3_total": {"一、本年新收政府信息公开申请数量": "21", "（二）部分公开": "4", "1.属于国家秘密": "1",
                     "1.本机关不掌握相关政府信息": "10", "（六）其他处理": "0", "（七）总计": "21",
                     "四、结转下年度继续办理": "0"},
        "t4": ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"],
    },
    "hongze-2024.pdf": {
        "t2": {"行政规范性文件": ["3", "0", "8"], "行政许可": ["9487"], "行政处罚": ["2776"], "行政强制": ["84"],
               "行政事业性收费": ["7545"]},
        "t3_total": {"一、本年新收政府信息公开申请数量": "95", "（一）予以公开": "50", "（二）部分公开": "9",
                     "（七）总计": "95"},
        "t4": ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"],
    },
    "huaian-2024.pdf": {
        "t2": {"规章": ["1", "0", "11"], "行政规范性文件": ["8", "26", "66"], "行政许可": ["447228"],
               "行政处罚": ["3985758"], "行政强制": ["88283"], "行政事业性收费": ["96171.6"]},
        "t3_total": {"一、本年新收政府信息公开申请数量": "3119", "二、上年结转政府信息公开申请数量": "34",
                     "（一）予以公开": "1362", "（二）部分公开": "454", "（七）总计": "3050",
                     "四、结转下年度继续办理": "103"},
        "t4": ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"],
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HAND_READ))
def test_corpus_pdf_tables_hold_the_hand_read_numbers(name):
    doc = extract(PUBLISHED / name)
    expected = HAND_READ[name]
    for label, values in expected["t2"].items():
        assert cells_right_of(table_with(doc, label), label) == values, label
    t3 = table_with(doc, "一、本年新收政府信息公开申请数量")
    assert flat(t3.rows[0][0].text).startswith("（本列数据的勾稽关系为")
    assert t3.n_cols == 10  # three label columns, 自然人, five 法人或其他组织, 总计
    for label, total in expected["t3_total"].items():
        numbers = t3.grid[row_of(t3, label) - 1][3:]
        assert all(c.text.isdigit() for c in numbers) and numbers[-1].text == total, (label, numbers)
        assert numbers[-1].loc.page is not None and numbers[-1].loc.col == 10
    # 表三 continued on the next page is one table with the same columns
    assert row_of(t3, "四、结转下年度继续办理") > row_of(t3, "一、本年新收政府信息公开申请数量")
    t4 = table_with(doc, "行政复议")
    assert [c.text for c in t4.rows[-1]] == expected["t4"]


def test_hongze_2023_vertical_label_and_wrapped_cell_text():
    doc = extract(PUBLISHED / "hongze-2023.pdf")
    t3 = table_with(doc, "一、本年新收政府信息公开申请数量")
    vertical = t3.cell(row_of(t3, "（一）予以公开"), 1)
    assert flat(vertical.text) == "三、本年度办理结果" and vertical.rowspan > 1
    assert vertical.text.split("\n")[:3] == ["三", "、", "本"]  # one character per line, as printed
    partly = next(c for row in t3.rows for c in row if flat(c.text).startswith("（二）部分公开"))
    assert flat(partly.text) == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert any(flat(c.text) == "2.其他法律行政止公开" for row in t3.rows for c in row)  # the typo, as printed


def test_pdf_reflow_joins_lines_and_pages_keeps_headings_and_drops_furniture():
    doc = extract(PUBLISHED / "hongze-2023.pdf")
    texts = [p.text for p in doc.paragraphs]
    intro = next(p for p in doc.paragraphs if p.text.startswith("本报告由"))
    # "…根据《中华人民共和" / "国政府信息公开条例》…" on two lines of page 1
    assert "根据《中华人民共和国政府信息公开条例》" in intro.text
    assert "邮编：223100" in intro.text.replace(" ", "") and intro.text.endswith("）。")
    assert (intro.loc.page, intro.loc.line) == (1, 3)
    # a paragraph broken across pages 1 and 2: "严格执行“分" / "级审核、先审后发”程序"
    crossing = next(p for p in doc.paragraphs if "先审后发" in p.text)
    assert "严格执行“分级审核、先审后发”程序" in crossing.text and crossing.loc.page == 1
    for heading in ("一、总体情况", "（三）政府信息管理情况。", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert heading in texts
    assert not any(t.strip("-—– ").isdigit() for t in texts)  # "- 1 -" … "- 5 -"
    assert any("页码" in n for n in doc.notes)


def test_pdf_without_text_is_a_scan(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    pdf.save(path)
    pdf.close()
    assert sniff(path) is Kind.SCAN
    with pytest.raises(ScannedSource, match="扫描件，无法读取文字") as e:
        extract(path)
    assert e.value.exit_code == 2 and str(path) in str(e.value)


def test_encrypted_and_broken_pdfs_give_one_chinese_line(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=PUBLISHED / "hongze-2024.pdf")
    writer.encrypt("secret", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as f:
        writer.write(f)
    with pytest.raises(XxgkError, match="PDF 已加密") as e:
        extract(locked)
    assert str(locked) in str(e.value) and "\n" not in str(e.value)

    broken = tmp_path / "broken.pdf"
    broken.write_bytes((PUBLISHED / "hongze-2024.pdf").read_bytes()[:3000])
    before = digest(broken)
    with pytest.raises(XxgkError, match="PDF 文件已损坏") as e:
        extract(broken)
    assert digest(broken) == before


def test_blocks_are_paragraphs_and_tables_only():
    for name in ("hongze-2024.pdf", "shuyang-fgj-2023.html", "shuyang-2025-ocr.md"):
        doc = extract(PUBLISHED / name)
        assert all(isinstance(b, Paragraph | Table) for b in doc.blocks)
        assert all(b.text for b in doc.paragraphs)


# ---------------------------------------------------------------- the project's own renderings


def _grid_texts(table: Table) -> list[list[str]]:
    return [[flat(c.text) if c is not None else None for c in row] for row in table.grid]


def test_rendered_report_reads_back_the_same_grids_from_html_docx_and_pdf(tmp_path, soffice):
    """A report with a different number in every cell, rendered as HTML, DOCX and (LibreOffice) PDF: the
    three tables come back with the same merged cells and every cell's text at the same grid position."""
    from xxgk.render.document import build_document
    from xxgk.render.docx import docx_bytes
    from xxgk.render.html import html_text
    from xxgk.render.pdf import docx_to_pdf

    from rendering import numbered_report

    document = build_document(numbered_report())
    word = docx_bytes(document)
    (tmp_path / "r.html").write_text(html_text(document), encoding="utf-8")
    (tmp_path / "r.docx").write_bytes(word)
    (tmp_path / "r.pdf").write_bytes(docx_to_pdf(word, soffice=soffice))
    grids = {}
    for suffix in ("html", "docx", "pdf"):
        doc = extract(tmp_path / f"r.{suffix}")
        report_tables = [t for t in doc.tables if t.n_cols >= 2]
        assert len(report_tables) == 3, suffix
        grids[suffix] = [_grid_texts(t) for t in report_tables]
        spans = [(c.row, c.col, c.rowspan, c.colspan) for t in report_tables for row in t.rows for c in row]
        grids[suffix + " spans"] = spans
    assert grids["docx"] == grids["html"]
    assert grids["pdf"] == grids["html"]
    assert grids["pdf spans"] == grids["html spans"] == grids["docx spans"]
    t3 = grids["html"][1]
    numbers = [x for row in t3 for x in row if x and x.isdigit()]
    assert len(set(numbers)) > 100  # the numbered report: distinct numbers, so a shifted cell would show


def test_landscape_pages_stored_rotated_read_as_displayed(tmp_path):
    """A page whose content is drawn turned a quarter and shown upright by /Rotate 90 (as some tools store
    landscape pages) reads as the reader sees it: the same tables and lines as the upright original."""
    import pypdf

    original = PUBLISHED / "hongze-2024.pdf"
    writer = pypdf.PdfWriter(clone_from=original)
    for p in writer.pages:
        width, height = float(p.mediabox.width), float(p.mediabox.height)
        p.add_transformation(pypdf.Transformation().rotate(90).translate(tx=height, ty=0))
        p.mediabox = p.cropbox = pypdf.generic.RectangleObject([0, 0, height, width])
        p.rotate(90)
    turned = tmp_path / "turned.pdf"
    with open(turned, "wb") as f:
        writer.write(f)
    upright, rotated = extract(original), extract(turned)
    assert [_grid_texts(t) for t in rotated.tables] == [_grid_texts(t) for t in upright.tables]
    assert [p.text for p in rotated.paragraphs] == [p.text for p in upright.paragraphs]


def test_pages_wrapped_in_form_xobjects_keep_their_tables(tmp_path):
    """Imposition and some print drivers put each page's content inside a form XObject."""
    import pypdfium2 as pdfium

    original = PUBLISHED / "hongze-2023.pdf"
    src, out = pdfium.PdfDocument(original), pdfium.PdfDocument.new()
    for i in range(len(src)):
        width, height = src[i].get_size()
        page = out.new_page(width, height)
        page.insert_obj(src.page_as_xobject(i, out).as_pageobject())
        page.gen_content()
    wrapped = tmp_path / "wrapped.pdf"
    out.save(wrapped)
    out.close()
    src.close()
    upright, doc = extract(original), extract(wrapped)
    assert len(doc.tables) == len(upright.tables) == 4  # 表二 on two pages, 表三 (one table over two), 表四
    assert [_grid_texts(t) for t in doc.tables] == [_grid_texts(t) for t in upright.tables]


def test_pdf_table_without_ruling_lines_is_read_from_text_positions(tmp_path, soffice):
    d = docx.Document()
    d.add_paragraph("二、主动公开政府信息情况")
    rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "1", "0", "11"),
            ("行政规范性文件", "8", "26", "66"), ("行政许可", "447228", "", "")]  # fmt: skip
    table = d.add_table(rows=len(rows), cols=4)  # python-docx's default table style has no borders
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    src = tmp_path / "borderless.docx"
    d.save(src)
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = extract(tmp_path / "borderless.pdf")
    (t,) = doc.tables
    assert cells_right_of(t, "规章") == ["1", "0", "11"]
    assert cells_right_of(t, "行政规范性文件") == ["8", "26", "66"]
    assert cells_right_of(t, "行政许可") == ["447228", "", ""]
    assert [p.text for p in doc.paragraphs] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
