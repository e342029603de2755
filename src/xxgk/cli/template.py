from __future__ import annotations

from pathlib import Path

import click

from ..formats import DEFAULT_VERSION, versions
from . import say
from .paths import InputFile, OutputFile, check_outputs


@click.command()
@click.option("--format", "version", type=click.Choice(versions()), default=DEFAULT_VERSION, show_default=True,
              help="报告格式版本：2021（国办公开办函〔2021〕30号）或 2019（试行格式）。")
@click.option("--previous", type=InputFile(),
              help="上一年度的报告（工作簿、规范 JSON 或已发布的报告）：据此预填下一年度的模板（当前格式）。")
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="输出的模板文件（.xlsx）。")
def template(version: str, previous: Path | None, output: Path) -> None:
    """生成空白的年报填报模板（.xlsx，无宏）。

    给出 --previous 时生成下一年度的模板：沿用上年报告的机关名称、层级、发布平台及网址、联系方式和落款机关，
    报告年度和统计期限为下一年度，表三“二、上年结转政府信息公开申请数量”取上年“四、结转下年度继续办理”；
    成文日期、正文和其他数字留空待填。
    """
    from ..errors import XxgkError
    from ..files import write_bytes_atomic
    from ..workbook.template import template_bytes

    if previous is None:
        check_outputs([output])
        write_bytes_atomic(output, template_bytes(version))
        say(f"已生成 {version} 版填报模板：{output}")
        return
    if version != DEFAULT_VERSION:
        raise XxgkError(f"--previous 生成的模板总是当前格式（{DEFAULT_VERSION} 版），不能指定 --format {version}")
    from ..jsonio import load_report
    from ..workbook.fill import filled_bytes
    from ..workbook.next_year import next_year_report

    check_outputs([output], [previous])
    report = next_year_report(load_report(previous), name=previous)
    write_bytes_atomic(output, filled_bytes(report))
    say(f"已生成 {report.metadata.report_year} 年度填报模板（{DEFAULT_VERSION} 版，已预填上年报告的机关信息和结转申请数）：{output}")
