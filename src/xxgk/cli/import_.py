from __future__ import annotations

import sys
from pathlib import Path

import click

from . import say
from .paths import InputFile, OutputFile, check_outputs
from .selection import rule_options, selection


@click.command("import")
@click.argument("source", type=InputFile())
@click.option("-o", "--output", type=OutputFile(),
              help="输出文件：.json 为规范 JSON，.xlsx 为已填写的模板；不指定时 JSON 输出到标准输出。")
@rule_options
@click.pass_context
def import_report(ctx: click.Context, source: Path, output: Path | None, ignore: tuple[str, ...],
                  select: tuple[str, ...]) -> None:
    """读取已发布的年度报告（网页、复制的文本、Markdown、Word、带文字层的 PDF），转换为规范 JSON 或已填写的模板。

    每个数字都注明在原文中的读取位置；读取中发现的情况（导入提示）与报告本身的问题分开列出。
    退出码：0 读取完成；1 报告本身有错误（导入提示不计）；2 文件无法读取或不是年度报告。
    """
    from ..files import write_bytes_atomic
    from ..findings import summary_line
    from ..jsonio import dumps_report, load_report
    from ..validation import Settings, validate
    from ..workbook.layout import layout_for

    if output is not None:
        if output.suffix.lower() not in (".json", ".xlsx"):
            raise click.BadParameter("输出文件须为 .json 或 .xlsx", param_hint="-o/--output")
        check_outputs([output], [source])
    report = load_report(source)
    result = validate(report, settings=Settings(**selection(ignore, select)),
                      places=layout_for(report.format_version).bindings)
    result.record(report)
    if output is not None and output.suffix.lower() == ".xlsx":
        from ..workbook.fill import filled_bytes

        write_bytes_atomic(output, filled_bytes(report))
        say(f"已导入：{source} → {output}")
    else:
        data = dumps_report(report).encode("utf-8")
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            write_bytes_atomic(output, data)
            say(f"已导入：{source} → {output}")
    imported = sum(f.of_import for f in result)
    say(f"{summary_line(result)}（其中导入提示 {imported} 项）" if imported else summary_line(result))
    ctx.exit(0 if result.valid() else 1)
