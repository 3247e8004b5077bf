"""The figures of one programme-year, for every hub with an offer: places, applications (online
and returned forms), offered, waiting, not offered, days to the closing date and applications per
day. Pure: the applications and decisions come in as values (web/counts.py reads them from the
database), "today" as a date, so the same input gives the same figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..dates import LONDON
from ..errors import PackgenError, Problem
from ..model.project import ProgrammeYear, Project
from ..pack import one_line, plain
from ..wording.facts import offer_of
from ..wording.inline import parse

OUTCOMES = ("offered", "waiting", "not_offered", "withdrawn")
"""A decision's outcomes, as the decisions table spells them."""


@dataclass(frozen=True)
class Received:
    """One application as the figures count it: its hub, when it came and how ("online" or "returned")."""

    hub: str
    at: dt.datetime  # aware: the online commit time, or the returned form's recorded arrival
    source: str = "online"


@dataclass(frozen=True)
class Decided:
    """One decision's hub and outcome (one of OUTCOMES)."""

    hub: str
    outcome: str


@dataclass(frozen=True)
class Day:
    """Applications received on one day (in England)."""

    day: dt.date
    applications: int


def closing_words(days: int | None, open_ended: bool) -> str:
    """Days to the closing date in words: "5 days", "closes today", "closed 3 days ago", "no closing
    date" (closing_date: none), "not set" (no closing date given)."""
    if days is None:
        return "no closing date" if open_ended else "not set"
    if days == 0:
        return "closes today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''}"
    return "closed yesterday" if days == -1 else f"closed {-days} days ago"


@dataclass(frozen=True)
class HubFigures:
    """One hub's figures for one programme-year."""

    code: str
    name: str
    region: str
    places: int | None  # None: the offer states no number
    online: int
    returned: int  # returned forms recorded as decisions, with no online application
    offered: int
    waiting: int
    not_offered: int
    withdrawn: int
    opens: dt.date | None
    closes: dt.date | None
    open_ended: bool  # closing_date: none, on purpose
    days_to_close: int | None  # from today; 0 the closing day itself, negative once closed
    per_day: tuple[Day, ...]  # every day from the first (opening or first application) to the last

    @property
    def applications(self) -> int:
        return self.online + self.returned

    @property
    def undecided(self) -> int:
        """Applications with no decision yet."""
        return max(self.applications - self.offered - self.waiting - self.not_offered - self.withdrawn, 0)

    @property
    def closing(self) -> str:
        return closing_words(self.days_to_close, self.open_ended)


@dataclass(frozen=True)
class Totals:
    """The figures of several hubs added up; places only over the hubs that state them."""

    places: int | None
    applications: int
    offered: int
    waiting: int
    not_offered: int
    withdrawn: int


@dataclass(frozen=True)
class Figures:
    """One programme-year's figures, hub by hub, as on ``today``."""

    programme: str
    year: str  # its id, 2024-25
    title: str  # the programme's title as one line of text
    year_label: str
    today: dt.date
    hubs: tuple[HubFigures, ...]  # in the project's order of hubs

    @property
    def regions(self) -> tuple[str, ...]:
        """The regions of the hubs here, sorted."""
        return tuple(sorted({h.region for h in self.hubs}))

    def in_region(self, region: str | None) -> Figures:
        """Only the hubs of one region (None: all)."""
        return self if region is None else replace(self, hubs=tuple(h for h in self.hubs if h.region == region))

    def only(self, code: str) -> Figures:
        """Only one hub's figures (none when it has no offer)."""
        return replace(self, hubs=tuple(h for h in self.hubs if h.code == code))

    @property
    def totals(self) -> Totals:
        stated = [h.places for h in self.hubs if h.places is not None]
        return Totals(
            places=sum(stated) if stated else None,
            applications=sum(h.applications for h in self.hubs),
            offered=sum(h.offered for h in self.hubs),
            waiting=sum(h.waiting for h in self.hubs),
            not_offered=sum(h.not_offered for h in self.hubs),
            withdrawn=sum(h.withdrawn for h in self.hubs),
        )


def programme_year(project: Project, programme: str, year: str) -> ProgrammeYear:
    """The programme-year asked for; a PackgenError naming the known ones when there is none."""
    years = [py for py in project.programmes if py.programme == programme]
    if not years:
        known = ", ".join(sorted({py.programme for py in project.programmes})) or "none"
        message = f"unknown programme {programme!r}; known: {known}"
        raise PackgenError([Problem("command line", 0, 0, message, "programme.unknown")])
    for py in years:
        if py.year.id == year:
            return py
    known = ", ".join(py.year.id for py in sorted(years, key=lambda py: py.year.start))
    message = f"no year {year!r} for {programme} (no programmes/{programme}/{year}.yaml); known: {known}"
    raise PackgenError([Problem("command line", 0, 0, message, "year.unknown")])


def _per_day(days: Counter[dt.date], opens: dt.date | None, closes: dt.date | None, today: dt.date) -> tuple[Day, ...]:
    """Every day from the opening date (or the first application) to today or the closing date,
    whichever is first, and on to the last application if any came later; empty before anything."""
    starts = [d for d in (opens, min(days, default=None)) if d is not None]
    if not starts:
        return ()
    start = min(starts)
    end = min(today, closes) if closes else today
    if days:
        end = max(end, max(days))
    if end < start:
        return ()
    return tuple(Day(start + dt.timedelta(n), days[start + dt.timedelta(n)]) for n in range((end - start).days + 1))


def figures(
    project: Project,
    py: ProgrammeYear,
    received: Iterable[Received],
    decided: Iterable[Decided],
    today: dt.date,
) -> Figures:
    """The figures of ``py`` for every hub with an offer for it, from its applications and
    decisions (others' hubs are ignored), as on ``today`` (a date in England)."""
    by_hub: dict[str, list[Received]] = {}
    for r in received:
        by_hub.setdefault(r.hub, []).append(r)
    outcomes = Counter((d.hub, d.outcome) for d in decided)
    hubs = []
    for hub in project.hubs:
        offer = offer_of(hub, py)
        if offer is None:
            continue
        mine = by_hub.get(hub.code, [])
        closes = offer.closes
        days = Counter(london_today(r.at) for r in mine)
        hubs.append(
            HubFigures(
                code=hub.code,
                name=hub.spec.name,
                region=hub.spec.region,
                places=offer.places,
                online=sum(1 for r in mine if r.source != "returned"),
                returned=sum(1 for r in mine if r.source == "returned"),
                offered=outcomes[hub.code, "offered"],
                waiting=outcomes[hub.code, "waiting"],
                not_offered=outcomes[hub.code, "not_offered"],
                withdrawn=outcomes[hub.code, "withdrawn"],
                opens=offer.opening_date,
                closes=closes,
                open_ended=offer.open_ended,
                days_to_close=(closes - today).days if closes else None,
                per_day=_per_day(days, offer.opening_date, closes, today),
            )
        )
    return Figures(
        programme=py.programme,
        year=py.year.id,
        title=one_line(plain(parse(py.spec.title))),
        year_label=py.year.label,
        today=today,
        hubs=tuple(hubs),
    )


def london_today(now: dt.datetime) -> dt.date:
    """The date in England at ``now`` (aware)."""
    return now.astimezone(LONDON).date()
