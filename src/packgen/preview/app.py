"""The preview's ASGI app: the page, its PDF, the events that tell an open page a save changed
it, and the watch that sends them. A thin layer over the Previewer (views.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .page import STATIC, render_page
from .views import Previewer, View, ViewKey
from .watch import changes

log = logging.getLogger("packgen.preview")
KEEP_ALIVE = 15.0  # seconds between the comments that keep an idle event stream open
ANY = ViewKey("", "", "")  # a page with nothing to show: reloaded on any save

HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


class Broker:
    """The open pages, by what they show, and a way to tell them it changed."""

    CLOSE = "close"

    def __init__(self) -> None:
        self._pages: dict[ViewKey, set[asyncio.Queue[str]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False

    def subscribe(self, key: ViewKey) -> asyncio.Queue[str]:
        self._loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str] = asyncio.Queue()
        if self.closed:
            queue.put_nowait(self.CLOSE)
        self._pages.setdefault(key, set()).add(queue)
        return queue

    def unsubscribe(self, key: ViewKey, queue: asyncio.Queue[str]) -> None:
        queues = self._pages.get(key, set())
        queues.discard(queue)
        if not queues:
            self._pages.pop(key, None)

    def keys(self) -> list[ViewKey]:
        return [key for key in self._pages if key != ANY]

    def publish(self, keys: Sequence[ViewKey], message: str = "reload") -> None:
        for key in [*keys, ANY] if message != self.CLOSE else list(self._pages):
            for queue in self._pages.get(key, ()):
                queue.put_nowait(message)

    def close(self) -> None:
        """End every event stream, as the server is stopping (it would otherwise wait for them).
        Safe to call from a signal handler; an open page reconnects when a server is back."""
        self.closed = True
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.publish, [], self.CLOSE)


def _key(request: Request) -> tuple[ViewKey | None, dict[str, str]]:
    start: ViewKey | None = request.app.state.start
    q = request.query_params if request.query_params or start is None else start.query()
    key = request.app.state.previewer.key(
        q.get("hub"), q.get("programme"), q.get("year"), q.get("document"), q.get("format"), q.get("changes") == "1"
    )
    return key, dict(q)


async def page(request: Request) -> Response:
    previewer: Previewer = request.app.state.previewer
    key, asked = await to_thread.run_sync(_key, request)
    if key is None:
        problems = await to_thread.run_sync(previewer.loading_problems)
        view = View(
            ANY,
            "Nothing to preview",
            None,
            None,
            tuple(problems),
            {},
            False,
            "The project has no hub or programme-year that loads yet.",
            None,
            "",
        )
        options = await to_thread.run_sync(previewer.options)
        return HTMLResponse(render_page(view, options, events="/events?" + urlencode({"any": "1"})))
    if asked != key.query() or not request.query_params:  # one address per view, so a reload comes back to where it was
        return RedirectResponse("/?" + urlencode(key.query()), status_code=303)
    view = await to_thread.run_sync(previewer.view, key)
    options = await to_thread.run_sync(previewer.options)
    pdf = "/pdf?" + urlencode({**key.query(), "v": view.pdf}) if view.pdf else None
    return HTMLResponse(render_page(view, options, events="/events?" + urlencode(key.query()), pdf=pdf))


async def pdf(request: Request) -> Response:
    previewer: Previewer = request.app.state.previewer
    key, _ = await to_thread.run_sync(_key, request)
    data = await to_thread.run_sync(previewer.pdf, key) if key is not None else None
    if data is None:
        return HTMLResponse(
            '<!DOCTYPE html><html lang="en-GB"><title>No PDF</title><main><h1>No PDF</h1>'
            "<p>This pack has not rendered: the preview lists why.</p></main></html>",
            status_code=404,
        )
    name = f"{key.year}-{key.hub}-{key.programme}-{key.document}.pdf"
    return Response(data, media_type="application/pdf", headers={"content-disposition": f'inline; filename="{name}"'})


async def events(request: Request) -> Response:
    """Server-sent events: one `reload` when what the page shows (its fingerprint ``seen``) changes."""
    previewer: Previewer = request.app.state.previewer
    broker: Broker = request.app.state.broker
    if request.query_params.get("any"):
        key = ANY
    else:
        found, _ = await to_thread.run_sync(_key, request)
        key = found or ANY
    seen = request.query_params.get("seen", "")
    queue = broker.subscribe(key)  # before looking, so no save falls between the two

    async def stream() -> AsyncIterator[str]:
        told = asyncio.ensure_future(queue.get())
        try:
            yield "retry: 1000\n\n"
            if key != ANY:
                if (await to_thread.run_sync(previewer.view, key)).fingerprint != seen:
                    yield "event: reload\ndata: changed\n\n"
                    return
                # Deepening lays the pack out in every other format, seconds on a busy machine: a
                # save, or the server stopping, does not wait for it (its thread ends on its own).
                deepening = asyncio.ensure_future(to_thread.run_sync(previewer.deepen, key, abandon_on_cancel=True))
                await asyncio.wait({deepening, told}, return_when=asyncio.FIRST_COMPLETED)
                if not deepening.done():
                    deepening.cancel()
                elif deepening.result():
                    yield "event: reload\ndata: changed\n\n"
                    return
            while not (await asyncio.wait({told}, timeout=KEEP_ALIVE))[0]:
                yield ": still watching\n\n"
            if told.result() != Broker.CLOSE:
                yield "event: reload\ndata: changed\n\n"
        finally:
            told.cancel()
            broker.unsubscribe(key, queue)

    return StreamingResponse(stream(), media_type="text/event-stream")


async def _watch(app: Starlette, stop: asyncio.Event) -> None:
    previewer: Previewer = app.state.previewer
    broker: Broker = app.state.broker
    async for paths in changes(previewer.root, stop):
        try:
            changed = await to_thread.run_sync(previewer.refresh, broker.keys())
        except Exception:
            log.exception("could not refresh the preview after changes to %s", ", ".join(sorted(paths)))
            continue
        broker.publish(changed)


class SecurityHeaders:
    """The same headers on every response: a page that runs only its own script, and is never cached."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower() not in HEADERS]
                html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
                # Chromium's PDF viewer is a page of its own: a policy on the PDF would only get in its way.
                headers += [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in HEADERS.items()
                    if html or k != "content-security-policy"
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(
    previewer: Previewer, *, start: ViewKey | None = None, hosts: Sequence[str] = ("*",), watch: bool = True
) -> Starlette:
    """The preview of ``previewer``'s project, ``start`` the view at /. ``hosts``: the Host
    headers it answers (so a page elsewhere cannot read it through a DNS name pointed at
    127.0.0.1); ``watch``: tell open pages to reload when a save changes them."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(_watch(app, stop)) if watch else None
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/pdf", pdf),
            Route("/events", events),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)), Middleware(SecurityHeaders)],
        lifespan=lifespan,
    )
    app.state.previewer = previewer
    app.state.broker = Broker()
    app.state.start = start
    return app
