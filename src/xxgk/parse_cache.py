"""What the tool makes of a data file it ships (a format definition, the rule catalog), made once.

Parsing and checking such a file costs every command start-up time; the result is pickled beside the file (in
``__pycache__``, as Python caches bytecode), keyed by the file's content and by the code that makes it, so a
start-up only unpickles it, and an edit of either is parsed and checked again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def parsed(path: Path, kind: str, make: Callable[[bytes], T], result: type, code: Iterable[Path]) -> T:
    """``make(content of path)``, from the cache where it holds an instance of ``result`` made from the same
    content by the same ``code`` (the files of the modules that make it); ``kind`` names the cache file
    (``__pycache__/v2021.definition.pickle``). A cache that cannot be written (a read-only installation) is
    simply left out: the file is then parsed at every start."""
    source = path.read_bytes()
    digest = hashlib.sha256(b"".join([source, *(p.read_bytes() for p in (Path(__file__), *code))])).digest()
    cached = path.parent / "__pycache__" / f"{path.stem}.{kind}.pickle"
    try:
        stored_digest, made = pickle.loads(cached.read_bytes())
        if stored_digest == digest and isinstance(made, result):
            return made
    except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # no cache yet, or one of another version of the file or of the code
    made = make(source)
    _store(cached, pickle.dumps((digest, made), protocol=pickle.HIGHEST_PROTOCOL))
    return made


def _store(path: Path, data: bytes) -> None:
    """Write the cache atomically (a concurrent start reads the old one or the new one, never half of one)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
