"""The ASGI app: routes, middleware, error pages, and the sender of emails while it runs."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import secrets
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..model.schema import YEAR_ID
from . import admin, dashboard, decisions, public, store
from .auth import Signer
from .common import Web, fresh_pages, log
from .config import Settings
from .db import make_engine, parse_url, upgrade
from .mail import Smtp
from .outbox import Outbox
from .pages import STATIC, environment
from .security import BodyLimit, SecurityHeaders, Sessions, SharedLimit
from .site import Site

HOUR = dt.timedelta(hours=1)
TITLES = {
    400: "The form could not be read",
    403: "Refused",
    404: "Page not found",
    405: "Not allowed here",
    413: "Too much was sent",
    429: "Too many requests",
}


class Static(StaticFiles):
    """The stylesheet and script: the same for everyone, so browsers may keep them a while."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "public, max-age=3600"
        return response


def _plain_page(w: Web, status: int, title: str, body: str) -> bytes:
    """An error page that needs no request, session or database."""
    return (
        fresh_pages(w)
        .get_template("message.html.j2")
        .render(
            request=None,
            csrf="",
            user=None,
            title=title,
            body=body,
            link=("/", "Go to the start"),
        )
        .encode("utf-8")
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    w: Web = request.app.state.web
    title = TITLES.get(exc.status_code, "Something went wrong")
    body = (
        exc.detail
        if exc.detail and exc.detail != _default_detail(exc.status_code)
        else {
            404: "If you typed the web address, check it is correct.",
        }.get(exc.status_code, "Please go back and try again.")
    )
    return HTMLResponse(_plain_page(w, exc.status_code, title, body), status_code=exc.status_code, headers=exc.headers)


def _default_detail(status: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(status).phrase


class CatchAll:
    """Any error a view did not expect becomes a plain 500 page; the traceback goes to the log only.
    Inside the security headers, so even this page carries them."""

    def __init__(self, app: ASGIApp, web_state: Web) -> None:
        self.app, self.web = app, web_state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("error serving %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            body = _plain_page(
                self.web,
                500,
                "Sorry, there is a problem with the service",
                "Please try again later. If you were sending an application, "
                "it has not been sent unless you saw a reference number.",
            )
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})


class YearConvertor(Convertor[str]):
    """A programme-year's academic year in a path, as the schema has it (2024-25)."""

    regex = YEAR_ID.strip("^$")

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("year", YearConvertor())


def create_app(settings: Settings) -> Starlette:
    """The app for a project; raises PackgenError when the project cannot be loaded,
    DatabaseUrlError for a database URL it cannot use, SQLAlchemy's errors when the database
    cannot be reached. Migrations are applied before it returns."""
    site = Site(settings.project)
    engine = make_engine(parse_url(settings.database, settings.project))
    applied = upgrade(engine)
    secret = settings.secret or store.setting(engine, "session_key", lambda: secrets.token_urlsafe(48))
    signer = Signer(secret)
    w = Web(
        settings=settings,
        site=site,
        engine=engine,
        signer=signer,
        pages=environment(site.project.templates_dir),
        submissions=SharedLimit(engine, "submit", settings.submissions_per_hour, HOUR, settings.clock),
        browser_submissions=SharedLimit(
            engine, "submit-browser", settings.submissions_per_browser_hour, HOUR, settings.clock
        ),
        recipients=SharedLimit(
            engine, "recipient", settings.receipts_per_address_day, dt.timedelta(days=1), settings.clock
        ),
        sign_ins=SharedLimit(engine, "sign-in", settings.sign_ins_per_hour, HOUR, settings.clock),
        school_searches=SharedLimit(engine, "school-search", settings.school_searches_per_hour, HOUR, settings.clock),
    )
    if settings.smtp:
        w.outbox = Outbox(
            engine,
            site,
            Smtp.parse(settings.smtp),
            settings.clock,
            settings.mail_retry,
            settings.mail_poll_seconds,
            settings.public_url,
        )

    form = "/{year:year}/{hub}/{programme}"
    decide = "/admin/decisions/{year}/{hub}/{programme}"
    # The applicants' routes first: a year (the schema's YEAR_ID) is not a word like "admin", so
    # none of them can take another's path, and the router tries a few routes a request, not forty.
    routes = [
        Route(form, public.pack_page),
        Route(form + "/apply", public.apply_page, methods=["GET"]),
        Route(form + "/apply", public.apply_post, methods=["POST"]),
        Route(form + "/apply/school", public.find_school, methods=["POST"]),
        Route(form + "/apply/school/confirm", public.confirm_school, methods=["POST"]),
        Route(form + "/apply/invitation/{token}", public.invitation, methods=["GET"]),
        Route(form + "/apply/submit", public.submit, methods=["POST"]),
        Route(form + "/apply/receipt/{reference}", public.receipt),
        Route(form + "/apply/receipt/{reference}/clear", public.clear_receipt, methods=["POST"]),
        Route(form + "/apply/receipt/{reference}/application-form.pdf", public.receipt_pdf),
        Route(form + "/{name}", public.document),
        Route("/", public.index),
        *(Route(path, public.legal) for path in public.LEGAL),
        Mount("/static", Static(directory=STATIC), name="static"),
        Route("/admin", admin.list_page),
        Route("/admin/sign-in", admin.sign_in_page, methods=["GET"]),
        Route("/admin/sign-in", admin.sign_in, methods=["POST"]),
        Route("/admin/sign-out", admin.sign_out, methods=["POST"]),
        Route("/admin/mfa", admin.mfa_page, methods=["GET"]),
        Route("/admin/mfa", admin.mfa, methods=["POST"]),
        Route("/admin/recovery-codes", admin.recovery_codes, methods=["GET"]),
        Route("/admin/forgot", admin.forgot_page, methods=["GET"]),
        Route("/admin/forgot", admin.forgot, methods=["POST"]),
        Route("/admin/reset/{token}", admin.reset_page, methods=["GET"]),
        Route("/admin/reset/{token}", admin.reset, methods=["POST"]),
        Route("/admin/password", admin.password_page, methods=["GET"]),
        Route("/admin/password", admin.change_password, methods=["POST"]),
        Route("/admin/applications/{reference}", admin.application),
        Route("/admin/applications/{reference}/application-form.pdf", admin.application_pdf),
        Route("/admin/applications/{reference}/delete", admin.delete_application, methods=["POST"]),
        Route("/admin/audit", admin.audit_page),
        Route("/admin/recruitment", dashboard.recruitment),
        Route("/admin/subject-access", admin.subject_access),
        Route("/admin/export.{fmt}", admin.export),
        Route("/admin/emails/{email_id:int}/retry", admin.retry_email, methods=["POST"]),
        Route("/admin/decisions", decisions.index),
        Route(decide, decisions.decisions_page),
        Route(decide + "/propose", decisions.propose, methods=["POST"]),
        Route(decide + "/change", decisions.change, methods=["POST"]),
        Route(decide + "/confirm", decisions.confirm, methods=["POST"]),
        Route(decide + "/withdraw", decisions.withdraw, methods=["POST"]),
        Route("/schools/find", public.search_schools),
        Route("/decision", public.decision_page, methods=["GET"]),
        Route("/decision", public.decision, methods=["POST"]),
    ]

    async def purge_daily() -> None:
        """Delete what is past its retention at start, then every day (each process does it; a
        second finds nothing left to delete)."""
        while True:
            try:
                for purge in (store.purge, store.purge_emails):
                    await asyncio.to_thread(
                        purge, engine, settings.clock(), settings.retention_months, "the server (daily)"
                    )
            except Exception:
                log.exception("could not purge applications past their retention")
            await asyncio.sleep(24 * 3600)

    async def forget_hourly() -> None:
        """Delete the limits' events past the longest window at start, then every hour: they count
        for nothing, and an address that never came back would leave them for good."""
        while True:
            try:
                await asyncio.to_thread(store.forget_limit_events, engine, settings.clock())
            except Exception:
                log.exception("could not delete the limits' old events")
            await asyncio.sleep(3600)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        tasks = []
        if w.outbox is not None:
            tasks.append(asyncio.create_task(w.outbox.run()))
        tasks.append(asyncio.create_task(forget_hourly()))
        if settings.retention_months is not None:
            tasks.append(asyncio.create_task(purge_daily()))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            engine.dispose()

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(CatchAll, web_state=w),
            Middleware(
                BodyLimit,
                limit=settings.max_body,
                page=lambda: _plain_page(
                    w, 413, TITLES[413], "What was sent is larger than any application. Please go back and try again."
                ),
            ),
            Middleware(Sessions, signer=signer, max_age=max(settings.session_hours, settings.answers_hours, 1) * 3600),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )
    app.state.web = w
    app.state.migrations_applied = applied
    return app
