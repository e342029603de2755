"""Zero false findings on real reports: each report of the development corpus (``../shared/corpus/``), entered
into the template by hand (``tests/data/corpus-fixtures/``), validates with exactly its real findings.

A fixture holds the report as published: metadata, the texts, every number of the three tables. It is written
into a blank template by the project's own code (``write_workbook``), read back by the workbook reader and
validated as a user's file is. Its ``[[expected]]`` entries are the findings that are real problems of the
report, each with the reason it is real, and a number cell the report leaves blank (``""``) is a real
``cell-blank`` error; any other finding is a false positive of a rule.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from xxgk.formats import get_format
from xxgk.workbook.reader import read_workbook

from support import validate_placed, write_workbook

FIXTURES = Path(__file__).parent / "data" / "corpus-fixtures"
REPORTS = tuple(sorted(path.stem for path in FIXTURES.glob("*.toml")))  # each named as its source file


def load_fixture(name: str) -> dict[str, Any]:
    with open(FIXTURES / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def fixture_cells(fixture: dict[str, Any]) -> dict[str, Any]:
    """The fixture as template cells: canonical key → value; ``""`` (blank as published) → an empty cell."""
    fmt = get_format(fixture["format_version"])
    cells: dict[str, Any] = {f"metadata.{k}": v for k, v in fixture["metadata"].items()}
    cells |= {f"texts.{k}": v for k, v in fixture["texts"].items()}
    for table_key in ("t2", "t3", "t4"):
        table = fmt.tables[table_key]
        for row_key, values in fixture[table_key].items():
            columns = table.columns_of(table.row(row_key).key)
            if isinstance(values, dict):  # a row of which some cells are not entered: its cells by column key
                assert set(values) <= {c.key for c in columns}, f"{table_key}.{row_key}: {sorted(values)}"
                cells |= {f"{table_key}.{row_key}.{k}": v for k, v in values.items()}
                continue
            values = values if isinstance(values, list) else [values]
            assert len(values) == len(columns), f"{table_key}.{row_key}: {len(values)} values, {len(columns)} columns"
            cells |= {f"{table_key}.{row_key}.{c.key}": v for c, v in zip(columns, values)}
    return {key: None if value == "" else value for key, value in cells.items()}


def findings_of(name: str, tmp_path: Path, previous: str | None = None, engine: str = "openpyxl"):
    def report_of(fixture_name: str):
        fixture = load_fixture(fixture_name)
        path = write_workbook(tmp_path / f"{fixture_name}.xlsx", fixture_cells(fixture),
                              version=fixture["format_version"])
        return read_workbook(path, engine=engine)

    return validate_placed(report_of(name), previous=report_of(previous) if previous else None)


def expected_of(name: str) -> list[tuple[str, str | None]]:
    """The fixture's ``[[expected]]`` findings, and ``cell-blank`` on every number cell the report leaves blank."""
    fixture = load_fixture(name)
    for entry in fixture.get("expected", []):
        assert entry.get("why", "").strip(), f"{name}: {entry['rule']} {entry.get('key')} does not say why it is real"
    tables = get_format(fixture["format_version"]).tables
    derived = {cell.key for table in tables.values() for cell in table.cells if cell.derived}
    blank = [("cell-blank", key) for key, value in fixture_cells(fixture).items()
             if value is None and key.split(".")[0] in tables and key not in derived]
    return sorted([(e["rule"], e.get("key")) for e in fixture.get("expected", [])] + blank)


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
@pytest.mark.parametrize("name", REPORTS)
def test_a_real_report_gives_exactly_its_real_findings(name, engine, tmp_path):
    result = findings_of(name, tmp_path, engine=engine)
    found = sorted((f.rule, f.key) for f in result)
    assert found == expected_of(name), "\n".join(f"{f.severity.value} {f.rule} {f.key} {f.message}" for f in result)


def test_two_years_of_one_agency_continue_each_other(tmp_path):
    """洪泽区 2023 → 2024: 结转下年度 0 → 上年结转 0 and 行政规范性文件 现行有效 5 + 3 − 0 = 8, so last year's
    report adds no finding to this year's."""
    result = findings_of("hongze-2024", tmp_path, previous="hongze-2023")
    assert sorted((f.rule, f.key) for f in result) == expected_of("hongze-2024"), [f.message for f in result]
