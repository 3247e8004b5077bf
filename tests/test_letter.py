"""packgen/letter.py: which letter a decision gets, and one letter's wording rendered for a school."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import edit, line_of
from letters_sample import with_letters

from packgen.errors import PackgenError
from packgen.letter import letter_kind, resolve_letter
from packgen.model.project import load_project
from packgen.wording.facts import DecisionView, SchoolView

PY = "programmes/number-sense/2024-25.yaml"
SCHOOL = SchoolView("Riverside Primary School", "123456", ("1 River Road", "Riverside"), "Ms H Head")


@pytest.mark.parametrize(
    ("outcome", "proposed", "kind"),
    [
        ("offered", "offered", "offered"),
        ("offered", "not_offered", "offered"),  # staff changed it: still an offer
        ("offered", "waiting", "place_freed"),  # from the waiting list: a place came free
        ("waiting", "waiting", "waiting"),
        ("not_offered", "offered", "not_offered"),
        ("withdrawn", "offered", None),
    ],
)
def test_the_letter_a_decision_gets(outcome: str, proposed: str, kind: str | None) -> None:
    assert letter_kind(outcome, proposed) == kind


def _letter(root: Path, kind: str, hub: str = "WM9", decision: DecisionView | None = None):
    project = load_project(root)
    py = project.programmes[0]
    decision = decision or DecisionView("offered", "WM9-AAAA-AAAA")
    return resolve_letter(project, py, project.hub(hub), kind, SCHOOL, decision, dt.date(2024, 3, 15))


def test_a_letter_names_the_school_and_uses_the_decision(sample: Path) -> None:
    with_letters(sample)
    letter = _letter(sample, "waiting", decision=DecisionView("waiting", "WM9-BBBB-BBBB", 2))
    assert letter.subject == "Riverside Primary School is on the waiting list"
    assert letter.blocks[0].runs[0].text == (
        "Every place is taken, and Riverside Primary School is number 2 on the waiting list."
    )
    assert letter.greeting == "Dear Ms H Head,"
    assert letter.file_stem == "123456-waiting"
    assert (letter.hub_name, letter.confirmation_date) == ("Riverside Maths Hub", dt.date(2024, 3, 15))


def test_a_hubs_placement_stands_in_its_own_letters_only(sample: Path) -> None:
    with_letters(sample, placement=True)
    texts = [b.runs[0].text for b in _letter(sample, "offered").blocks]
    assert texts[-2:] == [
        "Please tell Riverside Maths Hub if you can no longer take part.",
        "Our first meeting is at the lead school: bring a laptop.",
    ]
    assert "bring a laptop" not in str(_letter(sample, "offered", hub="SE9").blocks)


def test_a_programme_year_without_letters_wording_says_which_file_and_key(sample: Path) -> None:
    with pytest.raises(PackgenError) as raised:
        _letter(sample, "offered")
    (problem,) = raised.value.problems
    assert problem.path == PY
    assert problem.code == "letters.missing"
    assert problem.message.startswith(f"{PY} has no letters: key")


def test_a_misspelt_fact_in_letters_wording_is_located(sample: Path) -> None:
    with_letters(sample)
    edit(sample / PY, "number {{ decision.rank }}", "number {{ decision.rnak }}")
    with pytest.raises(PackgenError) as raised:
        _letter(sample, "waiting")
    (problem,) = raised.value.problems
    assert (problem.path, problem.line, problem.code) == (
        PY,
        line_of(sample / PY, "decision.rnak"),
        "template.undefined",
    )
    assert "'decision' has no attribute 'rnak'" in problem.message
