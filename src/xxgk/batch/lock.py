"""One batch at a time per output folder: two runs writing the same index and JSON files would mix them.

The lock is the operating system's, on the open file ``OUTDIR/.xxgk-batch.lock``: it ends with the process
that holds it, however that process ends, so a batch that was killed never blocks the next one. On POSIX it
is a record lock (``lockf``), which belongs to the process: the batch's forked workers do not inherit it, so
a worker left running after its batch was killed cannot keep the folder locked either.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import XxgkError

NAME = ".xxgk-batch.lock"
BUSY = "另一个批量处理正在使用该输出目录，请等它结束后重试"

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # raises OSError when another process holds it
else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises OSError when another process holds it


def _open_locked(path: Path, out_dir: Path) -> int:
    """The lock file's descriptor, locked; retried when the file was replaced while we waited for it."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            raise XxgkError("输出目录无法写入（权限不足）", path=out_dir) from None
        except OSError as error:
            raise XxgkError(f"无法创建锁文件 {NAME}（{error.strerror}）", path=out_dir) from None
        try:
            _try_lock(fd)
        except OSError:
            os.close(fd)
            raise XxgkError(BUSY, path=out_dir) from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the holder removed the file as we opened it: lock the one now at the path


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock on ``OUTDIR/.xxgk-batch.lock`` (which also shows the holder's process id) while the batch runs."""
    path = out_dir / NAME
    fd = _open_locked(path, out_dir)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        if sys.platform != "win32":
            path.unlink(missing_ok=True)  # while still locked: whoever opens it next makes a new one
            os.close(fd)
        else:
            os.close(fd)  # Windows cannot remove an open file; removed if nobody opened it meanwhile
            with suppress(OSError):
                path.unlink()
