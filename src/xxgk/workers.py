"""Running a function over many files in worker processes, so that a file which kills its process (an abort
in a native library, the kernel's out-of-memory killer) costs only that file.

Each worker takes one item at a time from its own pipe, and the parent knows which items each worker holds,
in order: when a worker dies, the item it was working on is the first one it had not answered. That item
gets ``on_crash``'s result; the items queued behind it go to the other workers or to a fresh one. Even one
job runs in a child process: the process that holds the lock, the index and the summary never reads a file
itself.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

QUEUED = 2  # items sent ahead to each worker, so that it never waits for the parent between two files


def crash_reason(exitcode: int | None) -> str:
    """Why a file has no result when its worker died (the process's exit status, in words)."""
    if exitcode is not None and exitcode < 0:
        try:
            how = f"信号 {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"信号 {-exitcode}"
    else:
        how = f"退出码 {exitcode}"
    return f"处理时工作进程意外退出（{how}），可能是文件结构异常或内存不足"


def _context():
    # fork: workers inherit the parent's imports and caches (format definitions, layouts, pydantic models);
    # elsewhere the platform's default (spawn) re-imports in each worker.
    return multiprocessing.get_context("fork") if sys.platform == "linux" else multiprocessing.get_context()


def _serve(conn: Connection, fn: Callable[[Any], Any], initializer: Callable[..., Any] | None, initargs: tuple,
           inherited: list[Connection]) -> None:
    """A worker: answer ``(index, item)`` with ``(index, True, fn(item))`` (or ``False`` and the exception)."""
    for other in inherited:  # parent ends copied by fork: holding one would hide that pipe's end from its reader
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it ends its workers
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent is done, or gone
        index, item = task
        try:
            reply = (index, True, fn(item))
        except Exception as error:
            reply = (index, False, error)
        try:
            conn.send(reply)
        except OSError:
            return
        except Exception as error:  # a result or exception that cannot be pickled
            conn.send((index, False, RuntimeError(f"{type(error).__name__}: {error}")))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    holding: deque[int] = field(default_factory=deque)  # indexes sent and not yet answered, in order


def isolated_map(fn: Callable[[T], R], items: Sequence[T], jobs: int, on_crash: Callable[[T, int | None], R],
                 initializer: Callable[..., Any] | None = None, initargs: tuple = ()) -> Iterator[R]:
    """``map(fn, items)`` on ``jobs`` child processes, results in input order. An item whose worker died
    gives ``on_crash(item, exitcode)``. An exception raised by ``fn`` (or ``on_crash``) is raised here, in
    its item's place in the order."""
    if not items:
        return
    context = _context()
    jobs = max(1, min(jobs, len(items)))
    todo = deque(range(len(items)))
    done: dict[int, tuple[bool, Any]] = {}  # index -> (True, result) or (False, exception)
    workers: list[_Worker] = []

    def start() -> None:
        parent, child = context.Pipe()
        # what fork copies into the child and it must close: its own pipe's parent end, and other workers'
        inherited = [parent, *(w.conn for w in workers)] if context.get_start_method() == "fork" else []
        process = context.Process(target=_serve, args=(child, fn, initializer, initargs, inherited), daemon=True)
        process.start()
        child.close()
        workers.append(_Worker(process, parent))

    def bury(worker: _Worker) -> None:
        workers.remove(worker)
        worker.conn.close()
        worker.process.join()
        if worker.holding:
            culprit = worker.holding.popleft()
            try:
                done[culprit] = (True, on_crash(items[culprit], worker.process.exitcode))
            except Exception as error:
                done[culprit] = (False, error)
            todo.extendleft(reversed(worker.holding))  # never started: they go to the front of the queue
        if todo and len(workers) < jobs:
            start()

    try:
        for _ in range(jobs):
            start()
        emitted = 0
        while emitted < len(items):
            for worker in workers:
                while todo and len(worker.holding) < QUEUED:
                    index = todo.popleft()
                    try:
                        worker.conn.send((index, items[index]))
                    except OSError:  # it died; ``wait`` reports it next
                        todo.appendleft(index)
                        break
                    worker.holding.append(index)
            ready = wait([w.conn for w in workers])
            for worker in [w for w in workers if w.conn in ready]:
                try:
                    index, ok, value = worker.conn.recv()
                except (EOFError, OSError):
                    bury(worker)
                    continue
                worker.holding.popleft()
                done[index] = (ok, value)
            while emitted in done:
                ok, value = done.pop(emitted)
                if not ok:
                    raise value
                yield value
                emitted += 1
    finally:
        for worker in workers:
            if worker.holding:  # stopped early (an exception, Ctrl+C): its file's result is not wanted
                worker.process.terminate()
            worker.conn.close()  # an idle worker reads the end of its pipe and exits
        for worker in workers:
            worker.process.join()
