"""File helpers: atomic output, fingerprints, canonical JSON, and why a file could not be read or written."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from .errors import XxgkError, shown

_REASONS = {
    errno.EACCES: "没有{action}权限",
    errno.EPERM: "没有{action}权限",
    errno.EROFS: "所在的文件系统是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超出系统允许的大小",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "已有同名的文件夹",
    errno.EEXIST: "已存在同名的文件或文件夹",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "读写设备出错",
    errno.EINVAL: "文件名无效",
}


def os_reason(error: OSError, action: str = "写入") -> str:
    """Why an operating-system call failed, in Chinese (``action``: 写入 or 读取, for the permission case)."""
    reason = _REASONS.get(error.errno or 0)
    if reason is None:
        return f"系统错误（{errno.errorcode.get(error.errno or 0, error.errno)}）"
    return reason.format(action=action)


class WriteError(XxgkError):
    """An output that could not be written; ``errno`` is the operating system's reason."""

    def __init__(self, error: OSError, target: str | os.PathLike) -> None:
        self.errno = error.errno
        super().__init__(f"无法写入 {shown(target)}：{os_reason(error)}")


def check_input_file(path: str | os.PathLike) -> None:
    """Refuse, before anything opens it, an input that is missing, a folder, not a regular file (a pipe or a
    device would block or never end) or not readable."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise XxgkError("文件不存在" if error.errno == errno.ENOENT else f"无法读取：{os_reason(error, '读取')}",
                        path=path) from None
    if stat.S_ISDIR(mode):
        raise XxgkError("这是一个文件夹，应给出文件", path=path)
    if not stat.S_ISREG(mode):
        kind = "管道" if stat.S_ISFIFO(mode) else "设备或套接字"
        raise XxgkError(f"这是{kind}，不是普通文件，无法作为输入", path=path)
    try:
        os.close(os.open(path, os.O_RDONLY))
    except OSError as error:
        raise XxgkError(f"无法读取：{os_reason(error, '读取')}", path=path) from None


def sha256_of(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _short(name: str) -> str:
    """At most 64 bytes of ``name``, so that the temporary name of a long but valid file name stays valid."""
    return os.fsencode(name)[:64].decode("utf-8", "ignore")


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; it replaces ``target`` only if the block succeeds. A symbolic
    link is written through (the file it names is replaced, the link stays), as the shell's ``>`` does."""
    import tempfile  # only where a file is written (reading commands start faster without it)

    target = Path(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{_short(target.name)}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise WriteError(error, target) from None
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):  # a file system without permissions (FAT) keeps its own
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
    try:
        try:
            yield Path(tmp)
            os.replace(tmp, target)
        except OSError as error:  # the block only writes the temporary file
            raise WriteError(error, target) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_all_atomic(files: Iterable[tuple[str | os.PathLike, bytes]]) -> None:
    """Several outputs, all or none: each is written beside its target first, and only when all of them are
    written do they replace their targets."""
    with ExitStack() as stack:
        for target, data in files:
            stack.enter_context(atomic_path(target)).write_bytes(data)


def canonical_json(data: Any) -> str:
    """UTF-8 friendly (Chinese unescaped), indented, newline-terminated; same data, same text.

    Standard JSON only: a NaN or an infinity raises (the model holds none) rather than writing ``Infinity``.
    """
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
