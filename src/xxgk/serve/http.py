"""Headers of every answer (security) and of downloads (a file name every browser reads safely)."""

from __future__ import annotations

import re
from urllib.parse import quote

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
OWN_POLICY = "content-security-policy"
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """ASGI middleware: the security headers on every answer, and ``no-store`` on all but the static files
    (results hold a report that is not published yet)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                # a route may answer with a policy of its own (a chart: an image with its inline styles)
                own = OWN_POLICY if any(k.lower() == OWN_POLICY.encode() for k, _ in message.get("headers", [])) else ""
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in SECURITY_HEADERS or k.decode("latin-1").lower() == own]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k != own]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def content_disposition(name: str) -> str:
    """``attachment`` with the name in UTF-8 (RFC 5987 ``filename*``) and an ASCII fallback without quotes,
    backslashes, controls or path separators."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    safe_stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-") or "report"
    safe_suffix = f".{suffix}" if dot and re.fullmatch(r"[A-Za-z0-9]{1,8}", suffix) else ""
    fallback = safe_stem + safe_suffix
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
