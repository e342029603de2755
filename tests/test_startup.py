"""What a one-file ``xxgk validate`` of a workbook loads: the start-up that the cold-start goal of
``benchmarks/validate.py`` measures, kept from growing back (each check below was once milliseconds to tens of
milliseconds)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from xxgk.cli import collector_paused

from conftest import EXAMPLE_XLSX

# In a fresh interpreter: the command as users run it, then what it left loaded.
PROBE = """
import gc, json, sys
from xxgk.cli import main
code = main(["validate", sys.argv[1]], standalone_mode=False)
from xxgk.model import AnnualReport, Finding, Location, Metadata, Provenance, Texts
from xxgk.model.tables import tables_model
models = [AnnualReport, Finding, Location, Metadata, Provenance, Texts, tables_model("2021")]
print(json.dumps({
    "code": code,
    "schemas built": [m.__name__ for m in models if m.__pydantic_complete__],
    "modules": [m for m in ("openpyxl", "tomllib", "importlib.metadata") if m in sys.modules],
    "collector": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
}))
"""


def _probe() -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(EXAMPLE_XLSX)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_validating_a_workbook_builds_no_schema_and_loads_neither_openpyxl_nor_a_toml_parser():
    _probe()  # the first start after an edit may parse the format definitions and the catalog (``parse_cache``)
    seen = _probe()
    assert seen["code"] == 0
    assert seen["schemas built"] == []  # the reader and the rules construct what they checked (``from_checked``)
    assert seen["modules"] == []  # calamine reads the file; the definitions and the catalog come from the cache
    assert seen["collector"] and seen["frozen"] > 10_000  # what the imports made, left out of later collections


def test_the_collector_is_paused_while_a_command_loads_and_then_left_as_it_was():
    enabled = gc.isenabled()
    try:
        for before in (True, False):
            (gc.enable if before else gc.disable)()
            with collector_paused():
                assert not gc.isenabled()
            assert gc.isenabled() is before
    finally:
        (gc.enable if enabled else gc.disable)()
