"""End to end through the CLI: outputs, no-op rebuilds, identical bytes, and failures that write nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import run_cli
from test_model import edit, line_of


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under folder with its content hash and modification time."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def build(project: Path, *args: str):
    return run_cli("build", "--project", str(project), "--quiet", *args)


def test_build_writes_each_format_where_the_issue_says(project: Path) -> None:
    result = build(project, "--hub", "WM1", "--hub", "SE3", "--year", "2024-25", "--year", "2021-22")
    assert result.exit_code == 0, result.output
    assert "24 built, 0 unchanged, 0 failed" in result.output
    for year, programme in (("2024-25", "mastering-number"), ("2021-22", "mastery-readiness")):
        for hub in ("WM1", "SE3"):
            for fmt in ("html", "pdf", "docx"):
                for document in ("information", "application-form"):
                    assert (project / "build" / year / hub / programme / f"{document}.{fmt}").stat().st_size > 5000
    assert not [p for p in (project / "build").rglob("*.tmp")]


def test_second_build_rebuilds_nothing_and_bytes_repeat(project: Path, tmp_path: Path) -> None:
    args = ("--hub", "WM1", "--year", "2024-25")
    assert build(project, *args).exit_code == 0
    first = snapshot(project / "build")
    again = build(project, *args)
    assert again.exit_code == 0
    assert "Nothing to rebuild: all 6 documents" in again.output  # information pack and application form
    assert snapshot(project / "build") == first
    # A build into a fresh folder gives byte-identical documents.
    other = tmp_path / "elsewhere"
    assert build(project, *args, "--out", str(other)).exit_code == 0
    fresh = snapshot(other)
    assert {k: v[0] for k, v in fresh.items()} == {k: v[0] for k, v in first.items()}


def test_changing_one_hub_rebuilds_only_its_documents(project: Path) -> None:
    assert build(project, "--programme", "mastering-number", "--year", "2024-25", "--hub", "WM1", "--hub", "SE3", "--format", "html").exit_code == 0
    edit(project / "hubs/SE3.yaml", "region: South East", "region: South East\nemail: solent@example.org")
    result = build(project, "--programme", "mastering-number", "--year", "2024-25", "--hub", "WM1", "--hub", "SE3", "--format", "html")
    assert "2 built, 2 unchanged" in result.output  # SE3's information pack and application form
    assert "solent@example.org" in (project / "build/2024-25/SE3/mastering-number/information.html").read_text()


BREAKAGES = {
    "unknown key": ("hubs/WM1.yaml", "region: West Midlands", "region: West Midlands\ncolour: blue", "colour:", "unknown key 'colour'"),
    "wrong type": ("hubs/WM1.yaml", "places: 50", "places: fifty", "places:", "places must be a whole number, not 'fifty'"),
    "missing field": ("programmes/mastering-number/2024-25.yaml", "subtitle: Information and Application 2024/25\n", "", None, "missing required key 'subtitle'"),
    "unknown hub": ("programmes/mastering-number/2024-25.yaml", "title: Mastering", "hubs: [WM1, ZZ1]\ntitle: Mastering", "hubs:", "unknown hub 'ZZ1'"),
    "malformed yaml": ("hubs/WM1.yaml", "name: Central Maths Hub", "name: [Central Maths Hub", None, "malformed YAML"),
    "undefined variable in a template": ("templates/information.html.j2", "<h1>{{ pack.title }}</h1>", "<h1>{{ pack.title }} {{ pack.sponsor }}</h1>", "pack.sponsor", "template uses an undefined variable: 'pack' has no attribute 'sponsor'"),
    "undefined variable in wording": ("programmes/mastering-number/2024-25.yaml", "all Maths Hubs", "all {{ hub.nmae }} Maths Hubs", "hub.nmae", "wording uses an undefined variable: 'hub' has no attribute 'nmae'"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_bad_input_names_file_and_line_exits_1_and_leaves_build_untouched(project: Path, case: str) -> None:
    assert build(project, "--hub", "WM1", "--format", "html", "--format", "docx").exit_code == 0
    before = snapshot(project / "build")
    rel, old, new, needle, message = BREAKAGES[case]
    edit(project / rel, old, new)
    result = build(project, "--hub", "WM1", "--format", "html", "--format", "docx")
    assert result.exit_code == 1
    assert message in result.output
    first = result.output.splitlines()[0]
    assert first.startswith(rel + ":"), result.output
    if needle:
        assert first.startswith(f"{rel}:{line_of(project / rel, needle)}:"), result.output
    assert "nothing was written" in result.output
    assert snapshot(project / "build") == before


def test_unknown_hub_on_the_command_line(project: Path) -> None:
    result = build(project, "--hub", "XX9")
    assert result.exit_code == 1
    assert "command line: error: unknown hub 'XX9'" in result.output
    assert not (project / "build").exists()


def test_two_outputs_on_one_path_is_an_error(project: Path) -> None:
    # Two hub files claiming one code would write the same folder: refused, never overwritten.
    (project / "hubs/WM1.yaml").rename(project / "hubs/WM1.yml")
    (project / "hubs/WM1.yaml").write_text((project / "hubs/WM1.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = build(project, "--hub", "WM1")
    assert result.exit_code == 1
    assert "hub code WM1 is also used by" in result.output
    assert not (project / "build").exists()


def test_help_lists_the_narrowing_options() -> None:
    result = run_cli("build", "--help")
    for option in ("--project", "--year", "--hub", "--programme", "--format", "--out", "--jobs"):
        assert option in result.output
