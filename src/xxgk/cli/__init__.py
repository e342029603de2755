"""The ``xxgk`` command line. Each command lives in its own module and is imported only when used."""

from __future__ import annotations

import errno
import gc
import importlib
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import click

from .. import __version__
from ..errors import XxgkError, shown
from .usage import ChineseContext, usage_message

# command name -> "module:attribute"; modules are imported lazily so one-file commands start fast.
COMMANDS = {
    "template": "xxgk.cli.template:template",
    "convert": "xxgk.cli.convert:convert",
    "import": "xxgk.cli.import_:import_report",
    "fill": "xxgk.cli.fill:fill",
    "schema": "xxgk.cli.schema:schema",
    "validate": "xxgk.cli.validate:validate",
    "rules": "xxgk.cli.rules:rules",
    "report": "xxgk.cli.report:report",
    "excel": "xxgk.cli.excel:excel",
    "batch": "xxgk.cli.batch:batch",
    "rollup": "xxgk.cli.rollup:rollup",
    "export": "xxgk.cli.export:export",
    "serve": "xxgk.cli.serve:serve",
}


HELP_TEXT = "显示本帮助并退出。"


def say(line: str) -> None:
    """One line on stderr, with any control character of the user's text (file names, cells) escaped."""
    click.echo(shown(line), err=True)


def chinese_help(command: click.Command) -> click.Command:
    """Give ``-h/--help`` a Chinese description (click caches the option it would create in English), and the
    help and usage errors Chinese headings."""
    if getattr(command, "_help_option", False) is None:
        click.help_option("-h", "--help", help=HELP_TEXT)(command)
        command._help_option = command.params.pop()  # type: ignore[attr-defined]
    command.context_class = ChineseContext
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
    for sub in getattr(command, "commands", {}).values():
        chinese_help(sub)
    return command


_frozen = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Load a command's modules with the cyclic garbage collector paused: importing makes tens of thousands of
    objects that live as long as the process, which it would scan again and again (about a tenth of a one-file
    command's start-up). The first command of a process leaves them out of every later collection
    (``gc.freeze``); the collector then runs as before, for the command's own work."""
    global _frozen
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not _frozen:
            gc.freeze()
            _frozen = True
        if enabled:
            gc.enable()


class LazyGroup(click.Group):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's main, but its usage errors in one Chinese line (exit code 2)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except getattr(click.exceptions, "NoArgsIsHelpError", ()) as shown_help:  # a bare ``xxgk``: the help
            shown_help.show()
            code = shown_help.exit_code
        except click.ClickException as error:
            say(f"错误：{usage_message(error)}")
            code = error.exit_code
        except click.exceptions.Abort:
            say("已中断。")
            code = 130
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name].split(":")
        with collector_paused():
            command = getattr(importlib.import_module(module), attribute)
        return chinese_help(command)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except XxgkError as error:
            say(f"错误：{error}")
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            say("已中断。")
            ctx.exit(130)
        except OSError as error:  # what the file checks could not foresee (a disk that fills up meanwhile)
            if error.errno == errno.EPIPE or (ctx.obj and ctx.obj.get("debug")):
                raise  # a closed pipe (``| head``): click ends quietly
            from ..files import os_reason

            where = f"{error.filename}：" if error.filename else ""
            say(f"错误：{where}{os_reason(error, '访问')}")
            ctx.exit(2)
        except Exception as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            say(f"错误：程序内部错误（{type(error).__name__}: {error}）。请加 --debug 重试并报告此问题。")
            ctx.exit(2)


@click.group("xxgk", cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk", message="%(prog)s %(version)s", help="显示版本号并退出。")
@click.option("--debug", is_flag=True, help="出错时显示 Python 调用栈（供开发人员排查）。")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """政府信息公开工作年度报告：模板、转换、校验与排版。"""
    ctx.obj = {"debug": debug}
    if not debug:  # libraries' warnings (openpyxl on odd files) are not for users: what matters is a finding
        ctx.with_resource(warnings.catch_warnings())
        warnings.simplefilter("ignore")


chinese_help(main)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
