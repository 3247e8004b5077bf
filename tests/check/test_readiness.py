"""hub.incomplete, offer.incomplete and hub.unshown: a pack with nowhere to send the form or no
closing date, and data that no pack shows; in `packgen check` and in the build's summary."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, line_of, run_cli

from packgen.check import KNOWN_CODES, check_project, load_config
from packgen.model.project import load_project

MN = "programmes/mastering-number/2024-25.yaml"


def found(root: Path, code: str) -> list[str]:
    problems = check_project(load_project(root), load_config(root, KNOWN_CODES), render=False)
    return [str(p) for p in problems if p.code == code]


def test_a_named_hub_without_email_or_offer_is_warned_by_name(project: Path) -> None:
    edit(project / MN, "\nsections:", "\nhubs: [SE3, WM1]\nsections:")
    assert found(project, "hub.incomplete") == [
        "hubs/SE3.yaml:2:7: warning: SE3 (Solent Maths Hub) has no email, but its mastering-number 2024/25 pack asks "
        "schools to email the form to Solent Maths Hub: add email: to hubs/SE3.yaml [hub.incomplete]",
    ]
    assert found(project, "offer.incomplete") == [
        "hubs/SE3.yaml:2:7: warning: SE3 (Solent Maths Hub) has no closing date for mastering-number 2024/25: its pack "
        f"cannot say by when to apply ({MN} names it in hubs: but hubs/SE3.yaml has no offer for mastering-number "
        f"2024-25) [offer.incomplete]",
    ]


def test_an_offer_without_a_closing_date_is_warned_at_the_offer(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "      closing_date: 2024-03-01\n", "")
    line = line_of(project / "hubs/WM1.yaml", "2024-25:")
    assert found(project, "offer.incomplete") == [
        f"hubs/WM1.yaml:{line}:5: warning: WM1 (Central Maths Hub) has no closing date for mastering-number 2024/25: "
        "its pack cannot say by when to apply (add closing_date: to its offer) [offer.incomplete]",
    ]


def test_no_email_warning_when_the_wording_never_asks_for_the_form_by_email(sample: Path) -> None:
    programme = sample / "programmes/number-sense/2024-25.yaml"
    edit(programme, "{% if hub.email %} at\n        {{ hub.email | mailto }}{% endif %}", "")
    edit(sample / "hubs/SE9.yaml", "email: maths@harbour-hub.example.org\n", "")
    assert found(sample, "hub.incomplete") == []


def test_the_build_summary_names_the_hub_without_email_or_closing_date(sample: Path) -> None:
    edit(sample / "hubs/SE9.yaml", "email: maths@harbour-hub.example.org\n", "")
    edit(sample / "hubs/SE9.yaml", "      closing_date: 2024-03-22\n", "")
    edit(sample / "hubs/SE9.yaml", "    2024-25:\n", "    2024-25: {}\n")
    result = run_cli("build", "--project", str(sample), "--quiet", "--format", "html", "--today", "2024-01-01")
    assert result.exit_code == 0, result.output
    assert (
        "hubs/SE9.yaml:1:7: warning: SE9 (Harbour Maths Hub) has no email, but its number-sense 2024/25 pack asks "
        "schools to email the form to Harbour Maths Hub" in result.output
    )
    assert "warning: SE9 (Harbour Maths Hub) has no closing date for number-sense 2024/25" in result.output
    assert "4 built" in result.output
    # `packgen check` says the same.
    checked = run_cli("check", "--project", str(sample), "--today", "2024-01-01")
    assert [line.rsplit("[", 1)[1] for line in checked.stdout.splitlines()[:-1]] == [
        "hub.incomplete]",
        "offer.incomplete]",
        "offer.no-closing-date]",  # check alone: the online form is closed for an offer without a date
    ]


def test_a_fact_no_pack_shows_is_warned_at_its_line(project: Path) -> None:
    # SE3 runs nothing, so its website goes nowhere; Mastery Readiness's wording never says how many places.
    edit(project / "hubs/SE3.yaml", "region: South East\n", "region: South East\nwebsite: https://solent.example.org\n")
    edit(
        project / "hubs/WM1.yaml",
        "      areas: [Birmingham, Sandwell, Dudley]\n",
        "      areas: [Birmingham, Sandwell, Dudley]\n      places: 20\n",
    )
    places = line_of(project / "hubs/WM1.yaml", "places: 20")
    assert found(project, "hub.unshown") == [
        "hubs/SE3.yaml:5:1: warning: SE3 gives website, but no pack shows it: SE3 gets no pack (it has no offer, "
        "and no programme-year's hubs: names it) [hub.unshown]",
        f"hubs/WM1.yaml:{places}:7: warning: WM1's offer for mastery-readiness 2021-22 gives places, but no pack "
        f"shows it: "
        "no wording of mastery-readiness 2021/22 uses offer.places [hub.unshown]",
    ]


def test_facts_the_layout_or_a_loop_over_hubs_shows_are_not_warned(project: Path) -> None:
    # WM1's lead school and areas are shown under its name; a website named in a loop over every hub is shown too.
    edit(project / "hubs/SE3.yaml", "region: South East\n", "region: South East\nwebsite: https://solent.example.org\n")
    edit(
        project / "programmes/mastery-readiness/2021-22.yaml",
        "search tool on the NCETM website.",
        "search tool on the NCETM website.{% for h in hubs %}{% if h.website %} {{ h.website }}{% endif %}{% endfor %}",
    )
    assert found(project, "hub.unshown") == []
