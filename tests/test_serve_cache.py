"""The check page's cache: a sweep reads every folder's record, so it runs at most once a minute; a folder past
its keeping time is never served in between, and is deleted when asked for."""

from __future__ import annotations

import os
import time

from xxgk.serve.cache import SWEEP_EVERY, Cache


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_sweeps_are_a_minute_apart_and_an_expired_folder_is_never_served(tmp_path):
    clock = Clock()
    cache = Cache(tmp_path, keep_seconds=100, clock=clock)
    token, folder = cache.new()  # the first use sweeps
    stray = tmp_path / "stray.txt"
    stray.write_text("no record")
    clock.now += SWEEP_EVERY / 2
    cache.new()
    assert stray.exists()  # no sweep yet
    clock.now += SWEEP_EVERY / 2
    assert cache.folder(token) == folder
    assert not stray.exists()  # a minute after the last one: swept
    clock.now += 100 - SWEEP_EVERY + 1  # past its keeping time, a few seconds after the last sweep
    assert cache.folder(token) is None and not folder.exists()


def test_an_unknown_or_malformed_id_is_none(tmp_path):
    cache = Cache(tmp_path, keep_seconds=100, clock=Clock())
    assert cache.folder("A" * 22) is None and cache.folder("../etc") is None


def test_a_folder_another_process_is_making_is_kept_and_a_forgotten_one_swept(tmp_path):
    """With ``--processes`` another process may have made its folder and not yet written the record: a sweep
    keeps it; a folder without a record for longer than the keeping time is what a killed process left."""
    cache = Cache(tmp_path, keep_seconds=100, clock=Clock())
    being_made, forgotten = tmp_path / ("a" * 22), tmp_path / ("b" * 22)
    being_made.mkdir()
    forgotten.mkdir()
    old = time.time() - 101
    os.utime(forgotten, (old, old))
    cache.sweep()
    assert being_made.is_dir() and not forgotten.exists()


def test_a_record_written_while_the_sweep_looks_does_not_get_the_folder_deleted(tmp_path, monkeypatch):
    """Another process writes the record just after the sweep found none: one look decides, so it is kept."""
    cache = Cache(tmp_path, keep_seconds=100, clock=Clock())
    folder = tmp_path / ("c" * 22)
    folder.mkdir()
    (folder / "meta.json").write_text('{"created": 1000000.0}', "utf-8")
    looks = []
    real = Cache.meta

    def meta(self, folder):
        looks.append(folder)
        return None if len(looks) == 1 else real(self, folder)  # the record lands right after the first look

    monkeypatch.setattr(Cache, "meta", meta)
    cache.sweep()
    assert folder.is_dir()
