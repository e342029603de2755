"""A request the service refuses: its HTTP status and the one Chinese line the user is told."""

from __future__ import annotations

from ..errors import XxgkError
from .pool import Busy, WorkerFailed


class Refusal(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def worker_refusal(error: Exception, name: str) -> Refusal:
    """What the user is told when the worker gave no result for the file ``name``."""
    if isinstance(error, Busy):
        return Refusal(503, str(error), {"Retry-After": str(error.retry_after)})
    if isinstance(error, WorkerFailed):
        return Refusal(422, f"{name}：{error}")
    if isinstance(error, XxgkError):
        return Refusal(422, str(error))
    if isinstance(error, MemoryError):
        return Refusal(422, f"{name}：处理时所需内存超过上限，文件可能结构异常或过于复杂")
    # a bug of ours on this file: said in one line, not a traceback page
    return Refusal(500, f"{name}：程序内部错误（{type(error).__name__}），请报告此问题")
