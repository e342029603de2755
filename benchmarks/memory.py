"""Peak memory (ru_maxrss of a child process) of ``xxgk convert`` and of one batch worker, on the bundled example
and on the worst workbook the limits of ``xxgk.limits`` accept.

The worst accepted file is the example with the limits nearly reached at once: a shared-strings table of
``MAX_SHARED_STRINGS - 1`` entries just under ``MAX_PART_BYTES``; the three table sheets each grown below the
layout to just under ``MAX_MEASURED_TAGS`` tags, spanning just under ``MAX_DENSE_CELLS`` (so
python-calamine still reads them, allocating the whole span); and parts of zeros (which no reader loads, but the
guard inflates) up to just under ``MAX_TOTAL_BYTES``. Each command runs from a small launcher process, so the
peak is the command's own (a child forked from a large process would report that process's memory).

    python benchmarks/memory.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from xxgk import limits
from xxgk.workbook.layout import column_letter
from xxgk.workbook.package import Package

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbook_templates" / "example-2024.xlsx"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TABLES = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")
WORKER = """
import sys
from xxgk.batch.job import Job, run_job
outcome = run_job(Job(sys.argv[1], "w.xlsx", "0" * 64, sys.argv[2]))
print(outcome.status, outcome.message)
"""


def grown_sheet(xml: bytes) -> bytes:
    """The sheet with rows of 1 000 numbers from row 100 on, up to about MAX_MEASURED_TAGS tags, and one
    far cell that makes the span just under MAX_DENSE_CELLS."""
    columns = [column_letter(c) for c in range(1, 1001)]
    rows = (limits.MAX_MEASURED_TAGS - xml.count(b"<") - 2000) // (4 * len(columns) + 2)
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r % 10}</v></c>' for c in columns) + "</row>"
                   for r in range(100, 100 + rows))
    far = limits.MAX_DENSE_CELLS // len(columns) - 1
    body += f'<row r="{far}"><c r="{columns[-1]}{far}"><v>1</v></c></row>'
    return xml.replace(b"</sheetData>", body.encode() + b"</sheetData>", 1)


def worst_accepted(target: Path) -> Path:
    with zipfile.ZipFile(EXAMPLE) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    package = Package(EXAMPLE)
    for sheet in TABLES:
        member = package.sheets[sheet]
        parts[member] = grown_sheet(parts[member])
    si_bytes = (limits.MAX_PART_BYTES - 4096) // (limits.MAX_SHARED_STRINGS - 1)
    text = "公开" * ((si_bytes - len("<si><t></t></si>")) // 6)
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN_NS}">'.encode()
                                     + f"<si><t>{text}</t></si>".encode() * (limits.MAX_SHARED_STRINGS - 1) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml" Id="rIdS"/></Relationships>'))
    room = limits.MAX_TOTAL_BYTES - sum(map(len, parts.values())) - 4096
    for i in range(room // limits.MAX_PART_BYTES + 1):
        parts[f"xl/media/zeros{i}.bin"] = bytes(min(limits.MAX_PART_BYTES, room - i * limits.MAX_PART_BYTES))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    accepted = Package(target)  # a benchmark of a refused file would measure nothing
    assert all(0 < accepted.span(sheet).dense_cells <= limits.MAX_DENSE_CELLS for sheet in TABLES)
    return target


LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
error = child.stderr.read().decode("utf-8", "replace").strip()
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss, time.perf_counter() - start, os.waitstatus_to_exitcode(status), error.splitlines()[-1:])
"""


def peak(command: list[str]) -> str:
    """Peak resident MB and seconds of one command, run from a small launcher."""
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True, text=True, check=True)
    kilobytes, seconds, code, _ = out.stdout.split(" ", 3)
    if int(code) not in (0, 1):  # 1: the report has errors, as the worst file does
        raise SystemExit(f"{command[:4]} failed: {out.stdout}")
    return f"{int(kilobytes) / 1024:6.0f} MB {float(seconds):5.2f} s"


def main() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        worst = worst_accepted(Path(tmp) / "worst.xlsx")
        with zipfile.ZipFile(worst) as z:
            inflated = sum(i.file_size for i in z.infolist())
        print(f"worst accepted file: {worst.stat().st_size / 1e6:.1f} MB on disk, {inflated / limits.MIB:.1f} MiB "
              f"inflated (limit {limits.MAX_TOTAL_BYTES // limits.MIB} MiB)")
        print(f"{'peak resident set, wall time':34}{'example':>18}{'worst accepted':>20}")
        rows = {
            "python -c pass (interpreter)": lambda p: [py, "-c", "pass"],
            "xxgk convert (openpyxl)": lambda p: [py, "-m", "xxgk", "convert", str(p), "-o", str(Path(tmp) / "o.json")],
            "one batch worker (calamine)": lambda p: [py, "-c", WORKER, str(p), str(Path(tmp) / "w.json")],
        }
        for name, command in rows.items():
            print(f"{name:34}{peak(command(EXAMPLE)):>18}{peak(command(worst)):>20}")


if __name__ == "__main__":
    main()
