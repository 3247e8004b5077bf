"""The allocation engine: an offer's rule applied to a programme-year's applications to one hub.

Pure and deterministic: the same applications, terms and kept decisions give the same decisions.
Every application gets one outcome:

- ``not_offered`` when it is a duplicate (another application from the same school, by URN, was
  received first: the first is kept), when the school may not apply (the programme-year's
  ``eligible:``, against the register), or when it was received after the closing date (to the
  end of that day, UK time);
- otherwise, in the rule's order, ``offered`` while places are left (and the school's local
  authority or trust is under the cap), then ``waiting`` (ranked from 1) while the waiting list
  has room, then ``not_offered`` for want of places.

The rule's order: ``first_come`` and ``review`` by time received; ``priority_areas`` the schools
whose local authority is one of the areas first, then the rest, each by time received. Ties are
broken by the reference, so two applications received in the same second are ordered by it.

Decisions a re-run must keep (changed by staff, or confirmed) come in as ``Kept``: they stay as
they are, their places and waiting-list ranks are taken first, and the others are allocated
around them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..dates import LONDON, long_date
from ..model.project import Hub, ProgrammeYear
from ..model.schema import AllocationSpec, CapSpec
from ..schools import eligibility
from ..schools.areas import in_areas, priority_areas
from ..schools.register import School
from ..wording.facts import offer_of

OUTCOMES = ("offered", "waiting", "not_offered", "withdrawn")
PLACE_FREED = "A place became free and is offered to your school from the waiting list."
"""The reason of a decision promoted from the waiting list by a withdrawal: its "place freed" letter is due."""
REVIEW = AllocationSpec(rule="review")


@dataclass(frozen=True)
class Applicant:
    """One application as the engine reads it, however it arrived."""

    reference: str  # the online reference, or the returned form's (sources.py)
    source: str  # "online" or "returned"
    urn: str | None  # six digits, as compared
    school_name: str  # as the application gives it
    email: str | None  # the contact address the letter goes to
    received_at: dt.datetime  # aware: the online commit time, or the returned form's arrival
    school: School | None = None  # the register's school of that URN, if the register has it
    application_id: int | None = None  # the online application's row


@dataclass(frozen=True)
class Terms:
    """What the engine applies: the offer's places and rule, its closing date and areas, and who may apply."""

    places: int | None  # None: no limit
    rule: AllocationSpec = REVIEW
    closes: dt.date | None = None  # None: no closing date to be late for
    areas: tuple[str, ...] = ()  # the priority areas: the offer's, else the hub's
    eligible: eligibility.Rule | None = (
        None  # the programme-year's eligible: (collect's default, an open school, without one)
    )
    register: bool = False  # a register was given: without one, eligibility and areas are not known

    def group(self, school: School | None) -> str | None:
        """The local authority or trust the cap counts ``school`` in; None when uncapped or unknown."""
        if self.rule.cap is None or school is None:
            return None
        value = school.la_name if self.rule.cap.per == "local_authority" else school.trust
        return value or None

    def in_area(self, school: School | None) -> bool | None:
        """Whether the school is in a priority area; None when that cannot be known (no register or areas)."""
        if not self.register or not self.areas:
            return None
        return school is not None and in_areas(school, self.areas)


def terms_of(py: ProgrammeYear, hub: Hub, *, register: bool) -> Terms:
    """The terms of ``hub``'s offer for ``py``: no offer, or no ``allocation:``, is review."""
    offer = offer_of(hub, py)
    rule = (offer.rule if offer is not None else None) or REVIEW
    areas = priority_areas(hub.spec.areas, offer.areas if offer is not None else None)
    return Terms(
        places=offer.places if offer is not None else None,
        rule=rule,
        closes=offer.closes if offer is not None else None,
        areas=areas,
        eligible=eligibility.rule_of(py.spec.eligible) or eligibility.Rule(),
        register=register,
    )


@dataclass(frozen=True)
class Kept:
    """A decision a re-run keeps as it is: changed by staff, or confirmed."""

    reference: str
    outcome: str
    rank: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    """What the engine proposes for one application (or keeps, when ``kept``)."""

    applicant: Applicant
    outcome: str  # one of OUTCOMES
    rank: int | None  # on the waiting list, from 1
    reason: str  # in words a school can read
    code: str  # offered, waiting, duplicate, not_eligible, late, no_places, withdrawn or kept
    in_area: bool | None  # in a priority area; None when not known
    kept: bool = False

    @property
    def reference(self) -> str:
        return self.applicant.reference


def closes_at(closes: dt.date) -> dt.datetime:
    """The moment applications close: the end of the closing date in the UK."""
    return dt.datetime.combine(closes + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)


def _received(app: Applicant) -> tuple[dt.datetime, str]:
    return (app.received_at, app.reference)


def allocate(applicants: Sequence[Applicant], terms: Terms, kept: Mapping[str, Kept] | None = None) -> list[Decision]:
    """Every application's decision, in the rule's order (the order places were given in)."""
    kept = kept or {}
    by_time = sorted(applicants, key=_received)
    first: dict[str, Applicant] = {}
    for app in by_time:
        if app.urn:
            first.setdefault(app.urn, app)

    def order(app: Applicant) -> tuple[int, dt.datetime, str]:
        behind = terms.rule.rule == "priority_areas" and not terms.in_area(app.school)
        return (int(behind), app.received_at, app.reference)

    decided: dict[str, Decision] = {}
    candidates: list[Applicant] = []
    for app in by_time:
        area = terms.in_area(app.school)
        if app.reference in kept:
            k = kept[app.reference]
            decided[app.reference] = Decision(app, k.outcome, k.rank, k.reason, "kept", area, kept=True)
            continue
        rejected = _rejected(app, first, terms)
        if rejected is not None:
            code, reason = rejected
            decided[app.reference] = Decision(app, "not_offered", None, reason, code, area)
        else:
            candidates.append(app)

    held = [d for d in decided.values() if d.kept and d.outcome == "offered"]
    left = None if terms.places is None else max(0, terms.places - len(held))
    counted = Counter(terms.group(d.applicant.school) for d in held)
    rank = max((d.rank or 0 for d in decided.values() if d.kept and d.outcome == "waiting"), default=0)
    waiting = sum(1 for d in decided.values() if d.kept and d.outcome == "waiting")
    room = terms.rule.waiting_list
    cap = terms.rule.cap
    for app in sorted(candidates, key=order):
        area = terms.in_area(app.school)
        group = terms.group(app.school)
        capped = cap is not None and group is not None and counted[group] >= cap.places
        if (left is None or left > 0) and not capped:
            if left is not None:
                left -= 1
            counted[group] += 1
            decided[app.reference] = Decision(app, "offered", None, _offered_words(terms, area), "offered", area)
        elif room is None or waiting < room:
            waiting += 1
            rank += 1
            why = _capped_words(cap, group) if capped else "the places were all offered to applications before it"
            decided[app.reference] = Decision(
                app, "waiting", rank, f"Number {rank} on the waiting list: {why}.", "waiting", area
            )
        else:
            why = _capped_words(cap, group) if capped else "the places were all offered to applications before it"
            full = ", and the waiting list is full" if room else ""
            decided[app.reference] = Decision(app, "not_offered", None, f"No place: {why}{full}.", "no_places", area)
    shown = sorted(applicants, key=order)
    return [decided[app.reference] for app in shown]


def _rejected(app: Applicant, first: Mapping[str, Applicant], terms: Terms) -> tuple[str, str] | None:
    """(code, reason) when the application cannot be given a place whatever the places; else None."""
    if app.urn and first[app.urn] is not app:
        earlier = first[app.urn].reference
        return (
            "duplicate",
            f"Another application from the same school ({earlier}) was received first, and only the first "
            "application from a school is considered.",
        )
    if terms.register and terms.eligible is not None:
        reasons = eligibility.check(app.school, terms.eligible, app.urn)
        if reasons:
            return "not_eligible", "Not eligible: " + "; ".join(r.message for r in reasons) + "."
    if terms.closes is not None and app.received_at >= closes_at(terms.closes):
        return "late", f"Received after the closing date, {long_date(terms.closes)}."
    return None


def _offered_words(terms: Terms, area: bool | None) -> str:
    if terms.rule.rule == "review":
        return "Proposed in the order received, for the hub to review."
    if terms.rule.rule == "priority_areas":
        if area:
            return "Offered a place: the school is in a priority area."
        return "Offered a place left after the schools in the priority areas."
    return "Offered a place in the order applications were received."


def _capped_words(cap: CapSpec | None, group: str | None) -> str:
    assert cap is not None
    per = "local authority" if cap.per == "local_authority" else "trust"
    return f"the places for schools of one {per} ({group}: at most {cap.places}) were all offered"


# --- after the allocation: withdrawals and the waiting list -------------------------------------


@dataclass(frozen=True)
class Standing:
    """A decision as it stands, for a withdrawal or a change to the waiting list."""

    reference: str
    outcome: str
    rank: int | None = None
    group: str | None = None  # the school's local authority or trust, under the offer's cap


@dataclass(frozen=True)
class Change:
    """A decision changed by a withdrawal or a renumbered waiting list."""

    reference: str
    outcome: str
    rank: int | None
    reason: str | None = None  # None: the reason stays as it was


def renumber(standing: Sequence[Standing]) -> list[Change]:
    """The waiting list numbered from 1 again in its order (rank, then reference), as changes of rank."""
    waiting = sorted(
        (s for s in standing if s.outcome == "waiting"), key=lambda s: (s.rank is None, s.rank or 0, s.reference)
    )
    return [Change(s.reference, "waiting", i) for i, s in enumerate(waiting, start=1) if s.rank != i]


def withdraw(standing: Sequence[Standing], reference: str, terms: Terms, reason: str = "") -> list[Change]:
    """The changes when ``reference`` withdraws: it is withdrawn and, if it held a place, the first on
    the waiting list whose local authority or trust is under the cap is offered it (PLACE_FREED);
    the waiting list is numbered again. Raises KeyError when there is no such decision."""
    by_ref = {s.reference: s for s in standing}
    leaving = by_ref[reference]
    changes = [Change(reference, "withdrawn", None, f"Withdrawn: {reason}" if reason else "Withdrawn.")]
    after = [s for s in standing if s.reference != reference]
    if leaving.outcome == "offered":
        offered = [s for s in after if s.outcome == "offered"]
        counted = Counter(s.group for s in offered)
        cap = terms.rule.cap
        if terms.places is None or len(offered) < terms.places:
            queue = sorted((s for s in after if s.outcome == "waiting"), key=lambda s: (s.rank or 0, s.reference))
            for s in queue:
                if cap is None or s.group is None or counted[s.group] < cap.places:
                    changes.append(Change(s.reference, "offered", None, PLACE_FREED))
                    after = [x if x is not s else Standing(s.reference, "offered", None, s.group) for x in after]
                    break
    return changes + renumber(after)
