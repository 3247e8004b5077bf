"""An offer's allocation: a rule whose words the pack says (the shipped packs' sentences as before),
and offer.allocation-words: words of the hub's own still show, count as review, and are warned of
with the structured keys to write."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, line_of

from packgen.check import KNOWN_CODES, check_project, load_config
from packgen.model.project import load_project
from packgen.resolve import resolve_pack

WM1 = "hubs/WM1.yaml"


def found(root: Path) -> list[str]:
    problems = check_project(load_project(root), load_config(root, KNOWN_CODES), render=False)
    return [str(p) for p in problems if p.code == "offer.allocation-words"]


def sentence(root: Path, programme: str, needle: str = " places") -> str:
    project = load_project(root)
    py = next(p for p in project.programmes if p.programme == programme and p.year.id == "2024-25")
    text = repr(resolve_pack(project, py, project.hub("WM1")))
    start = text.index("Central Maths Hub ha")
    return text[start : text.index(".", start) + 1]


def test_the_shipped_rules_read_as_the_words_they_replaced(project: Path) -> None:
    assert (
        sentence(project, "mastering-number") == "Central Maths Hub have 50 places available, first come first served."
    )
    assert sentence(project, "teaching-for-mastery-development") == (
        "Central Maths Hub has 30 places, with priority to the areas above."
    )
    assert found(project) == []


def test_a_cap_and_a_waiting_list_are_said_in_the_pack(project: Path) -> None:
    edit(
        project / WM1,
        "      allocation: priority_areas\n",
        "      allocation: {rule: priority_areas, waiting_list: 5, cap: {per: local_authority, places: 10}}\n",
    )
    assert sentence(project, "teaching-for-mastery-development") == (
        "Central Maths Hub has 30 places, with priority to the areas above, at most 10 places for the schools of any "
        "one local authority, with a waiting list of 5 schools."
    )


def test_words_of_the_hubs_own_still_show_count_as_review_and_are_warned_of(project: Path) -> None:
    edit(project / WM1, "      allocation: priority_areas\n", "      allocation: With priority to  the areas above\n")
    edit(
        project / WM1,
        "      allocation: first_come\n      closing_date: 2024-03-01",
        "      allocation: by lottery\n      closing_date: 2024-03-01",
    )
    offer = load_project(project).hub("WM1").spec.offers["mastering-number"]["2024-25"]
    assert (offer.allocation_words, offer.rule.rule) == ("by lottery", "review")
    assert sentence(project, "mastering-number") == "Central Maths Hub have 50 places available, by lottery."
    lottery = line_of(project / WM1, "allocation: by lottery")
    priority = line_of(project / WM1, "allocation: With priority")
    assert found(project) == [
        f"{WM1}:{lottery}:19: warning: WM1's offer for mastering-number 2024/25 gives allocation as words ('by "
        "lottery'), which packgen allocate reads as review: the hub decides every place; write the rule: allocation: "
        "first_come, priority_areas or review, or with a waiting list and a cap, allocation: {rule: first_come, "
        "waiting_list: 10, cap: {per: local_authority, places: 5}} [offer.allocation-words]",
        f"{WM1}:{priority}:19: warning: WM1's offer for teaching-for-mastery-development 2024/25 gives allocation as "
        "words ('With priority to  the areas above'), which packgen allocate reads as review: the hub decides every "
        "place; write allocation: priority_areas, which the pack says in the same words [offer.allocation-words]",
    ]


def test_a_misspelt_rule_is_an_error_at_its_line(project: Path) -> None:
    edit(project / WM1, "      allocation: priority_areas\n", "      allocation: {rule: priority_area}\n")
    from packgen.errors import PackgenError

    try:
        load_project(project)
    except PackgenError as exc:
        messages = [str(p) for p in exc.problems]
    else:
        raise AssertionError("a misspelt rule loaded")
    line = line_of(project / WM1, "rule: priority_area")
    assert messages == [
        f"{WM1}:{line}:26: error: offers.teaching-for-mastery-development.2024-25.allocation.rule must be one of "
        "'first_come', 'priority_areas' or 'review', not 'priority_area' [schema.literal_error]"
    ]
