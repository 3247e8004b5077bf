"""The schools register in the sheet: each application's URN looked up, the register's name and local
authority added as columns, and a problem for a URN the register does not have, a closed school, one
the programme-year's `eligible:` rule leaves out, and a name that is not the register's for that URN;
and whether the school is in the hub's (or the offer's) priority areas, by its local authority.
Pure: the register comes in as a lookup (schools/store.py's ``get`` bound to a database, or a dict's)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from ..forms.applications import Application
from ..model.project import Project
from ..schools.areas import in_priority_areas, priority_areas
from ..schools.eligibility import Rule, check
from ..schools.register import School, fold
from ..wording.facts import offer_of

COLUMNS = ("register name", "register LA", "priority area")
Lookup = Callable[[int], "School | None"]
Areas = Mapping[tuple[str, str, str], tuple[str, ...]]
"""The priority areas of each form, by (programme, year, hub)."""

_IGNORED = {"the", "school", "and", "of"}  # "Fern Heath Primary" is "Fern Heath Primary School"


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(name).replace("'", "").replace("&", " and ")) if w not in _IGNORED}


def same_name(given: str, registered: str) -> bool:
    """Whether a name typed on a form is the register's, give or take case, accents, punctuation, "the",
    "school", "and"/"&" and words left out ("Fern Heath Primary" for "Fern Heath Primary School")."""
    mine, theirs = _words(given), _words(registered)
    return bool(mine) and (mine <= theirs or theirs <= mine)


def areas_of(project: Project) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """The priority areas of every hub's form: its offer's `areas:`, else the hub's."""
    return {
        (py.programme, py.year.id, hub.code): priority_areas(
            hub.spec.areas, (offer.areas if (offer := offer_of(hub, py)) is not None else None)
        )
        for py in project.programmes
        for hub in project.hubs_running(py)
    }


def priority_words(in_areas: bool | None) -> str:
    """How the sheet and /admin say it: yes, no, or nothing when it cannot be said."""
    return "" if in_areas is None else ("yes" if in_areas else "no")


def add_register(
    applications: Sequence[Application],
    lookup: Lookup,
    rules: Mapping[tuple[str, str], Rule | None],
    areas: Areas | None = None,
) -> None:
    """Fill each application's register columns and add its problems; ``rules`` by (programme, year),
    ``areas`` by (programme, year, hub)."""
    for app in applications:
        app.extra.update(dict.fromkeys(COLUMNS, ""))
        urn = app.urn
        if urn is None:
            continue
        school = lookup(int(urn))
        identity = app.kind.identity
        if school is not None:
            hub_areas = (areas or {}).get((identity.programme, identity.year, identity.hub), ())
            app.extra.update(
                {
                    "register name": school.name,
                    "register LA": school.la_name,
                    "priority area": priority_words(in_priority_areas(school, hub_areas)),
                }
            )
        rule = rules.get((identity.programme, identity.year)) or Rule()
        app.problems.extend(reason.message for reason in check(school, rule, urn))
        given = app.school
        if school is not None and given and not same_name(given, school.name):
            app.problems.append(f"the school's name {given!r} is not the register's for URN {urn}: {school.name!r}")
