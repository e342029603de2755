"""The Chinese text of the button's message boxes (pure functions of findings, paths and errors)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import XxgkError
from ..findings import WHOLE_REPORT, summary_line
from ..validation import ValidationResult

TITLE = "信息公开年报校验"
SHOWN = 5  # problems listed in the message box; the 校验结果 sheet has all of them
_MESSAGE_CHARS = 120

MARKS = "有误的单元格已标为红色（错误）或橙色（警告），鼠标指向单元格可查看说明；全部问题及修改建议见“校验结果”工作表。"
SAVE_FIRST = "工作簿尚未保存到本机文件夹。保存后再次点击“校验”，即可在工作簿旁导出规范 JSON 文件和年度报告。"
UNSAVED = "工作簿有尚未保存的修改。保存（Ctrl+S）后再次点击“校验”，即可在工作簿旁导出规范 JSON 文件和年度报告。"
UNCHANGED = "工作簿未作任何改动。"
PARTLY_MARKED = "标注可能不完整。排除上述问题后请再次点击“校验”，上次的标注会先被清除，不会重复。"
MARKED_NOT_EXPORTED = "校验和标注已完成，但文件未能导出。"


def _shorten(text: str) -> str:
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"


def result(validation: ValidationResult) -> str:
    """The counts, the first few problems (errors first) and where to see the rest."""
    lines = [summary_line(validation)]
    if not validation:
        return lines[0]
    lines.append("")
    for n, f in enumerate(validation.worst_first()[:SHOWN], start=1):
        lines.append(f"{n}. {f.severity.label}　{f.location or WHOLE_REPORT}")
        lines.append(f"    {_shorten(f.message)}")
    if len(validation) > SHOWN:
        lines.append(f"……另有 {len(validation) - SHOWN} 项。")
    lines += ["", MARKS]
    return "\n".join(lines)


def offer(paths: Sequence[Path]) -> str:
    """The yes/no question that follows a result without errors."""
    kinds = {".json": "规范 JSON，供归档和汇总", ".docx": "年度报告 Word 文档"}
    lines = ["是否在工作簿所在的文件夹中导出以下文件？"]
    lines += [f"    {p.name}（{kinds.get(p.suffix.lower(), '文件')}）" for p in paths]
    if any(p.exists() for p in paths):
        lines.append("同名文件已存在，将被替换。")
    return "\n".join(lines)


def exported(paths: Sequence[Path]) -> str:
    return "\n".join(["已导出：", *(f"    {p}" for p in paths)])


def not_checked(error: XxgkError) -> str:
    """Not a template of this tool, or its sheets were renamed, inserted into or deleted."""
    return f"{str(error).rstrip('。')}。\n\n{UNCHANGED}"


def reason(error: BaseException) -> str:
    """A short reason in Chinese, never a traceback."""
    if isinstance(error, XxgkError):
        return str(error)
    if isinstance(error, PermissionError):
        return f"无法写入 {error.filename or '文件'}，该文件可能正在 Word 或其他程序中打开，请关闭后重试。"
    if isinstance(error, OSError):
        return f"无法读写 {error.filename or '文件'}：{error.strerror or error}。"
    excepinfo = getattr(error, "excepinfo", None)  # pywintypes.com_error: Excel's own description
    if excepinfo and len(excepinfo) > 2 and excepinfo[2]:
        return f"Excel 拒绝了操作：{excepinfo[2]}"
    text = str(error).strip()
    return f"程序内部错误（{type(error).__name__}{'：' + _shorten(text) if text else ''}）。"


def failure(error: BaseException, consequence: str, log: Path | None) -> str:
    lines = [f"校验未能完成：{reason(error)}", "", consequence]
    if log is not None:
        lines.append(f"详细信息已记录在 {log}，如需帮助请将该文件发给信息化人员。")
    return "\n".join(lines)
