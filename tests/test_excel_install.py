"""Installing the add-in: Windows path logic run against temporary folders, and the message on other systems."""

from __future__ import annotations

import csv
import re
import warnings

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():  # oletools triggers pyparsing deprecation warnings on import
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser

from xxgk.cli import main as cli
from xxgk.errors import XxgkError
from xxgk.excel import install as install_module
from xxgk.excel.addin import ADDIN_FILENAME, addin_bytes
from xxgk.excel.install import (
    CONFIG_PROJECT_NAME,
    INTERPRETER_KEY,
    install_paths,
    install_to,
    uninstall_from,
    windows_install_paths,
)

PYTHON = r"C:\Users\张三\AppData\Local\Programs\Python\Python311\python.exe"
ENCODING = "gbk"  # stands in for "mbcs" (the ANSI code page of a Chinese Windows), which exists only on Windows


@pytest.fixture
def paths(tmp_path):
    return install_paths(tmp_path / "AppData" / "Roaming", tmp_path / "Users" / "zhang")


def vba_get_config_from_file(data: bytes, key: str, encoding: str = ENCODING) -> str | None:
    """What the VBA's GetConfigFromFile returns: the first record whose name equals ``key`` ignoring case."""
    for record in csv.reader(data.decode(encoding).splitlines()):
        if len(record) >= 2 and record[0].lower() == key.lower():
            return record[1]
    return None


@pytest.fixture(scope="module")
def xlwings_vba() -> str:
    parser = VBA_Parser(ADDIN_FILENAME, data=addin_bytes())
    try:
        return next(code for _, stream, _, code in parser.extract_macros() if stream.endswith("/xlwings"))
    finally:
        parser.close()


def test_config_location_matches_the_vba(xlwings_vba):
    assert re.search(rf'PROJECT_NAME As String = "{CONFIG_PROJECT_NAME}"', xlwings_vba)
    assert (
        'GetConfigFilePath = Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"'
        in xlwings_vba
    )
    # The format install_to writes is the one GetConfigFromFile reads: Input # of two fields, keys compared by LCase.
    assert "Input #iFileNum, sVarName, sVarValue" in xlwings_vba
    assert "If LCase(sVarName) = LCase(sName) Then" in xlwings_vba
    assert 'interpreter = GetConfig("INTERPRETER_WIN", "")' in xlwings_vba


def test_windows_paths(tmp_path):
    p = windows_install_paths({"APPDATA": str(tmp_path / "Roaming"), "USERPROFILE": str(tmp_path / "zhang")})
    assert p.addin == tmp_path / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / "xxgk_excel.xlam"
    assert p.config == tmp_path / "zhang" / ".myaddin" / "myaddin.conf"


def test_windows_paths_need_the_environment():
    with pytest.raises(XxgkError, match="APPDATA"):
        windows_install_paths({"USERPROFILE": r"C:\Users\zhang"})


def test_install_writes_the_addin_and_the_config(paths):
    install_to(paths, PYTHON, encoding=ENCODING)
    assert paths.addin.read_bytes() == addin_bytes()
    expected = f'"INTERPRETER_WIN","{PYTHON}"\r\n'.encode(ENCODING)
    assert paths.config.read_bytes() == expected
    assert vba_get_config_from_file(paths.config.read_bytes(), "INTERPRETER_WIN") == PYTHON
    leftovers = [p.name for p in (*paths.addin.parent.iterdir(), *paths.config.parent.iterdir()) if ".part" in p.name]
    assert leftovers == []


def test_install_twice_keeps_one_interpreter_and_other_settings(paths):
    paths.config.parent.mkdir(parents=True)
    paths.config.write_bytes(b'"interpreter_win","C:\\old\\python.exe"\r\n"SHOW CONSOLE","True"\r\n')
    install_to(paths, PYTHON, encoding=ENCODING)
    install_to(paths, PYTHON, encoding=ENCODING)
    data = paths.config.read_bytes()
    assert data == f'"SHOW CONSOLE","True"\r\n"INTERPRETER_WIN","{PYTHON}"\r\n'.encode(ENCODING)
    assert vba_get_config_from_file(data, "INTERPRETER_WIN") == PYTHON


def test_interpreter_path_the_vba_cannot_read_is_refused_before_writing(paths):
    with pytest.raises(XxgkError, match="Python 解释器路径"):
        install_to(paths, PYTHON, encoding="ascii")
    assert not paths.addin.exists() and not paths.config.exists()


def test_uninstall_removes_both_files(paths):
    install_to(paths, PYTHON, encoding=ENCODING)
    result = uninstall_from(paths, encoding=ENCODING)
    assert (result.addin_removed, result.config_changed, result.config_deleted) == (True, True, True)
    assert not paths.addin.exists()
    assert not paths.config.exists()
    assert not paths.config.parent.exists()
    assert paths.addin.parent.is_dir()  # XLSTART itself belongs to Excel


def test_uninstall_keeps_other_settings_of_a_shared_config(paths):
    paths.config.parent.mkdir(parents=True)
    paths.config.write_bytes(b'"CONDA ENV","base"\r\n')
    install_to(paths, PYTHON, encoding=ENCODING)
    result = uninstall_from(paths, encoding=ENCODING)
    assert (result.addin_removed, result.config_changed, result.config_deleted) == (True, True, False)
    assert paths.config.read_bytes() == b'"CONDA ENV","base"\r\n'


def test_uninstall_when_nothing_is_installed_changes_nothing(paths):
    paths.config.parent.mkdir(parents=True)
    paths.config.write_bytes(b'"CONDA ENV","base"\r\n')
    result = uninstall_from(paths, encoding=ENCODING)
    assert (result.addin_removed, result.config_changed, result.config_deleted) == (False, False, False)
    assert paths.config.read_bytes() == b'"CONDA ENV","base"\r\n'
    assert not paths.addin.parent.exists()


@pytest.mark.parametrize("command", ["install", "uninstall"])
def test_other_systems_get_a_chinese_explanation_and_exit_2(command, monkeypatch, tmp_path):
    monkeypatch.setattr(install_module, "_on_windows", lambda: False)
    monkeypatch.setenv("APPDATA", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    result = CliRunner().invoke(cli, ["excel", command])
    assert result.exit_code == 2
    assert "Windows" in result.output and "Microsoft Excel" in result.output
    assert r"%APPDATA%\Microsoft\Excel\XLSTART" in result.output
    assert r"%USERPROFILE%\.myaddin\myaddin.conf" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_install_and_uninstall_on_windows(monkeypatch, tmp_path):
    monkeypatch.setattr(install_module, "_on_windows", lambda: True)
    monkeypatch.setattr(install_module, "CONFIG_ENCODING", ENCODING)
    monkeypatch.setattr(install_module.sys, "executable", PYTHON)
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "zhang"))
    expected = install_paths(tmp_path / "Roaming", tmp_path / "zhang")

    result = CliRunner().invoke(cli, ["excel", "install"])
    assert result.exit_code == 0, result.output
    assert str(expected.addin) in result.output
    assert expected.addin.read_bytes() == addin_bytes()
    assert vba_get_config_from_file(expected.config.read_bytes(), INTERPRETER_KEY) == PYTHON

    result = CliRunner().invoke(cli, ["excel", "uninstall"])
    assert result.exit_code == 0, result.output
    assert not expected.addin.exists() and not expected.config.exists()

    result = CliRunner().invoke(cli, ["excel", "uninstall"])
    assert result.exit_code == 0
    assert "未发现已安装的加载项" in result.output
