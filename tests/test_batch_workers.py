"""A worker that dies costs only the file it was on; a killed batch leaves nothing that blocks the next one."""

import contextlib
import faulthandler
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from test_batch import by_file, make_folder, read_index
from test_batch_previous import last_year
from xxgk.batch import job as batch_job
from xxgk.batch import run as batch_run
from xxgk.batch.lock import NAME as LOCK
from xxgk.batch.run import STAGING, run_batch
from xxgk.workers import isolated_map

from support import run_xxgk, write_workbook


def abort() -> None:
    faulthandler.disable()  # pytest's handler would print the worker's stack on the test run's output
    os.abort()


DEATHS = {"abort": abort, "kill": lambda: os.kill(os.getpid(), signal.SIGKILL)}  # SIGKILL: as the OOM killer


def dies_on(monkeypatch, relpath: str, death: str) -> None:
    """The job's reader kills its process on one file (the forked workers inherit the patch)."""
    real = batch_job._read

    def read(job):
        if job.relpath == relpath:
            DEATHS[death]()
        return real(job)

    monkeypatch.setattr(batch_job, "_read", read)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("death", ["abort", "kill"])
def test_a_file_that_kills_its_worker_costs_only_that_file(tmp_path, monkeypatch, jobs, death):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    run_batch(src, tmp_path / "healthy")
    expected = {f: r["状态"] for f, r in by_file(read_index(tmp_path / "healthy")).items()}
    dies_on(monkeypatch, "sub/invalid.xlsx", death)
    result = run_batch(src, out, jobs=jobs)  # in this process: an abort outside a worker would end the test run
    rows = by_file(read_index(out))
    signal_name = "SIGABRT" if death == "abort" else "SIGKILL"
    assert rows["sub/invalid.xlsx"]["状态"] == "无法读取"
    assert rows["sub/invalid.xlsx"]["说明"] == f"处理时工作进程意外退出（信号 {signal_name}），可能是文件结构异常或内存不足"
    assert {f: r["状态"] for f, r in rows.items() if f != "sub/invalid.xlsx"} == {
        f: s for f, s in expected.items() if f != "sub/invalid.xlsx"}
    assert sorted(result.outputs) == ["valid.xlsx", "warning.xlsx"]
    assert all((out / name).is_file() for name in result.outputs.values())

    monkeypatch.undo()  # the file that died is tried again next time (the cause may have been memory)
    again = run_batch(src, out, jobs=jobs)
    assert again.converted == 1 and by_file(read_index(out))["sub/invalid.xlsx"]["状态"] == "有错误"


def test_many_files_with_several_deaths_keep_every_other_result_in_order(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        write_workbook(src / f"{i:02d}.xlsx", f"t4.review.upheld = {i}")
    for relpath in ("00.xlsx", "05.xlsx", "11.xlsx"):  # the first, a middle and the last file
        dies_on(monkeypatch, relpath, "abort")
    lines = []

    class Log:
        def start(self, total):
            pass

        def advance(self, outcome):
            lines.append(outcome.relpath)

        def finish(self):
            pass

    result = run_batch(src, tmp_path / "out", jobs=2, reporter=Log())
    assert lines == [f"{i:02d}.xlsx" for i in range(12)]
    died = [o.relpath for o in result.outcomes if o.status == "failed"]
    assert died == ["00.xlsx", "05.xlsx", "11.xlsx"]
    assert result.converted == 12 and len(result.outputs) == 9


def test_a_previous_year_file_that_kills_its_reader_is_only_not_matched(tmp_path, monkeypatch):
    src, prev = tmp_path / "in", tmp_path / "prev"
    src.mkdir()
    prev.mkdir()
    write_workbook(src / "a.xlsx")
    write_workbook(prev / "bad.xlsx")
    last_year(prev / "good.json")
    real = batch_run.identify

    def identify(path, relpath):
        if relpath == "bad.xlsx":
            abort()
        return real(path, relpath)

    monkeypatch.setattr(batch_run, "identify", identify)
    result = run_batch(src, tmp_path / "out", previous_dir=prev, jobs=1)
    (row,) = read_index(tmp_path / "out")
    assert (row["状态"], row["上年报告"]) == ("有警告", "good.json")  # the example's one warning
    assert result.exit_code == 0


def _double(x):
    if x == 3:
        abort()
    if x == 7:
        raise ValueError("seven")
    return 2 * x


@pytest.mark.parametrize("jobs", [1, 3])
def test_isolated_map_gives_the_dead_items_result_in_place_and_raises_in_order(jobs):
    results = isolated_map(_double, list(range(7)), jobs, lambda item, code: ("died", item, code))
    assert list(results) == [0, 2, 4, ("died", 3, -signal.SIGABRT), 8, 10, 12]
    results = isolated_map(_double, list(range(10)), jobs, lambda item, code: None)
    assert [next(results) for _ in range(7)] == [0, 2, 4, None, 8, 10, 12]
    with pytest.raises(ValueError, match="seven"):
        next(results)


KILLABLE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from xxgk.batch import job
    from xxgk.batch.run import run_batch

    real = job._read

    def slow(j):
        if j.relpath == "slow.xlsx":
            Path(sys.argv[3]).write_text("started")
            time.sleep(30)
        return real(j)

    job._read = slow
    run_batch(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)
""")


def test_a_batch_killed_with_sigkill_does_not_block_the_next_run_and_its_staging_is_cleaned(tmp_path):
    src, out, started = make_folder(tmp_path / "in"), tmp_path / "out", tmp_path / "started"
    write_workbook(src / "slow.xlsx", "metadata.agency_name = 丁镇人民政府")
    batch = subprocess.Popen([sys.executable, "-c", KILLABLE, str(src), str(out), str(started)],
                             start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not started.exists():
            assert batch.poll() is None and time.monotonic() < deadline, "the batch did not reach slow.xlsx"
            time.sleep(0.05)
        assert (out / LOCK).exists() and (out / STAGING).is_dir()
        os.kill(batch.pid, signal.SIGKILL)  # the batch only: its worker lives on, still inside slow.xlsx
        batch.wait(timeout=30)

        result = run_xxgk("batch", src, "-o", out)
        assert result.returncode == 1, result.stderr.decode()  # the folder has an invalid and a corrupt file
        assert "本次转换 5 个" in result.stderr.decode()
        assert by_file(read_index(out))["slow.xlsx"]["状态"] == "有警告"  # the example's one warning
        assert not (out / LOCK).exists() and not (out / STAGING).exists()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(batch.pid, signal.SIGKILL)  # the orphaned worker
