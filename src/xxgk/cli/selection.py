"""``--ignore RULE`` and ``--select RULE``: the warning and info rules an office's province asks it to leave aside.

The ids are checked against the catalog when the command line is parsed (an unknown id, or an error of the
national format, is a usage error: nothing is read or written); what is left aside is decided once, by
``Settings.ignores`` in the validation layer.
"""

from __future__ import annotations

from collections.abc import Callable

import click


class RuleId(click.ParamType):
    """The id of a warning or info rule of the catalog."""

    name = "rule"

    def convert(self, value, param, ctx) -> str:
        from ..rules.context import rule_to_leave_aside

        return rule_to_leave_aside(value, "/".join(param.opts) if param is not None else "--ignore")


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
    from ..rules.context import selection

    return selection(ignore, select)
