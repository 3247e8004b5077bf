"""The public pages: the index, each hub's pack and documents, and the online form from question
page to "check your answers" to the receipt."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..forms import spec
from ..forms.applications import school_urn
from ..forms.validate import check_answers, from_boxes
from ..invite.links import BadLink, ExpiredLink, read_token
from ..schools import store as register
from ..schools.register import School
from . import finder, store
from .auth import new_token
from .common import (
    check_csrf,
    client_address,
    csrf_token,
    form_data,
    log,
    page,
    render,
    templates_stamp,
    threaded,
    web,
)
from .letters import heard, told
from .mail import contact_address
from .site import DOCUMENTS, HubPack
from .store import Outgoing

HONEYPOT = "_website"  # a field people never see; a bot that fills every field fills it
RECEIPTS_KEPT = 10  # references this browser may see again
RECEIPT_MINUTES = 30  # for this long after sending: a school computer is often shared
SCHOOLS_KEY = "schools"  # in the session: {form path: the URN of the school confirmed for it}
SCHOOLS_KEPT = 10  # forms whose confirmed school a browser keeps (remember_school)
SEARCH_RESULTS = 10  # schools a search by name lists
SEARCH_LENGTH = 100  # characters of a search read


async def index(request: Request) -> Response:
    w = web(request)
    now = w.settings.clock()
    years = [(py, w.site.hub_packs(py)) for py in w.site.programme_years()]
    return page(request, "index.html.j2", years=years, now=now)


async def _has_register(request: Request) -> bool:
    """Whether a schools register has been imported: asked of the database at most once a request, in a
    thread; the answer the process already knows is taken on the event loop (a thread's hand-over costs
    more than the rest of the question)."""
    known = request.scope.get("packgen.has_register")
    if known is None:
        engine = web(request).engine
        known = finder.known_register(engine)
        if known is None:
            known = await threaded(finder.has_register, engine)
        request.scope["packgen.has_register"] = known
    return known


def _hub_pack(request: Request) -> HubPack:
    p = request.path_params
    hub_pack = web(request).site.get(p["year"], p["hub"], p["programme"])
    if hub_pack is None:
        raise HTTPException(404)
    return hub_pack


def _form(request: Request) -> HubPack:
    """The hub's online form; 404 when the hub has no offer for this programme-year."""
    hub_pack = _hub_pack(request)
    if hub_pack.apply is not None:
        raise HTTPException(
            404,
            f"{hub_pack.pack.hub_name} takes applications for {hub_pack.pack.title} {hub_pack.pack.year_label} "
            f"through {hub_pack.apply.label}: {hub_pack.apply.url}",
        )
    if not hub_pack.takes_applications:
        raise HTTPException(
            404,
            f"{hub_pack.pack.hub_name} does not take applications "
            f"for {hub_pack.pack.title} {hub_pack.pack.year_label}.",
        )
    return hub_pack


async def pack_page(request: Request) -> Response:
    hub_pack = _hub_pack(request)
    w = web(request)
    return page(request, "pack.html.j2", hp=hub_pack, state=hub_pack.state(w.settings.clock()))


STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
NONE = "'none'"


async def document(request: Request) -> Response:
    """A document of the pack, as `packgen build` writes it."""
    hub_pack = _hub_pack(request)
    name = request.path_params["name"]
    if not hub_pack.has(name):
        raise HTTPException(404)
    data = await threaded(web(request).site.document, hub_pack, name)
    media = DOCUMENTS[name][2]
    headers = {"cache-control": "public, max-age=300"}
    if name.endswith(".html"):
        # The built page carries its stylesheet inline: allow exactly that stylesheet, nothing else.
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode() + "'"
            for css in STYLE.findall(data.decode("utf-8"))
        )
        headers["content-security-policy"] = (
            f"default-src 'none'; style-src {hashes or NONE}; img-src 'self' data:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )
    else:
        filename = f"{hub_pack.py.programme}-{hub_pack.py.year.id}-{hub_pack.hub.code}-{name}"
        headers["content-disposition"] = f'attachment; filename="{filename}"'
    return Response(data, media_type=media, headers=headers)


# --- the form -----------------------------------------------------------------------------------


def labels(hub_pack: HubPack) -> dict[str, str]:
    return hub_pack.labels()


def _posted_values(hub_pack: HubPack, form: FormData) -> dict[str, str]:
    """Every answer as posted, read from its boxes as `collect` reads a returned file's
    (validate.from_boxes: a check box per listed answer, the box for an answer of the school's
    own); a box not posted (a radio or check box left unchosen) is empty. The hub's own answer is
    the hub's, whatever was posted."""
    boxes: dict[str, str] = {}
    for field in hub_pack.answers:
        if spec.kind_of(field).prefilled is not None:
            boxes[field.name] = field.value or ""
            continue
        for widget in spec.widgets(field):  # a box posted twice (a forged post) keeps both, as collect joins them
            boxes[widget.name] = ", ".join(v for v in form.getlist(widget.name) if isinstance(v, str))
    return from_boxes(boxes, hub_pack.answers)


def _closed(request: Request, hub_pack: HubPack, state: str, status: int) -> Response:
    return page(request, "closed.html.j2", status=status, hp=hub_pack, state=state)


def _form_page(
    request: Request,
    hub_pack: HubPack,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    fresh: bool = False,
    school: School | None = None,
) -> Response:
    return page(
        request, "form.html.j2", status=status, **_form_context(request, hub_pack, values, errors, fresh, school)
    )


def _form_context(
    request: Request,
    hub_pack: HubPack,
    values: dict[str, str],
    errors: dict[str, str],
    fresh: bool,
    school: School | None,
) -> dict[str, Any]:
    names = labels(hub_pack)
    return {
        "hp": hub_pack,
        "form": hub_pack.pack.form,
        "fields": {f.name: f for f in hub_pack.answers},
        "values": values,
        "errors": errors,
        "problems": [
            (spec.dom_id(f.name), names[f.name], errors[f.name]) for f in hub_pack.answers if f.name in errors
        ],
        "fresh": fresh,
        "school": school,
        "honeypot": HONEYPOT,
        "picture": web(request).site.picture,
    }


CSRF_MARK = "csrf-" + secrets.token_hex(16)
"""Stands for the browser's CSRF token in the blank question page kept rendered for every browser."""


def _blank_form(request: Request, hub_pack: HubPack) -> Response:
    """The question page before any answer, without a school from the register: the same for every
    browser but for its CSRF token, so rendered once per process and kept until a template changes."""
    w = web(request)
    kept = w.blank_forms
    stamp = templates_stamp(w)
    found = kept.get(hub_pack.path)
    if found is None or found[0] != stamp:
        values = {f.name: (f.value or "") for f in hub_pack.answers}
        context = _form_context(request, hub_pack, values, {}, True, None)
        found = kept[hub_pack.path] = (stamp, render(w, "form.html.j2", None, CSRF_MARK, **context))
    return HTMLResponse(found[1].replace(CSRF_MARK, csrf_token(request)))


async def apply_page(request: Request) -> Response:
    """The question page; with a schools register, first "Find your school" until one is confirmed,
    then the question page with the register's details filled in for checking."""
    hub_pack = _form(request)
    w = web(request)
    state = hub_pack.state(w.settings.clock())
    if state != "open":
        return _closed(request, hub_pack, state, 200)
    values = {f.name: (f.value or "") for f in hub_pack.answers}
    school = None
    if finder.school_group(hub_pack.answers) is not None and await _has_register(request):
        urn = _chosen(request, hub_pack)
        if urn is not None and request.query_params.get("find") is None:
            school = await threaded(register.get, w.engine, urn)
        if school is None or finder.refusal(school, urn, hub_pack.eligible) is not None:
            return _find_page(request, hub_pack, "", None)
        values.update(finder.details(hub_pack.answers, school))
        return _form_page(request, hub_pack, values, {}, fresh=True, school=school)
    return _blank_form(request, hub_pack)


# --- find your school (web/finder.py) ----------------------------------------------------------


def _chosen(request: Request, hub_pack: HubPack) -> int | None:
    chosen = request.session.get(SCHOOLS_KEY)
    urn = chosen.get(hub_pack.path) if isinstance(chosen, dict) else None
    return urn if isinstance(urn, int) else None


def _find_page(request: Request, hub_pack: HubPack, urn: str, error: str | None, status: int = 200) -> Response:
    problems = [("urn", "School URN", error)] if error else []
    return page(request, "find.html.j2", status=status, hp=hub_pack, urn=urn, error=error, problems=problems)


async def _school_of(request: Request, hub_pack: HubPack, text: str) -> tuple[School | None, str | None]:
    """The school a posted URN names, or the GOV.UK message refusing it."""
    urn, error = finder.parse_urn(text)
    if urn is None:
        return None, error
    school = await threaded(register.get, web(request).engine, urn)
    refused = finder.refusal(school, urn, hub_pack.eligible)
    return (None, refused) if refused else (school, None)


async def _school_post(request: Request) -> tuple[HubPack, Response | None, School | None, str]:
    hub_pack = _form(request)
    w = web(request)
    state = hub_pack.state(w.settings.clock())
    if state != "open":
        return hub_pack, _closed(request, hub_pack, state, 403), None, ""
    form = await form_data(request)
    check_csrf(request, form)
    if finder.school_group(hub_pack.answers) is None or not await _has_register(request):
        return hub_pack, RedirectResponse(hub_pack.path + "/apply", status_code=303), None, ""
    text = str(form.get("urn", ""))[:SEARCH_LENGTH]
    school, error = await _school_of(request, hub_pack, text)
    if school is None:
        return hub_pack, _find_page(request, hub_pack, text, error, status=400), None, text
    return hub_pack, None, school, text


async def find_school(request: Request) -> Response:
    """ "Find your school" posted: the URN checked against the register and the programme's
    `eligible:` rule, then "Confirm this is your school", or the refusal on the same page."""
    hub_pack, response, school, _ = await _school_post(request)
    if response is not None:
        return response
    assert school is not None
    return page(
        request,
        "confirm-school.html.j2",
        hp=hub_pack,
        rows=finder.summary(school),
        urn=f"{school.urn:06d}",
    )


async def confirm_school(request: Request) -> Response:
    """ "Yes, this is my school": kept in this browser's session for this form, then the question page."""
    hub_pack, response, school, _ = await _school_post(request)
    if response is not None:
        return response
    assert school is not None
    remember_school(request.session, hub_pack.path, school.urn)
    return RedirectResponse(hub_pack.path + "/apply", status_code=303)


def remember_school(session: dict[str, Any], form_path: str, urn: int) -> None:
    """Keep ``urn`` as the school confirmed for the form, in the browser's session: the last
    SCHOOLS_KEPT forms' only, so the signed cookie stays well under the 4 KB a browser keeps."""
    chosen = session.get(SCHOOLS_KEY)
    chosen = {k: v for k, v in chosen.items() if k != form_path} if isinstance(chosen, dict) else {}
    chosen[form_path] = urn
    session[SCHOOLS_KEY] = dict(list(chosen.items())[-SCHOOLS_KEPT:])


async def invitation(request: Request) -> Response:
    """A personal link from `packgen invite`: its signed token names the school, which is then the
    school confirmed for this form, as after "Confirm this is your school", and the question page
    opens with the register's details. A changed or foreign token is refused (400), an expired one
    too (410), each with a way to apply without it."""
    hub_pack = _form(request)
    w = web(request)
    now = w.settings.clock()
    apply_link = (hub_pack.path + "/apply", "Apply without the link")
    try:
        invited = read_token(w.signer.secret, request.path_params["token"], now)
    except ExpiredLink:
        body = "The link in your invitation is no longer valid. You can still apply using the form."
        return page(request, "message.html.j2", status=410, title="This link has expired", body=body, link=apply_link)
    except BadLink:
        invited = None
    if invited is None or invited.form_path != hub_pack.path:
        body = "Check that you copied the whole link from your invitation, or apply using the form."
        return page(request, "message.html.j2", status=400, title="This link is not valid", body=body, link=apply_link)
    state = hub_pack.state(now)
    if state != "open":
        return _closed(request, hub_pack, state, 200)
    group = finder.school_group(hub_pack.answers)
    if group is None or not await _has_register(request):  # the URN is all it can fill
        values = {f.name: (f.value or "") for f in hub_pack.answers}
        if group is not None:
            values[group[1].name] = f"{invited.urn:06d}"
        return _form_page(request, hub_pack, values, {}, fresh=True)
    school = await threaded(register.get, w.engine, invited.urn)
    refused = finder.refusal(school, invited.urn, hub_pack.eligible)
    if refused is not None:  # closed, say, since the invitation was made
        return _find_page(request, hub_pack, f"{invited.urn:06d}", refused, status=400)
    remember_school(request.session, hub_pack.path, invited.urn)
    return RedirectResponse(hub_pack.path + "/apply", status_code=303)


async def search_schools(request: Request) -> Response:
    """The register searched by name, town or postcode for the page's script: JSON, public GIAS
    details only, limited per client address like the other public endpoints."""
    w = web(request)
    text = request.query_params.get("q", "")[:SEARCH_LENGTH]
    if not await _has_register(request):
        return JSONResponse({"results": [], "total": 0}, status_code=404)
    wait = await threaded(w.school_searches.check, client_address(request))
    if wait is not None:
        return JSONResponse(
            {"error": "Too many searches. Enter your school's URN instead."},
            status_code=429,
            headers={"retry-after": str(int(wait) + 1)},
        )
    if len(text.strip()) < 2:
        return JSONResponse({"results": [], "total": 0})
    found, total = await threaded(register.find, w.engine, text, SEARCH_RESULTS)
    return JSONResponse({"results": [finder.as_json(s) for s in found], "total": total})


async def _register_errors(request: Request, hub_pack: HubPack, values: dict[str, str]) -> dict[str, str]:
    """With a register, the school the answers name must be in it and may apply: else the refusal,
    on the URN's answer. Never a silent accept."""
    found = finder.school_group(hub_pack.answers)
    if found is None or not await _has_register(request):
        return {}
    _, field = found
    if not values.get(field.name, "").strip():
        return {}
    school, error = await _school_of(request, hub_pack, values[field.name])
    return {field.name: error} if error else {}


def _signed_answers(request: Request, hub_pack: HubPack, token: Any) -> dict[str, Any] | None:
    w = web(request)
    if not isinstance(token, str):
        return None
    data = w.signer.loads(token, "answers", w.settings.answers_hours * 3600)
    if not isinstance(data, dict) or data.get("form") != hub_pack.path or not isinstance(data.get("values"), dict):
        return None
    return data


async def apply_post(request: Request) -> Response:
    """The question page posted: its answers checked, then "check your answers" or the errors.
    From "check your answers", a Change button brings the answers back to the question page."""
    hub_pack = _form(request)
    w = web(request)
    state = hub_pack.state(w.settings.clock())
    if state != "open":
        return _closed(request, hub_pack, state, 403)
    form = await form_data(request)
    check_csrf(request, form)
    if "_change" in form:
        signed = _signed_answers(request, hub_pack, form.get("_answers"))
        if signed is None:
            return page(
                request,
                "message.html.j2",
                status=400,
                title="Your answers could not be read",
                body="Please fill in the form again.",
                link=(hub_pack.path + "/apply", "Go to the form"),
            )
        values = {f.name: str(signed["values"].get(f.name, "")) for f in hub_pack.answers}
        return _form_page(request, hub_pack, values, {})
    if form.get(HONEYPOT):
        log.warning("refused a form with the hidden field filled in from %s", client_address(request))
        return page(
            request,
            "message.html.j2",
            status=400,
            title="Your application could not be sent",
            body="Please try again later.",
            link=None,
        )
    values = _posted_values(hub_pack, form)
    checked = check_answers(values, hub_pack.answers)
    errors = checked.by_field() if not checked.ok else await _register_errors(request, hub_pack, checked.values)
    if errors:
        return _form_page(request, hub_pack, values, errors, status=400)  # every answer as typed
    token = w.signer.dumps({"form": hub_pack.path, "values": checked.values, "nonce": new_token()}, "answers")
    return page(
        request,
        "check.html.j2",
        school_email=contact_address(hub_pack.answers, checked.values) if w.outbox is not None else None,
        always_copy=w.settings.email_answers,
        hp=hub_pack,
        values=checked.values,
        token=token,
        labels=labels(hub_pack),
    )


async def submit(request: Request) -> Response:
    """ "Accept and send": the answers checked again by the same code, stored and committed, then
    the receipt. A closed form refuses, whatever the page posted says."""
    hub_pack = _form(request)
    w = web(request)
    now = w.settings.clock()
    state = hub_pack.state(now)
    if state != "open":
        return _closed(request, hub_pack, state, 403)
    form = await form_data(request)
    check_csrf(request, form)
    signed = _signed_answers(request, hub_pack, form.get("_answers"))
    if signed is None or not isinstance(signed.get("nonce"), str):
        return page(
            request,
            "message.html.j2",
            status=400,
            title="Your answers could not be read",
            body="The page was too old or was changed. Please fill in the form again; your answers were not sent.",
            link=(hub_pack.path + "/apply", "Go to the form"),
        )
    values = {f.name: str(signed["values"].get(f.name, "")) for f in hub_pack.answers}
    checked = check_answers(values, hub_pack.answers)
    errors = checked.by_field() if not checked.ok else await _register_errors(request, hub_pack, checked.values)
    if errors:  # the form changed since the answers were checked, or the school was refused meanwhile
        return _form_page(request, hub_pack, values, errors, status=400)
    emails: list[Outgoing] = []
    if w.outbox is not None:
        # Before the recipient's limit is counted: a retried page never counts (store.submit
        # finds it again by its nonce without counting the limits below either).
        already = await threaded(store.by_nonce, w.engine, signed["nonce"])
        if already is not None and already.identity == hub_pack.identity:
            return _to_receipt(request, hub_pack, already)
        school = contact_address(hub_pack.answers, checked.values)
        # A copy of the answers (and the PDF) only when the school asks for one or the hub always
        # sends it; and at most so many emails to one address a day, whoever applies: the server
        # is not a way to send anyone's words to any address.
        if school and await threaded(w.recipients.check, school.lower()) is None:
            copy = w.settings.email_answers or form.get("_copy") == "yes"
            emails.append(Outgoing("copy" if copy else "receipt", school))
        if hub_pack.hub.spec.email:
            emails.append(Outgoing("notice", hub_pack.hub.spec.email))
    corrections = await _corrections(request, hub_pack, checked.values)
    # Counted in the transaction that stores the application: one commit, not three.
    limits = [
        (limit, title)
        for limit, title in (
            (w.browser_submissions.of(csrf_token(request)), "Too many applications from this browser"),
            (w.submissions.of(client_address(request)), "Too many applications from this network"),
        )
        if limit is not None
    ]
    try:
        stored, new = await threaded(
            store.submit,
            w.engine,
            hub_pack.identity,
            checked.values,
            school_urn(hub_pack.answers, checked.values),
            signed["nonce"],
            now,
            emails,
            corrections,
            [limit for limit, _ in limits],
        )
    except store.OverLimit as over:
        response = page(
            request,
            "message.html.j2",
            status=429,
            title=limits[over.number][1],
            body=f"Please try again in {int(over.wait // 60) + 1} minutes. Your answers were not sent.",
            link=None,
        )
        response.headers["retry-after"] = str(int(over.wait) + 1)
        return response
    if new and w.outbox is not None:
        w.outbox.wake()
    return _to_receipt(request, hub_pack, stored)


async def _corrections(request: Request, hub_pack: HubPack, values: dict[str, str]) -> list[tuple[str, str, str]]:
    """The details the school changed from the register's (for the hub to see), when it has one."""
    w = web(request)
    urn = school_urn(hub_pack.answers, values)
    if urn is None or finder.school_group(hub_pack.answers) is None:
        return []
    if not await _has_register(request):
        return []
    school = await threaded(register.get, w.engine, int(urn))
    if school is None:
        return []
    return [(c.name, c.register, c.given) for c in finder.corrections(hub_pack.answers, values, school)]


def _receipts(request: Request) -> list[list[Any]]:
    """The receipts this browser may still see: [reference, when sent (seconds)], at most
    RECEIPT_MINUTES old by the server's clock."""
    now = web(request).settings.clock().timestamp()
    kept = []
    for item in request.session.get("receipts", []):
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], (int, float)):
            if now - item[1] <= RECEIPT_MINUTES * 60:
                kept.append(item)
    return kept


def _to_receipt(request: Request, hub_pack: HubPack, stored: store.Stored) -> Response:
    receipts = [r for r in _receipts(request) if r[0] != stored.reference]
    now = web(request).settings.clock().timestamp()
    request.session["receipts"] = (receipts + [[stored.reference, now]])[-RECEIPTS_KEPT:]
    return RedirectResponse(f"{hub_pack.path}/apply/receipt/{stored.reference}", status_code=303)


async def _receipt_of(request: Request) -> tuple[HubPack, store.Stored]:
    """The application this browser made, or 404: a receipt is for the browser that applied."""
    hub_pack = _form(request)
    reference = request.path_params["reference"]
    receipts = _receipts(request)
    if receipts != request.session.get("receipts", []):
        request.session["receipts"] = receipts  # the old ones forgotten
    if reference not in [r[0] for r in receipts]:
        raise HTTPException(
            404, "This receipt is no longer shown here. Your reference number is in the confirmation email."
        )
    stored = await threaded(store.by_reference, web(request).engine, reference)
    if stored is None or stored.identity != hub_pack.identity:
        raise HTTPException(404)
    return hub_pack, stored


async def receipt(request: Request) -> Response:
    hub_pack, stored = await _receipt_of(request)
    w = web(request)
    emails = await threaded(store.emails_of, w.engine, stored.id)
    school_email = next((e.recipient for e in emails if e.kind in ("receipt", "copy")), None)
    decision = await threaded(told, w.engine, stored.reference)
    return page(
        request,
        "receipt.html.j2",
        hp=hub_pack,
        values=stored.values,
        stored=stored,
        labels=labels(hub_pack),
        school_email=school_email,
        with_copy=any(e.kind == "copy" for e in emails),
        decision=decision,
    )


async def receipt_pdf(request: Request) -> Response:
    hub_pack, stored = await _receipt_of(request)
    data = await threaded(web(request).site.filled_form, hub_pack, stored.values)
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="application-{stored.reference}.pdf"',
        },
    )


async def clear_receipt(request: Request) -> Response:
    """ "Finished? Clear this page": this browser forgets every receipt it may see (and the page's
    script its draft), so the next person at a shared computer finds nothing."""
    hub_pack = _form(request)
    form = await form_data(request)
    check_csrf(request, form)
    request.session.pop("receipts", None)
    return page(
        request,
        "message.html.j2",
        title="This page has been cleared",
        body="Your application was sent and this browser no longer shows it. You can close this window.",
        link=(hub_pack.path, "Back to the information pack"),
    )


LEGAL = {"/privacy": "privacy.html.j2", "/cookies": "cookies.html.j2", "/accessibility": "accessibility.html.j2"}


async def legal(request: Request) -> Response:
    """The pages a public service must have. A project may write its own in its templates/ folder
    as web-privacy.html.j2, web-cookies.html.j2 or web-accessibility.html.j2 (extending base.html.j2)."""
    w = web(request)
    name = LEGAL[request.url.path]
    own = w.site.project.templates_dir / f"web-{name}"
    return page(request, own.name if own.is_file() else name, hubs=w.site.project.hubs)


NOT_FOUND = (
    "We cannot show a decision for that reference number and email address. Check both against your "
    "receipt or letter: a decision shows here once the hub has sent it."
)
"""The one answer to a wrong pair, an unknown reference and a decision not yet sent alike."""


async def decision_page(request: Request) -> Response:
    """The form: a school's reference and email address."""
    return page(request, "decision.html.j2", heard=None, reference="", email="", error=None, problems=[])


async def decision(request: Request) -> Response:
    """A school's decision by its reference and the email address its application gave, once its
    letter was sent. Each try counts against the sign-in limit of the client's address, so the
    pairs cannot be guessed."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    reference = str(form.get("reference", ""))[:64]
    email = str(form.get("email", ""))[:320]
    wait = await threaded(w.sign_ins.check, client_address(request))
    if wait is not None:
        response = page(
            request,
            "message.html.j2",
            status=429,
            title="Too many tries",
            body=f"Please try again in {int(wait // 60) + 1} minutes.",
            link=("/decision", "Back to see a decision"),
        )
        response.headers["retry-after"] = str(int(wait) + 1)
        return response
    found = await threaded(heard, w.engine, reference, email)
    hp = w.site.get(found.year, found.hub, found.programme) if found is not None else None
    if found is None or hp is None:
        return page(
            request,
            "decision.html.j2",
            status=404,
            heard=None,
            reference=reference,
            email=email,
            error=NOT_FOUND,
            problems=[("reference", "Reference number", NOT_FOUND)],
        )
    return page(
        request,
        "decision.html.j2",
        heard=found,
        title=f"{hp.pack.title} {hp.pack.year_label}",
        hub_name=hp.pack.hub_name,
    )
