"""The facts wording may use, for one hub and programme-year: ``{{ hub.name }}``, ``{{ offer.places }}``…"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..dates import AcademicYear
from ..model.project import Hub, ProgrammeYear, Project
from ..model.schema import ApplyLink, FormSpec, Offer, Role
from .env import name_for_authors


@dataclass(frozen=True)
class HubView:
    """What wording may say about a hub: ``{{ hub.name }}``, ``{{ hub.email }}``…"""

    code: str
    name: str
    region: str
    email: str | None
    lead_school: str | None
    areas: tuple[str, ...]
    website: str | None


@dataclass(frozen=True)
class OfferView:
    """What the hub offers this year; every fact may be None, so wording can fall back."""

    places: int | None = None
    allocation: str | None = None  # the rule's words (model/schema.py RULE_WORDS), or the hub's own
    closing_date: dt.date | None = None
    confirmation_date: dt.date | None = None
    areas: tuple[str, ...] | None = None
    first_session: dt.date | None = None


@dataclass(frozen=True)
class SchoolView:
    """What a decision letter may say about the school: ``{{ school.name }}``, ``{{ school.headteacher }}``…"""

    name: str
    urn: str | None = None
    address: tuple[str, ...] = ()
    headteacher: str | None = None


@dataclass(frozen=True)
class DecisionView:
    """What a decision letter may say about the decision: ``{{ decision.rank }}``, ``{{ decision.reason }}``…"""

    outcome: str  # offered, waiting, not_offered or withdrawn
    reference: str  # the application's reference, to quote
    rank: int | None = None  # place on the waiting list, from 1
    reason: str = ""  # why, in words a school can read


SAMPLE_SCHOOL = SchoolView("Example Primary School", "100000", ("1 School Lane", "Birmingham", "B1 1AA"), "Ms A Head")
"""The school checks and the diff render letters' wording for: no real school's details."""


def sample_decision(kind: str) -> DecisionView:
    """A decision of the kind a letter is for, for checks and the diff."""
    outcome = {"place_freed": "offered"}.get(kind, kind)
    return DecisionView(outcome, "WM1-SAMP-LE00", 3 if kind == "waiting" else None, "")


@dataclass(frozen=True)
class ApplyView:
    """Where schools apply when the pack takes no form: ``{{ apply.url }}``, ``{{ apply.label }}``."""

    url: str
    label: str


@dataclass(frozen=True)
class ProgrammeView:
    slug: str
    title: str


for _cls, _name in (
    (HubView, "hub"),
    (OfferView, "offer"),
    (ProgrammeView, "programme"),
    (ApplyView, "apply"),
    (AcademicYear, "year"),
    (Role, "role"),
    (SchoolView, "school"),
    (DecisionView, "decision"),
):
    name_for_authors(_cls, _name)


def hub_view(hub: Hub) -> HubView:
    s = hub.spec
    return HubView(s.code, s.name, s.region, s.email, s.lead_school, tuple(s.areas), s.website)


def offer_of(hub: Hub, py: ProgrammeYear) -> Offer | None:
    """The hub's offer for a programme-year, or None: the one look-up every module uses."""
    return hub.spec.offers.get(py.programme, {}).get(py.year.id)


def apply_link(hub: Hub, py: ProgrammeYear) -> ApplyLink | None:
    """Where schools apply to ``hub`` through a link, in place of a form: its offer's, else the programme-year's."""
    offer = offer_of(hub, py)
    return offer.apply if offer is not None and offer.apply is not None else py.spec.apply


def form_of(hub: Hub, py: ProgrammeYear) -> FormSpec | None:
    """The application form ``hub``'s pack takes: none when schools apply through a link, or when the
    programme-year has no form (an expression of interest)."""
    return None if apply_link(hub, py) is not None else py.spec.form


def offer_view(offer: Offer | None) -> OfferView:
    if offer is None:
        return OfferView()
    return OfferView(
        offer.places,
        offer.allocation_words,
        offer.closes,
        offer.confirmation_date,
        tuple(offer.areas) if offer.areas else None,
        offer.first_session,
    )


def letter_facts(school: SchoolView, decision: DecisionView) -> dict[str, Any]:
    """What a decision letter's wording may use beside a pack's facts."""
    return {"school": school, "decision": decision}


def facts(project: Project, py: ProgrammeYear, hub: Hub) -> dict[str, Any]:
    """The variables wording may use. Pure: same inputs, same facts."""
    return {
        "hub": hub_view(hub),
        "offer": offer_view(offer_of(hub, py)),
        "year": py.year,
        "programme": ProgrammeView(py.programme, py.spec.title),
        "apply": ApplyView(link.url, link.label) if (link := apply_link(hub, py)) is not None else None,
        "hubs": tuple(hub_view(h) for h in project.hubs),
    }
