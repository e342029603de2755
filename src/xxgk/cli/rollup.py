from __future__ import annotations

from pathlib import Path

import click

from . import say
from .paths import InputFileOrFolder, OutputFile, check_outputs


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=InputFileOrFolder())
@click.option("-o", "--output", required=True, type=OutputFile(),
              help="输出文件：.json（规范 JSON）或 .xlsx（模板版式的汇总表，另附各机关明细）。")
@click.option("--name", help="汇总报告的机关名称，如“某某县（汇总）”；默认为“N 个机关汇总”。")
@click.option("--allow-mixed-years", is_flag=True, help="允许汇总不同年度的报告（默认拒绝）。")
def rollup(inputs: tuple[Path, ...], output: Path, name: str | None, allow_mixed_years: bool) -> None:
    """把多份年报（工作簿、规范 JSON 或已发布的报告，也可以是包含它们的目录）的统计表逐格相加，生成汇总报告。

    目录中不是年度报告的文件（如新闻网页、备忘文本）不计入，并逐一列出。

    各份报告的格式版本必须相同；年度不同时默认拒绝；同一机关出现两次时给出警告，退出码为 1。
    汇总报告只按统计表的规则校验（勾稽关系等），基本信息和正文不适用于汇总报告。
    """
    from ..errors import XxgkError
    from ..files import check_input_file, write_bytes_atomic
    from ..jsonio import dumps_report
    from ..model import Severity
    from ..rollup.inputs import expand, load_members
    from ..rollup.total import roll_up

    suffix = output.suffix.lower()
    if suffix not in (".json", ".xlsx"):
        raise XxgkError("输出文件的扩展名应为 .json 或 .xlsx", path=output)
    files = expand(inputs)  # the files inside the folders too
    for path in files:
        check_input_file(path)
    check_outputs([output], files)
    members, skipped = load_members(inputs)
    result = roll_up(members, name=name, allow_mixed_years=allow_mixed_years)
    if suffix == ".json":
        data = dumps_report(result.report).encode("utf-8")
    else:
        from ..rollup.workbook import rollup_workbook_bytes

        data = rollup_workbook_bytes(result)
    write_bytes_atomic(output, data)

    year = result.report.metadata.report_year
    say(f"已汇总 {len(result.members)} 份报告{f'（{year} 年度）' if year else ''} → {output}")
    for path, why in skipped:
        say(f"已跳过：{path}（{why}）")
    for group in result.duplicates:
        say(f"警告：同一机关同一年度的报告出现 {len(group)} 次，已重复计入：{'、'.join(m.source for m in group)}")
    with_errors = [m for m in result.members if m.errors]
    for member in with_errors:
        say(f"警告：{member.source} 有 {member.errors} 个错误级问题，汇总数可能不准确")
    total_errors = result.result.count(Severity.error)
    if total_errors:
        say(f"汇总报告有 {total_errors} 个错误级问题")
    raise SystemExit(1 if result.duplicates or with_errors or total_errors else 0)
