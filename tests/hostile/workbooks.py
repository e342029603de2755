"""Hostile workbooks: the example with cells, rows and parts rewritten at the XML level."""

from __future__ import annotations

from .case import Case, built, completes, finding
from .package import Package, cell_of

T2, T3 = cell_of("t2.fees.amount_wan_yuan")[0], cell_of("t3.new_received.natural_person")[0]
COUNT, AMOUNT, YEAR = "t3.new_received.natural_person", "t2.fees.amount_wan_yuan", "metadata.report_year"


def _far(rows: bytes) -> bytes:
    return Package.example().append_rows(T3, rows).bytes()


def _case(name: str, make, expect, **kw) -> Case:
    return Case(name, built(f"{name}.xlsx", make), expect, **kw)


# 1. Process aborts: a far cell calamine would materialise as a dense block of half a terabyte. The file is
#    otherwise the example: it reads as the example does.
FAR = [
    _case("far-cell-single-quoted", lambda: _far(b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>"),
          completes(), isolated=True),
    _case("far-cell-spaced", lambda: _far(b'<row r = "1048576"><c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'),
          completes(), isolated=True),
    _case("far-row-cells-without-r", lambda: _far(b'<row r="1048576">' + b"<c><v>1</v></c>" * 16384 + b"</row>"),
          completes(), isolated=True),
]

# 3. Ordinary values that crashed: each is a finding on its cell.
VALUES = [
    _case("year-3000", lambda: Package.example().set_number(YEAR, "3000").bytes(), finding("报告年度")),
    _case("year-1800", lambda: Package.example().set_number(YEAR, "1800").bytes(), finding("报告年度")),
    _case("year-0000", lambda: Package.example().set_text(YEAR, "0000").bytes(), finding("报告年度")),
    _case("amount-1e30", lambda: Package.example().set_number(AMOUNT, "1E+30").bytes(), finding("B15")),
    _case("amount-29-nines", lambda: Package.example().set_number(AMOUNT, "9" * 29).bytes(), finding("B15")),
    _case("amount-1e30-text", lambda: Package.example().set_text(AMOUNT, "1E+30").bytes(), finding("B15")),
    _case("count-5000-digits", lambda: Package.example().set_number(COUNT, "7" * 5000).bytes(), finding("D5")),
    _case("count-5000-digits-text", lambda: Package.example().set_text(COUNT, "7" * 5000).bytes(), finding("D5")),
]
