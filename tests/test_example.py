"""The bundled example is the seed report (tests/data/seed-2024-shanghu.txt, copied from its web page)."""

from pathlib import Path

from xxgk.workbook.reader import read_workbook

SEED = (Path(__file__).parent / "data" / "seed-2024-shanghu.txt").read_text(encoding="utf-8")


def test_numbers_are_the_seeds(example_xlsx):
    report = read_workbook(example_xlsx)
    values = report.values()
    assert values.pop("t2.penalty.decisions") == 3
    assert set(values.values()) == {0}
    assert len(values) == 10 + 175 + 15 - 1


def test_metadata_is_the_seeds(example_xlsx):
    meta = read_workbook(example_xlsx).metadata
    for text in (meta.agency_name, meta.address, meta.postcode, meta.phone, meta.portal_url, meta.portal_name):
        assert text and text in SEED, text
    assert meta.signing_date.year == 2025 and f"{meta.signing_date.month}月{meta.signing_date.day}日" == "2月11日"
    assert "2025年2月11日" in SEED
    assert meta.report_year == 2024 and str(meta.period_start) == "2024-01-01" and str(meta.period_end) == "2024-12-31"


def test_texts_of_sections_one_five_six_are_the_seeds(example_xlsx):
    texts = read_workbook(example_xlsx).texts
    parts = [texts.preamble, *texts.overview.model_dump().values(), texts.other]
    parts += texts.problems.split("\n")
    assert len(texts.problems.split("\n")) == 2
    for text in parts:
        assert len(text) > 40 and text in SEED, text[:30]
