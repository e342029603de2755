"""``xxgk excel``: build, install and remove the Excel ribbon add-in."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import shown


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def excel() -> None:
    """Excel 功能区加载项（“信息公开年报”选项卡中的“校验”按钮）：生成、安装与卸载。"""


@excel.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="加载项的输出目录，不存在时自动创建。",
)
def addin(out_dir: Path) -> None:
    """生成加载项 xxgk_excel.xlam，并在同一目录附上 xlwings 的许可声明 LICENSE-xlwings.txt。"""
    from ..excel.addin import NOTICE_FILENAME, build_addin

    path = build_addin(out_dir)
    click.echo(shown(f"已生成加载项：{path}"))
    click.echo(shown(f"许可声明：{path.with_name(NOTICE_FILENAME)}（分发加载项时请一并提供）"))


@excel.command()
def install() -> None:
    """为当前 Windows 用户安装加载项：复制到 Excel 启动文件夹（XLSTART），并写入加载项配置（Python 解释器路径）。"""
    from ..excel import install as installer

    paths, interpreter = installer.install()
    click.echo(shown(f"已安装加载项：{paths.addin}"))
    click.echo(shown(f"已写入配置：{paths.config}（{installer.INTERPRETER_KEY} = {interpreter}）"))
    click.echo("请重新启动 Excel，功能区将出现“信息公开年报”选项卡。")


@excel.command()
def uninstall() -> None:
    """为当前 Windows 用户卸载加载项：删除启动文件夹中的加载项及其配置。"""
    from ..excel import install as installer

    paths, result = installer.uninstall()
    if result.addin_removed:
        click.echo(shown(f"已删除加载项：{paths.addin}"))
    if result.config_deleted:
        click.echo(shown(f"已删除配置文件：{paths.config}"))
    elif result.config_changed:
        click.echo(shown(f"已从配置文件中删除 {installer.INTERPRETER_KEY}：{paths.config}（文件中的其他设置保留不变）"))
    if not (result.addin_removed or result.config_changed):
        click.echo("未发现已安装的加载项，无需卸载。")
    else:
        click.echo("请重新启动 Excel 使卸载生效。")
