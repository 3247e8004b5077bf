"""Which hubs get a programme-year's pack: its hubs: key omitted, a list, or all."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, run_cli

from packgen.model.project import load_project

MN = "programmes/mastering-number/2024-25.yaml"
TFMD = "programmes/teaching-for-mastery-development/2024-25.yaml"


def running(root: Path) -> dict[str, list[str]]:
    project = load_project(root)
    return {py.key: [h.code for h in project.hubs_running(py)] for py in project.programmes}


def test_without_hubs_the_hubs_with_an_offer_run_it() -> None:
    from conftest import REPO

    assert running(REPO) == {
        "mastering-number/2024-25": ["WM1"],
        "mastering-number/2025-26": ["WM1"],
        "mastery-readiness/2021-22": ["WM1"],
        "number-sense-networks/2026-27": ["NE1"],
        "teaching-for-mastery-development/2024-25": ["WM1", "WM3", "YH2"],
    }


def test_a_list_names_the_hubs_with_or_without_an_offer(project: Path) -> None:
    edit(project / MN, "\nsections:", "\nhubs: [SE3, WM1]\nsections:")
    assert running(project)["mastering-number/2024-25"] == ["SE3", "WM1"]


def test_hubs_all_is_every_hub(project: Path) -> None:
    edit(project / MN, "\nsections:", "\nhubs: all\nsections:")
    assert len(running(project)["mastering-number/2024-25"]) == 40


def test_a_hubs_value_that_is_neither_is_an_error_at_its_line(project: Path) -> None:
    edit(project / TFMD, "hubs: [WM1, WM3, YH2]", "hubs: everyone")
    result = run_cli("check", "--project", str(project))
    assert result.exit_code == 1
    assert (
        result.stdout.splitlines()[0]
        == f"{TFMD}:15:7: error: hubs: a list of hub codes like [WM1, SE3], or all, not 'everyone' [schema.value_error]"
    )


def test_a_hub_without_an_offer_gets_no_pack(project: Path, tmp_path: Path) -> None:
    result = run_cli(
        "build",
        "--project",
        str(project),
        "--out",
        str(tmp_path / "out"),
        "--quiet",
        "--programme",
        "mastering-number",
        "--year",
        "2024-25",
        "--format",
        "html",
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.parent.parent.name for p in (tmp_path / "out").rglob("information.html")) == ["WM1"]
