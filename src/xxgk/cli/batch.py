from __future__ import annotations

import os
from pathlib import Path

import click

from . import say
from .paths import check_output_folder
from .selection import rule_options, selection

SHOWN_PROBLEMS = 10


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="输出目录：每份报告一个 JSON 文件，另有索引 index.csv。")
@click.option("-j", "--jobs", type=int, default=None, help="并行处理的进程数，默认为本机 CPU 核数。")
@click.option("--previous-dir", type=click.Path(path_type=Path),
              help="上一年度报告所在目录（工作簿、规范 JSON 或已发布的报告），用于跨年度校验。")
@click.option("--deadline", metavar="YYYY-MM-DD", help="本地规定的报送期限（乡镇、街道适用；给出时也代替其他层级的法定期限）。")
@click.option("--force", is_flag=True, help="全部重新转换，不沿用上次的结果。")
@rule_options
def batch(directory: Path, out_dir: Path, jobs: int | None, previous_dir: Path | None, deadline: str | None,
          force: bool, ignore: tuple[str, ...], select: tuple[str, ...]) -> None:
    """批量转换并校验目录中的全部年报工作簿（.xlsx、.xlsm）和已发布的报告（.html、.htm、.txt、.md、.docx、.pdf），
    生成规范 JSON 和索引 index.csv。

    不是年度报告的文件（如新闻网页、备忘文本）在索引中列为“跳过”。内容未变的文件不再重复转换。
    有文件无法读取或存在错误级问题时，退出码为 1。
    """
    from ..batch.progress import Progress
    from ..batch.run import run_batch
    from ..errors import XxgkError
    from ..validation import Settings
    from .validate import _deadline

    if jobs is not None and jobs < 1:
        raise XxgkError("--jobs 应为不小于 1 的整数")
    check_output_folder(out_dir, inputs=[directory, previous_dir])
    settings = Settings(deadline=_deadline(deadline), **selection(ignore, select))
    result = run_batch(directory, out_dir, jobs=jobs or os.cpu_count() or 1, previous_dir=previous_dir,
                       settings=settings, force=force, reporter=Progress())
    for line in summary(result):
        say(line)
    raise SystemExit(result.exit_code)


def summary(result) -> list[str]:
    from ..batch.outcome import STATUS_LABELS

    if not result.outcomes:
        return [f"目录中没有找到任何文件。索引：{result.index}"]
    counts = "，".join(f"{label} {result.count(status)} 个" for status, label in STATUS_LABELS.items()
                       if result.count(status))
    lines = [f"共 {len(result.outcomes)} 个文件：{counts}。本次转换 {result.converted} 个，沿用上次结果 {result.reused} 个。",
             f"索引：{result.index}"]
    problems = [o for o in result.outcomes if o.status in ("failed", "errors")]
    for outcome in problems[:SHOWN_PROBLEMS]:
        why = outcome.message if outcome.status == "failed" else f"{outcome.errors} 个错误"
        lines.append(f"  {outcome.label}：{outcome.relpath}（{why}）")
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  ……其余 {len(problems) - SHOWN_PROBLEMS} 个见索引。")
    return lines
