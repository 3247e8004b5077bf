"""Hubs' areas against the register: is each a local authority GIAS names, and is a school in them?

A hub's `areas:` (and an offer's) are local authorities, written as people write them. `check`
finds the ones the register does not name, with "did you mean" from the names it does (difflib,
case and accents ignored, and GIAS's "Bristol, City of" form); `in_areas` says whether a school's
local authority is one of them. Both are pure: the caller reads the names from the register
(`store.la_names`) and says where a problem stands in the hub's file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .register import School, fold


@dataclass(frozen=True)
class AreaProblem:
    """An area the register does not name, what it probably meant (or None), and the words to show."""

    area: str
    suggestion: str | None
    message: str


def suggestion(area: str, la_names: Iterable[str]) -> str | None:
    """The register's name ``area`` most likely means: the same name folded ("sandwell"), GIAS's
    inverted form ("Bristol" -> "Bristol, City of"), else the closest by difflib; None if none is close."""
    folded = {fold(name): name for name in la_names}
    key = fold(area)
    if key in folded:
        return folded[key]
    inverted = [name for k, name in folded.items() if k.startswith(key + ",")]
    if len(inverted) == 1:
        return inverted[0]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def check(areas: Iterable[str], la_names: Iterable[str]) -> list[AreaProblem]:
    """A problem for each area that is not, as written, a local authority of the register."""
    names = set(la_names)
    problems = []
    for area in areas:
        if area in names:
            continue
        meant = suggestion(area, names)
        if meant is not None:
            message = f"{area} is not a local authority: did you mean {meant}?"
        else:
            message = f"{area} is not a local authority in the register of schools"
        problems.append(AreaProblem(area, meant, message))
    return problems


def in_areas(school: School, areas: Iterable[str]) -> bool:
    """Whether the school's local authority is one of ``areas`` (case and accents ignored)."""
    return fold(school.la_name) in {fold(area) for area in areas}


def priority_areas(hub_areas: Iterable[str], offer_areas: Iterable[str] | None = None) -> tuple[str, ...]:
    """The areas a hub gives priority to for one programme-year: the offer's `areas:` when it names
    any, else the hub's own."""
    offer = tuple(offer_areas or ())
    return offer if offer else tuple(hub_areas)


def in_priority_areas(
    school: School | None, hub_areas: Iterable[str], offer_areas: Iterable[str] | None = None
) -> bool | None:
    """Whether ``school`` is in the hub's (or the offer's) priority areas, by its local authority:
    None when that cannot be said (no such school in the register, or no areas named)."""
    areas = priority_areas(hub_areas, offer_areas)
    if school is None or not areas:
        return None
    return in_areas(school, areas)
