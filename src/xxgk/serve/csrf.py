"""CSRF protection of every form: a random cookie (HttpOnly, SameSite=Strict) and, in each form, a hidden field
holding the HMAC of that cookie under the service's secret. A forged request from another site carries neither
the cookie (SameSite) nor a field that matches it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from .refusal import Refusal

COOKIE = "xxgk_csrf"
FIELD = "csrf"
SECRET_FILE = "secret.key"


def load_secret(data: Path) -> bytes:
    """The service's secret, made once in the data folder (readable by its owner only)."""
    path = data / SECRET_FILE
    if not path.is_file():
        from ..files import write_bytes_atomic

        write_bytes_atomic(path, secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


class Csrf:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, value: str) -> str:
        return hmac.new(self._secret, value.encode(), hashlib.sha256).hexdigest()

    def token(self, request: Request) -> tuple[str, str | None]:
        """(the form field's value, the cookie to set when the browser has none yet)."""
        cookie = request.cookies.get(COOKIE)
        new = None
        if not cookie or len(cookie) > 64:
            cookie = new = secrets.token_urlsafe(16)
        return self._sign(cookie), new

    def set_cookie(self, response: Response, value: str | None, request: Request) -> None:
        if value is not None:
            response.set_cookie(COOKIE, value, httponly=True, samesite="strict", path="/",
                                secure=request.url.scheme == "https")

    def check(self, request: Request, form: FormData) -> None:
        cookie = request.cookies.get(COOKIE, "")
        field = str(form.get(FIELD, ""))
        if not cookie or not hmac.compare_digest(self._sign(cookie), field):
            raise Refusal(403, "表单已失效或来源不明（CSRF 校验未通过），请返回上一页刷新后重试。")
