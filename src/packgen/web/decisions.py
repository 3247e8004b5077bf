"""/admin's decisions: a hub's page per programme-year with its places, applications and the
allocation the offer's rule proposes; staff change a decision with a reason (kept in the audit
log), confirm the decisions (frozen from then), and withdraw a school, whose place goes to the
first on the waiting list. A hub account sees its own hub only (another's: 404, as if none).

URLs, each under /admin/decisions/<year>/<hub>/<programme>: the page (GET), and the posts
``/propose``, ``/change``, ``/confirm`` and ``/withdraw``, each with the CSRF token."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..decide import engine as decide
from ..schools.register import School
from . import allocation, letters, store
from .admin import admin_only
from .common import audit_entry, check_csrf, form_data, page, threaded, web
from .site import HubPack
from .store import User

OUTCOME_WORDS = {
    "offered": "Offered a place",
    "waiting": "Waiting list",
    "not_offered": "Not offered",
    "withdrawn": "Withdrawn",
}
CHOICES = ("offered", "waiting", "not_offered")  # what staff may decide; withdrawing has its own button
REASON_MOST = 500
DONE = {
    "proposed": "The rule's decisions are stored.",
    "changed": "The decision is changed.",
    "confirmed": "The decisions are confirmed.",
    "withdrawn": "The school is withdrawn.",
}
"""What the page says after each post (?done=…)."""


def url(hp: HubPack) -> str:
    """The decisions page of one hub's programme-year."""
    return f"/admin/decisions/{hp.py.year.id}/{hp.hub.code}/{hp.py.programme}"


def _hub_pack(request: Request, user: User) -> HubPack:
    """The hub's programme-year at this URL, if it takes applications and the user may see it; else 404."""
    p = request.path_params
    hp = web(request).site.get(p["year"], p["hub"], p["programme"])
    if hp is None or not hp.takes_applications or (user.hub is not None and hp.hub.code != user.hub):
        raise HTTPException(404)
    return hp


@admin_only
async def index(request: Request, user: User) -> Response:
    """Every hub's programme-year the user may decide on, latest year first."""
    site = web(request).site
    packs = [
        hp
        for py in site.programme_years()
        for hp in site.hub_packs(py)
        if hp.takes_applications and (user.hub is None or hp.hub.code == user.hub)
    ]
    return page(request, "admin/decisions_index.html.j2", user=user, packs=[(hp, url(hp)) for hp in packs])


@dataclass(frozen=True)
class Line:
    """One application's row on the page."""

    decided: allocation.Decided
    la: str
    in_area: bool | None
    letter: letters.LetterState = letters.NOT_YET


def _lines(request: Request, hp: HubPack) -> tuple[list[Line], decide.Terms, int]:
    """The stored decisions with the register's LA, the offer's terms, and how many online
    applications have no decision yet."""
    w = web(request)
    lookup = allocation.register_of(w.engine)
    terms = decide.terms_of(hp.py, hp.hub, register=lookup is not None)
    rows = allocation.decisions(w.engine, hp.py.programme, hp.py.year.id, hp.hub.code)
    states = letters.letter_states(w.engine, [d.id for d in rows])
    lines = []
    for d in rows:
        school: School | None = lookup(int(d.urn)) if lookup is not None and d.urn else None
        lines.append(
            Line(d, school.la_name if school else "", terms.in_area(school), states.get(d.id, letters.NOT_YET))
        )
    decided = {d.application_id for d in rows}
    online = store.applications(w.engine, programme=hp.py.programme, year=hp.py.year.id, hub=hp.hub.code)
    undecided = sum(1 for a in online if a.id not in decided)
    return lines, terms, undecided


@admin_only
async def decisions_page(request: Request, user: User) -> Response:
    hp = _hub_pack(request, user)
    lines, terms, undecided = await threaded(_lines, request, hp)
    counts = Counter(line.decided.outcome for line in lines)
    unconfirmed = sum(1 for line in lines if line.decided.confirmed_at is None)
    return page(
        request,
        "admin/decisions.html.j2",
        user=user,
        hp=hp,
        here=url(hp),
        lines=lines,
        terms=terms,
        undecided=undecided,
        counts=counts,
        unconfirmed=unconfirmed,
        words=OUTCOME_WORDS,
        choices=CHOICES,
        message=DONE.get(request.query_params.get("done", ""), ""),
    )


def _reason(form: FormData, what: str) -> str:
    reason = " ".join(str(form.get("reason", "")).split())[:REASON_MOST]
    if not reason:
        raise HTTPException(400, f"Enter the reason for {what}: it is kept in the audit log.")
    return reason


def _back(hp: HubPack, done: str) -> RedirectResponse:
    return RedirectResponse(f"{url(hp)}?done={done}", status_code=303)


@admin_only
async def propose(request: Request, user: User) -> Response:
    """Allocate by the rule every application not decided by staff or confirmed, and store it.
    The online applications and those already in the table; returned forms come by `packgen allocate --sheet`."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    hp = _hub_pack(request, user)

    def run() -> int:
        lookup = allocation.register_of(w.engine)
        proposal = allocation.propose(w.engine, hp.py, hp.hub, hp.answers, (), lookup)
        return allocation.store_proposal(w.engine, proposal, hp.py, hp.hub.code, entry)

    entry = audit_entry(request, user.email, "decisions proposed")
    await threaded(run)
    return _back(hp, "proposed")


@admin_only
async def change(request: Request, user: User) -> Response:
    """Staff decide an application themselves, with a reason (the audit log keeps it, and the old and new decision)."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    hp = _hub_pack(request, user)
    reference = str(form.get("reference", ""))[:64]
    outcome = str(form.get("outcome", ""))
    if outcome not in CHOICES:
        raise HTTPException(400, "Choose a decision: offered, waiting list or not offered.")
    reason = _reason(form, "changing the decision")
    entry = audit_entry(request, user.email, "decision changed")
    try:
        changed = await threaded(allocation.change, w.engine, *_key(hp), reference, outcome, reason, entry)
    except allocation.Refused as exc:
        raise HTTPException(400, str(exc)[:1].upper() + str(exc)[1:] + ".") from None
    if changed is None:
        raise HTTPException(404)
    return _back(hp, "changed")


def _key(hp: HubPack) -> tuple[str, str, str]:
    return hp.py.programme, hp.py.year.id, hp.hub.code


@admin_only
async def confirm(request: Request, user: User) -> Response:
    """Freeze every decision not yet confirmed: a re-run of the rule leaves them as they are, and
    their letters may go."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    hp = _hub_pack(request, user)
    await threaded(allocation.confirm, w.engine, *_key(hp), audit_entry(request, user.email, "decisions confirmed"))
    return _back(hp, "confirmed")


@admin_only
async def withdraw(request: Request, user: User) -> Response:
    """A school withdraws (with a reason): its place goes to the first on the waiting list, whose
    "place freed" letter is then due."""
    w = web(request)
    form = await form_data(request)
    check_csrf(request, form)
    hp = _hub_pack(request, user)
    reference = str(form.get("reference", ""))[:64]
    reason = _reason(form, "the withdrawal")
    lookup = allocation.register_of(w.engine)
    entry = audit_entry(request, user.email, "withdrawn")
    try:
        changes = await threaded(allocation.withdraw, w.engine, hp.py, hp.hub, reference, reason, entry, lookup)
    except allocation.Refused as exc:
        raise HTTPException(400, str(exc)[:1].upper() + str(exc)[1:] + ".") from None
    if changes is None:
        raise HTTPException(404)
    return _back(hp, "withdrawn")
