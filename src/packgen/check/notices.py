"""notice.stale: a one-off notice carried into a year it no longer speaks to.

A notice (a ``notice:`` block, or a section with ``style: notice``) often says something for
one round only: an extended deadline, a change to last year's file. Rollover copies it into
the next year's file and lists it for review; check warns when every full date it gives lies
before the pack's recruitment year (the academic year before its programme year, when schools
apply): "The closing date has been extended to Friday 15th March 2024" in a 2025/26 pack. A
notice without a full date is left alone; one date still current keeps the whole notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dates import AcademicYear, long_date
from ..errors import Problem
from ..text.textdates import find_dates
from ..wording.walk import Piece
from .base import CheckScope


def notice_of(w: Piece) -> tuple[object, ...] | None:
    """What names the notice ``w`` stands in: its file and the path to the notice, or None."""
    if "notice" in w.loc:
        return (w.source.shown, w.programme_year.key) + tuple(w.loc[: w.loc.index("notice") + 1])
    if w.section is not None and w.section.style == "notice":
        return (w.source.shown, w.programme_year.key, "section", w.part)
    return None


def stale_notice(texts: list[str], year: AcademicYear) -> tuple[int, int, dt.date] | None:
    """(text index, offset, latest date) when every full date of a notice's ``texts`` is before the recruitment
    year of a ``year`` pack; None when it has no full date or one still current."""
    dates = [(i, td.start, td.date) for i, t in enumerate(texts) for td in find_dates(t) if td.date is not None]
    if not dates or any(d >= year.previous.first_day for _i, _at, d in dates):
        return None
    latest = max(d for _i, _at, d in dates)
    return dates[0][0], dates[0][1], latest


def check_notices(scope: CheckScope) -> Iterator[Problem]:
    """notice.stale for every notice in the wording."""
    notices: dict[tuple[object, ...], list[Piece]] = {}
    for w in scope.wordings:
        key = notice_of(w)
        if key is not None:
            notices.setdefault(key, []).append(w)
    for pieces in notices.values():
        year = pieces[0].programme_year.year
        found = stale_notice([w.text for w in pieces], year)
        if found is None:
            continue
        i, at, latest = found
        yield scope.locator.problem(
            pieces[i],
            at,
            f"a notice whose dates all lie before {year.previous.label}, the recruitment year of this {year.label} "
            f"pack (the latest is {long_date(latest)}): a one-off notice carried forward? Remove it or bring it up to "
            f"date",
            "notice.stale",
            "warning",
        )
