"""Build the Excel add-in ``xxgk_excel.xlam`` from xlwings' BSD template ``quickstart_addin_ribbon.xlam``.

Only ``customUI/customUI.xml`` (the ribbon) is replaced; the VBA project and every other member are copied
byte for byte. The template's ``RibbonMyAddin.RunMain`` runs ``import <file stem>; <file stem>.main()``, so
the file name decides which Python module the button calls: ``xxgk_excel`` (``src/xxgk_excel.py``).
"""

from __future__ import annotations

import importlib.metadata
import io
import os
import zipfile
from importlib.resources import files
from pathlib import Path

from ..errors import XxgkError
from ..files import write_all_atomic
from .ziprewrite import UnsupportedZip, rewrite_zip

ADDIN_STEM = "xxgk_excel"
ADDIN_FILENAME = f"{ADDIN_STEM}.xlam"
NOTICE_FILENAME = "LICENSE-xlwings.txt"
TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
CUSTOM_UI_MEMBER = "customUI/customUI.xml"
RIBBON_RESOURCE = "customUI.xml"

_NOTICE_HEADER = """\
本目录中的 {addin} 派生自 xlwings {version} 随附的 {template}（BSD 3-Clause 许可）。
除功能区定义 {member} 外，其余内容（含 VBA 工程）均未改动。依该许可要求，xlwings 的版权声明与许可条款照录如下。

{addin} in this folder is derived from {template} shipped with xlwings {version} (BSD 3-Clause licence).
Only {member} was replaced; everything else, the VBA project included, is unchanged. As that licence requires,
xlwings' copyright notice and licence terms are reproduced below.

----------------------------------------------------------------------------------------------------

"""


def ribbon_xml() -> bytes:
    """The ribbon definition written into the add-in (single source: ``xxgk/excel/customUI.xml``)."""
    return files(__package__).joinpath(RIBBON_RESOURCE).read_bytes()


def template_bytes() -> bytes:
    """The add-in template shipped inside the installed xlwings package."""
    resource = files("xlwings").joinpath(TEMPLATE_NAME)
    try:
        return resource.read_bytes()
    except OSError as error:
        raise XxgkError(
            f"在已安装的 xlwings 中找不到加载项模板 {TEMPLATE_NAME}，请重新安装 xlwings（{error}）。"
        ) from error


def addin_bytes() -> bytes:
    """The complete ``xxgk_excel.xlam``; the same installed xlwings always gives the same bytes."""
    template = template_bytes()
    try:
        data = rewrite_zip(template, {CUSTOM_UI_MEMBER: ribbon_xml()})
    except KeyError as error:
        raise XxgkError(f"xlwings 加载项模板中没有功能区定义 {CUSTOM_UI_MEMBER}，无法生成加载项。") from error
    except (UnsupportedZip, zipfile.BadZipFile) as error:
        raise XxgkError(f"xlwings 加载项模板 {TEMPLATE_NAME} 的格式无法处理：{error}。") from error
    with zipfile.ZipFile(io.BytesIO(data)) as check:
        if check.testzip() is not None:  # pragma: no cover - a guard against a broken copier
            raise XxgkError("生成的加载项文件校验失败，未写入任何文件。")
    return data


def xlwings_notice() -> str:
    """xlwings' BSD notice (from its installed distribution), with a header saying what it covers."""
    try:
        distribution = importlib.metadata.distribution("xlwings")
    except importlib.metadata.PackageNotFoundError as error:
        raise XxgkError("未安装 xlwings，无法生成加载项。") from error
    licence = next((f for f in distribution.files or () if f.name == "LICENSE.txt"), None)
    text = licence.read_text(encoding="utf-8") if licence is not None else None
    if not text or "BSD" not in text:
        raise XxgkError("在已安装的 xlwings 中找不到其 BSD 许可文件 LICENSE.txt，按许可要求不能生成加载项。")
    header = _NOTICE_HEADER.format(
        addin=ADDIN_FILENAME, version=distribution.version, template=TEMPLATE_NAME, member=CUSTOM_UI_MEMBER
    )
    return header + text.replace("\r\n", "\n")


def build_addin(out_dir: str | os.PathLike) -> Path:
    """Write ``xxgk_excel.xlam`` and ``LICENSE-xlwings.txt`` into ``out_dir``; return the add-in's path."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise XxgkError("输出路径已存在，但不是目录。请指定一个目录。", path=out_dir)
    data = addin_bytes()
    # BOM and CRLF so that Notepad on an older Chinese Windows (ANSI = GBK by default) shows it correctly.
    notice = xlwings_notice().replace("\n", "\r\n").encode("utf-8-sig")
    target = out_dir / ADDIN_FILENAME
    write_all_atomic([(out_dir / NOTICE_FILENAME, notice), (target, data)])  # the folder is made if missing
    return target
