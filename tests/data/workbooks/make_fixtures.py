"""Rebuild the binary workbook fixtures of this folder (run by hand; the files are committed).

    .venv/bin/python tests/data/workbooks/make_fixtures.py      # needs LibreOffice (soffice)

- ``example-libreoffice.xlsx``: the bundled example opened and saved by LibreOffice Calc (cached formula values,
  LibreOffice's shared strings, styles and number formats).
- ``totals-typed-over.xlsx``: the example whose total formulas a clerk overwrote with typed numbers, two of them
  wrong, saved by LibreOffice.
- ``totals-emptied.xlsx``: the example whose total cells of 表三's result rows were cleared (formula deleted, cell
  left blank), saved by LibreOffice.
- ``example-excel-reconstruction.xlsx``: a RECONSTRUCTION of how Microsoft Excel writes the example (Excel cannot
  run here): the template's own package with every formula given its cached value (as LibreOffice computed
  them, ``<v>`` after ``<f>``, text results typed ``t="str"``), a ``calcChain.xml`` part as Excel keeps one, and
  ``docProps/app.xml`` naming Microsoft Excel; texts moved from openpyxl's inline strings into
  ``xl/sharedStrings.xml`` as Excel stores them; ``t="n"`` and empty cells written as Excel writes them. Styles
  are the template's own.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from support import recalculated, write_workbook  # noqa: E402

EXAMPLE = ROOT / "workbook_templates" / "example-2024.xlsx"
RESULT_ROWS = ("granted", "partially_granted", "total_processed")


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = subprocess.run(["which", name], capture_output=True, text=True).stdout.strip()
        if found:
            return found
    raise SystemExit("LibreOffice (soffice) is needed to rebuild these fixtures")


def _saved_by_libreoffice(soffice: str, source: Path, name: str, work: Path) -> None:
    staged = work / name
    staged.write_bytes(source.read_bytes())
    (HERE / name).write_bytes(recalculated(soffice, staged, work / "lo").read_bytes())


def _typed_over(path: Path) -> Path:
    # typed where formulas stood: the first two agree with the inputs, 7 and 2 do not (both sums are 0)
    return write_workbook(path, {"t3.new_received.total": 0, "t3.granted.total": 0,
                                 "t3.total_processed.total": 7, "t4.review.total": 2})


def _emptied(path: Path) -> Path:
    # applications that balance (5 received = 4 granted + 1 carried forward), totals of the result rows cleared
    inputs = {"t3.new_received.natural_person": 5, "t3.granted.natural_person": 4,
              "t3.carried_forward.natural_person": 1}
    return write_workbook(path, {**inputs, **{f"t3.{row}.total": None for row in RESULT_ROWS}})


def _cached_values(lo_copy: Path) -> dict[tuple[str, str], object]:
    wb = load_workbook(lo_copy, data_only=True)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>')
_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*) t="inlineStr"><is><t(?: [^>]*)?>([^<]*)</t></is></c>')
_EMPTY = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*) t="n"></c>')


class SharedStrings:
    """Excel's way: every text once in xl/sharedStrings.xml, cells refer to it by index."""

    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}
        self.uses = 0

    def cell(self, match: re.Match) -> bytes:
        ref, attrs, text = match.groups()
        self.uses += 1
        number = self.index.setdefault(text, len(self.index))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (ref, attrs, number)

    def part(self) -> bytes:
        items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text if text[:1].isspace() or text[-1:].isspace()
                         else b"<si><t>%s</t></si>" % text for text in self.index)
        return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats'
                b'.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (self.uses, len(self.index), items))


def _excel_reconstruction(soffice: str, work: Path) -> None:
    lo_copy = recalculated(soffice, EXAMPLE, work / "lo-values")
    values = _cached_values(lo_copy)
    with zipfile.ZipFile(EXAMPLE) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
        infos = {info.filename: info for info in z.infolist()}
    sheet_names = _sheet_files(members)
    chain = []
    strings = SharedStrings()
    for member, title in sheet_names.items():
        index = member.rsplit("sheet", 1)[1].split(".")[0]

        def cached(match: re.Match, title: str = title, index: str = index) -> bytes:
            ref, attrs, formula = match.group(1).decode(), match.group(2), match.group(3)
            chain.append(f'<c r="{ref}" i="{index}"/>')
            value = values.get((title, ref))
            if isinstance(value, str):
                return b'<c r="%s"%s t="str"><f>%s</f><v>%s</v></c>' % (
                    ref.encode(), attrs, formula, value.encode("utf-8"))
            shown = "0" if value is None else repr(value) if isinstance(value, float) else str(value)
            return b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (ref.encode(), attrs, formula, shown.encode())

        xml = _FORMULA_CELL.sub(cached, members[member])
        xml = _INLINE.sub(strings.cell, xml)
        members[member] = _EMPTY.sub(rb'<c r="\1"\2/>', xml).replace(b' t="n"', b"")
    members["xl/sharedStrings.xml"] = strings.part()
    members["xl/calcChain.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                   '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                   + "".join(chain) + "</calcChain>").encode()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/>'
                     b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.calcChain+xml"/></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSharedStrings" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                             b'<Relationship Id="rIdCalcChain" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    members["docProps/app.xml"] = re.sub(rb"<Application>[^<]*</Application>",
                                         b"<Application>Microsoft Excel</Application><AppVersion>16.0300</AppVersion>",
                                         members["docProps/app.xml"])
    with zipfile.ZipFile(HERE / "example-excel-reconstruction.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            info = infos.get(name) or zipfile.ZipInfo(name, date_time=(2021, 9, 26, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)


def _sheet_files(members: dict[str, bytes]) -> dict[str, str]:
    """Sheet part → sheet title, from the workbook and its relationships."""
    rels = dict(re.findall(rb'Id="([^"]+)"[^>]*Target="([^"]+)"', members["xl/_rels/workbook.xml.rels"]))
    rels.update({k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*Id="([^"]+)"', members["xl/_rels/workbook.xml.rels"])})
    found = {}
    for name, rid in re.findall(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', members["xl/workbook.xml"]):
        target = rels[rid].decode().lstrip("/")
        found[target if target.startswith("xl/") else f"xl/{target}"] = name.decode()
    return found


def main() -> None:
    soffice = _soffice()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _saved_by_libreoffice(soffice, EXAMPLE, "example-libreoffice.xlsx", work)
        _saved_by_libreoffice(soffice, _typed_over(work / "typed.xlsx"), "totals-typed-over.xlsx", work)
        _saved_by_libreoffice(soffice, _emptied(work / "emptied.xlsx"), "totals-emptied.xlsx", work)
        _excel_reconstruction(soffice, work)
    for path in sorted(HERE.glob("*.xlsx")):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
