"""A form's school answers filled from the register of schools: what "find your school" online and
`packgen invite`'s pre-filled forms both put in, so a school's details read the same everywhere.

The school's group is the group of the answer that identifies a school (its URN); within it the
answers named in DETAILS take the register's value, by their name within the group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..pack import FormField
from ..schools.register import School
from .spec import kind_of

DETAILS: dict[str, Callable[[School], str]] = {
    "name": lambda s: s.name,
    "address": lambda s: ", ".join(s.address),
    "local_authority": lambda s: s.la_name,
    "la": lambda s: s.la_name,
    "headteacher": lambda s: s.headteacher,
    "telephone": lambda s: s.telephone,
    "phase": lambda s: s.phase,
}
"""The answers of the school's group the register fills, by their name within the group."""


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
