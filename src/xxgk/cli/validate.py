from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click

from ..errors import XxgkError
from ..findings import as_json, as_text
from ..jsonio import load_report
from ..validation import Settings
from ..validation import validate as run_validation
from ..workbook.layout import layout_for
from . import say
from .paths import InputFile, OutputFile, check_outputs
from .selection import rule_options, selection


def _deadline(text: str | None) -> date | None:
    if text is None:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass
    raise XxgkError(f"--deadline 的值“{text}”不是有效日期，应写作 YYYY-MM-DD，如 2025-02-28")


def _check_annotate_target(target: Path, inputs: list[Path | None]) -> None:
    if target.suffix.lower() != ".xlsx":
        raise XxgkError("标注副本须保存为 .xlsx 文件", path=target)
    check_outputs([target], inputs)


@click.command()
@click.argument("input_path", metavar="INPUT", type=InputFile())
@click.option("--previous", type=InputFile(),
              help="本机关上一年度的报告（工作簿或规范 JSON），用于跨年度核对。")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text 供阅读，json 供程序处理。")
@click.option("--annotate", type=OutputFile(),
              help="另存一份标注了问题的工作簿副本（.xlsx）：错误标红、警告标橙，并附“校验结果”工作表。")
@click.option("--strict", is_flag=True, help="警告也视为未通过（退出码 1）。")
@click.option("--deadline", metavar="YYYY-MM-DD", help="本地规定的报送期限（乡镇、街道适用；给出时也代替其他层级的法定期限）。")
@rule_options
@click.pass_context
def validate(ctx: click.Context, input_path: Path, previous: Path | None, output_format: str, annotate: Path | None,
             strict: bool, deadline: str | None, ignore: tuple[str, ...], select: tuple[str, ...]) -> None:
    """校验年报工作簿或规范 JSON：填写规范、勾稽关系、正文与统计表是否一致、报送期限等。

    退出码：0 通过（可有警告）；1 有错误（加 --strict 时警告也算）；2 文件无法读取或用法错误。
    """
    settings = Settings(deadline=_deadline(deadline), **selection(ignore, select))
    if annotate is not None:
        _check_annotate_target(annotate, [input_path, previous])
    report = load_report(input_path)
    last_year = load_report(previous) if previous is not None else None
    result = run_validation(report, previous=last_year, settings=settings,
                            places=layout_for(report.format_version).bindings)
    if annotate is not None:
        _write_annotated(input_path, annotate, report, result)
        say(f"已生成标注副本：{annotate}")
    text = as_json(result, strict=strict) if output_format == "json" else as_text(result, strict=strict)
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    ctx.exit(0 if result.valid(strict=strict) else 1)


def _write_annotated(source: Path, target: Path, report, findings) -> None:
    from ..jsonio import WORKBOOK_SUFFIXES
    from ..marks.openpyxl_copy import annotate_file, annotate_workbook, save_atomic

    if source.suffix.lower() not in WORKBOOK_SUFFIXES:  # no workbook to copy: the report filled into the template
        from ..workbook.fill import filled_workbook

        save_atomic(annotate_workbook(filled_workbook(report), findings), target)
    else:
        annotate_file(source, target, findings)
