from __future__ import annotations

from pathlib import Path

import click

from . import say
from .paths import OutputFile, check_outputs

SHOWN_PROBLEMS = 10
DATA = Path("xxgk-data")  # the data folder xxgk serve uses when none is given


@click.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=OutputFile(),
              help="输出文件：.csv（UTF-8，Excel 可直接打开）或 .parquet（需安装 pyarrow）。")
@click.option("--database", metavar="URL",
              help="改为导出 xxgk serve 的数据库中已接收的报告：PostgreSQL 写作 postgresql://用户:密码@主机/库名"
                   "（与 xxgk serve --database 相同）；SQLite 只需给出 --data。")
@click.option("--data", type=click.Path(path_type=Path), metavar="目录",
              help="xxgk serve 的数据目录（报告文件及默认的 SQLite 数据库所在处）；给出 --database 时默认为 xxgk-data。")
@click.option("--collection", type=click.IntRange(1), metavar="编号",
              help="只导出一个收集（其编号见网址 /admin/c/编号）；默认导出全部收集。")
def export(source: Path | None, output: Path, database: str | None, data: Path | None,
           collection: int | None) -> None:
    """把归档的年报导出为数据表：每个机关、每个年度、每个统计表数字一行（长表），供 DuckDB、pandas 或 Excel 分析。

    SOURCE 为 xxgk batch 的输出目录或存放规范 JSON 的目录（含子目录）；或不给 SOURCE，用 --database / --data
    导出网页服务中各单位已接收的报告（尚无已接收版本的单位没有数据行）。
    有文件无法读取（跳过并注明）或同一机关同一年度有多份报告时，退出码为 1。
    """
    from ..errors import XxgkError
    from ..export.write import WRITERS, export_facts, require_pyarrow
    from ..files import atomic_path

    served = database is not None or data is not None
    if source is not None and served:
        raise XxgkError("请只给出一个来源：目录 SOURCE，或网页服务的数据库（--database / --data）")
    if source is None and not served:
        raise XxgkError("请给出要导出的来源：xxgk batch 的输出目录（或规范 JSON 所在目录），"
                        "或网页服务的数据库（--database URL；SQLite 用 --data 数据目录）")
    if collection is not None and not served:
        raise XxgkError("--collection 只用于网页服务的数据库（--database / --data）")
    suffix = output.suffix.lower()
    if suffix not in WRITERS:
        raise XxgkError("输出文件的扩展名应为 .csv 或 .parquet（.csv 可直接用 Excel 打开）", path=output)
    if suffix == ".parquet":
        require_pyarrow()
    store, reports = _served(data or DATA, database, collection) if served else (None, _folder(source))
    try:
        check_outputs([output], reports.files())
        with atomic_path(output) as temporary, open(temporary, "wb") as out:
            summary = export_facts(reports, out, suffix)
    finally:
        if store is not None:
            store.close()

    say(f"已导出 {summary.reports} 份报告，共 {summary.rows} 行 → {output}")
    if store is not None and reports.pending:  # not a problem of the export: they have no report yet
        say(f"另有 {reports.pending} 个单位尚无已接收的报告，未导出")
    for entry in summary.skipped[:SHOWN_PROBLEMS]:
        say(f"警告：已跳过 {entry.name}：{entry.problem}")
    if len(summary.skipped) > SHOWN_PROBLEMS:
        say(f"警告：另有 {len(summary.skipped) - SHOWN_PROBLEMS} 个文件无法读取，已跳过")
    for group in summary.duplicates:
        say(f"警告：同一机关同一年度有 {len(group)} 份报告，按机关汇总时将重复计入：{'、'.join(group)}")
    raise SystemExit(1 if summary.skipped or summary.duplicates else 0)


def _folder(source: Path):
    from ..export.sources import FolderSource

    return FolderSource(source)


def _served(data: Path, database: str | None, collection: int | None):
    """(the store, its accepted reports); the service's modules imported only here: the folder export and every
    other command start without SQLAlchemy."""
    from ..errors import XxgkError

    try:
        from ..serve.export import DatabaseSource
        from ..serve.store import Store
    except ImportError as error:
        raise XxgkError(f"导出网页服务的数据库需要其组件（{error.name}），请先运行：pip install -e '.[serve]'") from None
    store = Store.read(data, database)
    try:
        return store, DatabaseSource.open(store, collection)
    except BaseException:
        store.close()
        raise
