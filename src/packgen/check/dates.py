"""date.weekday, date.order and date.past: dates in wording and in hubs' offers must make sense.

Dates in wording are found by ``textdates`` in every style rollover moves: any case, the
weekday before or after ("14th December 2017 (Friday)", "12/10/2023 (Friday)"), month first, numeric ("1/3/2024",
"01.03.2024") and ISO.

- date.weekday: wording that names a weekday and a date that disagree ("Friday 2nd March
  2024", "THURSDAY 17th MAY 2019"), or a date that does not exist. Without a year ("Friday
  2nd March") the weekday must fit one of the years in the pack's plausible window.
- date.order: an opening date after the closing date, a confirmation date before the closing
  date, a closing date on or after the first day of the programme year (1st September), and,
  as a warning, any date outside the plausible window: from the start of the academic year
  before the pack's (when schools are recruited) to the end of the pack's own year.
- date.past (warning): on ``today``, the day the pack is checked or built, a closing date
  that has already passed while the pack is still recruiting, that is before the first day
  of its programme year: schools reading it could not apply in time. A closing date is an
  offer's ``closing_date``, or a date in wording after "closing date", "close(s)", "deadline",
  "no later than", or "by" after "apply", "application(s)", "return", "submit", "send",
  "received", "complete" or "due" ("return the form by …", "returns are due by …"), in the
  same sentence and clause (a ";" ends it: "close on 15th March; the launch was on 1st
  February"). A closing date without a year is the one before the programme year when the
  window holds two. A passed date followed in its sentence by "extended", "postponed" or
  "now" and a date still to come has been replaced ("1st March (extended to 15th March)"). Once the programme
  year has begun a pack is a record of it, not an invitation, and its past closing date is left
  alone. ``today`` is always given by the caller (the command line reads the clock, or takes
  ``--today``): never read here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace

from ..dates import AcademicYear, long_date, ordinal
from ..errors import Problem, Severity
from ..model.project import Hub, ProgrammeYear
from ..text.textdates import WEEKDAY_NAMES, find_dates, yearless_candidates
from ..wording.facts import offer_of
from ..wording.locate import Locator
from ..wording.walk import Piece
from .base import CheckScope

_CLOSING = re.compile(
    r"\b(?:closing\s+date|clos(?:e|es|ing)|deadline|no\s+later\s+than"
    r"|(?:apply|applications?|returns?|returned|submit(?:ted)?|sen[dt]|received|complete(?:d)?|due)\b[^.!?;]{0,60}?\bby"
    r"|due\s+(?:on|in))\b[^.!?;]*$",
    re.I,
)
# "(extended to Friday 15th March 2024)": a later closing date in the same sentence replaces the first
_EXTENDED = re.compile(r"\b(?:extended|postponed|moved|pushed\s+back|now)\b", re.I)
_WEEKDAY_AFTER = re.compile(r"\s*\(\s*([A-Za-z]+)\s*\)")
_WEEKDAY_INDEX = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}


def window(year: AcademicYear) -> tuple[dt.date, dt.date]:
    """The dates a pack for ``year`` may plausibly name: recruitment a year ahead, then the year itself."""
    return year.previous.first_day, dt.date(year.end, 8, 31)


def date_findings(text: str, year: AcademicYear) -> list[tuple[int, str, str, Severity]]:
    """(offset, message, code, severity) of date.weekday and the window warning of date.order in ``text``."""
    first, last = window(year)
    found: list[tuple[int, str, str, Severity]] = []
    for td in find_dates(text):
        if td.day is None:  # "December 2016": no weekday to check
            continue
        after = _WEEKDAY_AFTER.match(text, td.end)
        if td.weekday is None and after and after.group(1).lower() in _WEEKDAY_INDEX:  # "12/10/2023 (Friday)"
            td = replace(td, weekday=_WEEKDAY_INDEX[after.group(1).lower()])
        said = td.text.strip()
        if td.year is not None:
            dates = [td.date] if td.date else []
        else:  # no year written: each year of the window in which that month falls
            dates = yearless_candidates(replace(td, weekday=None), first, last)
        if not dates:
            found.append((td.start, f"'{said}' is not a date", "date.weekday", "error"))
            continue
        if td.weekday is not None and all(d.weekday() != td.weekday for d in dates):
            name = WEEKDAY_NAMES[td.weekday]
            if td.year is not None:
                fact = f"{ordinal(td.day)} {dates[0]:%B %Y} is a {dates[0]:%A}, not a {name}"
            else:
                fact = f"{ordinal(td.day)} {dates[0]:%B} is not a {name} in {' or '.join(str(d.year) for d in dates)}"
            found.append((td.start, f"'{said}': {fact}", "date.weekday", "error"))
        elif td.year is not None and not first <= dates[0] <= last:
            found.append(
                (
                    td.start,
                    f"'{said}' is outside the dates a {year.label} pack plausibly names ({long_date(first)} to "
                    f"{long_date(last)})",
                    "date.order",
                    "warning",
                )
            )
    return found


def wording_dates(w: Piece, locator: Locator) -> Iterator[Problem]:
    """date.weekday and the window warning of date.order for one wording string."""
    for offset, message, code, severity in date_findings(w.text, w.programme_year.year):
        yield locator.problem(w, offset, message, code, severity)


def recruiting(year: AcademicYear, today: dt.date) -> bool:
    """Whether a pack for ``year`` is still recruiting on ``today``: its programme year has not begun."""
    return today < year.first_day


def past_closing_findings(text: str, year: AcademicYear, today: dt.date) -> list[tuple[int, str]]:
    """(offset, message) of each closing date in ``text`` already past on ``today`` (see the module docstring)."""
    if not recruiting(year, today):
        return []
    found = []
    dated = []
    for td in find_dates(text):
        day = td.date
        if day is None and td.day is not None and td.year is None:
            days = yearless_candidates(td, *window(year))
            if len(days) > 1:  # a closing date comes before the programme year: recruitment
                days = [d for d in days if d < year.first_day]
            day = days[0] if len(days) == 1 else None
        if day is not None:
            dated.append((td, day))
    for td, day in dated:
        if day >= today or not _CLOSING.search(text, 0, td.start):
            continue
        sentence_end = next((m.end() for m in re.finditer(r"[.!?](?=\s|$)", text) if m.end() > td.end), len(text))
        if _EXTENDED.search(text, td.end, sentence_end) and any(
            d >= today and td.end <= other.start < sentence_end for other, d in dated
        ):
            continue
        found.append(
            (
                td.start,
                f"the closing date '{td.text.strip()}' has passed: today is {long_date(today)}, and the {year.label} "
                f"pack is still recruiting",
            )
        )
    return found


def offer_dates(hub: Hub, py: ProgrammeYear) -> Iterator[Problem]:
    """date.order for one hub's offer for one programme-year."""
    offer = offer_of(hub, py)
    if offer is None:
        return
    base = ("offers", py.programme, py.year.id)
    src = hub.source

    def at(key: str, message: str, severity: str = "error") -> Problem:
        line, col = src.position(base + (key,))
        return Problem(src.shown, line, col, message, "date.order", severity)

    closing, confirmation = offer.closes, offer.confirmation_date
    first, last = window(py.year)
    opening = offer.opening_date
    if opening and closing and opening > closing:
        yield at(
            "opening_date",
            f"the online form would open on {long_date(opening)}, after it closes on {long_date(closing)}",
        )
    if closing and confirmation and confirmation < closing:
        yield at(
            "confirmation_date",
            f"the confirmation date {long_date(confirmation)} is before the closing date {long_date(closing)}",
        )
    if closing and closing >= py.year.first_day:
        yield at(
            "closing_date",
            f"the closing date {long_date(closing)} is after the {py.year.label} programme year has begun "
            f"({long_date(py.year.first_day)})",
        )
    for key, day in (("closing_date", closing), ("confirmation_date", confirmation)):
        if day and not first <= day <= last:
            yield at(
                key,
                f"{long_date(day)} is outside the dates a {py.year.label} offer plausibly names ({long_date(first)} "
                f"to {long_date(last)})",
                "warning",
            )


def offer_past(hub: Hub, py: ProgrammeYear, today: dt.date) -> Iterator[Problem]:
    """date.past for one hub's offer for one programme-year."""
    offer = offer_of(hub, py)
    if offer is None or offer.closes is None or offer.closes >= today or not recruiting(py.year, today):
        return
    line, col = hub.source.position(("offers", py.programme, py.year.id, "closing_date"))
    yield Problem(
        hub.source.shown,
        line,
        col,
        f"the closing date {long_date(offer.closes)} has passed: today is {long_date(today)}, and the "
        f"{py.year.label} pack is still recruiting",
        "date.past",
        "warning",
    )


def check_past_dates(scope: CheckScope, today: dt.date) -> Iterator[Problem]:
    """date.past: closing dates, in offers and in wording, already past on ``today``."""
    for w in scope.wordings:
        for offset, message in past_closing_findings(w.text, w.programme_year.year, today):
            yield scope.locator.problem(w, offset, message, "date.past", "warning")
    for py in scope.programmes:
        for hub in scope.hubs_for(py):
            yield from offer_past(hub, py, today)


def check_dates(scope: CheckScope) -> Iterator[Problem]:
    """date.weekday and date.order across wording and offers."""
    for w in scope.wordings:
        yield from wording_dates(w, scope.locator)
    for py in scope.programmes:
        for hub in scope.hubs:
            yield from offer_dates(hub, py)
