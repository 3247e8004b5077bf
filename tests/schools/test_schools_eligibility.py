"""Eligibility: a programme-year's `eligible:` rule against a school of the register, in GOV.UK's words."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from packgen.schools import gias
from packgen.schools.eligibility import PHASES, TYPE_GROUPS, TYPES, Reason, Rule, check
from packgen.schools.register import School

from .conftest import SAMPLE

PRIMARY = Rule.from_mapping(
    {"phases": ["Primary", "Middle deemed primary", "All-through"], "exclude_types": ["Other independent school"]}
)


def a_school(**changes: object) -> School:
    base = School(
        urn=100001, name="Oak Lane Primary School", type="Community school",
        type_group="Local authority maintained schools", status="Open", phase="Primary", low_age=4, high_age=11,
        la_code="333", la_name="Sandwell", region="West Midlands", street="1 Oak Lane", locality="", address3="",
        town="Oldbury", county="", postcode="B69 1AA", telephone="", website="", head_title="", head_first_name="",
        head_last_name="", trust="", open_date=None, close_date=None,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def messages(school: School | None, rule: Rule = PRIMARY, urn: int | None = None) -> list[str]:
    return [r.message for r in check(school, rule, urn)]


def test_an_open_primary_school_may_apply() -> None:
    assert check(a_school(), PRIMARY) == []
    assert check(a_school(phase="All-through"), PRIMARY) == []
    assert check(a_school(status="Open, but proposed to close"), PRIMARY) == []


def test_an_unknown_urn_a_closed_school_and_one_not_yet_open_are_refused() -> None:
    assert check(None, PRIMARY, 123456) == [Reason("school.unknown", "No school has the URN 123456")]
    closed = a_school(status="Closed", close_date=dt.date(2024, 8, 31))
    assert check(closed, PRIMARY) == [Reason("school.closed", "Oak Lane Primary School is closed")]
    assert messages(a_school(status="Proposed to open")) == ["Oak Lane Primary School is not open yet"]
    assert check(closed, dataclasses.replace(PRIMARY, status="any")) == []


def test_a_school_of_the_wrong_phase_is_told_which_phases_may_apply() -> None:
    assert messages(a_school(name="Oak Bank Academy", phase="Secondary")) == [
        "Oak Bank Academy is a secondary school; this programme is for primary, middle deemed primary and "
        "all-through schools"
    ]
    assert messages(a_school(phase="Secondary"), Rule(phases=("Primary",))) == [
        "Oak Lane Primary School is a secondary school; this programme is for primary schools"
    ]
    assert messages(a_school(phase="Not applicable"), Rule(phases=("Secondary", "All-through"))) == [
        "Oak Lane Primary School has no phase of education in the register; this programme is for secondary and "
        "all-through schools"
    ]


def test_excluded_types_and_groups_and_every_reason_at_once() -> None:
    independent = a_school(name="Hazel House School", type="Other independent school", phase="Secondary",
                           type_group="Independent schools", status="Closed")  # fmt: skip
    assert [r.code for r in check(independent, PRIMARY)] == ["school.closed", "school.phase", "school.type"]
    assert (
        messages(independent)[2]
        == "Hazel House School cannot apply: this programme is not for other independent schools"
    )
    groups = Rule(exclude_type_groups=("Independent schools",))
    assert messages(independent, groups) == [
        "Hazel House School is closed",
        "Hazel House School cannot apply: this programme is not for independent schools",
    ]
    only_academies = Rule(type_groups=("Academies",))
    assert [r.code for r in check(a_school(), only_academies)] == ["school.type_group"]
    assert check(a_school(type="Academy converter", type_group="Academies"), only_academies) == []
    assert messages(a_school(), Rule(types=("Free schools",))) == [
        "Oak Lane Primary School cannot apply: this programme is not for community schools"
    ]


def test_the_rule_refuses_unknown_keys_and_names_with_did_you_mean() -> None:
    with pytest.raises(ValueError) as caught:
        Rule.from_mapping({"phase": ["Primary"], "exclude_types": ["Other independant school"], "status": "closed"})
    assert str(caught.value) == (
        "unknown key 'phase' (did you mean 'phases'?); "
        "exclude_types: 'Other independant school' is not one of GIAS's names "
        "(did you mean 'Other independent school'?); "
        "status: 'closed' is not one of open, any"
    )
    assert Rule.from_mapping({"phases": "Primary"}) == Rule(phases=("Primary",))
    assert Rule.from_mapping({}) == Rule()


def test_gias_names_in_the_sample_are_all_known_to_the_rule() -> None:
    schools = gias.read(SAMPLE).schools
    assert {s.phase for s in schools} <= set(PHASES)
    assert {s.type for s in schools} <= set(TYPES)
    assert {s.type_group for s in schools} <= set(TYPE_GROUPS)
    eligible = [s for s in schools if not check(s, PRIMARY)]
    assert eligible and all(s.is_open and s.phase in PRIMARY.phases for s in eligible)
    assert all(s.type != "Other independent school" for s in eligible)
