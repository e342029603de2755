"""The files a command is given: inputs that are regular files, outputs that are neither folders nor inputs."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

import click

from ..errors import XxgkError
from ..files import WriteError, check_input_file


class InputFile(click.ParamType):
    """An existing, readable regular file (a folder, a pipe or a device is refused before anything opens it)."""

    name = "file"
    folders = False

    def convert(self, value, param, ctx) -> Path:
        path = Path(value)
        if not (self.folders and path.is_dir()):
            check_input_file(path)
        return path


class InputFileOrFolder(InputFile):
    """A regular file as :class:`InputFile`, or a folder (its files are checked where the folder is read)."""

    name = "path"
    folders = True


class OutputFile(click.ParamType):
    """A file to be written: a new one or a regular file to replace (through a symbolic link, see
    :func:`xxgk.files.atomic_path`); never a folder, a device or a pipe (``/dev/null``, ``/dev/stdout``)."""

    name = "file"

    def convert(self, value, param, ctx) -> Path:
        path = Path(value)
        try:
            mode = os.stat(path).st_mode
        except OSError:  # nothing there yet (or a dangling link): it will be created
            return path
        if stat.S_ISDIR(mode):
            raise XxgkError("这是一个文件夹，输出应为文件", path=path)
        if not stat.S_ISREG(mode):
            raise XxgkError("这是设备或管道，输出应为普通文件", path=path)
        return path


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # the same file however named: symlinks, ./, hard links, letter case
    except OSError:  # one of them does not exist: they cannot be the same file
        return False


def check_outputs(outputs: Iterable[Path], inputs: Iterable[Path | None] = ()) -> None:
    """Stop before any work if an output is one of the inputs (it would replace that input), or if an output's
    folder cannot be written."""
    outputs, inputs = list(outputs), [p for p in inputs if p is not None]
    for output in outputs:
        if any(_same(output, source) for source in inputs):
            raise XxgkError("输出文件与输入文件相同，写出会覆盖输入，请另取文件名", path=output)
    for output in outputs:
        refuse_unwritable(output.parent, output)


def check_output_folder(out_dir: Path, *, inputs: Iterable[Path | None]) -> None:
    """A batch's output folder must not be one of its input folders, and must be writable."""
    for folder in inputs:
        if folder is not None and _same(out_dir, folder):
            raise XxgkError("输出目录不能与输入目录相同，请另指定一个目录", path=out_dir)
    refuse_unwritable(out_dir, out_dir)


def refuse_unwritable(folder: Path, output: Path) -> None:
    """``output`` (in ``folder``) cannot be written when the nearest existing folder on the way to ``folder``
    (the missing ones are created) denies it; what this cannot foresee is reported when writing."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.is_dir() and not os.access(existing, os.W_OK | os.X_OK):
        raise WriteError(PermissionError(errno.EACCES, "access"), output)
