"""Loading a project: every file accounted for, and the mistakes that would quietly change a pack refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, edit, line_of, run_cli
from test_model import problems_of

from packgen.model.project import load_project


def warnings_of(root: Path) -> list[str]:
    return [str(p) for p in load_project(root).warnings]


# --- every file under hubs/ and programmes/ is loaded or reported (12) -----------------------


def test_a_hub_file_with_an_upper_case_suffix_is_an_error_not_a_missing_hub(project: Path) -> None:
    (project / "hubs/WM1.yaml").rename(project / "hubs/WM1.YAML")
    assert problems_of(project) == [
        "hubs/WM1.YAML: error: not read: data files end in .yaml (lower case); rename it WM1.yaml [project.unread]"
    ]


def test_yaml_files_in_the_wrong_place_are_errors(project: Path) -> None:
    (project / "hubs/old").mkdir()
    (project / "hubs/WM1.yaml").rename(project / "hubs/old/WM1.yaml")
    (project / "programmes/2024-25.yaml").write_text("title: x\n", encoding="utf-8")
    (project / "programmes/mastering-number/drafts").mkdir()
    (project / "programmes/mastering-number/drafts/2026-27.yml").write_text("title: x\n", encoding="utf-8")
    assert problems_of(project) == [
        "hubs/old/WM1.yaml: error: not read: hub files go directly in hubs/, one per hub [project.unread]",
        "programmes/2024-25.yaml: error: not read: a programme's years go in programmes/<programme>/<year>.yaml "
        "[project.unread]",
        "programmes/mastering-number/drafts/2026-27.yml: error: not read: a programme's years go in "
        "programmes/<programme>/<year>.yaml [project.unread]",
    ]


def test_other_stray_files_are_warnings_in_load_and_check(project: Path) -> None:
    (project / "hubs/README.md").write_text("About the hubs\n", encoding="utf-8")
    (project / "hubs/.DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (project / "programmes/mastering-number/notes.txt").write_text("to do\n", encoding="utf-8")
    assert warnings_of(project) == [
        "hubs/.DS_Store: warning: not read: not a .yaml data file [project.stray]",
        "hubs/README.md: warning: not read: not a .yaml data file [project.stray]",
        "programmes/mastering-number/notes.txt: warning: not read: not a .yaml data file [project.stray]",
    ]
    result = run_cli("check", "--project", str(project))
    assert "hubs/README.md: warning: not read" in result.output


def test_a_year_file_with_the_long_form_of_a_year_says_the_form(project: Path) -> None:
    (project / "programmes/mastering-number/2024-25.yaml").rename(
        project / "programmes/mastering-number/2024-2025.yaml"
    )
    problems = problems_of(project)
    assert (
        "programmes/mastering-number/2024-2025.yaml: error: file name: '2024-2025' is not an academic year like "
        "2024-25 (did you mean 2024-25.yaml?) [programme.filename]" in problems
    )


# --- an offer's year and programme (14b) ------------------------------------------------------


def test_an_offer_year_in_the_long_form_says_the_form(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "    2024-25:\n      places: 50", "    2024-2025:\n      places: 50")
    line = line_of(path, "2024-2025:")
    assert problems_of(project) == [
        f"hubs/WM1.yaml:{line}:5: error: offers.mastering-number: '2024-2025' is not an academic year like 2024-25 "
        f"(did you mean '2024-25'?) [schema.string_pattern_mismatch]"
    ]


def test_an_offer_for_a_programme_that_does_not_exist_is_an_error_with_a_suggestion(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "  mastering-number:\n", "  mastering-numbers:\n")
    line = line_of(path, "mastering-numbers:")
    assert problems_of(project) == [
        f"hubs/WM1.yaml:{line}:3: error: offers: no programme 'mastering-numbers' (did you mean 'mastering-number'?) "
        f"[offer.programme]"
    ]


def test_an_offer_for_a_year_not_yet_written_is_still_a_warning(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "    2025-26:\n", "    2026-27:\n")
    assert [w for w in warnings_of(project) if "[offer.unknown]" in w] == [
        f"hubs/WM1.yaml:{line_of(path, '2026-27:')}:5: warning: offer for mastering-number 2026-27, which has no "
        f"programmes/mastering-number/2026-27.yaml [offer.unknown]"
    ]


# --- regions (14b) -----------------------------------------------------------------------------


def test_a_region_outside_englands_nine_is_an_error_with_a_suggestion(project: Path) -> None:
    path = project / "hubs/SW1.yaml"
    edit(path, "region: South West", "region: South-West")
    line = line_of(path, "region:")
    assert problems_of(project) == [
        f"hubs/SW1.yaml:{line}:9: error: region 'South-West' is not one of the regions (did you mean 'South West'?) "
        f"[hub.region]"
    ]


def test_the_regions_can_be_set_in_packgen_toml(project: Path) -> None:
    (project / "packgen.toml").write_text('[project]\nregions = ["North", "South"]\n', encoding="utf-8")
    problems = problems_of(project)
    assert len(problems) == 40 and all("[hub.region]" in p for p in problems)
    assert (
        problems[0].startswith("hubs/EE1.yaml:") and "region 'East of England' is not one of the regions" in problems[0]
    )
    regions = sorted({hub.spec.region for hub in load_project(REPO).hubs}) + ["Offshore"]  # the shipped hubs' and one
    (project / "packgen.toml").write_text(f"[project]\nregions = {regions!r}\n".replace("'", '"'), encoding="utf-8")
    edit(project / "hubs/SW1.yaml", "region: South West", "region: Offshore")
    assert load_project(project).hub("SW1").spec.region == "Offshore"
    assert run_cli("check", "--project", str(project)).exit_code == 0


def test_a_bad_regions_setting_is_a_config_error(project: Path) -> None:
    (project / "packgen.toml").write_text('[project]\nregions = "London"\n', encoding="utf-8")
    assert problems_of(project) == [
        'packgen.toml: error: project.regions must be a list of region names, e.g. ["London", "South East"] '
        "[config.type]"
    ]
    (project / "packgen.toml").write_text('[project]\nregion = ["London"]\n', encoding="utf-8")
    assert problems_of(project) == ["packgen.toml: error: unknown setting 'project.region' [config.unknown]"]


# --- duplicate form fields and group ids (13) --------------------------------------------------

MR = "programmes/mastery-readiness/2021-22.yaml"


def test_a_duplicate_field_name_is_a_schema_error_at_the_duplicate(project: Path) -> None:
    path = project / MR
    anchor = "        - {name: local_authority, label: Local Authority}\n"
    edit(path, anchor, anchor + "        - {name: local_authority, label: Local authority again}\n")
    first, second = (
        line_of(path, "name: local_authority, label: Local Authority}"),
        line_of(path, "Local authority again"),
    )
    assert problems_of(project) == [
        f"{MR}:{second}:18: error: field name 'school.local_authority' is used twice in the form (also at line "
        f"{first}) [schema.duplicate]"
    ]


def test_a_duplicate_role_in_a_repeated_group_is_reported_once_at_the_role(project: Path) -> None:
    path = project / "programmes/mastering-number/2024-25.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{key: year_1," in text
    edit(path, "{key: year_1,", "{key: reception,")
    problems = problems_of(project)
    assert len(problems) == 1, problems
    line = [i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "key: reception" in text][1]
    assert problems[0].startswith(f"programmes/mastering-number/2024-25.yaml:{line}:17: error:")
    assert "role key 'reception' is used twice in this group" in problems[0] and problems[0].endswith(
        "[schema.duplicate]"
    )


def test_a_duplicate_group_id_is_a_schema_error(project: Path) -> None:
    path = project / MR
    text = path.read_text(encoding="utf-8")
    assert "    - id: school\n" in text and "    - id: group_application\n" in text
    edit(path, "- id: group_application", "- id: school")
    second = [i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "- id: school" in text][1]
    problems = problems_of(project)
    assert problems == [
        f"{MR}:{second}:11: error: group id 'school' is used twice in the form (also at line "
        f"{line_of(path, '- id: school')}) [schema.duplicate]"
    ]


# --- numbers are numbers, and --project is named (14) ------------------------------------------


def test_true_is_not_a_number_of_places(project: Path) -> None:
    path = project / "hubs/WM1.yaml"
    edit(path, "places: 50", "places: true")
    line = line_of(path, "places:")
    assert problems_of(project) == [
        f"hubs/WM1.yaml:{line}:15: error: offers.mastering-number.2024-25.places must be a whole number, not True "
        f"[schema.int_type]"
    ]


def test_true_is_not_a_word_limit(project: Path) -> None:
    path = project / MR
    edit(path, "word_limit: 250", "word_limit: true")
    assert any("word_limit must be a whole number, not True" in p for p in problems_of(project))


@pytest.mark.parametrize("verb", ["check", "build"])
def test_a_project_folder_that_does_not_exist_is_named(tmp_path: Path, verb: str) -> None:
    missing = tmp_path / "no-such-project"
    result = run_cli(verb, "--project", str(missing))
    assert result.exit_code == 1
    assert f"{missing.as_posix()}: error: no such folder [project.layout]" in result.output
    assert "\n.: error" not in "\n" + result.output


# --- models kept between reads (the preview's) ----------------------------------------------------


def test_a_file_read_to_the_same_parse_keeps_its_model_and_the_facts_its_wording_uses(project: Path) -> None:
    from packgen.model.project import Kept, read_project
    from packgen.model.yaml_reader import LocatedData, read_yaml
    from packgen.wording.uses import wording_facts

    parses: dict[tuple[Path, bytes], LocatedData] = {}

    def read(path: Path, shown: str) -> LocatedData:  # as the preview reads: a file's parse kept while its bytes are
        key = (path, path.read_bytes())
        if key not in parses:
            parses[key] = read_yaml(path, shown)
        return parses[key]

    kept: Kept = {}
    first, problems = read_project(project, read=read, kept=kept)
    assert problems == [] and first is not None
    second, _ = read_project(project, read=read, kept=kept)
    assert second is not None
    assert [h.spec for h in second.hubs] == [h.spec for h in first.hubs]
    assert all(a.spec is b.spec for a, b in zip(first.programmes, second.programmes, strict=True))
    assert wording_facts(second.programmes[0]) is wording_facts(first.programmes[0])

    py = first.programmes[0]
    assert "hub.website" not in wording_facts(py)
    edit(py.source.path, "{{ hub.name }}", "{{ hub.website }}")
    third, _ = read_project(project, read=read, kept=kept)
    assert third is not None
    changed = next(p for p in third.programmes if p.key == py.key)
    assert changed.spec is not py.spec  # read again, so made again: nothing stale is kept
    assert "hub.website" in wording_facts(changed)
    assert all(a.spec is b.spec for a, b in zip(first.hubs, third.hubs, strict=True))
