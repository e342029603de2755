"""The short-lived cache: one folder per check under ``<data>/cache``, named by a random id, deleted once it is
older than the keeping time (swept as the cache is used, at most once a minute, since a sweep reads every
folder's record; a folder past its time is never served in between). Nothing of the user's names a path."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ID = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16): 128 random bits
META = "meta.json"
SWEEP_EVERY = 60.0  # seconds of the cache's clock between two sweeps


class Cache:
    def __init__(self, root: Path, keep_seconds: float, clock: Callable[[], float]) -> None:
        self.root, self.keep_seconds, self.clock = root, keep_seconds, clock
        root.mkdir(parents=True, exist_ok=True)
        self._swept: float | None = None

    def new(self) -> tuple[str, Path]:
        self.sweep()
        while True:
            token = secrets.token_urlsafe(16)
            folder = self.root / token
            with contextlib.suppress(FileExistsError):
                folder.mkdir()
                self._write_meta(folder, {"created": self.clock()})
                return token, folder

    def folder(self, token: str) -> Path | None:
        """The folder of a check still kept, or None (unknown, malformed or expired id)."""
        self.sweep()
        if not ID.fullmatch(token):
            return None
        folder = self.root / token
        if not self._kept(folder, self.clock()):
            self.remove(folder)
            return None
        return folder

    def meta(self, folder: Path) -> dict[str, Any] | None:
        try:
            return json.loads((folder / META).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def update(self, folder: Path, **values: Any) -> None:
        meta = self.meta(folder) or {"created": self.clock()}
        self._write_meta(folder, {**meta, **values})

    def _write_meta(self, folder: Path, meta: dict[str, Any]) -> None:
        partial = folder / (META + ".part")
        partial.write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        partial.replace(folder / META)

    def remove(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def _kept(self, folder: Path, now: float) -> bool:
        """The folder has its record and is within the keeping time."""
        return self._in_time(self.meta(folder) if folder.is_dir() else None, now)

    def _in_time(self, meta: dict[str, Any] | None, now: float) -> bool:
        created = meta.get("created") if meta else None
        return isinstance(created, (int, float)) and now - created <= self.keep_seconds

    def _recent(self, folder: Path) -> bool:
        """Made within the keeping time, by the file system's clock (which made it)."""
        try:
            return time.time() - folder.stat().st_mtime <= self.keep_seconds
        except OSError:
            return False

    def sweep(self) -> None:
        """Delete every folder older than the keeping time (and any stray entry without its record), unless
        the last sweep was less than ``SWEEP_EVERY`` ago."""
        now = self.clock()
        if self._swept is not None and 0 <= now - self._swept < SWEEP_EVERY:
            return
        self._swept = now
        for folder in self.root.iterdir():
            if folder.is_dir() and not folder.is_symlink():
                meta = self.meta(folder)  # read once: another process (``--processes``) may be writing it now
                if self._in_time(meta, now) or (meta is None and self._recent(folder)):
                    continue  # kept, or being made by another process
                shutil.rmtree(folder, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    folder.unlink()
