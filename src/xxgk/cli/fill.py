from __future__ import annotations

from pathlib import Path

import click

from . import say
from .paths import InputFile, OutputFile, check_outputs


@click.command()
@click.argument("report_json", type=InputFile())
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="输出的已填写工作簿（.xlsx）。")
def fill(report_json: Path, output: Path) -> None:
    """把规范 JSON 填入模板，生成已填写的工作簿。"""
    from ..files import write_bytes_atomic
    from ..jsonio import load_report_json
    from ..workbook.fill import filled_bytes

    check_outputs([output], [report_json])
    write_bytes_atomic(output, filled_bytes(load_report_json(report_json)))
    say(f"已生成工作簿：{output}")
