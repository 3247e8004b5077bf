"""Loading data: every problem reported with file, line and column, all in one pass."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import edit, line_of

from packgen.dates import AcademicYear, long_date, ordinal
from packgen.errors import PackgenError
from packgen.model.project import load_project


def problems_of(root: Path) -> list[str]:
    with pytest.raises(PackgenError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def test_repo_data_has_all_forty_hubs_in_seed_order() -> None:
    from conftest import REPO

    project = load_project(REPO)
    codes = [h.code for h in project.hubs]
    assert len(codes) == 40
    assert codes[:5] == ["EE1", "EE2", "EE3", "EE4", "EE5"] and codes[-1] == "YH4"
    assert project.hub("SW5").spec.name == "Möbius Maths Hub"
    wm1 = project.hub("WM1").spec
    offer = wm1.offers["mastering-number"]["2024-25"]
    assert (offer.places, offer.allocation_words, offer.rule.rule) == (50, "first come first served", "first_come")
    assert offer.closing_date == dt.date(2024, 3, 1) and offer.confirmation_date == dt.date(2024, 3, 7)
    assert wm1.offers["mastery-readiness"]["2021-22"].areas == ["Birmingham", "Sandwell", "Dudley"]


def test_unknown_key_is_reported_at_its_line_with_a_suggestion(project: Path) -> None:
    path = project / "programmes/mastering-number/2024-25.yaml"
    edit(path, "title: Mastering", "titel: Mastering")
    line = line_of(path, "titel:")
    problems = problems_of(project)
    assert (
        f"programmes/mastering-number/2024-25.yaml:{line}:1: error: unknown key 'titel' (did you mean 'title'?) "
        f"[schema.extra_forbidden]" in problems
    )
    assert any("missing required key 'title'" in p for p in problems)


def test_wrong_type_names_the_field_and_the_value(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "places: 50", "places: fifty")
    line = line_of(path, "places:")
    assert problems_of(project) == [
        f"hubs/WM1.yaml:{line}:15: error: offers.mastering-number.2024-25.places must be a whole number, not 'fifty' "
        f"[schema.int_type]"
    ]


def test_wrong_date_and_bad_email(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "closing_date: 2024-03-01", "closing_date: 1st March")
    edit(path, "email: mathshub@", "email: mathshub-at-")
    problems = problems_of(project)
    assert any("closing_date must be a date like 2024-03-01, not '1st March'" in p for p in problems)
    assert any(p.startswith(f"hubs/WM1.yaml:{line_of(path, 'email:')}:") and "email" in p for p in problems)


def test_missing_required_key_in_a_nested_mapping(project: Path) -> None:
    path = project / "programmes/mastery-readiness/2021-22.yaml"
    edit(path, "    heading: Confirmation of school commitment (electronic signatures)\n", "")
    problems = problems_of(project)
    assert len(problems) == 1
    assert "missing required key 'heading' in form.commitments [schema.missing]" in problems[0]
    assert problems[0].startswith("programmes/mastery-readiness/2021-22.yaml:")


def test_unknown_hub_code(project: Path) -> None:
    path = project / "programmes/mastering-number/2024-25.yaml"
    edit(
        path,
        "subtitle: Information and Application 2024/25\n",
        "subtitle: Information and Application 2024/25\nhubs: [WM1, WM9]\n",
    )
    line = line_of(path, "hubs: [WM1, WM9]")
    assert problems_of(project) == [
        f"programmes/mastering-number/2024-25.yaml:{line}:13: error: unknown hub 'WM9' [hub.unknown]"
    ]


def test_malformed_yaml_points_at_the_error(project: Path) -> None:
    (project / "hubs/EE1.yaml").write_text(
        'code: EE1\nname: "Enigma Maths Hub\nregion: East of England\n', encoding="utf-8"
    )
    [problem] = problems_of(project)
    assert problem.startswith("hubs/EE1.yaml:4:1: error: malformed YAML")
    assert "it started at line 2, column 7" in problem and problem.endswith("[yaml.syntax]")


def test_all_problems_in_one_run(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "places: 50", "places: [50]")
    edit(project / "hubs/SE3.yaml", "region: South East", "region: South East\nwebsite: not a url")
    edit(project / "programmes/mastery-readiness/2021-22.yaml", "style: notice", "style: boxed")
    problems = problems_of(project)
    assert [p.split(":")[0] for p in problems] == [
        "hubs/SE3.yaml",
        "hubs/WM1.yaml",
        "programmes/mastery-readiness/2021-22.yaml",
    ]
    assert "style must be one of 'normal' or 'notice', not 'boxed'" in problems[2]


def test_hub_file_must_match_its_code(project: Path) -> None:
    (project / "hubs/EE1.yaml").rename(project / "hubs/XX1.yaml")
    assert problems_of(project) == ["hubs/XX1.yaml:2:7: error: hub file for EE1 must be named EE1.yaml [hub.filename]"]


def test_academic_years_and_british_dates() -> None:
    year = AcademicYear.parse("2024-25")
    assert (year.label, year.span, year.next.label, year.previous.id) == ("2024/25", "2024-2025", "2025/26", "2023-24")
    with pytest.raises(ValueError):
        AcademicYear.parse("2024-26")
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "31st",
    ]
    assert long_date(dt.date(2024, 3, 1)) == "Friday 1st March 2024"
    assert long_date(dt.date(2024, 3, 7)) == "Thursday 7th March 2024"
