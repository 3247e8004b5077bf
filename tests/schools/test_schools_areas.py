"""Areas: a hub's local authorities against the register's names, and a school in or out of them."""

from __future__ import annotations

import dataclasses

from packgen.schools import gias
from packgen.schools.areas import AreaProblem, check, in_areas, in_priority_areas, priority_areas, suggestion

from .conftest import SAMPLE

NAMES = {"Birmingham", "Sandwell", "Dudley", "Bristol, City of", "Herefordshire, County of", "Stoke-on-Trent"}


def test_a_misspelt_area_gets_did_you_mean() -> None:
    assert check(["Birmingham", "Sandwel", "Dudley"], NAMES) == [
        AreaProblem("Sandwel", "Sandwell", "Sandwel is not a local authority: did you mean Sandwell?")
    ]
    assert [p.message for p in check(["sandwell", "Stoke on Trent", "Bristol", "Narnia"], NAMES)] == [
        "sandwell is not a local authority: did you mean Sandwell?",
        "Stoke on Trent is not a local authority: did you mean Stoke-on-Trent?",
        "Bristol is not a local authority: did you mean Bristol, City of?",
        "Narnia is not a local authority in the register of schools",
    ]
    assert suggestion("Herefordshire", NAMES) == "Herefordshire, County of"
    assert check([], NAMES) == []


def test_the_shipped_hubs_areas_are_the_samples_local_authorities() -> None:
    names = {s.la_name for s in gias.read(SAMPLE).schools}
    assert check(["Birmingham", "Sandwell", "Dudley"], names) == []


def test_a_school_is_in_or_out_of_the_areas_by_its_local_authority() -> None:
    schools = gias.read(SAMPLE).schools
    sandwell = next(s for s in schools if s.la_name == "Sandwell")
    walsall = next(s for s in schools if s.la_name == "Walsall")
    assert in_areas(sandwell, ["Birmingham", "Sandwell"]) and in_areas(sandwell, ["SANDWELL"])
    assert not in_areas(walsall, ["Birmingham", "Sandwell"])
    assert not in_areas(sandwell, [])
    assert in_areas(dataclasses.replace(walsall, la_name="Solihull"), ["Solihull"])


def test_the_priority_areas_are_the_offers_else_the_hubs() -> None:
    schools = gias.read(SAMPLE).schools
    dudley = next(s for s in schools if s.la_name == "Dudley")
    hub = ["Birmingham", "Sandwell", "Dudley"]
    assert priority_areas(hub, None) == priority_areas(hub, []) == ("Birmingham", "Sandwell", "Dudley")
    assert priority_areas(hub, ["Birmingham", "Sandwell"]) == ("Birmingham", "Sandwell")
    assert in_priority_areas(dudley, hub) is True
    assert in_priority_areas(dudley, hub, ["Birmingham", "Sandwell"]) is False  # the offer narrows them
    assert in_priority_areas(None, hub) is None  # a school the register does not know
    assert in_priority_areas(dudley, [], None) is None  # a hub that names no areas
