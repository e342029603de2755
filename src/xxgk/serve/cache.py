"""The short-lived cache: one folder per check under ``<data>/cache``, named by a random id, deleted once it is
older than the keeping time (swept whenever the cache is used). Nothing of the user's names a path."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

ID = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16): 128 random bits
META = "meta.json"


class Cache:
    def __init__(self, root: Path, keep_seconds: float, clock: Callable[[], float]) -> None:
        self.root, self.keep_seconds, self.clock = root, keep_seconds, clock
        root.mkdir(parents=True, exist_ok=True)

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
        return folder if self.meta(folder) is not None else None

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

    def sweep(self) -> None:
        """Delete every folder older than the keeping time (and any stray entry without its record)."""
        now = self.clock()
        for folder in self.root.iterdir():
            meta = self.meta(folder) if folder.is_dir() else None
            created = meta.get("created") if meta else None
            if isinstance(created, (int, float)) and now - created <= self.keep_seconds:
                continue
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    folder.unlink()
