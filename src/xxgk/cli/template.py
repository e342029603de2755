from __future__ import annotations

from pathlib import Path

import click

from ..formats import DEFAULT_VERSION, versions
from . import say
from .paths import OutputFile, check_outputs


@click.command()
@click.option("--format", "version", type=click.Choice(versions()), default=DEFAULT_VERSION, show_default=True,
              help="报告格式版本：2021（国办公开办函〔2021〕30号）或 2019（试行格式）。")
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="输出的模板文件（.xlsx）。")
def template(version: str, output: Path) -> None:
    """生成空白的年报填报模板（.xlsx，无宏）。"""
    from ..files import write_bytes_atomic
    from ..workbook.template import template_bytes

    check_outputs([output])
    write_bytes_atomic(output, template_bytes(version))
    say(f"已生成 {version} 版填报模板：{output}")
