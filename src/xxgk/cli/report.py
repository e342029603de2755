from __future__ import annotations

from pathlib import Path

import click

from ..errors import XxgkError
from ..render import FORMATS, SUFFIXES
from . import say
from .paths import InputFile, OutputFile, check_outputs
from .selection import rule_options, selection

_SHOWN = 10  # error findings listed on stderr before "……"


def _formats(outputs: tuple[Path, ...], to: str | None) -> list[str]:
    if to is not None:
        if len(outputs) > 1:
            raise XxgkError("--to 只能与一个 -o 输出文件同时使用；生成多种格式时请用扩展名区分（.docx、.html、.md、.pdf）")
        return [to]
    formats = []
    for output in outputs:
        fmt = SUFFIXES.get(output.suffix.lower())
        if fmt is None:
            raise XxgkError("无法从扩展名判断输出格式，请使用 .docx、.html、.md 或 .pdf，或用 --to 指定", path=output)
        formats.append(fmt)
    return formats


def _warn(errors: list, strict: bool) -> None:
    if strict:
        say(f"错误：报告存在 {len(errors)} 项错误，已按 --strict 要求停止，未生成任何文件：")
    else:
        say(f"警告：报告存在 {len(errors)} 项错误，仍已生成；发布前请改正：")
    for finding in errors[:_SHOWN]:
        where = finding.location or finding.key or ""
        say(f"  {where}：{finding.message}" if where else f"  {finding.message}")
    if len(errors) > _SHOWN:
        say(f"  ……另有 {len(errors) - _SHOWN} 项，请用 xxgk validate 查看全部。")


@click.command()
@click.argument("source", type=InputFile())
@click.option("-o", "--output", "outputs", multiple=True, required=True, type=OutputFile(),
              help="输出文件：.docx、.html、.md 或 .pdf；可重复使用，一次生成多种格式。")
@click.option("--to", type=click.Choice(FORMATS), help="输出格式；不指定时按输出文件的扩展名判断。")
@click.option("--strict", is_flag=True, help="报告存在错误级问题时不生成任何文件（退出码 1）。")
@rule_options
@click.pass_context
def report(ctx: click.Context, source: Path, outputs: tuple[Path, ...], to: str | None, strict: bool,
           ignore: tuple[str, ...], select: tuple[str, ...]) -> None:
    """根据年报工作簿或规范 JSON 生成排版好的年度报告（Word、HTML、Markdown、PDF）。

    PDF 由 LibreOffice 将 Word 文档转换而成。存在错误级问题的报告仍会生成，并在屏幕上提示（退出码 1）。
    """
    from ..files import write_all_atomic
    from ..jsonio import load_report
    from ..model import Severity
    from ..render import build_document, render
    from ..render.pdf import INSTALL_HINT, find_soffice
    from ..validation import Settings, validate
    from ..workbook.layout import layout_for

    formats = _formats(outputs, to)
    check_outputs(outputs, [source])
    if "pdf" in formats and find_soffice() is None:
        raise XxgkError(INSTALL_HINT)
    annual = load_report(source)
    result = validate(annual, settings=Settings(**selection(ignore, select)),  # the reader's and the rules'
                      places=layout_for(annual.format_version).bindings)
    errors = result.errors
    if errors:
        _warn(errors, strict)
        if strict:
            ctx.exit(1)
    elif warnings := result.count(Severity.warning):
        say(f"提示：报告有 {warnings} 项警告，可用 xxgk validate 查看。")
    document = build_document(annual)
    write_all_atomic((output, render(document, fmt)) for output, fmt in zip(outputs, formats))
    for output in outputs:
        say(f"已生成：{output}")
    if errors:
        ctx.exit(1)
