"""What a batch leaves in its output folder and finds there next time: a killed run's lock and staging, a
hand-edited manifest, a folder where a report's name should go, the index's file names."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .harness import INTERNAL
from .package import Package
from conftest import EXAMPLE_XLSX

STAGING, MANIFEST, LOCK = ".xxgk-staging", ".xxgk-batch.json", ".xxgk-batch.lock"
NAME = "额敏县上户镇人民政府-2024.json"  # the example's report in a batch output folder


def batch(source: Path, out: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "xxgk", "batch", str(source), "-o", str(out), "--jobs", "1"],
                          capture_output=True, timeout=60)
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr and INTERNAL not in stderr, stderr
    return done


def index(out: Path) -> list[dict[str, str]]:
    with open(out / "index.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def folder_of_examples(tmp: Path, count: int) -> Path:
    source = tmp / "in"
    source.mkdir()
    for n in range(count):
        (source / f"{n:03}.xlsx").write_bytes(EXAMPLE_XLSX.read_bytes())
    return source


def test_a_killed_batch_leaves_no_lock_that_stops_the_next(tmp_path):
    source, out = folder_of_examples(tmp_path, 120), tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-m", "xxgk", "batch", str(source), "-o", str(out), "--jobs", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out / STAGING).is_dir() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # running: the lock is taken and the staging folder made
    assert child.poll() is None, "the batch ended before it could be killed (make the folder bigger)"
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    done = batch(source, out)
    assert done.returncode == 0, done.stderr.decode()
    assert len(index(out)) == 120 and not (out / STAGING).exists()


def test_stale_staging_is_cleaned_by_the_next_run(tmp_path):
    source, out = folder_of_examples(tmp_path, 1), tmp_path / "out"
    (out / STAGING).mkdir(parents=True)
    (out / STAGING / "0.json").write_text("left by a killed run", encoding="utf-8")
    assert batch(source, out).returncode == 0
    assert not (out / STAGING).exists() and (out / NAME).is_file()


def test_a_hand_edited_manifest_cannot_make_the_batch_delete_or_move_a_users_file(tmp_path):
    source, out = folder_of_examples(tmp_path, 1), tmp_path / "out"
    assert batch(source, out).returncode == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["000.xlsx"]["output"] = "keep.json"
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (out / "keep.json").write_text('{"mine": "用户自己的文件"}', encoding="utf-8")
    (source / "000.xlsx").unlink()
    batch(source, out)
    assert (out / "keep.json").read_text(encoding="utf-8") == '{"mine": "用户自己的文件"}'
    (source / "001.xlsx").write_bytes(EXAMPLE_XLSX.read_bytes())
    batch(source, out)
    assert (out / "keep.json").read_text(encoding="utf-8") == '{"mine": "用户自己的文件"}'


def test_a_folder_where_a_reports_name_should_go_is_left_alone(tmp_path):
    source, out = folder_of_examples(tmp_path, 1), tmp_path / "out"
    (out / NAME).mkdir(parents=True)
    (out / NAME / "notes.txt").write_text("用户的文件夹", encoding="utf-8")
    done = batch(source, out)
    assert done.returncode in (0, 1), done.stderr.decode()
    assert (out / NAME / "notes.txt").read_text(encoding="utf-8") == "用户的文件夹"
    rows = index(out)
    assert rows[0]["输出文件"] and (out / rows[0]["输出文件"]).is_file()


def test_the_index_names_each_output_as_it_is_on_disk(tmp_path):
    """An agency name Excel would take for a formula: the file is on disk under the name the index gives."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    Package.example().set_text("metadata.agency_name", "-某某局").write(source / "minus.xlsx")
    Package.example().set_text("metadata.agency_name", "=某某局").write(source / "equals.xlsx")
    assert batch(source, out).returncode == 0
    written = {p.name for p in out.glob("*.json") if not p.name.startswith(".")}
    named = {row["输出文件"] for row in index(out)}
    assert named == written, (named, written)
