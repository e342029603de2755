"""The report as PDF: the DOCX converted by LibreOffice headless.

Each conversion runs LibreOffice with a private profile in a temporary directory (no clash with a running
LibreOffice, nothing left behind). Where the official fonts (仿宋_GB2312, 黑体, …) are not installed, as on a
Linux server, a private fontconfig file makes LibreOffice set the text in the free Noto CJK faces (serif for
仿宋, 楷体 and 宋体, sans for 黑体) instead of its generic fallback (a sans face for everything). On Windows and
macOS LibreOffice does not read fontconfig and uses the installed fonts.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import XxgkError
from . import typography as ty

SYSTEM_FONTCONFIG = "/etc/fonts/fonts.conf"
TIMEOUT = 180  # seconds; a first start of LibreOffice with a fresh profile takes a few seconds

INSTALL_HINT = (
    "生成 PDF 需要 LibreOffice，但未找到 soffice 程序。请先安装 LibreOffice 及中文字体后重试："
    "Debian/Ubuntu 执行 sudo apt-get install libreoffice-writer fonts-noto-cjk；"
    "Windows 或 macOS 从 LibreOffice 官方网站下载安装；"
    "若已安装在其他位置，请将环境变量 XXGK_SOFFICE 设为 soffice 程序的完整路径。"
    "也可以先生成 DOCX，再用 Word 或 WPS“另存为 PDF”。"
)

_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    """``XXGK_SOFFICE``, else soffice/libreoffice on PATH, else the usual install places on Windows and macOS."""
    if configured := os.environ.get("XXGK_SOFFICE"):
        return configured if Path(configured).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in _KNOWN_PLACES if Path(p).is_file()), None)


def _fontconfig(system: str) -> str:
    """A fontconfig file: the system configuration, plus each official font name accepting its free face as
    a substitute (``accept``: used only when the official font itself is not installed)."""
    pairs = dict.fromkeys((font.name, font.free_face) for font in ty.FONTS)
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family>'
        f"<accept><family>{escape(face)}</family></accept></alias>\n"
        for name, face in pairs
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n{aliases}</fontconfig>\n'
    )


def _run(command: list[str], environment: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """Run LibreOffice in its own process group, so that on timeout the whole group it started is ended
    (the soffice launcher starts soffice.bin as a child)."""
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=environment, start_new_session=posix)
    except OSError as error:
        raise XxgkError(f"无法启动 LibreOffice（{command[0]}）：{error.strerror or error}") from None
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise XxgkError(f"LibreOffice 转换 PDF 超过 {timeout:g} 秒仍未完成，已停止。请关闭其他 LibreOffice 窗口后重试") from None
    return process.returncode, output


def docx_to_pdf(docx: bytes, *, soffice: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """PDF bytes of a DOCX document; XxgkError (a Chinese message) when LibreOffice is missing or fails."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise XxgkError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        fonts = work / "fonts.conf"
        fonts.write_text(_fontconfig(os.environ.get("FONTCONFIG_FILE", SYSTEM_FONTCONFIG)), encoding="utf-8")
        environment = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
        source = work / "report.docx"
        source.write_bytes(docx)
        command = [soffice, "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
                   f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), str(source)]
        returncode, output = _run(command, environment, timeout)
        target = work / "report.pdf"
        if returncode != 0 or not target.is_file():
            detail = output.decode("utf-8", "replace").strip().splitlines()
            raise XxgkError("LibreOffice 未能生成 PDF" + (f"（{detail[-1]}）" if detail else ""))
        return target.read_bytes()
