from __future__ import annotations

import sys

import click


@click.command()
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="输出格式：text 为简表，markdown 为规则文档（即 docs/rules.md），json 供程序处理。")
def rules(output_format: str) -> None:
    """列出全部校验规则：编号、级别、名称、依据、消息和修改建议。"""
    from ..rules import docs

    text = {"text": docs.as_text, "markdown": docs.as_markdown, "json": docs.as_json}[output_format]()
    sys.stdout.buffer.write(text.encode("utf-8"))
