"""Generated reports: random numbers that satisfy every identity of the format, for round trips and benchmarks
(which put this folder on their path). Pure: the example's metadata and texts, no file is written."""

from __future__ import annotations

import random

from xxgk.formats import get_format
from xxgk.jsonio import load_report_json
from xxgk.model import AnnualReport

from conftest import EXAMPLE_JSON


def consistent_report(seed: int, version: str = "2021") -> AnnualReport:
    """The bundled example's metadata and texts with random numbers that satisfy every identity of the format
    (the totals derived; in 表三 each column's carried-over requests fit what was handled and carried forward)."""
    rng = random.Random(seed)
    fmt = get_format(version)
    values = {}
    for cell in (c for c in fmt.cells.values() if not c.derived):
        kind = cell.column.kind
        values[cell.key] = (round(rng.uniform(0, 5000), rng.choice((0, 1, 2, 4))) if kind == "amount" else
                            rng.randint(-30, 30) if kind == "change" else rng.choice((0, 0, 1, rng.randint(0, 900))))
    t3 = fmt.tables["t3"]
    results = t3.summed_rows(t3.row("total_processed"))
    for column in t3.columns:
        if column.key == t3.total_column:
            continue
        handled = sum(values[f"t3.{r.key}.{column.key}"] for r in results) + values[f"t3.carried_forward.{column.key}"]
        carried = min(values[f"t3.carried_over.{column.key}"], handled)
        values[f"t3.carried_over.{column.key}"] = carried
        values[f"t3.new_received.{column.key}"] = handled - carried
    base = load_report_json(EXAMPLE_JSON)
    return AnnualReport.from_values(values, format_version=version, metadata=base.metadata.model_dump(),
                                    texts=base.texts.model_dump())
