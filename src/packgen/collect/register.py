"""The schools register in the sheet: each application's URN looked up, the register's name and local
authority added as columns, and a problem for a URN the register does not have, a closed school, one
the programme-year's `eligible:` rule leaves out, and a name that is not the register's for that URN.
Pure: the register comes in as a lookup (schools/store.py's ``get`` bound to a database, or a dict's)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from ..forms.applications import Application
from ..schools.eligibility import Rule, check
from ..schools.register import School, fold

COLUMNS = ("register name", "register LA")
Lookup = Callable[[int], "School | None"]

_IGNORED = {"the", "school", "and", "of"}  # "Fern Heath Primary" is "Fern Heath Primary School"


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(name).replace("'", "").replace("&", " and ")) if w not in _IGNORED}


def same_name(given: str, registered: str) -> bool:
    """Whether a name typed on a form is the register's, give or take case, accents, punctuation, "the",
    "school", "and"/"&" and words left out ("Fern Heath Primary" for "Fern Heath Primary School")."""
    mine, theirs = _words(given), _words(registered)
    return bool(mine) and (mine <= theirs or theirs <= mine)


def add_register(
    applications: Sequence[Application],
    lookup: Lookup,
    rules: Mapping[tuple[str, str], Rule | None],
) -> None:
    """Fill each application's register columns and add its problems; ``rules`` by (programme, year)."""
    for app in applications:
        app.extra.update(dict.fromkeys(COLUMNS, ""))
        urn = app.urn
        if urn is None:
            continue
        school = lookup(int(urn))
        if school is not None:
            app.extra.update({"register name": school.name, "register LA": school.la_name})
        identity = app.kind.identity
        rule = rules.get((identity.programme, identity.year)) or Rule()
        app.problems.extend(reason.message for reason in check(school, rule, urn))
        given = app.school
        if school is not None and given and not same_name(given, school.name):
            app.problems.append(f"the school's name {given!r} is not the register's for URN {urn}: {school.name!r}")
