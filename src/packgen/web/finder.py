"""Find your school: the online form's use of the schools register (schools/store.py).

A school names itself by URN (typed, or chosen by name with the page's script); the register's
details then fill the form's school answers, and the same checks refuse, on the form, a URN the
register does not have, a closed school and one the programme-year's `eligible:` rule leaves out.
Without an imported register none of this applies: the form asks for a six-digit URN as before.

Pure where it can be: the views (public.py) fetch the School and pass it here. Which answers the
register fills is forms/prefill.py's, shared with `packgen invite`'s pre-filled forms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from ..collect.register import areas_of, priority_words
from ..forms.applications import Application, urn_key
from ..forms.prefill import details
from ..forms.prefill import school_group as school_group  # the views ask it here
from ..model.project import Project
from ..pack import FormField
from ..schools import store as register
from ..schools.areas import in_priority_areas
from ..schools.eligibility import Rule, check
from ..schools.register import School

URN_MISSING = "Enter your school's URN"
URN_FORM = "Enter a URN in the correct format, like 123456"


def has_register(engine: Engine) -> bool:
    """Whether a register has been imported: without one the form asks for the URN as before."""
    return register.imported(engine)


def known_register(engine: Engine) -> bool | None:
    """has_register's answer when it needs no query (known, or "none" believed a while), else None."""
    return register.known_imported(engine)


def parse_urn(text: str) -> tuple[int | None, str | None]:
    """(URN, None) for six digits (spaces ignored), or (None, the GOV.UK message)."""
    text = text.strip()
    if not text:
        return None, URN_MISSING
    key = urn_key(text)
    if not key or len(key) != 6 or not text.replace(" ", "").isdigit():
        return None, URN_FORM
    return int(key), None


def refusal(school: School | None, urn: int, rule: Rule | None) -> str | None:
    """Why the school may not apply, in GOV.UK's words (the first reason), or None when it may. Without
    an `eligible:` rule a school must still be open."""
    reasons = check(school, rule or Rule(), urn)
    return reasons[0].message if reasons else None


@dataclass(frozen=True)
class Correction:
    """A detail the school changed from the register's."""

    name: str  # the answer's name
    register: str
    given: str


def corrections(answers: Sequence[FormField], values: Mapping[str, str], school: School) -> list[Correction]:
    """Each filled detail whose answer differs from the register's (spaces and case aside: "0121 929 5104"
    is 01219295104)."""
    changed = []
    for name, value in details(answers, school).items():
        given = values.get(name, "")
        if "".join(given.split()).casefold() != "".join(value.split()).casefold():
            changed.append(Correction(name, value, given))
    return changed


def summary(school: School) -> list[tuple[str, str]]:
    """What "Confirm this is your school" shows: (key, value) rows."""
    return [
        ("Name", school.name),
        ("URN", f"{school.urn:06d}"),
        ("Address", ", ".join(school.address) or "Not known"),
        ("Local authority", school.la_name or "Not known"),
        ("Phase", school.phase or "Not known"),
        ("Headteacher", school.headteacher or "Not known"),
    ]


def as_json(school: School) -> dict[str, str]:
    """A search result for the page's script: public GIAS details only."""
    return {
        "urn": f"{school.urn:06d}",
        "name": school.name,
        "town": school.town,
        "postcode": school.postcode,
        "la": school.la_name,
        "open": "yes" if school.is_open else "no",
    }


def priority(engine: Engine, project: Project, applications: Sequence[Application]) -> dict[object, str]:
    """Whether each application's school is in its form's priority areas (collect/register.py's words:
    yes, no, or "" when the register does not know the school or the form names no areas), by source."""
    if not applications or not has_register(engine):
        return {}
    schools = register.get_many(engine, [int(a.urn) for a in applications if a.urn])
    areas = areas_of(project)
    said = {}
    for app in applications:
        school = schools.get(int(app.urn)) if app.urn else None
        i = app.kind.identity
        said[app.source] = priority_words(in_priority_areas(school, areas.get((i.programme, i.year, i.hub), ())))
    return said
