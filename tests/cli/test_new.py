"""`packgen new hub` and `packgen new year` write commented files that validate, and never overwrite."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from packgen.model.project import load_project


def test_new_hub_writes_a_commented_file_that_loads(sample: Path) -> None:
    result = run_cli(
        "new", "hub", "em9", "--project", str(sample), "--name", "Trent Valley Maths Hub", "--region", "East Midlands"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Wrote hubs/EM9.yaml. Fill in what its comments say, then run `packgen check`.\n"
    text = (sample / "hubs" / "EM9.yaml").read_text(encoding="utf-8")
    assert "# email:" in text and "# offers:" in text
    hub = load_project(sample).hub("EM9")
    assert (hub.spec.name, hub.spec.region, hub.spec.offers) == ("Trent Valley Maths Hub", "East Midlands", {})
    assert run_cli("check", "--project", str(sample), "--strict").exit_code == 0


def test_new_hub_refuses_an_existing_hub_and_an_unknown_region(sample: Path) -> None:
    before = (sample / "hubs" / "WM9.yaml").read_bytes()
    again = run_cli("new", "hub", "WM9", "--project", str(sample), "--name", "Another", "--region", "West Midlands")
    assert again.exit_code == 1
    assert again.stderr == "hubs/WM9.yaml: error: already exists; packgen new never overwrites a file\n"
    assert (sample / "hubs" / "WM9.yaml").read_bytes() == before
    region = run_cli(
        "new", "hub", "NE9", "--project", str(sample), "--name", "Tyne Maths Hub", "--region", "North-East"
    )
    assert region.exit_code == 1
    assert "unknown region 'North-East' (did you mean 'North East'?)" in region.stderr
    assert not (sample / "hubs" / "NE9.yaml").exists()


def test_new_year_of_a_new_programme_is_a_pack_that_checks_and_builds(sample: Path) -> None:
    result = run_cli(
        "new", "year", "fractions-first", "2025-26", "--project", str(sample), "--title", "Fractions First"
    )
    assert result.exit_code == 0, result.output
    path = sample / "programmes" / "fractions-first" / "2025-26.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/programme-year.schema.json\n"
    )
    py = next(p for p in load_project(sample).programmes if p.programme == "fractions-first")
    assert (py.spec.title, py.spec.subtitle) == ("Fractions First", "Information and Application 2025/26")
    assert run_cli("check", "--project", str(sample), "--strict").exit_code == 0
    with path.open("a", encoding="utf-8") as file:  # no hub has an offer for it yet: WM9 runs it
        file.write("hubs: [WM9]\n")
    build = run_cli(
        "build", "--project", str(sample), "--programme", "fractions-first", "--hub", "WM9", "--format", "html", "-q"
    )
    assert build.exit_code == 0, build.output
    page = (sample / "build" / "2025-26" / "WM9" / "fractions-first" / "information.html").read_text(encoding="utf-8")
    assert "apply to Riverside Maths Hub" in page


def test_new_year_of_an_existing_programme_rolls_the_latest_year_over(sample: Path) -> None:
    result = run_cli("new", "year", "number-sense", "2025-26", "--project", str(sample))
    assert result.exit_code == 0, result.output
    text = (sample / "programmes" / "number-sense" / "2025-26.yaml").read_text(encoding="utf-8")
    assert "Information and Application 2025/26" in text and "2024/25" not in text
    assert "2025-26:" in (sample / "hubs" / "WM9.yaml").read_text(encoding="utf-8")
