"""The ``xxgk`` command line. Each command lives in its own module and is imported only when used."""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import XxgkError

# command name -> "module:attribute"; modules are imported lazily so one-file commands start fast.
COMMANDS = {
    "template": "xxgk.cli.template:template",
    "convert": "xxgk.cli.convert:convert",
    "fill": "xxgk.cli.fill:fill",
    "schema": "xxgk.cli.schema:schema",
    "validate": "xxgk.cli.validate:validate",
    "rules": "xxgk.cli.rules:rules",
    "report": "xxgk.cli.report:report",
    "excel": "xxgk.cli.excel:excel",
    "batch": "xxgk.cli.batch:batch",
    "rollup": "xxgk.cli.rollup:rollup",
}


HELP_TEXT = "显示本帮助并退出。"


def chinese_help(command: click.Command) -> click.Command:
    """Give ``-h/--help`` a Chinese description (click caches the option it would create in English)."""
    if getattr(command, "_help_option", False) is None:
        click.help_option("-h", "--help", help=HELP_TEXT)(command)
        command._help_option = command.params.pop()  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        chinese_help(sub)
    return command


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name].split(":")
        return chinese_help(getattr(importlib.import_module(module), attribute))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except XxgkError as error:
            click.echo(f"错误：{error}", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("已中断。", err=True)
            ctx.exit(130)
        except Exception as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"错误：程序内部错误（{type(error).__name__}: {error}）。请加 --debug 重试并报告此问题。", err=True)
            ctx.exit(2)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk", help="显示版本号并退出。")
@click.option("--debug", is_flag=True, help="出错时显示 Python 调用栈（供开发人员排查）。")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """政府信息公开工作年度报告：模板、转换、校验与排版。"""
    ctx.obj = {"debug": debug}


chinese_help(main)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
