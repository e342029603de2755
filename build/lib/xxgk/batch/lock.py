"""One batch at a time per output folder: two runs writing the same index and JSON files would mix them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import XxgkError

NAME = ".xxgk-batch.lock"


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold ``OUTDIR/.xxgk-batch.lock`` (created exclusively, holding the process id) while the batch runs."""
    path = out_dir / NAME
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise XxgkError(f"另一个批量处理正在使用该输出目录；如确认没有其他批量处理在运行，请删除 {NAME} 后重试",
                        path=out_dir) from None
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)
