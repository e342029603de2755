"""The Excel add-in file, built from the real xlwings wheel template installed in this environment."""

from __future__ import annotations

import importlib
import io
import re
import sys
import types
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from defusedxml import ElementTree

with warnings.catch_warnings():  # oletools triggers pyparsing deprecation warnings on import
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser

from xxgk.cli import main as cli
from xxgk.excel import addin as addin_module
from xxgk.excel.addin import (
    ADDIN_FILENAME,
    CUSTOM_UI_MEMBER,
    NOTICE_FILENAME,
    build_addin,
    ribbon_xml,
    template_bytes,
)
from xxgk.excel.ziprewrite import raw_members, rewrite_zip

ROOT = Path(__file__).resolve().parents[1]
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
UI_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"))


@pytest.fixture(scope="module")
def built_bytes(built) -> bytes:
    return built.read_bytes()


@pytest.fixture(scope="module")
def ribbon(built_bytes):
    with zipfile.ZipFile(io.BytesIO(built_bytes)) as archive:
        return ElementTree.fromstring(archive.read(CUSTOM_UI_MEMBER))


@pytest.fixture(scope="module")
def vba_modules(built_bytes) -> dict[str, str]:
    """VBA module name -> source, extracted from the built add-in by oletools."""
    parser = VBA_Parser(ADDIN_FILENAME, data=built_bytes)
    try:
        modules = {}
        for _, stream, _, code in parser.extract_macros():
            match = re.search(r'^Attribute VB_Name = "([^"]+)"', code, re.MULTILINE)
            modules[match.group(1) if match else stream.rsplit("/", 1)[-1]] = code
        return modules
    finally:
        parser.close()


def q(tag: str) -> str:
    return f"{{{CUSTOM_UI_NS}}}{tag}"


def test_built_file_is_a_valid_zip_named_after_the_module(built):
    assert built.name == "xxgk_excel.xlam"
    with zipfile.ZipFile(built) as archive:
        assert archive.testzip() is None
    assert sorted(p.name for p in built.parent.iterdir()) == sorted([ADDIN_FILENAME, NOTICE_FILENAME])


def test_ribbon_is_well_formed_in_the_templates_customui_namespace(ribbon):
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as archive:
        template_root = ElementTree.fromstring(archive.read(CUSTOM_UI_MEMBER))
    assert template_root.tag == q("customUI")
    assert ribbon.tag == template_root.tag


def test_ribbon_has_the_chinese_tab_and_a_large_validate_button(ribbon):
    tabs = ribbon.findall(f"{q('ribbon')}/{q('tabs')}/{q('tab')}")
    assert [tab.get("label") for tab in tabs] == ["信息公开年报"]
    buttons = tabs[0].findall(f"{q('group')}/{q('button')}")
    assert len(buttons) == 1
    button = buttons[0]
    assert button.get("label") == "校验"
    assert button.get("size") == "large"
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", button.get("imageMso") or "")
    assert button.get("onAction") == "RibbonMyAddin.RunMain"
    assert button.get("screentip")
    assert "勾稽关系" in button.get("supertip", "")
    ids = [element.get("id") for element in ribbon.iter() if element.get("id") is not None]
    assert len(ids) == len(set(ids))


def test_every_on_action_is_a_ribbon_callback_in_the_addins_vba(ribbon, vba_modules):
    actions = [element.get("onAction") for element in ribbon.iter() if element.get("onAction")]
    assert actions
    for action in actions:
        module, _, procedure = action.rpartition(".")
        assert module in vba_modules, f"{action}: no VBA module {module!r} in {sorted(vba_modules)}"
        signature = rf"^\s*(Public\s+)?Sub\s+{re.escape(procedure)}\s*\(\s*control\s+As\s+IRibbonControl\s*\)"
        assert re.search(signature, vba_modules[module], re.MULTILINE | re.IGNORECASE), action


def test_run_main_imports_the_module_named_by_the_addins_file_stem(vba_modules):
    """The file name must be the Python module: RunMain derives it from ThisWorkbook.Name."""
    code = vba_modules["RibbonMyAddin"]
    assert re.search(r"mymodule\s*=\s*Left\(ThisWorkbook\.Name,\s*\(InStrRev\(ThisWorkbook\.Name,\s*\"\.\"", code)
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code


def test_module_named_by_the_stem_is_importable_and_calls_the_button(built, monkeypatch):
    module = importlib.import_module(Path(built).stem)
    calls = []
    fake_button = types.ModuleType("xxgk.excel.button")
    fake_button.main = lambda: calls.append("button")
    monkeypatch.setitem(sys.modules, "xxgk.excel.button", fake_button)
    module.main()
    assert calls == ["button"]


def test_only_the_ribbon_member_differs_from_the_wheel_template(built_bytes):
    template = template_bytes()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(io.BytesIO(built_bytes)) as out:
        src_infos, out_infos = src.infolist(), out.infolist()
        assert [i.filename for i in out_infos] == [i.filename for i in src_infos]
        for a, b in zip(src_infos, out_infos):
            for field in (
                "compress_type",
                "date_time",
                "create_system",
                "create_version",
                "extract_version",
                "flag_bits",
                "external_attr",
                "internal_attr",
                "extra",
                "comment",
            ):
                assert getattr(b, field) == getattr(a, field), (a.filename, field)
            if a.filename == CUSTOM_UI_MEMBER:
                assert out.read(b) == ribbon_xml()
                assert out.read(b) != src.read(a)
            else:
                assert out.read(b) == src.read(a), a.filename
                assert (b.CRC, b.compress_size) == (a.CRC, a.compress_size), a.filename
        assert out.comment == src.comment
    # Unchanged members are stored raw: local header and compressed data identical.
    template_raw, built_raw = raw_members(template), raw_members(built_bytes)
    for name, raw in template_raw.items():
        if name != CUSTOM_UI_MEMBER:
            assert built_raw[name] == raw, name


def test_package_still_points_at_the_ribbon(built_bytes):
    with zipfile.ZipFile(io.BytesIO(built_bytes)) as archive:
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))
        assert "xl/vbaProject.bin" in archive.namelist()
    targets = {rel.get("Target") for rel in rels if rel.get("Type") == UI_RELATIONSHIP}
    assert targets == {CUSTOM_UI_MEMBER}


def test_copier_without_replacements_reproduces_the_template_exactly():
    template = template_bytes()
    assert rewrite_zip(template, {}) == template


def test_copier_refuses_to_add_members():
    with pytest.raises(KeyError):
        rewrite_zip(template_bytes(), {"customUI/customUI14.xml": b"<x/>"})


def test_build_is_deterministic(tmp_path, built_bytes):
    first = build_addin(tmp_path / "one").read_bytes()
    second = build_addin(tmp_path / "two").read_bytes()
    assert first == second == built_bytes
    assert (tmp_path / "one" / NOTICE_FILENAME).read_bytes() == (tmp_path / "two" / NOTICE_FILENAME).read_bytes()


def test_notice_beside_the_addin_carries_the_xlwings_bsd_licence(built):
    notice = (built.parent / NOTICE_FILENAME).read_text(encoding="utf-8-sig")
    assert "xlwings" in notice and "quickstart_addin_ribbon.xlam" in notice
    assert "Zoomer Analytics" in notice
    assert "Redistributions in binary form must reproduce the above copyright notice" in notice
    assert "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS" in notice


def test_ribbon_source_in_macros_equals_the_packaged_copy():
    assert (ROOT / "macros" / "customUI.xml").read_bytes() == ribbon_xml()


def test_cli_builds_the_addin(tmp_path):
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["excel", "addin", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out / ADDIN_FILENAME) in result.output
    assert (out / ADDIN_FILENAME).read_bytes() == addin_module.addin_bytes()
    assert (out / NOTICE_FILENAME).is_file()
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_cli_rejects_a_file_as_output_directory_in_chinese(tmp_path):
    occupied = tmp_path / "occupied"
    occupied.write_text("x")
    result = CliRunner().invoke(cli, ["excel", "addin", "-o", str(occupied)])
    assert result.exit_code == 2
    assert "不是目录" in result.output
    assert "Traceback" not in result.output
    assert occupied.read_text() == "x"


def test_a_failed_write_leaves_no_partial_addin(tmp_path, monkeypatch):
    def broken(template, replacements):
        raise zipfile.BadZipFile("truncated")

    monkeypatch.setattr(addin_module, "rewrite_zip", broken)
    result = CliRunner().invoke(cli, ["excel", "addin", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "格式无法处理" in result.output
    assert list(tmp_path.iterdir()) == []


def test_distribution_ships_the_button_module(tmp_path):
    """A non-editable install must contain ``xxgk_excel``, or the ribbon button cannot import it: build the wheel
    as pip would for an office PC and look inside."""
    import shutil
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info/ beside the sources
    for name in filter(None, (t.decode() for t in tracked)):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("xxgk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "xxgk_excel.py" in names  # top level, as the add-in's "import xxgk_excel" needs
    assert {"xxgk/excel/__init__.py", "xxgk/formats/v2021.toml", "xxgk/rules/catalog.toml"} <= names
