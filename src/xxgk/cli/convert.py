from __future__ import annotations

import sys
from pathlib import Path

import click

from . import say
from .paths import InputFile, OutputFile, check_outputs
from .selection import rule_options, selection


@click.command()
@click.argument("workbook", type=InputFile())
@click.option("-o", "--output", type=OutputFile(),
              help="输出的 JSON 文件；不指定时输出到标准输出。")
@rule_options
@click.pass_context
def convert(ctx: click.Context, workbook: Path, output: Path | None, ignore: tuple[str, ...],
            select: tuple[str, ...]) -> None:
    """把填好的年报工作簿转换为规范 JSON（用于归档），校验发现的问题一并写入。

    有错误级问题时仍写出 JSON（归档保留有问题的报告及其问题清单），但退出码为 1。
    """
    from ..files import write_bytes_atomic
    from ..findings import summary_line
    from ..jsonio import dumps_report
    from ..validation import Settings, validate
    from ..workbook.layout import layout_for
    from ..workbook.reader import read_workbook

    if output is not None:
        check_outputs([output], [workbook])
    report = read_workbook(workbook)
    result = validate(report, settings=Settings(**selection(ignore, select)),
                      places=layout_for(report.format_version).bindings)
    result.record(report)
    text = dumps_report(report)
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
    else:
        write_bytes_atomic(output, text.encode("utf-8"))
        say(f"已转换：{workbook} → {output}")
    if result:
        say(summary_line(result))
    ctx.exit(0 if result.valid() else 1)
