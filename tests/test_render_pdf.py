"""The PDF (LibreOffice): the bundled example's text is extractable and complete, CJK text has real glyphs;
and the failures of LibreOffice (missing, failing, hanging) end in one Chinese line."""

import re
import stat
import time

import pytest
from pypdf import PdfReader

from test_render_document import SECTIONS
from xxgk.errors import XxgkError
from xxgk.render.document import build_document
from xxgk.render.docx import docx_bytes
from xxgk.render.pdf import docx_to_pdf

from rendering import missing_glyphs, numbered_report
from support import run_cli


@pytest.fixture
def example_pdf(soffice, tmp_path, example_xlsx):
    """The bundled example's PDF, made by the command users run."""
    path = tmp_path / "example-2024.pdf"
    result = run_cli("report", example_xlsx, "-o", path)
    assert result.exit_code == 0, result.output
    return path


def test_example_pdf_text_has_title_agency_sections_and_the_penalty_count(example_pdf):
    reader = PdfReader(example_pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", "", text)
    assert "额敏县上户镇人民政府2024年政府信息公开工作年度报告" in flat
    for heading in SECTIONS:
        assert heading in flat, heading
    assert re.search(r"行政处罚\s*3(?!\d)", text)
    assert "2025年2月11日" in flat
    assert "\ufffd" not in text
    assert "— 1 —" in reader.pages[0].extract_text()


def test_example_pdf_embeds_its_fonts_and_draws_no_missing_glyph_boxes(example_pdf):
    reader = PdfReader(example_pdf)
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), "font not embedded"
            names.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in name for name in names), names
    # 仿宋 body in the serif face, 黑体 headings in the sans face (LibreOffice alone would set all in sans)
    assert any("SerifCJK" in name for name in names) and any("SansCJK" in name for name in names), names
    assert missing_glyphs(example_pdf) == set()


def test_the_glyph_check_sees_a_character_no_installed_font_has(soffice, tmp_path):
    """The check above would catch tofu: a Tangut character (no CJK font has it) is reported."""
    report = numbered_report(other="缺字：\U00017000。")
    path = tmp_path / "tofu.pdf"
    path.write_bytes(docx_to_pdf(docx_bytes(build_document(report))))
    assert "\U00017000" in missing_glyphs(path)


def test_without_libreoffice_a_chinese_message_says_how_to_install_it(tmp_path, monkeypatch, example_xlsx):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("XXGK_SOFFICE", raising=False)
    result = run_cli("report", example_xlsx, "-o", tmp_path / "r.pdf", "-o", tmp_path / "r.docx")
    assert result.exit_code == 2
    assert "LibreOffice" in result.stderr and "apt-get install libreoffice-writer fonts-noto-cjk" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written, not even the DOCX


def fake_soffice(tmp_path, body: str) -> str:
    path = tmp_path / "soffice"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_failing_libreoffice_is_reported_in_one_line(tmp_path):
    soffice = fake_soffice(tmp_path, 'echo "Error: source file could not be loaded"; exit 1')
    with pytest.raises(XxgkError, match="LibreOffice 未能生成 PDF（Error: source file could not be loaded）"):
        docx_to_pdf(b"not a docx", soffice=soffice)


def test_a_hanging_libreoffice_is_stopped_after_the_timeout(tmp_path):
    soffice = fake_soffice(tmp_path, "sleep 30 & wait")  # a child process too, as soffice starts soffice.bin
    started = time.monotonic()
    with pytest.raises(XxgkError, match="超过 1 秒"):
        docx_to_pdf(b"", soffice=soffice, timeout=1)
    assert time.monotonic() - started < 10
