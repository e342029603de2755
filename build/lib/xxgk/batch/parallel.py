"""Running a function over many items in worker processes (``--jobs``), results in input order."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _context():
    # fork: workers inherit the parent's imports and caches (format definitions, layouts, pydantic models);
    # elsewhere the platform's default (spawn) re-imports in each worker.
    return multiprocessing.get_context("fork") if sys.platform == "linux" else multiprocessing.get_context()


def parallel_map(fn: Callable[[T], R], items: Sequence[T], jobs: int,
                 initializer: Callable[..., Any] | None = None, initargs: tuple = ()) -> Iterator[R]:
    """``map(fn, items)`` on ``jobs`` processes (in this process when 1). A worker that dies raises
    ``concurrent.futures.process.BrokenProcessPool`` here."""
    if jobs <= 1 or len(items) <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, items)
        return
    workers = min(jobs, len(items))
    chunk = max(1, min(16, len(items) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(fn, items, chunksize=chunk)
