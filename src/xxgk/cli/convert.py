from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="输出的 JSON 文件；不指定时输出到标准输出。")
def convert(workbook: Path, output: Path | None) -> None:
    """把填好的年报工作簿转换为规范 JSON（用于归档）。"""
    from ..files import write_bytes_atomic
    from ..jsonio import dumps_report
    from ..workbook.reader import read_workbook

    report = read_workbook(workbook)
    text = dumps_report(report)
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
    else:
        write_bytes_atomic(output, text.encode("utf-8"))
        click.echo(f"已转换：{workbook} → {output}", err=True)
