"""The allocation engine: each rule with its ties, caps, duplicates, ineligible and late
applications, the waiting list's size, kept decisions, and a withdrawal that promotes the list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from packgen.decide import PLACE_FREED, Applicant, Kept, Standing, Terms, allocate, renumber, withdraw
from packgen.model.schema import AllocationSpec, CapSpec
from packgen.schools.eligibility import Rule
from packgen.schools.register import School

UTC = dt.UTC
START = dt.datetime(2024, 2, 1, 9, 0, tzinfo=UTC)


def school(urn: int, la: str = "Sandwell", trust: str = "", phase: str = "Primary", status: str = "Open") -> School:
    return School(
        urn, f"School {urn}", "Community school", "Local authority maintained schools", status, phase, 4, 11,
        "333", la, "West Midlands", "", "", "", "Town", "", "B1 1AA", "", "", "Mrs", "Ada", "Head", trust, None, None,
    )  # fmt: skip


def app(
    ref: str, minutes: int, urn: int | None = None, la: str = "Sandwell", trust: str = "", **kw: object
) -> Applicant:
    sch = school(urn, la, trust, **kw) if urn is not None else None
    return Applicant(
        ref,
        "online",
        f"{urn:06d}" if urn is not None else None,
        f"School {urn}",
        "office@example.org",
        START + dt.timedelta(minutes=minutes),
        sch,
    )


def terms(rule: str = "first_come", places: int | None = 2, **kw: object) -> Terms:
    spec_keys = {k: kw.pop(k) for k in ("waiting_list", "cap") if k in kw}
    allocation = AllocationSpec(rule=rule, **spec_keys)
    return Terms(places, allocation, register=True, eligible=Rule(), **kw)


def outcomes(decisions) -> list[tuple[str, str, int | None]]:
    return [(d.reference, d.outcome, d.rank) for d in decisions]


def test_first_come_offers_by_time_received_then_ranks_the_waiting_list() -> None:
    apps = [app("C", 3, 3), app("A", 1, 1), app("B", 2, 2), app("D", 4, 4)]
    got = allocate(apps, terms(places=2))
    assert outcomes(got) == [("A", "offered", None), ("B", "offered", None), ("C", "waiting", 1), ("D", "waiting", 2)]
    assert got[0].reason == "Offered a place in the order applications were received."
    assert got[2].reason == "Number 1 on the waiting list: the places were all offered to applications before it."


def test_a_tie_in_time_is_broken_by_the_reference() -> None:
    apps = [app("WM1-ZZZZ", 0, 1), app("WM1-AAAA", 0, 2)]
    assert outcomes(allocate(apps, terms(places=1))) == [("WM1-AAAA", "offered", None), ("WM1-ZZZZ", "waiting", 1)]


def test_the_same_input_gives_the_same_decisions_in_any_order() -> None:
    apps = [app(f"R{i:02d}", i % 5, 100 + i, la=("Sandwell", "Dudley")[i % 2]) for i in range(30)]
    t = terms(
        "priority_areas", places=7, waiting_list=5, areas=("Dudley",), cap=CapSpec(per="local_authority", places=4)
    )
    first = allocate(apps, t)
    for seed in range(5):
        shuffled = apps[:]
        random.Random(seed).shuffle(shuffled)
        assert allocate(shuffled, t) == first


def test_priority_areas_come_first_each_by_time_received() -> None:
    apps = [app("A", 1, 1, la="Dudley"), app("B", 2, 2, la="Sandwell"), app("C", 3, 3, la="dudley")]
    got = allocate(apps, terms("priority_areas", places=2, areas=("Sandwell",)))
    assert outcomes(got) == [("B", "offered", None), ("A", "offered", None), ("C", "waiting", 1)]
    assert [d.in_area for d in got] == [True, False, False]
    assert got[0].reason == "Offered a place: the school is in a priority area."
    assert got[1].reason == "Offered a place left after the schools in the priority areas."


def test_a_cap_per_local_authority_passes_over_to_the_next_school() -> None:
    apps = [app("A", 1, 1, la="Dudley"), app("B", 2, 2, la="Dudley"), app("C", 3, 3, la="Sandwell")]
    got = allocate(apps, terms(places=2, cap=CapSpec(per="local_authority", places=1)))
    assert outcomes(got) == [("A", "offered", None), ("B", "waiting", 1), ("C", "offered", None)]
    assert got[1].reason == (
        "Number 1 on the waiting list: the places for schools of one local authority (Dudley: at most 1) were all "
        "offered."
    )


def test_a_cap_per_trust_leaves_schools_in_no_trust_uncapped() -> None:
    apps = [app("A", 1, 1, trust="Oak Trust"), app("B", 2, 2, trust="Oak Trust"), app("C", 3, 3), app("D", 4, 4)]
    got = allocate(apps, terms(places=3, cap=CapSpec(per="trust", places=1)))
    assert outcomes(got) == [
        ("A", "offered", None),
        ("B", "waiting", 1),
        ("C", "offered", None),
        ("D", "offered", None),
    ]


def test_a_duplicate_keeps_the_first_application_from_the_school() -> None:
    apps = [app("LATER", 5, 1), app("FIRST", 1, 1), app("OTHER", 2, 2)]
    got = {d.reference: d for d in allocate(apps, terms(places=5))}
    assert (got["FIRST"].outcome, got["LATER"].outcome, got["LATER"].code) == ("offered", "not_offered", "duplicate")
    assert got["LATER"].reason == (
        "Another application from the same school (FIRST) was received first, and only the first application from a "
        "school is considered."
    )


def test_an_ineligible_school_and_an_unknown_urn_are_not_offered() -> None:
    apps = [app("SEC", 1, 1, phase="Secondary"), app("SHUT", 2, 2, status="Closed"), app("OK", 3, 3)]
    apps.append(dataclasses.replace(app("GHOST", 4, 4), school=None))
    t = dataclasses.replace(terms(places=5), eligible=Rule(phases=("Primary",)))
    got = {d.reference: d for d in allocate(apps, t)}
    assert got["OK"].outcome == "offered"
    assert got["SEC"].reason == ("Not eligible: School 1 is a secondary school; this programme is for primary schools.")
    assert got["SHUT"].reason == "Not eligible: School 2 is closed."
    assert got["GHOST"].reason == "Not eligible: No school has the URN 000004."
    # Without a register nothing is known of the schools: none is refused for it.
    unknown = dataclasses.replace(t, register=False)
    assert {d.outcome for d in allocate(apps, unknown)} == {"offered"}


def test_after_the_closing_date_means_after_the_end_of_that_day_in_the_uk() -> None:
    summer = dt.date(2024, 6, 28)  # BST: the day ends at 23:00 UTC
    on_time = Applicant("ON", "returned", "000001", "A", None, dt.datetime(2024, 6, 28, 22, 59, 59, tzinfo=UTC))
    late = Applicant("LATE", "returned", "000002", "B", None, dt.datetime(2024, 6, 28, 23, 0, tzinfo=UTC))
    t = dataclasses.replace(terms(places=5), closes=summer, register=False)
    got = {d.reference: d for d in allocate([on_time, late], t)}
    assert got["ON"].outcome == "offered"
    assert (got["LATE"].outcome, got["LATE"].reason) == (
        "not_offered",
        "Received after the closing date, Friday 28th June 2024.",
    )


def test_the_waiting_list_holds_its_size_and_the_rest_have_no_place() -> None:
    apps = [app(f"R{i}", i, i + 1) for i in range(6)]
    got = allocate(apps, terms(places=2, waiting_list=2))
    assert outcomes(got) == [
        ("R0", "offered", None),
        ("R1", "offered", None),
        ("R2", "waiting", 1),
        ("R3", "waiting", 2),
        ("R4", "not_offered", None),
        ("R5", "not_offered", None),
    ]
    assert (
        got[4].reason
        == "No place: the places were all offered to applications before it, and the waiting list is full."
    )
    assert outcomes(allocate(apps, terms(places=2, waiting_list=0)))[2] == ("R2", "not_offered", None)
    assert all(d.outcome == "offered" for d in allocate(apps, terms(places=None)))


def test_review_proposes_in_the_order_received() -> None:
    got = allocate([app("B", 2, 2), app("A", 1, 1)], terms("review", places=1))
    assert outcomes(got) == [("A", "offered", None), ("B", "waiting", 1)]
    assert got[0].reason == "Proposed in the order received, for the hub to review."


def test_kept_decisions_stay_and_take_their_places_first() -> None:
    apps = [app("A", 1, 1), app("B", 2, 2), app("C", 3, 3), app("D", 4, 4)]
    kept = {
        "D": Kept("D", "offered", None, "Offered by the hub: a partner school."),
        "A": Kept("A", "waiting", 1, "On the waiting list."),
    }
    got = {d.reference: d for d in allocate(apps, terms(places=2), kept)}
    assert (got["D"].outcome, got["D"].reason, got["D"].kept) == (
        "offered",
        "Offered by the hub: a partner school.",
        True,
    )
    assert (got["A"].outcome, got["A"].rank) == ("waiting", 1)
    assert (got["B"].outcome, got["C"].outcome, got["C"].rank) == ("offered", "waiting", 2)


def test_a_withdrawal_offers_the_place_to_the_first_on_the_waiting_list() -> None:
    standing = [
        Standing("A", "offered"),
        Standing("B", "offered"),
        Standing("C", "waiting", 1),
        Standing("D", "waiting", 2),
    ]
    changes = withdraw(standing, "A", terms(places=2), "the school closed its Year 1 class")
    assert [(c.reference, c.outcome, c.rank, c.reason) for c in changes] == [
        ("A", "withdrawn", None, "Withdrawn: the school closed its Year 1 class"),
        ("C", "offered", None, PLACE_FREED),
        ("D", "waiting", 1, None),
    ]


def test_a_withdrawal_passes_over_a_waiting_school_whose_authority_is_at_its_cap() -> None:
    standing = [
        Standing("A", "offered", None, "Dudley"),
        Standing("B", "offered", None, "Sandwell"),
        Standing("C", "waiting", 1, "Sandwell"),
        Standing("D", "waiting", 2, "Dudley"),
    ]
    t = terms(places=2, cap=CapSpec(per="local_authority", places=1))
    changes = withdraw(standing, "A", t)
    assert [(c.reference, c.outcome, c.rank) for c in changes] == [
        ("A", "withdrawn", None),
        ("D", "offered", None),
    ]


def test_leaving_the_waiting_list_moves_the_others_up() -> None:
    standing = [Standing("A", "offered"), Standing("C", "waiting", 1), Standing("D", "waiting", 2)]
    assert [(c.reference, c.outcome, c.rank) for c in withdraw(standing, "C", terms(places=1))] == [
        ("C", "withdrawn", None),
        ("D", "waiting", 1),
    ]
    assert [(c.reference, c.rank) for c in renumber([Standing("X", "waiting", 5), Standing("Y", "waiting")])] == [
        ("X", 1),
        ("Y", 2),
    ]
