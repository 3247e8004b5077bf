"""date.weekday and date.order: dates in wording and in hubs' offers must make sense.

- date.weekday: wording that names a weekday and a date that disagree ("Friday 2nd March
  2024"), or a date that does not exist. Without a year ("Friday 2nd March") the weekday
  must fit one of the years in the pack's plausible window.
- date.order: a confirmation date before the closing date, a closing date on or after the
  first day of the programme year (1st September), and, as a warning, any date outside the
  plausible window: from the start of the academic year before the pack's (when schools
  are recruited) to the end of the pack's own year.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..dates import AcademicYear, long_date, ordinal
from ..errors import Problem
from ..model.project import Hub, ProgrammeYear
from .base import CheckScope
from ..wording.facts import offer_of
from ..wording.locate import Locator
from ..wording.walk import Piece

WEEKDAYS = {
    "Monday": 0, "Mon": 0, "Tuesday": 1, "Tues": 1, "Tue": 1, "Wednesday": 2, "Wed": 2,
    "Thursday": 3, "Thurs": 3, "Thur": 3, "Thu": 3, "Friday": 4, "Fri": 4,
    "Saturday": 5, "Sat": 5, "Sunday": 6, "Sun": 6,
}
MONTHS = {
    "January": 1, "Jan": 1, "February": 2, "Feb": 2, "March": 3, "Mar": 3, "April": 4, "Apr": 4,
    "May": 5, "June": 6, "Jun": 6, "July": 7, "Jul": 7, "August": 8, "Aug": 8,
    "September": 9, "Sept": 9, "Sep": 9, "October": 10, "Oct": 10, "November": 11, "Nov": 11,
    "December": 12, "Dec": 12,
}


def _alternatives(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_WD = rf"(?:(?P<wd>{_alternatives(WEEKDAYS)})\.?,?\s+(?:the\s+)?)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = rf"(?P<month>{_alternatives(MONTHS)})\b\.?"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
DATE = re.compile(
    rf"\b{_WD}?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}"  # (Friday) 1st March 2024
    rf"|\b{_WD.replace('wd', 'wd2')}{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b{_YEAR.replace('year', 'year2')}"  # Friday, March 1st
    rf"|\b{_WD.replace('wd', 'wd3')}?(?P<day3>\d{{1,2}})/(?P<month3>\d{{1,2}})/(?P<year3>\d{{4}})\b"  # (Friday) 01/03/2024
)
NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def window(year: AcademicYear) -> tuple[dt.date, dt.date]:
    """The dates a pack for ``year`` may plausibly name: recruitment a year ahead, then the year itself."""
    return year.previous.first_day, dt.date(year.end, 8, 31)


def _parts(m: re.Match[str]) -> tuple[str | None, int, int, int | None]:
    g = m.groupdict()
    if g["day"]:
        return g["wd"], int(g["day"]), MONTHS[g["month"]], int(g["year"]) if g["year"] else None
    if g["day2"]:
        return g["wd2"], int(g["day2"]), MONTHS[g["month2"]], int(g["year2"]) if g["year2"] else None
    return g["wd3"], int(g["day3"]), int(g["month3"]), int(g["year3"])


def wording_dates(w: Piece, locator: Locator) -> Iterator[Problem]:
    """date.weekday and the window warning of date.order for one wording string."""
    year = w.programme_year.year
    first, last = window(year)
    for m in DATE.finditer(w.text):
        weekday, day, month, stated = _parts(m)
        said = m.group(0).strip()
        if stated or not 1 <= month <= 12:
            candidates = [stated] if stated else []
        else:  # no year written: each year of the window in which that month falls
            candidates = [y for y in range(first.year, last.year + 1) if first <= dt.date(y, month, 1) <= last]
        dates = []
        for y in candidates:
            try:
                dates.append(dt.date(y, month, day))
            except ValueError:
                pass
        if not dates:
            yield locator.problem(w, m.start(), f"'{said}' is not a date", "date.weekday")
            continue
        if weekday is not None and all(d.weekday() != WEEKDAYS[weekday] for d in dates):
            if stated:
                fact = f"{ordinal(day)} {dates[0]:%B %Y} is a {dates[0]:%A}, not a {NAMES[WEEKDAYS[weekday]]}"
            else:
                fact = f"{ordinal(day)} {dates[0]:%B} is not a {NAMES[WEEKDAYS[weekday]]} in {' or '.join(str(d.year) for d in dates)}"
            yield locator.problem(w, m.start(), f"'{said}': {fact}", "date.weekday")
        elif stated and not first <= dates[0] <= last:
            yield locator.problem(
                w, m.start(),
                f"'{said}' is outside the dates a {year.label} pack plausibly names ({long_date(first)} to {long_date(last)})",
                "date.order", "warning",
            )


def offer_dates(hub: Hub, py: ProgrammeYear) -> Iterator[Problem]:
    """date.order for one hub's offer for one programme-year."""
    offer = offer_of(hub, py)
    if offer is None:
        return
    base = ("offers", py.programme, py.year.id)
    src = hub.source

    def at(key: str, message: str, severity: str = "error") -> Problem:
        line, col = src.position(base + (key,))
        return Problem(src.shown, line, col, message, "date.order", severity)  # type: ignore[arg-type]

    closing, confirmation = offer.closing_date, offer.confirmation_date
    first, last = window(py.year)
    if closing and confirmation and confirmation < closing:
        yield at("confirmation_date", f"the confirmation date {long_date(confirmation)} is before the closing date {long_date(closing)}")
    if closing and closing >= py.year.first_day:
        yield at("closing_date", f"the closing date {long_date(closing)} is after the {py.year.label} programme year has begun ({long_date(py.year.first_day)})")
    for key, day in (("closing_date", closing), ("confirmation_date", confirmation)):
        if day and not first <= day <= last:
            yield at(key, f"{long_date(day)} is outside the dates a {py.year.label} offer plausibly names ({long_date(first)} to {long_date(last)})", "warning")


def check_dates(scope: CheckScope) -> Iterator[Problem]:
    """date.weekday and date.order across wording and offers."""
    for w in scope.wordings:
        yield from wording_dates(w, scope.locator)
    for py in scope.programmes:
        for hub in scope.hubs:
            yield from offer_dates(hub, py)
