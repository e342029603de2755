"""What the route modules share: the settings, the templates, the cache, the worker pool and the store (both
started with the service), CSRF, and the service's clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import anyio.to_thread
from jinja2 import Environment
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse

from . import clock
from .cache import Cache
from .csrf import Csrf
from .pool import WorkerPool
from .refusal import Refusal
from .settings import ServeSettings
from .store import Store

T = TypeVar("T")
FORM_FIELDS = 20_000  # a form of explanations, or the links of a few thousand agencies


@dataclass
class Service:
    settings: ServeSettings
    templates: Environment
    cache: Cache
    csrf: Csrf
    state: dict[str, Any]  # "pool" and "store", while the service runs

    @property
    def pool(self) -> WorkerPool:
        return self.state["pool"]

    @property
    def store(self) -> Store:
        return self.state["store"]

    def now(self) -> datetime:
        return clock.now(self.settings.clock)

    def today(self) -> date:
        return clock.today(self.settings.clock)

    async def db(self, work: Callable[..., T], *args: Any) -> T:
        """``work(session, *args)`` in one transaction, in a thread (the event loop never waits on the database)."""
        def run() -> T:
            with self.store.transaction() as session:
                return work(session, *args)

        return await anyio.to_thread.run_sync(run)

    async def read(self, work: Callable[..., T], *args: Any) -> T:
        """As ``db`` for ``work`` that only reads (``Store.reading``: it waits for no upload being stored)."""
        def run() -> T:
            with self.store.reading() as session:
                return work(session, *args)

        return await anyio.to_thread.run_sync(run)

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page whose forms carry the CSRF field (and the browser its cookie)."""
        token, cookie = self.csrf.token(request)
        return self._answer(request, self._render(template, token, context), status, cookie)

    async def view(self, request: Request, template: str, work: Callable[[Session], dict], **extra: Any):
        """A page of what ``work(session)`` reads, drawn inside the same reading transaction (its objects load
        what the template asks for; on SQLite a reading transaction holds no write lock)."""
        token, cookie = self.csrf.token(request)
        body = await self.read(lambda session: self._render(template, token, {**extra, **work(session)}))
        return self._answer(request, body, 200, cookie)

    def _render(self, template: str, token: str, context: dict) -> str:
        return self.templates.get_template(template).render(csrf=token, shown=clock.shown, **context)

    def _answer(self, request: Request, body: str, status: int, cookie: str | None) -> HTMLResponse:
        response = HTMLResponse(body, status_code=status)
        self.csrf.set_cookie(response, cookie, request)
        return response

    def message(self, request: Request, status: int, heading: str, message: str, back: str | None = None):
        return self.page(request, "message.html.j2", status, heading=heading, message=message, back=back)

    async def form(self, request: Request) -> FormData:
        """A posted form (not an upload), its CSRF field checked."""
        try:
            form = await request.form(max_fields=FORM_FIELDS, max_files=0)
        except Exception:  # starlette's MultiPartException, a malformed body
            raise Refusal(400, "无法读取提交的表单。") from None
        self.csrf.check(request, form)
        return form
