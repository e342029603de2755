"""Install the add-in for the current Windows user, or remove it again.

Installing means two files:

- the add-in, copied into the user's Excel start-up folder ``%APPDATA%\\Microsoft\\Excel\\XLSTART`` (Excel opens
  every file there at start-up, and that folder is a trusted location by default);
- the add-in's config file ``%USERPROFILE%\\.myaddin\\myaddin.conf`` with the line
  ``"INTERPRETER_WIN","<this Python's python.exe>"``. The file name comes from the VBA constant
  ``PROJECT_NAME = "myaddin"`` of the xlwings template (``GetConfigFilePath``); the VBA reads it with
  ``Input #`` (comma-separated, quoted, system ANSI code page) and compares keys case-insensitively.

The config file may be shared with other add-ins built from the same xlwings template, so only our key is
written or removed; other lines are kept as they are. Path logic takes the folders as arguments, so it is tested
on any system with temporary folders standing in for ``%APPDATA%`` and ``%USERPROFILE%``.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import importlib.util
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import XxgkError
from ..files import WriteError, write_bytes_atomic
from .addin import ADDIN_FILENAME, ADDIN_STEM, addin_bytes

CONFIG_PROJECT_NAME = "myaddin"  # PROJECT_NAME in the template's VBA module "xlwings"
INTERPRETER_KEY = "INTERPRETER_WIN"
CONFIG_ENCODING = "mbcs"  # Windows' ANSI code page, which VBA's Open/Input # use (cp936 on Chinese Windows)

XLSTART_DISPLAY = r"%APPDATA%\Microsoft\Excel\XLSTART"
CONFIG_DISPLAY = rf"%USERPROFILE%\.{CONFIG_PROJECT_NAME}\{CONFIG_PROJECT_NAME}.conf"
_CLOSE_EXCEL = "请先完全退出 Excel（包括后台的 Excel 进程）后重试。"


@dataclass(frozen=True)
class InstallPaths:
    addin: Path  # %APPDATA%\Microsoft\Excel\XLSTART\xxgk_excel.xlam
    config: Path  # %USERPROFILE%\.myaddin\myaddin.conf


@dataclass(frozen=True)
class UninstallResult:
    addin_removed: bool
    config_changed: bool  # our key was removed from the config file
    config_deleted: bool  # ... and nothing else was left in it, so the file is gone


def install_paths(appdata: str | os.PathLike, userprofile: str | os.PathLike) -> InstallPaths:
    appdata, userprofile = Path(appdata), Path(userprofile)
    return InstallPaths(
        addin=appdata / "Microsoft" / "Excel" / "XLSTART" / ADDIN_FILENAME,
        config=userprofile / f".{CONFIG_PROJECT_NAME}" / f"{CONFIG_PROJECT_NAME}.conf",
    )


def windows_install_paths(env: Mapping[str, str]) -> InstallPaths:
    missing = [name for name in ("APPDATA", "USERPROFILE") if not env.get(name)]
    if missing:
        raise XxgkError(f"环境变量 {'、'.join(missing)} 未设置，无法确定 Excel 启动文件夹和配置文件的位置。")
    return install_paths(env["APPDATA"], env["USERPROFILE"])


def config_line(key: str, value: str) -> str:
    """One line as VBA's ``Write #`` writes it and ``Input #`` reads it: ``"KEY","VALUE"``."""
    if '"' in key or '"' in value:
        raise XxgkError(f"配置项 {key} 的值含有双引号，加载项无法读取：{value}")
    return f'"{key}","{value}"'


def install_to(paths: InstallPaths, interpreter: str, *, encoding: str = CONFIG_ENCODING) -> None:
    """Copy the add-in to ``paths.addin`` and point the add-in's config at ``interpreter``."""
    if not interpreter:
        raise XxgkError("无法确定当前 Python 解释器的路径（sys.executable 为空）。")
    try:
        interpreter.encode(encoding)
    except UnicodeEncodeError as error:
        raise XxgkError(
            f"Python 解释器路径含有系统默认编码无法表示的字符，加载项无法读取：{interpreter}。"
            "请将 Python 安装到仅含英文字母和数字的路径（如 C:\\Python311）后重试。"
        ) from error
    config_lines = _lines_without_key(_read_config(paths.config, encoding), INTERPRETER_KEY)
    config_lines.append(config_line(INTERPRETER_KEY, interpreter))
    config_data = _encode_config(config_lines, encoding)
    addin = addin_bytes()
    _write(paths.addin, addin)
    _write(paths.config, config_data)


def uninstall_from(paths: InstallPaths, *, encoding: str = CONFIG_ENCODING) -> UninstallResult:
    """Remove the add-in and our key from the config; leave other keys of a shared config file alone."""
    addin_removed = _remove(paths.addin)
    config_changed = config_deleted = False
    if paths.config.exists():
        lines = _read_config(paths.config, encoding)
        kept = _lines_without_key(lines, INTERPRETER_KEY)
        config_changed = len(kept) != len(lines)
        if config_changed and not any(line.strip() for line in kept):
            config_deleted = _remove(paths.config)
            _remove_empty_dir(paths.config.parent)
        elif config_changed:
            _write(paths.config, _encode_config(kept, encoding))
    return UninstallResult(addin_removed, config_changed, config_deleted)


def install() -> tuple[InstallPaths, str]:
    """``xxgk excel install``: on Windows install for the current user; elsewhere explain and fail."""
    if not _on_windows():
        raise XxgkError(_not_windows_message("install"))
    if importlib.util.find_spec(ADDIN_STEM) is None:
        raise XxgkError(f"当前 Python 环境中找不到模块 {ADDIN_STEM}，按钮将无法运行。请重新安装 xxgk 后再执行本命令。")
    paths = windows_install_paths(os.environ)
    install_to(paths, sys.executable, encoding=CONFIG_ENCODING)
    return paths, sys.executable


def uninstall() -> tuple[InstallPaths, UninstallResult]:
    """``xxgk excel uninstall``: on Windows remove what ``install`` wrote; elsewhere explain and fail."""
    if not _on_windows():
        raise XxgkError(_not_windows_message("uninstall"))
    paths = windows_install_paths(os.environ)
    return paths, uninstall_from(paths, encoding=CONFIG_ENCODING)


def _on_windows() -> bool:
    return sys.platform == "win32"


def _not_windows_message(action: str) -> str:
    if action == "install":
        would = (
            f"在 Windows 上，本命令将把加载项 {ADDIN_FILENAME} 复制到 Excel 启动文件夹 {XLSTART_DISPLAY}，"
            f"并在 {CONFIG_DISPLAY} 中写入 {INTERPRETER_KEY}（当前 Python 解释器的路径）"
        )
    else:
        would = f"在 Windows 上，本命令将删除 {XLSTART_DISPLAY}\\{ADDIN_FILENAME}，并从 {CONFIG_DISPLAY} 中删除 {INTERPRETER_KEY} 设置"
    return (
        f"“xxgk excel {action}”只能在装有 Microsoft Excel 的 Windows 电脑上使用（当前系统：{sys.platform}）。"
        f"{would}。仅需生成加载项文件的，请使用“xxgk excel addin -o 目录”；"
        f"使用 WPS 的，请使用“xxgk validate 年报.xlsx --annotate 标注副本.xlsx”生成带标注的副本。"
    )


def _read_config(path: Path, encoding: str) -> list[str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise XxgkError(f"无法读取配置文件：{error.strerror or error}。", path=path) from error
    try:
        return data.decode(encoding).splitlines()
    except UnicodeDecodeError as error:
        raise XxgkError("配置文件的编码无法识别，请检查或删除该文件后重试。", path=path) from error


def _line_key(line: str) -> str | None:
    try:
        fields = next(csv.reader([line], skipinitialspace=True), [])
    except csv.Error:
        return None
    return fields[0].strip() if fields else None


def _lines_without_key(lines: list[str], key: str) -> list[str]:
    # VBA's GetConfigFromFile compares keys with LCase, so any spelling of the key is ours.
    return [line for line in lines if (_line_key(line) or "").lower() != key.lower()]


def _encode_config(lines: list[str], encoding: str) -> bytes:
    try:
        return "".join(line + "\r\n" for line in lines).encode(encoding)
    except UnicodeEncodeError as error:
        raise XxgkError(
            f"配置文件含有系统默认编码无法表示的字符（{error.object[error.start : error.end]}），请检查该文件。"
        ) from error


def _write(path: Path, data: bytes) -> None:
    try:
        write_bytes_atomic(path, data)
    except WriteError as error:
        if error.errno in (errno.EACCES, errno.EPERM):
            raise XxgkError(f"无法写入，文件可能正被 Excel 使用。{_CLOSE_EXCEL}", path=path) from error
        raise


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except PermissionError as error:
        raise XxgkError(f"无法删除，文件可能正被 Excel 使用。{_CLOSE_EXCEL}", path=path) from error
    except OSError as error:
        raise XxgkError(f"无法删除：{error.strerror or error}。", path=path) from error
    return True


def _remove_empty_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not empty or already gone: leave it
        path.rmdir()
