"""`packgen ids PROGRAMME YEAR`: every paragraph's and list item's id, section by section, with its
first words, the ids a hub's edits refer to (issue 22, point 2)."""

from __future__ import annotations

from conftest import SAMPLE, run_cli


def test_it_lists_each_id_with_its_first_words_by_section() -> None:
    result = run_cli("ids", "--project", str(SAMPLE), "number-sense", "2024-25")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("about (About the programme)")
    assert lines[at : at + 5] == [
        "about (About the programme)",
        "  about/number-sense-work-groups-help  Number Sense Work Groups help teachers in Reception …",
        "  about/three-workshops-during-the-year  • Three workshops during the year",
        "  about/classroom-trials-between-workshops  • Classroom trials between workshops",
        "",
    ]
    assert lines[0] == "notice (Places are limited)"
    assert "  form/please-complete-every-section  Please complete every section." in lines


def test_an_unknown_year_says_which_there_are() -> None:
    result = run_cli("ids", "--project", str(SAMPLE), "number-sense", "2023-24")
    assert result.exit_code == 1
    assert "no year '2023-24' for number-sense (no programmes/number-sense/2023-24.yaml); known: 2024-25" in (
        result.output
    )
