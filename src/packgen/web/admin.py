"""/admin: hub staff sign in, see their hub's applications with status and problems, and export
them with exactly `packgen collect`'s columns. A hub account sees its own hub only; a national
account sees every hub. Every admin URL sends a visitor without a session to sign in."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..collect.applications import Collection
from ..collect.sheet import to_csv, to_xlsx
from ..forms.applications import Application, columns_of
from . import finder, store
from .auth import (
    TooBusy,
    hash_password,
    hashing,
    needs_rehash,
    new_token,
    password_problem,
    signing_in,
    verify_password,
)
from .common import audit_entry, check_csrf, client_address, form_data, log, page, threaded, web
from .letters import letters_sent
from .mail import deliverable, describe_error, reset_link
from .public import labels
from .store import Email, Stored, User

SIGN_IN = "/admin/sign-in"
View = Callable[[Request, User], Awaitable[Response]]


async def current_user(request: Request) -> User | None:
    """Who is signed in: the session in the cookie must still be in the database (sign-out, a
    new password and removing the account delete it), used within the idle limit and begun
    within the absolute one."""
    w = web(request)
    token = request.session.get("sid")
    if not isinstance(token, str):
        return None
    return await threaded(
        store.session_user,
        w.engine,
        token,
        w.settings.clock(),
        dt.timedelta(minutes=w.settings.session_idle_minutes),
        dt.timedelta(hours=w.settings.session_hours),
    )


def admin_only(view: View) -> Callable[[Request], Awaitable[Response]]:
    """Run the view for a signed-in user; send anyone else to sign in, coming back here after."""

    @functools.wraps(view)
    async def wrapped(request: Request) -> Response:
        user = await current_user(request)
        if user is None:
            back = request.url.path if request.method == "GET" else "/admin"
            if request.method == "GET" and request.url.query:
                back += "?" + request.url.query
            return RedirectResponse(f"{SIGN_IN}?next={quote(back, safe='')}", status_code=303)
        return await view(request, user)

    return wrapped


async def _audit(
    request: Request, actor: str | None, action: str, target: str | None = None, detail: str | None = None
) -> None:
    """One line of the audit log: who, what, when (the server's clock), from where; never an answer."""
    await threaded(store.audit, web(request).engine, audit_entry(request, actor, action, detail), target)


def _safe_next(value: object) -> str:
    """Where to go after signing in: only a page of /admin, never another site."""
    if isinstance(value, str) and value.startswith("/admin") and not value.startswith("//") and "\\" not in value:
        return value
    return "/admin"


async def sign_in_page(request: Request) -> Response:
    if await current_user(request) is not None:
        return RedirectResponse("/admin", status_code=303)
    return page(
        request, "admin/sign_in.html.j2", next=_safe_next(request.query_params.get("next")), email="", problems=[]
    )


def _too_many(request: Request, wait: float, title: str = "Too many attempts to sign in") -> Response:
    minutes = int(wait // 60) + 1
    response = page(
        request,
        "message.html.j2",
        status=429,
        title=title,
        body=f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        link=None,
    )
    response.headers["retry-after"] = str(int(wait) + 1)
    return response


async def sign_in(request: Request) -> Response:
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    email = str(form.get("email", ""))[:320]
    password = str(form.get("password", ""))[:1000]
    nxt = _safe_next(form.get("next"))
    address = client_address(request)
    # Read first, so an address over its limit never takes one of the few places below.
    wait = await threaded(w.sign_ins.wait, address)
    if wait is not None:
        return _too_many(request, wait)
    try:
        with signing_in():
            wait = await threaded(w.sign_ins.check, address)
            if wait is not None:
                return _too_many(request, wait)
            user = await threaded(store.user_by_email, w.engine, email)
            if user is not None:
                locked = await threaded(store.locked_for, w.engine, user.id, w.settings.clock())
                if locked is not None:
                    await _audit(request, None, "sign-in refused: locked", user.email)
                    return _too_many(request, locked.total_seconds(), "This account is locked for now")
            right = await hashing(verify_password, user.password_hash if user else None, password)
    except TooBusy:
        return _too_many(request, 5, "Too many people are signing in")
    if not right or user is None:
        await _audit(request, None, "sign-in failed", email.strip().lower() or None)
        if user is not None:
            await threaded(store.sign_in_failed, w.engine, user.id, w.settings.clock())
            if w.outbox is not None:
                w.outbox.wake()
        problems = [("f-email", "Email address", "Enter the email address and password of your account")]
        return page(request, "admin/sign_in.html.j2", status=400, next=nxt, email=email, problems=problems)
    await threaded(store.sign_in_succeeded, w.engine, user.id)
    if needs_rehash(user.password_hash):  # made with older parameters: made again with today's
        with contextlib.suppress(TooBusy):
            await threaded(store.set_password, w.engine, user.id, await hashing(hash_password, password))
    request.session.clear()  # a new session: nothing from before signing in carries over
    if user.has_mfa or _mfa_required(request, user):
        request.session.update({"pending": user.id, "pending_at": time.time(), "next": nxt, "csrf": new_token()})
        return RedirectResponse(MFA, status_code=303)
    await _start(request, user)
    return RedirectResponse(nxt, status_code=303)


MFA = "/admin/mfa"
PENDING_SECONDS = 600  # the second step must follow the password within 10 minutes
RECOVERY_CODES = 10


def _mfa_required(request: Request, user: User) -> bool:
    """A national account must use a second step; a hub's account must when the server is told
    to require it for that hub (--require-mfa)."""
    return user.hub is None or user.hub in web(request).settings.mfa_hubs


async def _start(request: Request, user: User) -> None:
    w = web(request)
    await _audit(request, user.email, "sign-in")
    token = await threaded(store.start_session, w.engine, user.id, w.settings.clock())
    request.session.clear()
    request.session.update({"sid": token, "csrf": new_token()})


async def _pending(request: Request) -> User | None:
    user_id, since = request.session.get("pending"), request.session.get("pending_at")
    if not isinstance(user_id, int) or not isinstance(since, (int, float)) or time.time() - since > PENDING_SECONDS:
        return None
    return await threaded(store.user_by_id, web(request).engine, user_id)


def _setup_secret(request: Request) -> str:
    import pyotp

    secret = request.session.get("setup_secret")
    if not isinstance(secret, str):
        secret = request.session["setup_secret"] = pyotp.random_base32()
    return secret


def _mfa_page(request: Request, user: User, problems: list, status: int = 200) -> Response:
    import pyotp

    if user.has_mfa:
        return page(request, "admin/mfa.html.j2", status=status, setup=False, problems=problems)
    secret = _setup_secret(request)
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Maths Hubs applications")
    return page(request, "admin/mfa.html.j2", status=status, setup=True, secret=secret, uri=uri, problems=problems)


async def mfa_page(request: Request) -> Response:
    user = await _pending(request)
    if user is None:
        return RedirectResponse(SIGN_IN, status_code=303)
    return _mfa_page(request, user, [])


async def mfa(request: Request) -> Response:
    """The second step: the app's code (or a recovery code); or, the first time, setting the app up."""
    import pyotp

    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    user = await _pending(request)
    if user is None:
        return RedirectResponse(SIGN_IN, status_code=303)
    locked = await threaded(store.locked_for, w.engine, user.id, w.settings.clock())
    if locked is not None:
        return _too_many(request, locked.total_seconds(), "This account is locked for now")
    code = str(form.get("code", ""))[:100]
    nxt = _safe_next(request.session.get("next"))
    now = w.settings.clock()
    if user.has_mfa:
        if not await threaded(store.check_second_step, w.engine, user.id, code, now):
            await threaded(store.sign_in_failed, w.engine, user.id, now)
            await _audit(request, None, "second step failed", user.email)
            problems = [("f-code", "Code", "Enter the 6-digit code your app shows now, or a recovery code")]
            return _mfa_page(request, user, problems, 400)
        await _start(request, user)
        return RedirectResponse(nxt, status_code=303)
    secret = _setup_secret(request)
    if not pyotp.TOTP(secret).verify("".join(code.split()), for_time=now, valid_window=1):
        problems = [("f-code", "Code", "Enter the 6-digit code your app shows now")]
        return _mfa_page(request, user, problems, 400)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    shown = [f"{c[:5]}-{c[5:]}" for c in codes]
    step = int(now.timestamp()) // 30 + 1  # the code just used (or one a step ahead) cannot be used again
    hashes, entry = [store.token_hash(c) for c in codes], audit_entry(request, user.email, "second step set up")
    await threaded(store.set_up_mfa, w.engine, user.id, secret, step, hashes, entry)
    await _start(request, user)
    request.session["recovery"] = shown  # shown once, on the next page
    return RedirectResponse(f"/admin/recovery-codes?next={quote(nxt, safe='')}", status_code=303)


@admin_only
async def recovery_codes(request: Request, user: User) -> Response:
    codes = request.session.pop("recovery", None)
    if not isinstance(codes, list):
        return RedirectResponse("/admin", status_code=303)
    nxt = _safe_next(request.query_params.get("next"))
    return page(request, "admin/recovery.html.j2", user=user, codes=codes, next=nxt)


@admin_only
async def sign_out(request: Request, user: User) -> Response:
    form = await form_data(request)
    check_csrf(request, form)
    entry = audit_entry(request, user.email, "sign-out")
    await threaded(store.end_sessions, web(request).engine, user.id, entry)  # every browser, every process
    request.session.clear()
    return RedirectResponse(SIGN_IN, status_code=303)


@admin_only
async def password_page(request: Request, user: User) -> Response:
    return page(request, "admin/password.html.j2", user=user, errors={}, problems=[])


@admin_only
async def change_password(request: Request, user: User) -> Response:
    """A new password: the current one must be right; every session of the account ends (a
    copied cookie with it) and this browser gets a new one."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    current, new, again = (str(form.get(name, ""))[:1000] for name in ("current", "new", "again"))
    errors: dict[str, str] = {}
    try:
        right = await hashing(verify_password, user.password_hash, current)
    except TooBusy:
        return _too_many(request, 5, "Too many people are signing in")
    if not right:
        errors["f-current"] = "Enter your current password"
    problem = password_problem(new)
    if problem:
        errors["f-new"] = problem[:1].upper() + problem[1:]
    elif new != again:
        errors["f-again"] = "Enter the same new password twice"
    if errors:
        labels = {"f-current": "Your current password", "f-new": "New password", "f-again": "New password again"}
        problems = [(k, labels[k], v) for k, v in errors.items()]
        return page(request, "admin/password.html.j2", status=400, user=user, errors=errors, problems=problems)
    try:
        new_hash = await hashing(hash_password, new)
    except TooBusy:
        return _too_many(request, 5, "Too many people are signing in")
    await threaded(
        store.set_password, w.engine, user.id, new_hash, audit_entry(request, user.email, "password changed")
    )
    token = await threaded(store.start_session, w.engine, user.id, w.settings.clock())
    request.session.clear()
    request.session.update({"sid": token, "csrf": new_token()})
    return page(
        request,
        "message.html.j2",
        user=user,
        title="Your password has been changed",
        body="You are signed out everywhere else.",
        link=("/admin", "All applications"),
    )


def _reset_possible(request: Request) -> bool:
    w = web(request)
    return w.outbox is not None and bool(w.settings.public_url)


async def forgot_page(request: Request) -> Response:
    return page(request, "admin/forgot.html.j2", sent=False, possible=_reset_possible(request), email="")


async def forgot(request: Request) -> Response:
    """Send a reset link to the account's address. The answer is the same whether or not there is
    an account; the link starts with --public-url, never the Host header a request names."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    if not _reset_possible(request):
        raise HTTPException(404)
    email = str(form.get("email", ""))[:320].strip()
    wait = await threaded(w.sign_ins.check, client_address(request))
    if wait is not None:
        return _too_many(request, wait)
    user = await threaded(store.user_by_email, w.engine, email)
    await _audit(request, None, "reset link asked", email.lower() or None)
    if user is not None and await threaded(w.recipients.check, "reset:" + user.email) is None:
        token = await threaded(store.new_reset, w.engine, user.id, w.settings.clock())
        link = f"{str(w.settings.public_url).rstrip('/')}/admin/reset/{token}"
        message = reset_link(sender=w.outbox.smtp.sender, recipient=user.email, link=link)
        try:
            await threaded(w.outbox.smtp.send, message, user.email)
        except Exception as exc:  # the answer must not say whether the account exists
            log.warning("could not send a password reset link: %s", describe_error(exc))
    return page(request, "admin/forgot.html.j2", sent=True, possible=True, email=email)


async def _reset_of(request: Request) -> tuple[str, User]:
    w = web(request)
    token = request.path_params["token"]
    user = await threaded(store.reset_user, w.engine, token, w.settings.clock())
    if user is None:
        raise HTTPException(404, "This link has expired or has been used. Ask for a new one from the sign-in page.")
    return token, user


async def reset_page(request: Request) -> Response:
    token, _ = await _reset_of(request)
    return page(request, "admin/reset.html.j2", token=token, errors={}, problems=[])


async def reset(request: Request) -> Response:
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    token, reset_for = await _reset_of(request)
    new, again = (str(form.get(name, ""))[:1000] for name in ("new", "again"))
    problem = password_problem(new)
    errors = {}
    if problem:
        errors["f-new"] = problem[:1].upper() + problem[1:]
    elif new != again:
        errors["f-again"] = "Enter the same new password twice"
    if errors:
        labels = {"f-new": "New password", "f-again": "New password again"}
        problems = [(k, labels[k], v) for k, v in errors.items()]
        return page(request, "admin/reset.html.j2", status=400, token=token, errors=errors, problems=problems)
    try:
        new_hash = await hashing(hash_password, new)
    except TooBusy:
        return _too_many(request, 5, "Too many people are signing in")
    if not await threaded(
        store.use_reset, w.engine, token, new_hash, audit_entry(request, reset_for.email, "password reset")
    ):
        raise HTTPException(404, "This link has expired or has been used. Ask for a new one from the sign-in page.")
    request.session.clear()
    return page(
        request,
        "message.html.j2",
        title="Your password has been changed",
        body="Every session of your account has ended. Sign in with your new password.",
        link=(SIGN_IN, "Sign in"),
    )


@dataclass(frozen=True)
class Scope:
    programme: str | None
    year: str | None
    hub: str | None

    @property
    def query(self) -> str:
        params = {}
        if self.programme and self.year:
            params["form"] = f"{self.year}/{self.programme}"
        if self.hub:
            params["hub"] = self.hub
        return "?" + urlencode(params) if params else ""


def _scope(request: Request, user: User) -> Scope:
    """The programme-year and hub asked for; a hub account is held to its own hub (another: 404)."""
    site = web(request).site
    programme = year = None
    form = request.query_params.get("form", "")
    if form:
        year, _, programme = form.partition("/")
        if not any(py.year.id == year and py.programme == programme for py in site.project.programmes):
            raise HTTPException(404)
    hub = request.query_params.get("hub") or None
    if user.hub is not None:
        if hub not in (None, user.hub):
            raise HTTPException(404)
        hub = user.hub
    elif hub is not None and hub not in {h.code for h in site.project.hubs}:
        raise HTTPException(404)
    return Scope(programme, year, hub)


def _visible(request: Request, scope: Scope) -> tuple[list[Application], dict[str, Stored]]:
    """The applications in scope as `packgen collect` lists them: checked against their forms and
    flagged when their school applied more than once for the programme-year. Within the hub in
    scope the others are named; that the school applied through another hub is said, but never
    that application's reference or hub (only a national view, over every hub, names them all)."""
    w = web(request)
    kinds = w.site.kinds()
    everything = store.applications(w.engine, programme=scope.programme, year=scope.year)
    by_source = {s.source: s for s in everything}
    if scope.hub is None:
        return store.as_collected(everything, kinds), by_source
    visible = store.as_collected([s for s in everything if s.identity.hub == scope.hub], kinds)
    elsewhere = {
        (a.kind.identity.programme, a.kind.identity.year, a.urn)
        for a in store.as_collected([s for s in everything if s.identity.hub != scope.hub], kinds)
        if a.urn
    }
    for app in visible:
        if app.urn and (app.kind.identity.programme, app.kind.identity.year, app.urn) in elsewhere:
            app.problems.append(f"the same school (URN {app.urn}) has also applied through another hub")
    return visible, by_source


def _email_words(emails: list[Email]) -> str:
    words = []
    for e in emails:
        who = {"notice": "hub notice", "decision": "decision letter"}.get(e.kind, "receipt")
        state = {"sent": "sent", "failed": "failed"}.get(e.status, "retrying" if e.attempts else "waiting")
        words.append(f"{who} {state}")
    return ", ".join(words) or "none"


@admin_only
async def list_page(request: Request, user: User) -> Response:
    w = web(request)
    scope = _scope(request, user)
    visible, by_source = await threaded(_visible, request, scope)
    ids = [by_source[a.source].id for a in visible]
    emails = await threaded(store.emails_for, w.engine, ids)
    troubled = await threaded(store.troubled_emails, w.engine, scope.hub)
    priority = await threaded(finder.priority, w.engine, w.site.project, visible)
    told = await threaded(letters_sent, w.engine, [by_source[a.source].reference for a in visible])
    rows = []
    for app in visible:
        stored = by_source[app.source]
        rows.append(
            {
                "reference": stored.reference,
                "submitted": stored.submitted_at,
                "hub": stored.identity.hub,
                "programme": f"{stored.identity.programme} {stored.identity.year}",
                "school": app.school,
                "urn": app.urn or "",
                "priority": priority.get(app.source, ""),
                "status": app.status,
                "problems": app.problems,
                "emails": _email_words(emails.get(stored.id, []))
                + (f" ({told[stored.reference].decision})" if stored.reference in told else ""),
            }
        )
    hubs = [(h.code, h.spec.name) for h in w.site.project.hubs]
    hub_name = dict(hubs).get(scope.hub or "", "")
    return page(
        request,
        "admin/list.html.j2",
        user=user,
        rows=rows,
        troubled=troubled,
        hub=scope.hub,
        hub_name=hub_name,
        hubs=hubs,
        programme_years=w.site.programme_years(),
        query=scope.query,
        form_key=f"{scope.year}/{scope.programme}" if scope.programme else "",
    )


async def _application(request: Request, user: User) -> tuple[Stored, Application | None]:
    """The application at this URL, if the user may see it; else 404, as if there were none."""
    w = web(request)
    stored = await threaded(store.by_reference, w.engine, request.path_params["reference"])
    if stored is None or (user.hub is not None and stored.identity.hub != user.hub):
        raise HTTPException(404)
    visible, _ = await threaded(_visible, request, Scope(stored.identity.programme, stored.identity.year, user.hub))
    return stored, next((a for a in visible if a.source == stored.source), None)


@admin_only
async def application(request: Request, user: User) -> Response:
    w = web(request)
    stored, collected = await _application(request, user)
    hub_pack = w.site.by_identity(stored.identity)
    if hub_pack is None or collected is None:
        return page(
            request,
            "message.html.j2",
            user=user,
            title=f"Application {stored.reference}",
            body="This project no longer has the form this application was made with, so it cannot be shown.",
            link=("/admin", "All applications"),
        )
    emails = await threaded(store.emails_of, w.engine, stored.id)
    priority = await threaded(finder.priority, w.engine, w.site.project, [collected])
    await _audit(request, user.email, "view", stored.reference)
    return page(
        request,
        "admin/application.html.j2",
        user=user,
        stored=stored,
        hp=hub_pack,
        values=stored.values,
        errors={},
        labels=labels(hub_pack),
        app_status=collected.status,
        app_problems=collected.problems,
        priority=priority.get(collected.source, ""),
        emails=emails,
    )


@admin_only
async def application_pdf(request: Request, user: User) -> Response:
    w = web(request)
    stored, _ = await _application(request, user)
    hub_pack = w.site.by_identity(stored.identity)
    if hub_pack is None:
        raise HTTPException(404)
    data = await threaded(w.site.filled_form, hub_pack, stored.values)
    await _audit(request, user.email, "view PDF", stored.reference)
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="application-{stored.reference}.pdf"',
        },
    )


@admin_only
async def export(request: Request, user: User) -> Response:
    """The applications in scope as `packgen collect` writes them: the same columns, the same
    checks, formulas defused the same way."""
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404)
    scope = _scope(request, user)
    visible, _ = await threaded(_visible, request, scope)
    programme_year = (scope.programme, scope.year) if scope.programme and scope.year else None
    collection = Collection(visible, [], columns_of(visible), programme_year)
    data = await threaded(to_csv if fmt == "csv" else to_xlsx, collection)
    name = "-".join(part for part in ("applications", scope.year, scope.programme, scope.hub) if part)
    await _audit(request, user.email, "export", f"{name}.{fmt}", f"{len(visible)} applications")
    media = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(data, media_type=media, headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'})


@admin_only
async def retry_email(request: Request, user: User) -> Response:
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    entry = audit_entry(request, user.email, "email sent again")
    reference = await threaded(store.retry_email, w.engine, request.path_params["email_id"], entry, user.hub)
    if reference is None:
        raise HTTPException(404)
    if w.outbox is not None:
        w.outbox.wake()
    back = str(form.get("back", ""))
    if back.startswith("/admin/decisions/") and "//" not in back and "?" not in back:  # the decisions page asked
        return RedirectResponse(back, status_code=303)
    return RedirectResponse(f"/admin/applications/{reference}", status_code=303)


@admin_only
async def delete_application(request: Request, user: User) -> Response:
    """Delete one application, with a reason (kept in the audit log, never the answers)."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    stored, _ = await _application(request, user)
    reason = " ".join(str(form.get("reason", "")).split())[:500]
    if not reason:
        raise HTTPException(400, "Enter the reason for deleting this application.")
    entry = audit_entry(request, user.email, "delete", reason)
    if not await threaded(store.delete_application, w.engine, stored.reference, entry):
        raise HTTPException(404)
    return page(
        request,
        "message.html.j2",
        user=user,
        title=f"Application {stored.reference} has been deleted",
        body="It and its emails are no longer kept. The reason is in the audit log.",
        link=("/admin", "All applications"),
    )


@admin_only
async def audit_page(request: Request, user: User) -> Response:
    """The audit log, for national accounts only (a hub's: 404)."""
    if user.hub is not None:
        raise HTTPException(404)
    entries = await threaded(store.audit_log, web(request).engine)
    return page(request, "admin/audit.html.j2", user=user, entries=entries)


@admin_only
async def subject_access(request: Request, user: User) -> Response:
    """Everything held about one email address or one school (URN), as one JSON file: a subject
    access request. A hub's account finds its own hub's applications only."""
    w = web(request)
    email = request.query_params.get("email", "").strip()[:320]
    urn = "".join(request.query_params.get("urn", "").split())
    if email and not deliverable(email):
        raise HTTPException(400, "Enter an email address like name@example.org.")
    if not email and not (urn.isdigit() and len(urn) == 6):
        raise HTTPException(400, "Enter an email address, or a school's 6-digit URN.")
    held = await threaded(store.held_about, w.engine, email=email or None, urn=None if email else urn, hub=user.hub)
    about = email.lower() or f"URN {urn}"
    await _audit(request, user.email, "subject access export", about, f"{len(held['applications'])} applications")
    data = json.dumps(held, ensure_ascii=False, indent=2).encode("utf-8")
    name = "held-about-" + ("".join(c if c.isalnum() else "-" for c in email.lower()) if email else urn)
    return Response(
        data,
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="{name}.json"'},
    )
