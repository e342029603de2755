from __future__ import annotations

import sys

import click


def schema_text() -> str:
    from ..files import canonical_json
    from ..model import AnnualReport

    return canonical_json(AnnualReport.model_json_schema())


@click.command()
def schema() -> None:
    """输出规范 JSON 的 JSON Schema。"""
    sys.stdout.buffer.write(schema_text().encode("utf-8"))
