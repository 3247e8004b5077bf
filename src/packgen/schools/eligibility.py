"""Who may apply to a programme-year: a rule over the register's phase, type and status.

A programme-year says it with an `eligible:` mapping (see README, "Schools"), every key optional:

    eligible:
      phases: [Primary, Middle deemed primary, All-through]   # PhaseOfEducation (name); default: any phase
      exclude_types: [Other independent school]               # TypeOfEstablishment (name) that may not apply
      types: [...]                                            # or: only these types may apply
      type_groups: [...]                                      # EstablishmentTypeGroup (name), only these
      exclude_type_groups: [Independent schools]              # or: not these groups
      status: open                                            # open (default): not closed or yet to open; any

Values are GIAS's own names, checked against GIAS's lists (a typo is an error with "did you mean").
`check(school, rule)` is pure: the reasons a school may not apply, in GOV.UK's plain words; none
means it may.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .register import School

PHASES = (
    "Not applicable", "Nursery", "Primary", "Middle deemed primary", "Secondary", "Middle deemed secondary",
    "16 plus", "All-through",
)  # fmt: skip
"""GIAS's PhaseOfEducation (name) values."""

TYPES = (
    "Community school", "Voluntary aided school", "Voluntary controlled school", "Foundation school",
    "City technology college", "Community special school", "Non-maintained special school",
    "Other independent special school", "Other independent school", "Foundation special school",
    "Pupil referral unit", "Local authority nursery school", "Further education", "Secure units",
    "Offshore schools", "Service children's education", "Miscellaneous", "Academy sponsor led",
    "Higher education institutions", "Welsh establishment", "Sixth form centres", "Special post 16 institution",
    "Academy special sponsor led", "Academy converter", "Free schools", "Free schools special",
    "British schools overseas", "Free schools alternative provision", "Free schools 16 to 19",
    "University technical college", "Studio schools", "Academy alternative provision converter",
    "Academy alternative provision sponsor led", "Academy special converter", "Academy 16-19 converter",
    "Academy 16 to 19 sponsor led", "Online provider", "Institution funded by other government department",
    "Academy secure 16 to 19",
)  # fmt: skip
"""GIAS's TypeOfEstablishment (name) values (its establishment types list, 2025)."""

TYPE_GROUPS = (
    "Colleges", "Universities", "Independent schools", "Local authority maintained schools", "Special schools",
    "Welsh schools", "Other types", "Academies", "Free Schools", "Online provider",
)  # fmt: skip
"""GIAS's EstablishmentTypeGroup (name) values."""

STATUSES = ("open", "any")

_ADJECTIVE = {
    "Nursery": "nursery",
    "Primary": "primary",
    "Middle deemed primary": "middle deemed primary",
    "Secondary": "secondary",
    "Middle deemed secondary": "middle deemed secondary",
    "16 plus": "16 plus",
    "All-through": "all-through",
}


@dataclass(frozen=True)
class Rule:
    """A programme-year's `eligible:`; an empty tuple means "any"."""

    phases: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    exclude_types: tuple[str, ...] = ()
    type_groups: tuple[str, ...] = ()
    exclude_type_groups: tuple[str, ...] = ()
    status: str = "open"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Rule:
        """The rule an `eligible:` mapping says; raises ValueError naming every key or value that is wrong."""
        known = {
            "phases": PHASES,
            "types": TYPES,
            "exclude_types": TYPES,
            "type_groups": TYPE_GROUPS,
            "exclude_type_groups": TYPE_GROUPS,
        }
        problems: list[str] = []
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "status":
                if value not in STATUSES:
                    problems.append(f"status: {value!r} is not one of open, any")
                else:
                    values[key] = value
                continue
            if key not in known:
                problems.append(f"unknown key {key!r}{_did_you_mean(str(key), [*known, 'status'])}")
                continue
            items = [value] if isinstance(value, str) else list(value or ())
            for item in items:
                if item not in known[key]:
                    problems.append(f"{key}: {item!r} is not one of GIAS's names{_did_you_mean(str(item), known[key])}")
            values[key] = tuple(items)
        if problems:
            raise ValueError("; ".join(problems))
        return cls(**values)


def rule_of(eligible: Any) -> Rule | None:
    """The Rule of a programme-year's validated `eligible:` (model/schema.py's Eligible), or None without one."""
    return None if eligible is None else Rule.from_mapping(eligible.model_dump())


@dataclass(frozen=True)
class Reason:
    """Why a school may not apply: a code to sort or count by, and the words to show."""

    code: str
    message: str


def check(school: School | None, rule: Rule, urn: int | str | None = None) -> list[Reason]:
    """Every reason ``school`` may not apply under ``rule``; [] when it may. ``school`` None is a URN
    the register does not have (``urn``, for the message)."""
    if school is None:
        return [Reason("school.unknown", f"No school has the URN {urn}" if urn is not None else "No such school")]
    name = school.name
    reasons: list[Reason] = []
    if rule.status == "open" and not school.is_open:
        if school.status == "Proposed to open":
            reasons.append(Reason("school.not_open", f"{name} is not open yet"))
        else:
            reasons.append(Reason("school.closed", f"{name} is closed"))
    if rule.phases and school.phase not in rule.phases:
        wanted = _join([_ADJECTIVE.get(p, p) for p in rule.phases if p != "Not applicable"])
        if school.phase in _ADJECTIVE:
            being = f"is {_article(_ADJECTIVE[school.phase])} {_ADJECTIVE[school.phase]} school"
        else:
            being = "has no phase of education in the register"
        reasons.append(Reason("school.phase", f"{name} {being}; this programme is for {wanted} schools"))
    if school.type in rule.exclude_types or (rule.types and school.type not in rule.types):
        reasons.append(Reason("school.type", f"{name} cannot apply: this programme is not for {_plural(school.type)}"))
    if school.type_group in rule.exclude_type_groups or (
        rule.type_groups and school.type_group not in rule.type_groups
    ):
        group = school.type_group[0].lower() + school.type_group[1:] if school.type_group else "its type"
        reasons.append(Reason("school.type_group", f"{name} cannot apply: this programme is not for {group}"))
    return reasons


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _plural(type_name: str) -> str:
    """ "Other independent school" -> "other independent schools"; "Free schools" stays; others named."""
    lower = type_name[0].lower() + type_name[1:]
    if lower.endswith(("school", "college", "unit", "institution")):
        return lower + "s"
    if lower.endswith(("schools", "units", "colleges", "centres", "institutions")):
        return lower
    return f"schools of the type {type_name!r}"


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
