"""ASGI middleware that every response passes through: security headers, a request size limit,
signed session cookies; and the limits on submissions and sign-ins, shared through the database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any

from . import store
from .auth import Signer

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SecurityHeaders:
    """Adds the security headers to every response; a response may set its own CSP (a pack page
    with its stylesheet inline names that stylesheet's hash). Pages are not cached unless the
    response says so: they may hold personal data."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"server",)]
                present = {k.lower() for k, _ in headers}
                wanted = {"content-security-policy": CSP, **HEADERS, "cache-control": "no-store"}
                if scope.get("scheme") == "https":
                    wanted["strict-transport-security"] = "max-age=31536000"
                for name, value in wanted.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a request whose body is over ``limit`` bytes with 413, whether or not it says its
    length up front: the body is counted as it arrives and reading stops at the limit."""

    def __init__(self, app: ASGIApp, limit: int, page: Callable[[], bytes]):
        self.app, self.limit, self.page = app, limit, page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await self._refuse(send)
                    return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = self.page()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


COOKIE = "packgen_session"


class Sessions:
    """A signed cookie holding a small session (the CSRF token, who signed in, the receipts this
    browser may see): HttpOnly, SameSite=Lax, Secure when the request came over HTTPS. Starlette's
    ``request.session`` reads and writes it."""

    def __init__(self, app: ASGIApp, signer: Signer, max_age: int):
        self.app, self.signer, self.max_age = app, signer, max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session: dict[str, Any] = {}
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                cookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:
                    continue
                if COOKIE in cookie:
                    loaded = self.signer.loads(cookie[COOKIE].value, "session", self.max_age)
                    if isinstance(loaded, dict):
                        session = loaded
        before = json.dumps(session, sort_keys=True)
        scope["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = scope["session"]
                if json.dumps(current, sort_keys=True) != before:
                    headers = list(message.get("headers", []))
                    headers.append(
                        (b"set-cookie", self._cookie(current, scope.get("scheme") == "https").encode("latin-1"))
                    )
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, session: dict[str, Any], https: bool) -> str:
        if session:
            value, age = self.signer.dumps(session, "session"), f"; Max-Age={self.max_age}"
        else:
            value, age = "", "; Max-Age=0"
        return f"{COOKIE}={value}; Path=/{age}; HttpOnly; SameSite=Lax" + ("; Secure" if https else "")


class SharedLimit:
    """At most ``limit`` events per key (a client address, a form token) in any ``window`` (0: no
    limit), counted in the database so that every server process shares the count."""

    def __init__(self, engine: Any, name: str, limit: int, window: dt.timedelta, clock: Callable[[], dt.datetime]):
        if window > store.EVENTS_KEPT:
            raise ValueError(f"a limit's window is at most {store.EVENTS_KEPT} (store.EVENTS_KEPT), not {window}")
        self.engine, self.name, self.limit, self.window, self.clock = engine, name, limit, window, clock

    def check(self, key: str) -> float | None:
        """None when one more event is allowed now (and counts it), else seconds until one is.
        Blocking: call it from a thread."""
        if self.limit <= 0:
            return None
        return store.count_event(self.engine, f"{self.name}:{key}", self.limit, self.window, self.clock())

    def wait(self, key: str) -> float | None:
        """What ``check`` would answer, counting nothing and writing nothing (a read). Blocking."""
        if self.limit <= 0:
            return None
        return store.event_wait(self.engine, f"{self.name}:{key}", self.limit, self.window, self.clock())

    def of(self, key: str) -> store.Limit | None:
        """The limit for ``key``, to be counted in another transaction (store.submit's); None when unlimited."""
        return store.Limit(f"{self.name}:{key}", self.limit, self.window) if self.limit > 0 else None
