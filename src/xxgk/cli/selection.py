"""``--ignore RULE`` and ``--select RULE``: the warning and info rules an office's province asks it to leave aside.

The ids are checked against the catalog when the command line is parsed (an unknown id, or an error of the
national format, is a usage error: nothing is read or written); what is left aside is decided once, by
``Settings.ignores`` in the validation layer.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from ..errors import XxgkError


class RuleId(click.ParamType):
    """The id of a warning or info rule of the catalog."""

    name = "rule"

    def convert(self, value, param, ctx) -> str:
        from ..model import Severity
        from ..rules import catalog

        option = "/".join(param.opts) if param is not None else "--ignore"
        rule = catalog().get(value.strip())
        if rule is None:
            raise XxgkError(f"{option} 的规则编号“{value}”不存在，可用 xxgk rules 查看全部规则")
        if rule.severity is Severity.error:
            raise XxgkError(f"{option} 不能用于错误级规则“{rule.id}”：全国统一格式的错误不可忽略，只能忽略警告和提示")
        return rule.id


def rule_options(command: Callable) -> Callable:
    """Add ``--ignore`` and ``--select`` (both repeatable) to a command."""
    command = click.option("--select", "select", multiple=True, type=RuleId(), metavar="RULE",
                           help="只计入所列的警告、提示规则（可重复）；错误始终计入。与 --ignore 同用时，"
                                "计入所选且未被忽略的规则。")(command)
    return click.option("--ignore", "ignore", multiple=True, type=RuleId(), metavar="RULE",
                        help="不计入该警告或提示规则（可重复）：其问题仍写入 JSON 并标为已忽略，"
                             "不显示、不影响退出码；错误级规则不可忽略。")(command)


def selection(ignore: tuple[str, ...], select: tuple[str, ...]) -> dict:
    """The ``Settings`` fields of the two options."""
    return {"ignore": frozenset(ignore), "select": frozenset(select) if select else None}
