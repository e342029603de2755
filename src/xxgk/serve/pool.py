"""The bounded worker pool of ``xxgk serve``: processes started with the service and reused, each parsing one
upload at a time under a time limit and (on POSIX) an address-space limit. A worker that dies or overruns is
killed and replaced; its request gets a refusal, the next request a fresh worker. When every worker is busy, at
most ``queue`` uploads wait for one; the next is refused at once (``Busy``), so a flood of uploads cannot pile
up without bound.

Workers speak the protocol of ``xxgk.workers`` (one ``(index, item)`` in, ``(index, ok, value)`` out), so a
batch and the service isolate a hostile file the same way.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import XxgkError
from ..workers import _serve, crash_reason


class WorkerFailed(XxgkError):
    """The worker died or ran out of time on an upload (the file's fault, not the service's)."""


class Busy(XxgkError):
    """Every worker is busy and the queue of waiting uploads is full (no fault of the file): try again after
    ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("服务繁忙：正在处理的文件已达上限，请稍后再试")
        self.retry_after = retry_after


def _context():
    # forkserver: a fresh worker is forked from a clean server process, never from the threaded service; the
    # server imports the engine once, so a replacement worker starts without importing it again
    if sys.platform != "linux":
        return multiprocessing.get_context()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["xxgk.serve.check"])
    return context


def limit_memory(limit: int | None) -> None:
    """In a worker: cap its address space, so that a file that inflates past it fails with MemoryError."""
    if limit is None:
        return
    try:
        import resource
    except ImportError:  # Windows: the time limit alone
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@dataclass
class _Worker:
    process: Any
    conn: Any


class WorkerPool:
    def __init__(self, fn: Callable[[Any], Any], size: int, *, timeout: float, memory: int | None,
                 waiting: int = 8, retry_after: int = 10) -> None:
        self._fn, self._timeout, self._memory = fn, timeout, memory
        self._context = _context()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._waiting, self._queue = 0, waiting  # uploads waiting for a worker, and how many may
        self._retry_after = retry_after
        self._closed = False
        self.replaced = 0  # workers started in place of one that died or overran
        for _ in range(max(1, size)):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self._fn, limit_memory, (self._memory,), []),
                                        daemon=True, name="xxgk-serve-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, item: Any) -> Any:
        """``fn(item)`` in a worker (blocking: call it from a thread); the worker's exception is raised here."""
        worker = self._worker()
        try:
            worker.conn.send((0, item))
            if not worker.conn.poll(self._timeout):
                self._replace(worker)
                worker = None
                raise WorkerFailed(f"处理时间超过 {self._timeout:g} 秒，已中止；文件可能结构异常或过于复杂")
            _, ok, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(5)
            code = worker.process.exitcode
            self._replace(worker)
            worker = None
            raise WorkerFailed(crash_reason(code)) from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if not ok:
            raise value
        return value

    def _worker(self) -> _Worker:
        """An idle worker, waiting for one in the queue; ``Busy`` when the queue is full."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._waiting >= self._queue:
                raise Busy(self._retry_after)
            self._waiting += 1
        try:
            return self._idle.get()
        finally:
            with self._lock:
                self._waiting -= 1

    def _replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            if self._closed:
                return
            self.replaced += 1
            self._idle.put(self._start())

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.conn.close()  # the worker reads EOF and ends
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
