"""End to end through the CLI on the small sample project: outputs, no-op rebuilds, identical
bytes, and failures that write nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import edit, line_of, run_cli


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under folder with its content hash and modification time."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(project: Path, *args: str):
    return run_cli("build", "--project", str(project), "--quiet", *args)


def test_build_writes_each_format_where_the_readme_says(sample: Path) -> None:
    result = build(sample)
    assert result.exit_code == 0, result.output
    assert "12 built, 0 unchanged, 0 failed" in result.output
    for hub in ("WM9", "SE9"):
        for fmt in ("html", "pdf", "docx"):
            for document in ("information", "application-form"):
                assert (sample / "build" / "2024-25" / hub / "number-sense" / f"{document}.{fmt}").stat().st_size > 3000
    assert not [p for p in (sample / "build").rglob("*.tmp")]


def test_second_build_rebuilds_nothing_and_bytes_repeat(sample: Path, tmp_path: Path) -> None:
    project = sample
    args = ("--hub", "WM9")
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


def test_changing_one_hub_rebuilds_only_its_documents(built_sample: Callable[..., Path]) -> None:
    sample = built_sample("--format", "html")  # built once for the run, copied with its times
    edit(sample / "hubs/SE9.yaml", "maths@harbour-hub.example.org", "solent@example.org")
    result = build(sample, "--format", "html")
    # Only SE9's information pack shows its email; its form, made again, came out the same bytes.
    assert "1 built, 3 unchanged" in result.output
    assert "solent@example.org" in (sample / "build/2024-25/SE9/number-sense/information.html").read_text()


PROGRAMME = "programmes/number-sense/2024-25.yaml"
BREAKAGES = {
    "unknown key": (
        "hubs/WM9.yaml",
        "region: West Midlands",
        "region: West Midlands\ncolour: blue",
        "colour:",
        "unknown key 'colour'",
    ),
    "wrong type": (
        "hubs/WM9.yaml",
        "places: 12",
        "places: twelve",
        "places:",
        "places must be a whole number, not 'twelve'",
    ),
    "missing field": (
        PROGRAMME,
        "title: Number Sense Work Groups\n",
        "",
        None,
        "missing required key 'title'",
    ),
    "unknown hub": (PROGRAMME, "title: Number", "hubs: [WM9, ZZ1]\ntitle: Number", "hubs:", "unknown hub 'ZZ1'"),
    "malformed yaml": (
        "hubs/WM9.yaml",
        "name: Riverside Maths Hub",
        "name: [Riverside Maths Hub",
        None,
        "malformed YAML",
    ),
    "undefined variable in a template": (
        "templates/information.html.j2",
        "<h1>{{ pack.title | lines }}</h1>",
        "<h1>{{ pack.title | lines }} {{ pack.sponsor }}</h1>",
        "pack.sponsor",
        "template uses an undefined variable: 'pack' has no attribute 'sponsor'",
    ),
    "undefined variable in wording": (
        PROGRAMME,
        "build **fluency**",
        "build {{ hub.nmae }} **fluency**",
        "hub.nmae",
        "wording uses an undefined variable: 'hub' has no attribute 'nmae'",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_bad_input_names_file_and_line_exits_1_and_leaves_build_untouched(built_sample, case: str) -> None:
    project = built_sample("--format", "html", "--format", "docx")  # a good build, then the breakage
    before = snapshot(project / "build")
    rel, old, new, needle, message = BREAKAGES[case]
    edit(project / rel, old, new)
    result = build(project, "--format", "html", "--format", "docx")
    assert result.exit_code == 1
    assert message in result.output
    first = result.output.splitlines()[0]
    assert first.startswith(rel + ":"), result.output
    if needle:
        assert first.startswith(f"{rel}:{line_of(project / rel, needle)}:"), result.output
    assert "nothing was written" in result.output
    assert snapshot(project / "build") == before


def test_unknown_hub_on_the_command_line(sample: Path) -> None:
    result = build(sample, "--hub", "XX9")
    assert result.exit_code == 1
    assert "command line: error: unknown hub 'XX9'; known: SE9, WM9 [hub.unknown]" in result.output
    assert not (sample / "build").exists()


def test_two_outputs_on_one_path_is_an_error(sample: Path) -> None:
    # Two hub files claiming one code would write the same folder: refused, never overwritten.
    (sample / "hubs/WM9.yaml").rename(sample / "hubs/WM9.yml")
    (sample / "hubs/WM9.yaml").write_text((sample / "hubs/WM9.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = build(sample, "--hub", "WM9")
    assert result.exit_code == 1
    assert "hub code WM9 is also used by" in result.output
    assert not (sample / "build").exists()


def test_help_lists_the_narrowing_options() -> None:
    result = run_cli("build", "--help")
    for option in ("--project", "--year", "--hub", "--programme", "--format", "--out", "--jobs"):
        assert option in result.output


def test_a_build_with_nothing_changed_still_reports_warnings_and_notices_every_change(
    built_sample: Callable[..., Path],
) -> None:
    sample = built_sample("--format", "html")  # built once for the run, copied with its times
    (sample / "hubs" / "NOTES.md").write_text("stray\n", encoding="utf-8")
    again = build(sample, "--format", "html", "--today", "2024-03-10")
    assert "Nothing to rebuild: all 4 documents" in again.output
    assert "hubs/NOTES.md: warning:" in again.output and "[project.stray]" in again.output
    assert "[date.past]" in again.output  # WM9 closed on 8th March: judged on the day of the run
    # A change that alters no document is read, checked and found to need nothing.
    edit(sample / "hubs/WM9.yaml", "areas: [Riverside, Hillford]", "areas: [Riverside, Hillford]  # reviewed")
    assert "Nothing to rebuild" in build(sample, "--format", "html").output
    # A document deleted or edited by hand is made again.
    page = sample / "build/2024-25/WM9/number-sense/information.html"
    page.write_text("edited by hand", encoding="utf-8")
    assert "1 built, 3 unchanged" in build(sample, "--format", "html").output
    # A mistake in the data stops the build, however recently it built.
    edit(sample / "hubs/WM9.yaml", "places: 12", "places: twelve")
    failed = build(sample, "--format", "html")
    assert failed.exit_code == 1 and "places must be a whole number" in failed.output


def test_a_signal_while_workers_start_acts_only_when_they_have_started() -> None:
    """SIGTERM or Ctrl-C while the build starts its workers waits for them to have their start-up
    data (else a worker reads an empty pipe and prints EOFError), then stops the build as usual."""
    import signal

    from packgen.build import _signals_held

    seen: list[str] = []
    previous = signal.signal(signal.SIGTERM, lambda *_: seen.append("handled"))
    try:
        with _signals_held():
            signal.raise_signal(signal.SIGTERM)
            seen.append("still starting")
        seen.append("after")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == ["still starting", "handled", "after"]
    # Python's own Ctrl-C handler, whatever an earlier test in this worker process left (a server run
    # in it installs its own): the build holds, then hands the signal to, the handler it finds.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with _signals_held():
                signal.raise_signal(signal.SIGINT)
                seen.append("not yet")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen[-1] == "not yet"


def test_the_summary_shows_the_checks_warnings_and_a_build_with_nothing_to_do_again(sample: Path) -> None:
    """A warning packgen check gives (here a stale year) is in the build's summary, as its errors
    are, and again when a second build finds nothing to do (its digests and checks unchanged)."""
    edit(
        sample / "programmes/number-sense/2024-25.yaml",
        "Schools may apply once per year.",
        "Schools may apply once per year; places for 2019/20 are limited.",
    )
    line = line_of(sample / "programmes/number-sense/2024-25.yaml", "places for 2019/20")
    expected = f"programmes/number-sense/2024-25.yaml:{line}:"
    first = run_cli("build", "--project", str(sample), "--quiet", "--jobs", "1")
    assert first.exit_code == 0, first.output
    assert expected in first.output and "[year.stale]" in first.output
    again = run_cli("build", "--project", str(sample), "--quiet")
    assert "Nothing to rebuild" in again.output
    assert expected in again.output and "[year.stale]" in again.output


def test_the_build_says_how_many_hubs_got_no_pack_and_why(sample: Path) -> None:
    (sample / "hubs/NE9.yaml").write_text("code: NE9\nname: Tyne Maths Hub\nregion: North East\n", encoding="utf-8")
    (sample / "hubs/NE8.yaml").write_text("code: NE8\nname: Wear Maths Hub\nregion: North East\n", encoding="utf-8")
    result = run_cli("build", "--project", str(sample), "--quiet", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (
        "2 hubs have no offer for number-sense 2024/25, so no pack of it; add one in hubs/<CODE>.yaml or write "
        "`hubs: all` in programmes/number-sense/2024-25.yaml"
    ) in result.output
    one = run_cli("build", "--project", str(sample), "--quiet", "--format", "html", "--hub", "NE9")
    assert (
        "NE9 has no offer for number-sense 2024/25, so no pack of it; add one in hubs/NE9.yaml or write `hubs: all`"
    ) in one.output
