from __future__ import annotations

from pathlib import Path

import click

from . import say
from .paths import OutputFile, check_outputs

SHOWN_PROBLEMS = 10


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=OutputFile(),
              help="输出文件：.csv（UTF-8，Excel 可直接打开）或 .parquet（需安装 pyarrow）。")
def export(source: Path, output: Path) -> None:
    """把归档的年报导出为数据表：每个机关、每个年度、每个统计表数字一行（长表），供 DuckDB、pandas 或 Excel 分析。

    SOURCE 为 xxgk batch 的输出目录或存放规范 JSON 的目录（含子目录）。
    有文件无法读取（跳过并注明）或同一机关同一年度有多份报告时，退出码为 1。
    """
    from ..errors import XxgkError
    from ..export.sources import FolderSource
    from ..export.write import WRITERS, export_facts, require_pyarrow
    from ..files import atomic_path

    suffix = output.suffix.lower()
    if suffix not in WRITERS:
        raise XxgkError("输出文件的扩展名应为 .csv 或 .parquet（.csv 可直接用 Excel 打开）", path=output)
    if suffix == ".parquet":
        require_pyarrow()
    reports = FolderSource(source)
    check_outputs([output], reports.files())
    with atomic_path(output) as temporary, open(temporary, "wb") as out:
        summary = export_facts(reports, out, suffix)

    say(f"已导出 {summary.reports} 份报告，共 {summary.rows} 行 → {output}")
    for entry in summary.skipped[:SHOWN_PROBLEMS]:
        say(f"警告：已跳过 {entry.name}：{entry.problem}")
    if len(summary.skipped) > SHOWN_PROBLEMS:
        say(f"警告：另有 {len(summary.skipped) - SHOWN_PROBLEMS} 个文件无法读取，已跳过")
    for group in summary.duplicates:
        say(f"警告：同一机关同一年度有 {len(group)} 份报告，按机关汇总时将重复计入：{'、'.join(group)}")
    raise SystemExit(1 if summary.skipped or summary.duplicates else 0)
