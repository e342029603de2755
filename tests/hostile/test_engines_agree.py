"""``_xHHHH_`` escapes in cells: openpyxl (one-file commands) and calamine (batch) must read the same text,
decoded as OOXML specifies, with characters XML cannot hold replaced and reported; and whatever the batch
archives, the tool can render and fill again."""

from __future__ import annotations

import json

from .case import BATCH, COMPLETES, CONVERT, Case, Expect, built, completes
from .harness import check, fingerprints, invoke_here, prepare
from .package import Package

TEXT = "第一段_x0000_第二段_x001B_[2J第三段_x0041_"
CASE = Case("x0000-in-cells", built("x0000.xlsx", lambda: Package.example().set_text("texts.other", TEXT)
                                    .set_text("metadata.contact_office", "办公室_x0007_").bytes()), completes())


def _comparable(path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("provenance")
    return data


def test_both_engines_archive_the_same_json_and_it_renders_again(tmp_path, healthy):
    runs = {}
    for command in (CONVERT, BATCH):
        run = invoke_here(prepare(CASE, command, tmp_path / command, healthy, jobs=1))
        check(run, CASE.expect[command])
        runs[command] = run
    one = _comparable(runs[CONVERT].out / "report.json")
    row = next(r for r in runs[BATCH].index() if r["文件"] == runs[BATCH].input.name)
    archived = runs[BATCH].out / "batch" / row["输出文件"]
    assert _comparable(archived) == one
    assert "第二段" in one["texts"]["other"] and "_x0000_" not in one["texts"]["other"]
    assert "A" in one["texts"]["other"] and "\x00" not in one["texts"]["other"]
    for command in ("report", "fill"):
        source = Case("archived", lambda folder: folder / archived.name, {command: Expect(COMPLETES)})
        run = prepare(source, command, tmp_path / f"again-{command}", healthy, jobs=1)
        run.input.write_bytes(archived.read_bytes())
        run.before = fingerprints(*run.inputs)
        check(invoke_here(run), source.expect[command])
