"""Find your school: the online form's use of the schools register (schools/store.py).

A school names itself by URN (typed, or chosen by name with the page's script); the register's
details then fill the form's school answers, and the same checks refuse, on the form, a URN the
register does not have, a closed school and one the programme-year's `eligible:` rule leaves out.
Without an imported register none of this applies: the form asks for a six-digit URN as before.

Pure where it can be: the views (public.py) fetch the School and pass it here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from ..forms.applications import urn_key
from ..forms.spec import kind_of
from ..pack import FormField
from ..schools import store as register
from ..schools.eligibility import Rule, check
from ..schools.register import School

DETAILS = {
    "name": lambda s: s.name,
    "address": lambda s: ", ".join(s.address),
    "local_authority": lambda s: s.la_name,
    "la": lambda s: s.la_name,
    "headteacher": lambda s: s.headteacher,
    "telephone": lambda s: s.telephone,
    "phase": lambda s: s.phase,
}
"""The answers of the school's group the register fills, by their name within the group."""

URN_MISSING = "Enter your school's URN"
URN_FORM = "Enter a URN in the correct format, like 123456"


def has_register(engine: Engine) -> bool:
    """Whether a register has been imported: without one the form asks for the URN as before."""
    return register.info(engine) is not None


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


def school_group(answers: Sequence[FormField]) -> tuple[str, FormField] | None:
    """(the prefix of the school's group's answers, e.g. "school.", the answer that holds the URN)."""
    field = next((a for a in answers if kind_of(a).identifies_school), None)
    if field is None:
        return None
    prefix = field.name.rpartition(".")[0]
    return (prefix + "." if prefix else ""), field


def details(answers: Sequence[FormField], school: School) -> dict[str, str]:
    """The answers the register fills for ``school``: the URN, and name, address, LA, headteacher,
    telephone and phase where the form asks them (a phase only when it is one of the form's choices)."""
    found = school_group(answers)
    if found is None:
        return {}
    prefix, urn_field = found
    filled = {urn_field.name: f"{school.urn:06d}"}
    for answer in answers:
        if not answer.name.startswith(prefix) or answer.name == urn_field.name:
            continue
        local = answer.name[len(prefix) :]
        if local not in DETAILS or kind_of(answer).prefilled is not None:
            continue
        value = DETAILS[local](school)
        if not value or (answer.choices and value not in answer.choices):
            continue
        filled[answer.name] = value
    return filled


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
