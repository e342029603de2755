"""Uploaded files kept content-addressed under ``<data>/files``: ``ab/cd/abcd…`` named by their SHA-256, written
to a temporary file, flushed to disk, then renamed into place, so a file in the store is always whole. A
temporary file left by a killed process is removed at the next start."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

CHUNK = 1 << 20
SHA256 = re.compile(r"[0-9a-f]{64}")


class Blobs:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.partial = root / "tmp"
        self.partial.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        if not SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put_file(self, source: Path) -> str:
        """Copy ``source`` into the store; its SHA-256."""
        with source.open("rb") as f:
            return self._put(iter(lambda: f.read(CHUNK), b""))

    def put_bytes(self, data: bytes) -> str:
        return self._put(iter([data]))

    def _put(self, chunks) -> str:
        digest = hashlib.sha256()
        fd, name = tempfile.mkstemp(dir=self.partial, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            target = self.path(sha256)
            if target.is_file():  # the same content is already kept
                return sha256
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(name, target)
            _fsync_folder(target.parent)
            return sha256
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def sweep(self) -> int:
        """Remove what a killed process left half-written; how many."""
        removed = 0
        for leftover in self.partial.iterdir():
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed += 1
        return removed

    def stored(self):
        """Every kept file: (its name, its path)."""
        for path in self.root.glob("??/??/*"):
            if path.parent.parent.parent == self.root:
                yield path.name, path


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform opens a folder (Windows)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
