"""``_xHHHH_`` escapes decoded as OOXML specifies by both engines, and characters XML cannot hold replaced at
read time with a finding, so whatever is archived can be read, rendered and filled again."""

from __future__ import annotations

import json
import re

import pytest

from xxgk.workbook.ooxml_text import decode_escapes
from xxgk.workbook.reader import read_workbook
from zipcraft import MAIN_NS, example_parts, sheet_part, write_zip

from support import run_xxgk

PROBLEMS = "五、存在的主要问题及改进情况"
PROBLEMS_CELL = re.compile(rb'<c r="A3" s="5" t="inlineStr"><is><t>[^<]*</t></is></c>')


@pytest.mark.parametrize(("stored", "text"), [
    ("a_x0000_b", "a\x00b"),
    ("_x0041__x0042_", "AB"),
    ("_x004a_", "J"),  # hexadecimal in either case
    ("_X0041_", "_X0041_"),  # but the x is lower case
    ("_x005F_x0041_", "_x0041_"),  # an escaped underscore protects a literal escape
    ("_x4E2D__x6587_", "中文"),
    ("_xD83D__xDE00_", "\U0001f600"),  # UTF-16 code units: a pair is one character
    ("_xD800_", "\ud800"),  # a lone half stays one (the reader then replaces it)
    ("_x41_ x0041_ _x00410", "_x41_ x0041_ _x00410"),
    ("没有转义", "没有转义"),
])
def test_escapes_are_decoded_as_ooxml_specifies(stored, text):
    assert decode_escapes(stored) == text


def workbook_with_problems_text(tmp_path, stored: str, *, shared: bool):
    """The example with its 五、存在的主要问题 text stored raw (XML-escaped), inline or as a shared string."""
    parts = example_parts()
    member = sheet_part(parts, PROBLEMS)
    xml = stored.replace("&", "&amp;").replace("<", "&lt;").encode()
    if shared:
        cell = b'<c r="A3" s="5" t="s"><v>0</v></c>'
        parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><r><t>'.encode()
                                         + xml + b"</t></r><rPh sb=\"0\" eb=\"1\"><t>pinyin</t></rPh></si></sst>")
        rels = parts["xl/_rels/workbook.xml.rels"]
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", (
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml" Id="rIdS"/></Relationships>'))
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    else:
        cell = b'<c r="A3" s="5" t="inlineStr"><is><t>' + xml + b"</t></is></c>"
    parts[member], count = PROBLEMS_CELL.subn(cell, parts[member])
    assert count == 1
    return write_zip(tmp_path / f"text-{'shared' if shared else 'inline'}.xlsx", parts)


CASES = {
    "nul": ("问题_x0000_一", "问题\ufffd一", 1),
    "controls": ("_x0001__x0007__x001F_制表_x0009_换行_x000A_", "\ufffd\ufffd\ufffd制表\t换行", 3),
    "literal-escape": ("字面_x005F_x0000_", "字面_x0000_", 0),
    "wide-escape": ("_x4E2D_文", "中文", 0),
    "lone-surrogate": ("残缺_xD800_字", "残缺\ufffd字", 1),
    "pair": ("表情_xD83D__xDE00_", "表情\U0001f600", 0),
}


@pytest.mark.parametrize("shared", [False, True], ids=["inline", "shared"])
@pytest.mark.parametrize("case", CASES)
def test_both_engines_give_the_same_text_and_finding(tmp_path, case, shared):
    stored, text, replaced = CASES[case]
    path = workbook_with_problems_text(tmp_path, stored, shared=shared)
    by_openpyxl = read_workbook(path, engine="openpyxl")
    assert by_openpyxl.texts.problems == text
    assert read_workbook(path, engine="calamine").model_dump(mode="json") == by_openpyxl.model_dump(mode="json")
    found = [f for f in by_openpyxl.findings if f.rule == "text-invalid-character"]
    assert [(f.key, f.sheet, f.cell) for f in found] == ([("texts.problems", PROBLEMS, "A3")] if replaced else [])
    if replaced:
        assert f"含有 {replaced} 个" in found[0].message and "U+" in found[0].message


def test_what_convert_archives_from_such_a_text_is_read_rendered_and_filled_again(tmp_path):
    path = workbook_with_problems_text(tmp_path, "问题_x0000_一_xD800_二", shared=True)
    archived = tmp_path / "archived.json"
    assert run_xxgk("convert", path, "-o", archived).returncode == 0
    data = json.loads(archived.read_text(encoding="utf-8"))
    assert data["texts"]["problems"] == "问题\ufffd一\ufffd二"
    assert any(f["rule"] == "text-invalid-character" for f in data["findings"])
    for command in (("report", archived, "-o", tmp_path / "r.docx", "-o", tmp_path / "r.html"),
                    ("fill", archived, "-o", tmp_path / "filled.xlsx"), ("validate", archived)):
        result = run_xxgk(*command)
        assert result.returncode in (0, 1), result.stderr.decode()
    assert read_workbook(tmp_path / "filled.xlsx").texts.problems == "问题\ufffd一\ufffd二"
