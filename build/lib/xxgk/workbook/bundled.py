"""The files committed in ``workbook_templates/``: blank templates and the bundled example.

``python -m xxgk.workbook.bundled [DIR]`` regenerates them; a test keeps the committed files equal to what
the generator produces today.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..formats import versions

EXAMPLE_JSON = "example-2024.json"
EXAMPLE_WORKBOOK = "example-2024.xlsx"


def template_name(version: str) -> str:
    return f"annual-report-{version}.xlsx"


def generated_files(directory: Path) -> dict[str, bytes]:
    """File name → bytes of everything generated from the format definitions and the example's JSON."""
    from ..jsonio import load_report_json
    from .fill import filled_bytes
    from .template import template_bytes

    files = {template_name(v): template_bytes(v) for v in versions()}
    files[EXAMPLE_WORKBOOK] = filled_bytes(load_report_json(directory / EXAMPLE_JSON))
    return files


def main(argv: list[str]) -> None:
    from ..files import write_bytes_atomic

    directory = Path(argv[0] if argv else "workbook_templates")
    for name, data in generated_files(directory).items():
        write_bytes_atomic(directory / name, data)
        print(directory / name)


if __name__ == "__main__":
    main(sys.argv[1:])
