"""One writing transaction at a time on a SQLite database. SQLite has one writer; a writer that finds the file
locked polls it with growing sleeps (its busy timeout). So the threads of a process take turns on a lock of
their own, and the processes serving one data folder (``xxgk serve --processes``) on the operating system's
lock of a file beside the database: a waiting writer starts the moment the previous one ends. The lock ends
with its process, however that ends. On Windows the processes are left to SQLite's busy timeout."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

if sys.platform != "win32":
    import fcntl
else:  # pragma: no cover - Windows
    fcntl = None


class WriterLock:
    def __init__(self, path: Path | None) -> None:
        """``path``: the lock file, beside the database; None for a database of this process only."""
        self._threads = threading.Lock()
        self._path = path if fcntl is not None else None
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._threads.acquire()
        try:
            if self._path is not None:
                if self._fd is None:
                    self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *exc) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def close(self) -> None:
        with self._threads:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
