"""click in Chinese: its usage errors as one Chinese sentence naming the option, its help headings."""

from __future__ import annotations

import re

import click
from click import exceptions as ce

HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
# click's names of its value types, shown after an option that has no metavar of its own
TYPE_NAMES = {"INTEGER RANGE": "整数", "INTEGER": "整数", "FLOAT RANGE": "数字", "FLOAT": "数字", "TEXT": "文本",
              "FILE": "文件", "PATH": "路径", "DIRECTORY": "目录", "BOOLEAN": "是/否"}
_TYPE_NAME = re.compile(r"(?<= )(?:" + "|".join(sorted(TYPE_NAMES, key=len, reverse=True)) + r")$")
_EXTRA = re.compile(r"  \[([^\[\]]*)\]$")  # click's "  [default: 2; 1<=x<=64; required]" after an option's help
_RANGE = re.compile(r"^(?:(-?[\d.]+)(<=?))?x(?:(<=?)(-?[\d.]+)|(>=?)(-?[\d.]+))?$")


class ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(_TYPE_NAME.sub(lambda m: TYPE_NAMES[m[0]], term), _EXTRA.sub(_extra, text))
                          for term, text in rows], col_max, col_spacing)


def _extra(match: re.Match) -> str:
    """click's annotations of an option in Chinese: 默认, the range of its values, 必填."""
    items = []
    for item in match[1].split("; "):
        if item == "required":
            items.append("必填")
        elif item.startswith("default: "):
            items.append("默认：" + item[len("default: "):])
        elif item.startswith("env var: "):
            items.append("环境变量：" + item[len("env var: "):])
        else:
            items.append(range_in_chinese(item))
    return f"  [{'；'.join(items)}]"


def range_in_chinese(text: str) -> str:
    """click's range of an option's values in Chinese: 1<=x<=64 → 1～64, x>=1 → 不小于 1, 0<x<=5 → 大于 0、不大于 5;
    anything else as it is."""
    match = _RANGE.match(text)
    if match is None:
        return text
    low, low_op, high_op, high, min_op, minimum = match.groups()
    if minimum is not None:  # "x>=1": click writes a lone lower bound after the x
        low, low_op = minimum, "<=" if min_op == ">=" else "<"
    if low is not None and high is not None and low_op == high_op == "<=":
        return f"{low}～{high}"
    bounds = []
    if low is not None:
        bounds.append(("不小于 " if low_op == "<=" else "大于 ") + low)
    if high is not None:
        bounds.append(("不大于 " if high_op == "<=" else "小于 ") + high)
    return "、".join(bounds) or text


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


def _name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    if param is None:
        return "参数"
    if isinstance(param, click.Option):
        return "选项 " + "/".join(param.opts)
    return "参数 " + (param.make_metavar(ctx) if ctx is not None else (param.name or "").upper())


def _bad_value(error: ce.BadParameter) -> str:
    param, ctx = error.param, error.ctx
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        return f"{_name(param, ctx)} 的值应为 {'、'.join(map(str, kind.choices))} 之一"
    if isinstance(kind, (click.types.IntParamType, click.types.IntRange)):
        return f"{_name(param, ctx)} 的值应为整数"
    if isinstance(kind, click.types.FloatParamType):
        return f"{_name(param, ctx)} 的值应为数字"
    if isinstance(kind, click.Path):
        return f"{_name(param, ctx)} 不是可用的文件或文件夹"
    return f"{_name(param, ctx)} 的值无效"


def _message(error: ce.ClickException) -> str:
    """The Chinese sentence for one of click's errors (click words them in English)."""
    if isinstance(error, ce.NoSuchOption):
        similar = sorted(error.possibilities or ())
        return f"没有选项 {error.option_name}" + (f"，是否要用 {'、'.join(similar)}？" if similar else "")
    if isinstance(error, getattr(ce, "NoSuchCommand", ())):
        return f"没有命令“{error.command_name}”"
    if isinstance(error, ce.MissingParameter):
        return f"缺少{_name(error.param, error.ctx)}"
    if isinstance(error, ce.BadParameter):
        return _bad_value(error)
    if isinstance(error, ce.BadOptionUsage):
        if "requires an argument" in error.message:
            return f"选项 {error.option_name} 后面缺少取值"
        if "does not take a value" in error.message:
            return f"选项 {error.option_name} 不带取值"
        return f"选项 {error.option_name} 的用法有误"
    if isinstance(error, ce.FileError):
        return f"无法打开文件 {error.ui_filename}"
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)$", error.message)
    if extra:
        return f"多余的参数：{extra.group(1)}"
    if error.message.startswith("No such command"):
        return f"没有命令{error.message[len('No such command'):].rstrip('.')}"
    if error.message == "Missing command.":
        return "缺少命令"
    return error.message if re.search(r"[\u4e00-\u9fff]", error.message) else "命令行用法有误"


def usage_message(error: ce.ClickException) -> str:
    """One line: the sentence, and for a usage error where to read the usage."""
    ctx = getattr(error, "ctx", None)
    text = _message(error)
    if isinstance(error, ce.UsageError) and ctx is not None:
        text += f"（用法见 {ctx.command_path} --help）"
    return text
