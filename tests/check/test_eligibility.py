"""wording.eligibility's reading of who may apply: kinds that nest, clauses, history, prior participation."""

from __future__ import annotations

from packgen.check.eligibility import eligibility_conflicts, rules


def said(text: str) -> list[tuple[frozenset[str], str]]:
    return [(r.kinds, r.say) for r in rules(text) if r.prior is None]


def test_kinds_are_read_with_what_the_clause_says_of_them() -> None:
    assert said("We welcome applications from primary and special schools.") == [
        (frozenset({"primary", "special"}), "open")
    ]
    assert said("Middle schools deemed secondary are not eligible.") == [
        (frozenset({"middle deemed secondary"}), "closed")
    ]
    assert said("Only state-funded schools are eligible.") == [(frozenset({"state-funded"}), "only")]
    assert said("Academies may apply.") == [(frozenset({"academy"}), "open")]


def test_a_clause_told_in_the_past_is_history_and_a_sentence_splits_at_but() -> None:
    assert said("Last year the programme was open to primary schools only.") == []
    assert said("Secondary schools are not eligible, but primary schools may apply.") == [
        (frozenset({"secondary"}), "closed"),
        (frozenset({"primary"}), "open"),
    ]


def test_closing_a_kind_inside_an_open_one_is_a_refinement_but_opening_one_inside_a_closed_one_is_not() -> None:
    refined = ["The programme is open to primary schools.", "Infant schools are not eligible."]
    assert eligibility_conflicts(refined) == []
    found = eligibility_conflicts(["Middle schools are not eligible.", "Middle schools deemed primary may apply."])
    assert [(i, r.say, j, f.say) for i, r, j, f in found] == [(1, "open", 0, "closed")]


def test_only_one_kind_disagrees_with_another_of_its_family_not_of_another_family() -> None:
    only = "This programme is only open to academies."
    assert eligibility_conflicts([only, "Maintained schools may apply too."])
    assert eligibility_conflicts([only, "Special schools may apply too."]) == []


def test_prior_participation_compares_what_was_done_by_its_words() -> None:
    required = "Schools must have completed the Teaching for Mastery Development year."
    assert eligibility_conflicts(["Applications are invited from schools new to Teaching for Mastery.", required])
    assert eligibility_conflicts(["Schools do not need to have taken part in a Maths Hub programme before.", required])
    assert eligibility_conflicts(["Schools that have taken part in other programmes are welcome.", required]) == []
    (rule,) = rules(required)
    assert (rule.say, rule.prior) == ("required", frozenset({"teaching", "for", "mastery", "development", "year"}))


def test_two_statements_in_one_sentence_are_not_compared() -> None:
    assert eligibility_conflicts(["Independent schools cannot apply, but independent schools in our trust may."]) == []
