"""`packgen rollover`: next year's programme file from this year's, years and dates moved forward."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import run_cli
from packgen.context import resolve_pack
from packgen.dates import AcademicYear
from packgen.model.pack import plain
from packgen.model.project import load_project
from packgen.rollover import plan_rollover, shift_date, shift_text

MN = "mastering-number"
MR = "mastery-readiness"


@pytest.mark.parametrize("before,after", [
    ("Information and Application 2024/25", "Information and Application 2025/26"),
    ("In 2024/25, all Maths Hubs", "In 2025/26, all Maths Hubs"),
    ("for academic year 2024-2025. Should", "for academic year 2025-2026. Should"),
    ("the id 2024-25 and 2024–25 with an en dash", "the id 2025-26 and 2025–26 with an en dash"),
    ("from 2024 to 2025, and 2024 to\n 2025 over a fold", "from 2025 to 2026, and 2025 to\n 2026 over a fold"),
    ("the years 2025/26 and beyond", "the years 2026/27 and beyond"),
    ("2024/2025 in full", "2025/2026 in full"),
    ("Embedding Work Group in 2024, they", "Embedding Work Group in 2025, they"),
    ("by July 2025", "by July 2026"),
    ("Since 2014, the NCETM", "Since 2014, the NCETM"),
    ("has been running since 2021 and", "has been running since 2021 and"),
    ("has been running since 2024 and", "has been running since 2024 and"),
    ("calendar years 2014-2019 stay", "calendar years 2014-2019 stay"),
    ("Closing date: Friday 1st March 2024.", "Closing date: Friday 28th February 2025."),
    ("confirmation on Thursday 7th March 2024", "confirmation on Thursday 6th March 2025"),
    ("Friday, 1 March 2024", "Friday, 28 February 2025"),
    ("an ISO date 2024-03-01 too", "an ISO date 2025-02-28 too"),
    ("[the guidance](https://example.org/2024-25/guide) for 2024/25", "[the guidance](https://example.org/2024-25/guide) for 2025/26"),
    ("a grant of £2024", "a grant of £2024"),
])
def test_every_style_of_year_moves_and_history_stays(before: str, after: str) -> None:
    assert shift_text(before, AcademicYear(2024), AcademicYear(2025))[0] == after


def test_a_kept_year_is_reported_for_review() -> None:
    _, edits = shift_text("running since 2024, in 2024", AcademicYear(2024), AcademicYear(2025))
    assert [(e.group, e.kind, e.old, e.new, e.note) for e in edits] == [
        ("kept", "year", "2024", "2024", "history: after 'since'"),
        ("moved", "year", "2024", "2025", ""),
    ]


def test_two_years_on() -> None:
    text, _ = shift_text("In 2024/25 (closing Friday 1st March 2024), then 2025/26 and beyond", AcademicYear(2024), AcademicYear(2026))
    assert text == "In 2026/27 (closing Friday 27th February 2026), then 2027/28 and beyond"


def test_dates_keep_their_weekday_about_a_year_on() -> None:
    day = dt.date(2023, 1, 1)
    while day < dt.date(2027, 1, 1):
        moved = shift_date(day, 1)
        assert moved.weekday() == day.weekday()
        assert (moved - day).days == 364  # 52 weeks: the same weekday nearest the anniversary
        day += dt.timedelta(days=1)
    assert shift_date(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 27)
    assert abs((shift_date(dt.date(2024, 3, 1), 3) - dt.date(2027, 3, 1)).days) <= 3


def _drop_offer(project: Path, hub: str, programme: str, year: str) -> None:
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    path = project / "hubs" / f"{hub}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    del data["offers"][programme][year]
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)


def _keys(node: object) -> object:
    if isinstance(node, dict):
        return [(k, _keys(v)) for k, v in node.items()]
    if isinstance(node, list):
        return [_keys(v) for v in node]
    return None


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_rollover_of_mastering_number(project: Path) -> None:
    (project / "programmes" / MN / "2025-26.yaml").unlink()
    _drop_offer(project, "WM1", MN, "2025-26")
    hubs_before = {p.name: p.read_bytes() for p in (project / "hubs").iterdir()}
    source = (project / "programmes" / MN / "2024-25.yaml").read_text(encoding="utf-8")

    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 0, result.output
    written = (project / "programmes" / MN / "2025-26.yaml").read_text(encoding="utf-8")

    # Every change is printed, where it is, under its group's heading.
    lines = [line.strip() for line in result.output.splitlines()]
    assert lines.index("Moved (9):") < lines.index("Kept as written, and why (0):") < lines.index("For review: a person should read these (0):")
    shown = "programmes/mastering-number/2025-26.yaml"
    for expected in [
        f"{shown}:1: academic year: 2024/25 -> 2025/26",
        f"{shown}:5: academic year: 2024/25 -> 2025/26",
        f"{shown}:11: academic year: 2024/25 -> 2025/26",
        f"{shown}:92: academic year: 2024-2025 -> 2025-2026",
        f"{shown}:95: year: 2024 -> 2025",
        f"{shown}:183: academic year: 2024/25 -> 2025/26",
        "hubs/WM1.yaml:16: offer: mastering-number 2024-25 -> mastering-number 2025-26 (copied)",
        "hubs/WM1.yaml:19: date: 2024-03-01 -> 2025-02-28 (Friday)",
        "hubs/WM1.yaml:20: date: 2024-03-07 -> 2025-03-06 (Thursday)",
    ]:
        assert expected in lines
    assert lines[-1] == f"Wrote {shown}; 1 hub file given a 2025-26 offer; 9 moved, 0 kept, 0 review."

    # The right strings in every style, and history left alone.
    for phrase in ["subtitle: Information and Application 2025/26", "In 2025/26, all Maths Hubs", "academic year 2025-2026",
                   "Embedding Work Group in 2025, they", "teaching group(s) in 2025/26", "Since 2014, the NCETM", "running since 2021"]:
        assert phrase in written
    assert "2024" not in written
    # Only those words differ; comments, key order, folding and anchors are kept.
    assert len(written.splitlines()) == len(source.splitlines())
    changed = [(a, b) for a, b in zip(source.splitlines(), written.splitlines()) if a != b]
    assert len(changed) == 6
    assert _comments(written) == [c.replace("2024/25", "2025/26") for c in _comments(source)]
    yaml = YAML()
    assert _keys(yaml.load(written)) == _keys(yaml.load(source))
    assert "fields: &teacher" in written and "fields: *teacher" in written

    # Hubs: WM1's offer copied with its dates on the same weekdays; no other hub touched.
    hubs_after = {p.name: p.read_bytes() for p in (project / "hubs").iterdir()}
    assert [n for n in hubs_after if hubs_after[n] != hubs_before[n]] == ["WM1.yaml"]
    wm1 = (project / "hubs" / "WM1.yaml").read_text(encoding="utf-8")
    assert "    2025-26:\n      places: 50\n      allocation: first come first served\n      closing_date: 2025-02-28\n      confirmation_date: 2025-03-06\n  mastery-readiness:" in wm1
    assert wm1.startswith("# Central Maths Hub: details and yearly offers.")

    # The new year is a valid project, and its pack says the new dates.
    proj = load_project(project)
    py = next(p for p in proj.programmes if p.programme == MN and p.year.id == "2025-26")
    pack = resolve_pack(proj, py, proj.hub("WM1"))
    how = " ".join(plain(b.runs) for s in pack.sections if s.id == "how-to-apply" for b in s.blocks)
    assert "Closing date: Friday 28th February 2025. You will receive confirmation on Thursday 6th March 2025." in how


def test_rollover_of_mastery_readiness(project: Path) -> None:
    result = run_cli("rollover", "--project", str(project), MR, "2021-22", "2022-23")
    assert result.exit_code == 0, result.output
    written = (project / "programmes" / MR / "2022-23.yaml").read_text(encoding="utf-8")
    for phrase in ["Information and Application 2022/23", "The school year 2022/23 will continue",
                   "benefits that brought during 2020/21", "Mastery Ready by the end of 2022/23",
                   "Groups for the years 2023/24 and beyond", "Development Work Group in\n            2023/24",
                   "part of a Work Group in 2022/23", "Since 2014"]:
        assert phrase in written
    assert "2021/22" not in written  # 2020/21 is history: "the many benefits that brought during 2020/21"
    lines = [line.strip() for line in result.output.splitlines()]
    shown = "programmes/mastery-readiness/2022-23.yaml"
    assert lines[lines.index("Kept as written, and why (1):") + 1] == f"{shown}:15: academic year: kept 2020/21 (history: past tense 'brought')"
    assert lines[lines.index("For review: a person should read these (1):") + 1] == (
        f"{shown}:38: relative year: left two years ago ('two years ago' in 2021/22's wording: is it still so in 2022/23?)")
    wm1 = (project / "hubs" / "WM1.yaml").read_text(encoding="utf-8")
    assert wm1.endswith("    2021-22:\n      areas: [Birmingham, Sandwell, Dudley]\n    2022-23:\n      areas: [Birmingham, Sandwell, Dudley]\n")


def test_rollover_refuses_to_overwrite_a_year(project: Path) -> None:
    target = project / "programmes" / MN / "2025-26.yaml"
    before = target.read_bytes()
    wm1 = (project / "hubs" / "WM1.yaml").read_bytes()
    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 1
    assert ("programmes/mastering-number/2025-26.yaml: error: mastering-number 2025-26 already exists; "
            "rollover never overwrites a year (delete the file to start it again) [rollover.exists]") in result.output
    assert target.read_bytes() == before and (project / "hubs" / "WM1.yaml").read_bytes() == wm1


def test_rollover_refuses_to_overwrite_a_hubs_offer(project: Path) -> None:
    (project / "programmes" / MN / "2025-26.yaml").unlink()
    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 1
    assert "hubs/WM1.yaml:16:1: error: already has an offer for mastering-number 2025-26; rollover never overwrites one [rollover.exists]" in result.output
    assert not (project / "programmes" / MN / "2025-26.yaml").exists()


@pytest.mark.parametrize("args,message", [
    ([MN, "2024-25", "2023-24"], "2023-24 is not after 2024-25"),
    ([MN, "2019-20", "2020-21"], "no such file: nothing to roll over for mastering-number 2019-20"),
    ([MN, "2024-25", "2025-27"], "'2025-27' is not an academic year like 2024-25"),
])
def test_rollover_errors(project: Path, args: list[str], message: str) -> None:
    result = run_cli("rollover", "--project", str(project), *args)
    assert result.exit_code == 1
    assert message in result.output


def test_dry_run_writes_nothing(project: Path) -> None:
    result = run_cli("rollover", "--project", str(project), MN, "2025-26", "2026-27", "--dry-run")
    assert result.exit_code == 0
    assert "programmes/mastering-number/2026-27.yaml:5: academic year: 2025/26 -> 2026/27" in result.output
    assert "Would write programmes/mastering-number/2026-27.yaml" in result.output
    assert not (project / "programmes" / MN / "2026-27.yaml").exists()
    assert b"2026-27" not in (project / "hubs" / "WM1.yaml").read_bytes()


def test_folded_wording_keeps_its_lines_when_a_date_grows(project: Path) -> None:
    path = project / "programmes" / MN / "2025-26.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "        Each Maths Hub is now seeking to recruit schools to join the Work Groups for this programme.\n",
        "        Each Maths Hub is now seeking to recruit schools by Thursday 1st\n"
        "        May 2025 to join the Work Groups for this programme.\n",
    )
    path.write_text(text, encoding="utf-8")
    plan = plan_rollover(project, MN, "2025-26", "2026-27")
    written = plan.files[0].text
    # A fold inside the date stays inside it, at the nearest space; the line just grows.
    assert "        Each Maths Hub is now seeking to recruit schools by Thursday 30th\n        April 2026 to join the Work Groups for this programme.\n" in written
    assert len(written.splitlines()) == len(text.splitlines())
