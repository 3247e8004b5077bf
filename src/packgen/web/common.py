"""What the public and admin views share: the server's state, pages, CSRF and error responses."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .auth import Signer, new_token, same
from .config import Settings
from .pages import TEMPLATES, Pages, stamp_of
from .security import SharedLimit
from .site import Site
from .store import Entry

log = logging.getLogger("packgen.web")

MAX_FIELDS = 1000  # a form has tens of answers
STAMP_SECONDS = 1.0
"""How long a look at the templates' times is trusted: an edited template shows within a second."""

T = TypeVar("T")


@dataclass
class Web:
    """Everything a view needs, made once when the app starts."""

    settings: Settings
    site: Site
    engine: Engine
    signer: Signer
    pages: Pages
    submissions: SharedLimit  # per client address: generous (a school trust's network is one address)
    browser_submissions: SharedLimit  # per browser (its form token): strict
    recipients: SharedLimit  # receipts to one email address a day
    sign_ins: SharedLimit
    school_searches: SharedLimit  # "find your school" searches per client address
    outbox: Any = None  # mail.Outbox when SMTP is set up
    blank_forms: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)
    """Each form's blank question page as rendered (web/public.py), with the templates' stamp then."""
    stamp: tuple[float, tuple[int, ...]] | None = None
    """The templates' last stamp and when it was taken (time.monotonic)."""


def web(request: Request) -> Web:
    return request.app.state.web


def csrf_token(request: Request) -> str:
    """This browser's CSRF token, made on first use and kept in its session cookie."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = new_token()
    return token


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(web(request), template, request, csrf_token(request), **context), status_code=status)


def render(w: Web, template: str, request: Request | None, csrf: str, **context: Any) -> str:
    """A page's HTML; ``request`` None for a page kept for every browser (public.blank_form)."""
    page = fresh_pages(w).get_template(template)
    return page.render(request=request, csrf=csrf, user=context.pop("user", None), **context)


def fresh_pages(w: Web) -> Pages:
    """The pages' environment, its compiled templates dropped when a template has changed since it
    was made or they were last dropped. Jinja's own check (``auto_reload``, off in web/pages.py)
    looked at the file of every template a page uses each time it was rendered; ``templates_stamp``
    looks at them once a second at most."""
    stamp = templates_stamp(w)
    if stamp != w.pages.stamp:
        w.pages.cache.clear()
        w.pages.stamp = stamp
    return w.pages


def templates_stamp(w: Web) -> tuple[int, ...]:
    """When each of the pages' templates was last changed: a page kept rendered is rendered again
    when this changes, as Jinja loads a changed template again. The folders are looked at once in
    ``STAMP_SECONDS`` at most: every blank question page looked at some fifty files, a twentieth of
    the server's CPU per application."""
    now = time.monotonic()
    if w.stamp is not None and now - w.stamp[0] < STAMP_SECONDS:
        return w.stamp[1]
    w.stamp = (now, stamp_of([TEMPLATES, w.site.project.templates_dir]))
    return w.stamp[1]


async def form_data(request: Request) -> FormData:
    """The posted form, refusing one with absurdly many fields or files (Starlette answers 400)."""
    return await request.form(max_files=0, max_fields=MAX_FIELDS)


def check_csrf(request: Request, form: FormData) -> None:
    """Refuse a post without this browser's CSRF token (403)."""
    if not same(form.get("_csrf") if isinstance(form.get("_csrf"), str) else None, request.session.get("csrf")):
        raise HTTPException(
            403,
            "This page has expired or the form did not come from this site. Go back, reload the page and try again.",
        )


def client_address(request: Request) -> str:
    """The client's address: the peer's, or what a proxy named by ``--forwarded-allow-ips`` said
    (uvicorn's proxy headers middleware rewrites it only for those; `packgen serve`)."""
    return request.client.host if request.client else "unknown"


def audit_entry(request: Request, actor: str | None, action: str, detail: str | None = None) -> Entry:
    """The audit log's entry for a change made now, from this client: the store writes it in the
    change's own transaction."""
    return Entry(web(request).settings.clock(), actor, action, client_address(request), detail)


async def threaded(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking work (the database, PDF filling) off the event loop."""
    return await run_in_threadpool(func, *args, **kwargs)
