"""year.relative: a relative-time phrase the project's own data shows cannot be true.

Phrases are found by ``text.relative`` ("a year ago", "last year", "for the first time this
year", …). Each is a warning, at the phrase, when
1. it dates the programme's start ("The programme was introduced a year ago", "began last
   year", "launched two years ago": a start verb in its clause and "programme", "Work Group"
   or the programme's title in its sentence) to a year after the first year the project has
   a file for: it began earlier;
2. it says the programme runs for the first time ("is offered for the first time this year",
   "new this year", with "run", "offer", "introduce", "launch", "deliver" or "available"
   in its sentence) when the project has an earlier year of it, or, in a hub's own
   paragraphs, that hub had an offer for an earlier year.
A phrase the data cannot settle ("in the last three years", "this academic year") is left to
rollover, which lists every one for review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..dates import AcademicYear
from ..errors import Problem
from ..model.project import Hub, Project
from ..text.relative import relative_phrases
from ..text.sentences import spans
from .base import CheckScope

_PROGRAMME = re.compile(r"\b(?:programmes?|work\s+groups?|project|initiative)\b", re.I)
_RUNS = re.compile(
    r"\b(?:run|runs|running|ran|offer|offers|offered|offering|introduc\w*|launch\w*|deliver\w*|available|open)\b", re.I
)


def _sentence(text: str, at: int) -> str:
    return next((text[a:b] for a, b in spans(text) if a <= at < b), "")


def years_of(project: Project, programme: str) -> list[AcademicYear]:
    """The academic years the project has a file for, of one programme, earliest first."""
    return sorted({py.year for py in project.programmes if py.programme == programme}, key=lambda y: y.start)


def hub_years(hub: Hub, programme: str) -> list[AcademicYear]:
    """The academic years a hub's file has an offer for, of one programme, earliest first."""
    return sorted((AcademicYear.parse(y) for y in hub.spec.offers.get(programme, {})), key=lambda y: y.start)


def relative_findings(
    text: str, own: AcademicYear, years: list[AcademicYear], title: str = "", ran_before: AcademicYear | None = None
) -> list[tuple[int, str]]:
    """(offset, message) for each phrase of ``text`` that ``years`` (the programme's) or ``ran_before`` (the
    earliest earlier year the hub offered it) shows cannot be true in a pack for ``own``."""
    earlier = [y for y in years if y.start < own.start]
    found = []
    for r in relative_phrases(text):
        sentence = _sentence(text, r.start)
        names = _PROGRAMME.search(sentence) or (title and title.lower() in sentence.lower())
        if r.first and _RUNS.search(sentence):
            if ran_before is not None:
                found.append(
                    (
                        r.start,
                        f"'{r.text}', but this hub's file has an offer for {ran_before.label}: it ran it before; "
                        f"say what is new, or drop '{r.text}'",
                    )
                )
            elif earlier and names:
                found.append(
                    (
                        r.start,
                        f"'{r.text}', but the project has this programme's {earlier[0].label} file: it ran before; "
                        f"say what is new, or drop '{r.text}'",
                    )
                )
        elif r.start_of and r.years_back is not None and r.years_back >= 0 and names and earlier:
            said = AcademicYear(own.start - r.years_back)
            if earlier[0].start < said.start:
                found.append(
                    (
                        r.start,
                        f"'{r.text}' dates the programme's start to {said.label}, but the project has its "
                        f"{earlier[0].label} file; write the year it began (since {earlier[0].label})",
                    )
                )
    return found


def check_relative(scope: CheckScope) -> Iterator[Problem]:
    """year.relative for every wording string."""
    years: dict[str, list[AcademicYear]] = {}
    for w in scope.wordings:
        py = w.programme_year
        if py.programme not in years:
            years[py.programme] = years_of(scope.project, py.programme)
        ran_before = None
        if w.hub is not None:
            ran_before = next((y for y in hub_years(w.hub, py.programme) if y.start < py.year.start), None)
        title = py.spec.title
        for offset, message in relative_findings(w.text, py.year, years[py.programme], title, ran_before):
            yield scope.locator.problem(w, offset, message, "year.relative", "warning")
