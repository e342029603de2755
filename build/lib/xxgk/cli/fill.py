from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("report_json", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="输出的已填写工作簿（.xlsx）。")
def fill(report_json: Path, output: Path) -> None:
    """把规范 JSON 填入模板，生成已填写的工作簿。"""
    from ..files import write_bytes_atomic
    from ..jsonio import load_report_json
    from ..workbook.fill import filled_bytes

    write_bytes_atomic(output, filled_bytes(load_report_json(report_json)))
    click.echo(f"已生成工作簿：{output}", err=True)
