from __future__ import annotations

from pathlib import Path

import click

from . import say
from .paths import InputFile, OutputFile, check_outputs


@click.command()
@click.argument("report", type=InputFile())
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="输出的已填写工作簿（.xlsx）。")
def fill(report: Path, output: Path) -> None:
    """把报告（规范 JSON，或已发布的报告：网页、文本、Word、PDF）填入模板，生成已填写的工作簿。"""
    from ..files import write_bytes_atomic
    from ..jsonio import load_report
    from ..workbook.fill import filled_bytes

    check_outputs([output], [report])
    write_bytes_atomic(output, filled_bytes(load_report(report)))
    say(f"已生成工作簿：{output}")
