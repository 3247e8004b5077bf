"""`packgen rollover`: next year's programme file from this year's, years and dates moved forward."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import run_cli
from ruamel.yaml import YAML

from packgen.dates import AcademicYear
from packgen.model.project import load_project
from packgen.pack import plain
from packgen.resolve import resolve_pack
from packgen.rollover import plan_rollover, shift_date, shift_text

MN = "mastering-number"
MR = "mastery-readiness"


@pytest.mark.parametrize(
    "before,after",
    [
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
        (
            "[the guidance](https://example.org/2024-25/guide) for 2024/25",
            "[the guidance](https://example.org/2024-25/guide) for 2025/26",
        ),
        ("a grant of £2024", "a grant of £2024"),
    ],
)
def test_every_style_of_year_moves_and_history_stays(before: str, after: str) -> None:
    assert shift_text(before, AcademicYear(2024), AcademicYear(2025))[0] == after


def test_a_kept_year_is_reported_for_review() -> None:
    _, edits = shift_text("running since 2024, in 2024", AcademicYear(2024), AcademicYear(2025))
    assert [(e.group, e.kind, e.old, e.new, e.note) for e in edits] == [
        ("kept", "year", "2024", "2024", "history: after 'since'"),
        ("moved", "year", "2024", "2025", ""),
    ]


def test_two_years_on() -> None:
    text, _ = shift_text(
        "In 2024/25 (closing Friday 1st March 2024), then 2025/26 and beyond", AcademicYear(2024), AcademicYear(2026)
    )
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
    assert (
        lines.index("Moved (9):")
        < lines.index("Kept as written, and why (0):")
        < lines.index("For review: a person should read these (0):")
    )
    shown = "programmes/mastering-number/2025-26.yaml"
    for expected in [
        f"{shown}:1: academic year: 2024/25 -> 2025/26",
        f"{shown}:5: academic year: 2024/25 -> 2025/26",
        f"{shown}:12: academic year: 2024/25 -> 2025/26",
        f"{shown}:93: academic year: 2024-2025 -> 2025-2026",
        f"{shown}:96: year: 2024 -> 2025",
        f"{shown}:184: academic year: 2024/25 -> 2025/26",
        "hubs/WM1.yaml:16: offer: mastering-number 2024-25 -> mastering-number 2025-26 (copied)",
        "hubs/WM1.yaml:19: date: 2024-03-01 -> 2025-02-28 (Friday)",
        "hubs/WM1.yaml:20: date: 2024-03-07 -> 2025-03-06 (Thursday)",
    ]:
        assert expected in lines
    assert lines[-1] == f"Wrote {shown}; 1 hub file given a 2025-26 offer; 9 moved, 0 kept, 0 review."

    # The right strings in every style, and history left alone.
    for phrase in [
        "subtitle: Information and Application 2025/26",
        "In 2025/26, all Maths Hubs",
        "academic year 2025-2026",
        "Embedding Work Group in 2025, they",
        "teaching group(s) in 2025/26",
        "Since 2014, the NCETM",
        "running since 2021",
    ]:
        assert phrase in written
    assert "2024" not in written
    # Only those words differ; comments, key order, folding and anchors are kept.
    assert len(written.splitlines()) == len(source.splitlines())
    changed = [(a, b) for a, b in zip(source.splitlines(), written.splitlines(), strict=True) if a != b]
    assert len(changed) == 6
    assert _comments(written) == [c.replace("2024/25", "2025/26") for c in _comments(source)]
    yaml = YAML()
    assert _keys(yaml.load(written)) == _keys(yaml.load(source))
    assert "fields: &teacher" in written and "fields: *teacher" in written

    # Hubs: WM1's offer copied with its dates on the same weekdays; no other hub touched.
    hubs_after = {p.name: p.read_bytes() for p in (project / "hubs").iterdir()}
    assert [n for n in hubs_after if hubs_after[n] != hubs_before[n]] == ["WM1.yaml"]
    wm1 = (project / "hubs" / "WM1.yaml").read_text(encoding="utf-8")
    assert (
        "    2025-26:\n      places: 50\n      allocation: first_come\n      closing_date: 2025-02-28\n  "
        "    confirmation_date: 2025-03-06\n  mastery-readiness:" in wm1
    )
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
    for phrase in [
        "Information and Application 2022/23",
        "The school year 2022/23 will continue",
        "benefits that brought during 2020/21",
        "Mastery Ready by the end of 2022/23",
        "Groups for the years 2023/24 and beyond",
        "Development Work Group in\n            2023/24",
        "part of a Work Group in 2022/23",
        "Since 2014",
    ]:
        assert phrase in written
    assert "2021/22" not in written  # 2020/21 is history: "the many benefits that brought during 2020/21"
    lines = [line.strip() for line in result.output.splitlines()]
    shown = "programmes/mastery-readiness/2022-23.yaml"
    assert (
        lines[lines.index("Kept as written, and why (1):") + 1]
        == f"{shown}:16: academic year: kept 2020/21 (history: past tense 'brought')"
    )
    review = lines.index("For review: a person should read these (2):")
    assert lines[review + 1 : review + 3] == [
        f"{shown}:10: notice: left Covid Recovery (a notice copied into 2022/23: is it still so, or was it for "
        "2021/22 only?)",
        f"{shown}:39: relative year: left two years ago ('two years ago' in 2021/22's wording: is it still so in "
        "2022/23?)",
    ]
    wm1 = (project / "hubs" / "WM1.yaml").read_text(encoding="utf-8")
    # The new year's offer copies the areas; a silenced warning is the old year's own, not copied.
    assert (
        "\n      areas: [Birmingham, Sandwell, Dudley]\n    2022-23:\n      areas: [Birmingham, Sandwell, Dudley]\n"
        in wm1
    )


def test_rollover_refuses_to_overwrite_a_year(project: Path) -> None:
    target = project / "programmes" / MN / "2025-26.yaml"
    before = target.read_bytes()
    wm1 = (project / "hubs" / "WM1.yaml").read_bytes()
    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 1
    assert (
        "programmes/mastering-number/2025-26.yaml: error: mastering-number 2025-26 already exists; "
        "rollover never overwrites a year (delete the file to start it again) [rollover.exists]"
    ) in result.output
    assert target.read_bytes() == before and (project / "hubs" / "WM1.yaml").read_bytes() == wm1


def test_rollover_refuses_to_overwrite_a_hubs_offer(project: Path) -> None:
    (project / "programmes" / MN / "2025-26.yaml").unlink()
    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 1
    assert (
        "hubs/WM1.yaml:16:1: error: already has an offer for mastering-number 2025-26; rollover never overwrites one "
        "[rollover.exists]" in result.output
    )
    assert not (project / "programmes" / MN / "2025-26.yaml").exists()


@pytest.mark.parametrize(
    "args,message",
    [
        ([MN, "2024-25", "2023-24"], "2023-24 is not after 2024-25"),
        ([MN, "2019-20", "2020-21"], "no such file: nothing to roll over for mastering-number 2019-20"),
        ([MN, "2024-25", "2025-27"], "'2025-27' is not an academic year like 2024-25"),
    ],
)
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
    assert (
        "        Each Maths Hub is now seeking to recruit schools by Thursday 30th\n        April 2026 to join the "
        "Work Groups for this programme.\n" in written
    )
    assert len(written.splitlines()) == len(text.splitlines())


# --- every date style, yearless dates and history: a whole file, line by line -------------

# (wording as written in 2017/18, as rolled over to 2018/19, what the change list says of it)
STYLES: list[tuple[str, str, list[str]]] = [
    (
        "Closing date: THURSDAY 17th MAY 2018.",
        "Closing date: THURSDAY 16th MAY 2019.",
        ["date: THURSDAY 17th MAY 2018 -> THURSDAY 16th MAY 2019"],
    ),
    (
        "Closing date: Thursday 17th May 2018.",
        "Closing date: Thursday 16th May 2019.",
        ["date: Thursday 17th May 2018 -> Thursday 16th May 2019"],
    ),
    (
        "closing date: thursday 17th may 2018.",
        "closing date: thursday 16th may 2019.",
        ["date: thursday 17th may 2018 -> thursday 16th may 2019"],
    ),
    (
        "Briefing: 14TH DECEMBER 2017 (THURSDAY).",
        "Briefing: 13TH DECEMBER 2018 (THURSDAY).",
        ["date: 14TH DECEMBER 2017 (THURSDAY) -> 13TH DECEMBER 2018 (THURSDAY)"],
    ),
    (
        "Briefing: 14th December 2017 (Thursday).",
        "Briefing: 13th December 2018 (Thursday).",
        ["date: 14th December 2017 (Thursday) -> 13th December 2018 (Thursday)"],
    ),
    (
        "briefing: 14th december 2017 (thursday).",
        "briefing: 13th december 2018 (thursday).",
        ["date: 14th december 2017 (thursday) -> 13th december 2018 (thursday)"],
    ),
    (
        "Apply by THURSDAY, 1 MARCH 2018.",
        "Apply by THURSDAY, 28 FEBRUARY 2019.",
        ["date: THURSDAY, 1 MARCH 2018 -> THURSDAY, 28 FEBRUARY 2019"],
    ),
    (
        "Apply by Thursday, 1 March 2018.",
        "Apply by Thursday, 28 February 2019.",
        ["date: Thursday, 1 March 2018 -> Thursday, 28 February 2019"],
    ),
    (
        "apply by thursday, 1 march 2018.",
        "apply by thursday, 28 february 2019.",
        ["date: thursday, 1 march 2018 -> thursday, 28 february 2019"],
    ),
    (
        "Apply by Thu 1 Mar 2018 or THURS 1st MAR 2018.",
        "Apply by Thu 28 Feb 2019 or THURS 28th FEB 2019.",
        ["date: Thu 1 Mar 2018 -> Thu 28 Feb 2019", "date: THURS 1st MAR 2018 -> THURS 28th FEB 2019"],
    ),
    (
        "Apply by March 1st, 2018 or THURSDAY, MARCH 1ST 2018.",
        "Apply by February 28th, 2019 or THURSDAY, FEBRUARY 28TH 2019.",
        [
            "date: March 1st, 2018 -> February 28th, 2019",
            "date: THURSDAY, MARCH 1ST 2018 -> THURSDAY, FEBRUARY 28TH 2019",
        ],
    ),
    (
        "Numeric: 1/3/2018, 01.03.2018, 1-3-2018 and 2018-03-01.",
        "Numeric: 28/2/2019, 28.02.2019, 28-2-2019 and 2019-02-28.",
        [
            "date: 1/3/2018 -> 28/2/2019",
            "date: 01.03.2018 -> 28.02.2019",
            "date: 1-3-2018 -> 28-2-2019",
            "date: 2018-03-01 -> 2019-02-28",
        ],
    ),
    (
        "The launch is on Wednesday 8th November at the lead school.",
        "The launch is on Wednesday 7th November at the lead school.",
        ["date: Wednesday 8th November -> Wednesday 7th November (no year written: read as 2017)"],
    ),
    (
        "THE LAUNCH IS ON WEDNESDAY 8TH NOVEMBER.",
        "THE LAUNCH IS ON WEDNESDAY 7TH NOVEMBER.",
        ["date: WEDNESDAY 8TH NOVEMBER -> WEDNESDAY 7TH NOVEMBER (no year written: read as 2017)"],
    ),
    (
        "the launch is on wednesday 8th november.",
        "the launch is on wednesday 7th november.",
        ["date: wednesday 8th november -> wednesday 7th november (no year written: read as 2017)"],
    ),
    (
        "Forms are returned on 5th July.",
        "Forms are returned on 4th July.",
        ["date: 5th July -> 4th July (no year written: read as 2018)"],
    ),
    (
        "In 2017/18 all Maths Hubs will take part; IN 2017-2018 TOO.",
        "In 2018/19 all Maths Hubs will take part; IN 2018-2019 TOO.",
        ["academic year: 2017/18 -> 2018/19", "academic year: 2017-2018 -> 2018-2019"],
    ),
    ("The Work Groups run until July 2018.", "The Work Groups run until July 2019.", ["month: July 2018 -> July 2019"]),
    (
        "In 2015-16, each Maths Hub identified two schools.",
        "In 2015-16, each Maths Hub identified two schools.",
        ["academic year: kept 2015-16 (history: past tense 'identified')"],
    ),
    (
        "The video was made in 2016/17.",
        "The video was made in 2016/17.",
        ["academic year: kept 2016/17 (history: past tense 'made')"],
    ),
    (
        "Teachers visited Shanghai in 2017.",
        "Teachers visited Shanghai in 2017.",
        ["year: kept 2017 (history: past tense 'visited')"],
    ),
    ("Created on 10 April 2018.", "Created on 10 April 2018.", ["date: kept 10 April 2018 (history: page metadata)"]),
    (
        "Since 2017, and since 2014, hubs have worked together.",
        "Since 2017, and since 2014, hubs have worked together.",
        ["year: kept 2017 (history: after 'since')"],
    ),
    (
        "Last year (2016/17) went well.",
        "Last year (2016/17) went well.",
        [
            "academic year: kept 2016/17 (history: after 'last')",
            "relative year: left Last year ('Last year' in 2017/18's wording: is it still so in 2018/19?)",
        ],
    ),
    (
        "The info evening is on Monday 8th November.",
        "The info evening is on Monday 8th November.",
        [
            "date: left Monday 8th November (no year written, and Monday 8 November is in no year from September 2016 "
            "to August 2018: left as written)"
        ],
    ),
    (
        "A mistaken Friday 17th May 2018.",
        "A mistaken Thursday 16th May 2019.",
        ["date: Friday 17th May 2018 -> Thursday 16th May 2019 (it said Friday, but 17 May 2018 was a Thursday)"],
    ),
    (
        "No such day as Friday 30th February 2018.",
        "No such day as Friday 30th February 2018.",
        ["date: left Friday 30th February 2018 (not a date: left as written)"],
    ),
    (
        "The end of time, 9999-12-31.",
        "The end of time, 9999-12-31.",
        ["date: left 9999-12-31 (9999-12-31 cannot move 1 year on: past the last date there is: left as written)"],
    ),
]
GROUP_OF = {"kept": "kept", "left": "review"}


def _styles_project(project: Path) -> Path:
    lines = ["title: Dates in every style", "subtitle: Information and Application 2017/18", "sections:", "  - body:"]
    lines += [f'      - "{before}"' for before, _, _ in STYLES]
    lines += [
        "form:",
        "  heading: Form",
        "  groups:",
        "    - heading: School",
        "      fields:",
        "        - {name: name, label: Name}",
        "",
    ]
    folder = project / "programmes" / "dates"
    folder.mkdir()
    (folder / "2017-18.yaml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def test_rollover_of_every_date_style_line_by_line(project: Path) -> None:
    folder = _styles_project(project)
    result = run_cli("rollover", "--project", str(project), "dates", "2017-18", "2018-19")
    assert result.exit_code == 0, result.output
    written = (folder / "2018-19.yaml").read_text(encoding="utf-8").splitlines()
    assert written[1] == "subtitle: Information and Application 2018/19"
    shown = "programmes/dates/2018-19.yaml"
    expected: dict[str, list[str]] = {
        "moved": [f"{shown}:2: academic year: 2017/18 -> 2018/19"],
        "kept": [],
        "review": [],
    }
    for n, (before, after, changes) in enumerate(STYLES, start=5):
        assert written[n - 1] == f'      - "{after}"', before
        for change in changes:
            verb = change.split(": ", 1)[1].split(" ", 1)[0]
            group = "review" if "(it said" in change else GROUP_OF.get(verb, "moved")
            expected[group].append(f"{shown}:{n}: {change}")
    out = [line.strip() for line in result.output.splitlines()]
    heads = ["Moved", "Kept as written, and why", "For review: a person should read these"]
    got = {}
    for head, group in zip(heads, ("moved", "kept", "review"), strict=True):
        at = next(i for i, line in enumerate(out) if line.startswith(f"{head} ("))
        got[group] = out[at + 1 : at + 1 + len(expected[group])]
        assert out[at] == f"{head} ({len(expected[group])}):"
    for group in expected:
        assert got[group] == expected[group], group


# --- conflicts, dry runs against what exists, JSON, dates at the end of the calendar ------


def test_every_conflict_is_reported_in_one_run_and_nothing_is_written(project: Path) -> None:
    before = {p: p.read_bytes() for p in project.rglob("*.yaml")}
    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "hubs/WM1.yaml:16:1: error: already has an offer for mastering-number 2025-26; rollover never overwrites one "
        "[rollover.exists]",
        "programmes/mastering-number/2025-26.yaml: error: mastering-number 2025-26 already exists; rollover never "
        "overwrites a year "
        "(delete the file to start it again) [rollover.exists]",
        "2 errors; nothing was written.",
    ]
    assert result.stdout == ""
    assert {p: p.read_bytes() for p in project.rglob("*.yaml")} == before


def test_readme_dry_run_on_the_shipped_data_shows_a_diff_against_the_existing_year(project: Path) -> None:
    before = {p: p.read_bytes() for p in project.rglob("*.yaml")}
    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    shown = "programmes/mastering-number/2025-26.yaml"
    # The 2025-26 file was edited by hand after its rollover: the diff shows those edits, reversed.
    at = lines.index(f"What the rollover would make of {shown}, against what is there:")
    assert lines[at + 1 : at + 3] == [f"--- {shown} (as it is)", f"+++ {shown} (rolled over)"]
    assert "+          - No charge for participation." in lines
    assert "-            on priorities for maths in your school (up to 250 words)." in lines
    at = lines.index("What the rollover would make of hubs/WM1.yaml, against what is there:")
    assert lines[at + 1 : at + 3] == ["--- hubs/WM1.yaml (as it is)", "+++ hubs/WM1.yaml (rolled over)"]
    assert "-      closing_date: 2025-03-14" in lines and "+      closing_date: 2025-02-28" in lines
    assert lines[-3:] == [
        "Conflicts: a real run would write nothing (2):",
        "  hubs/WM1.yaml:16:1: error: already has an offer for mastering-number 2025-26; rollover never overwrites "
        "one [rollover.exists]",
        f"  {shown}: error: mastering-number 2025-26 already exists; rollover never overwrites a year (delete the "
        "file to start it again) [rollover.exists]",
    ]
    assert {p: p.read_bytes() for p in project.rglob("*.yaml")} == before


def test_json_lists_the_same_groups(project: Path) -> None:
    _styles_project(project)
    text = run_cli("rollover", "--project", str(project), "dates", "2017-18", "2018-19", "--dry-run")
    doc = json.loads(
        run_cli(
            "rollover", "--project", str(project), "dates", "2017-18", "2018-19", "--dry-run", "--format", "json"
        ).stdout
    )
    assert [k for k in doc if k in ("moved", "kept", "review")] == ["moved", "kept", "review"]
    for group, head in (
        ("moved", "Moved"),
        ("kept", "Kept as written, and why"),
        ("review", "For review: a person should read these"),
    ):
        assert f"{head} ({len(doc[group])}):" in text.stdout
    assert doc["kept"][0] == {
        "path": "programmes/dates/2018-19.yaml",
        "line": 23,
        "kind": "academic year",
        "old": "2015-16",
        "new": "2015-16",
        "note": "history: past tense 'identified'",
    }
    assert doc["files"] == [
        {"path": "programmes/dates/2018-19.yaml", "created": True, "exists": False, "conflict": False}
    ]
    assert doc["conflicts"] == []


def test_a_date_at_the_end_of_the_calendar_is_for_review_not_a_traceback(project: Path) -> None:
    hub = project / "hubs" / "WM1.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8").replace("closing_date: 2024-03-01", "closing_date: 9999-12-31"),
        encoding="utf-8",
    )
    (project / "programmes" / MN / "2025-26.yaml").unlink()
    _drop_offer(project, "WM1", MN, "2025-26")
    result = run_cli("rollover", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    at = lines.index("For review: a person should read these (1):")
    assert lines[at + 1] == (
        "hubs/WM1.yaml:19: date: left 9999-12-31"
        " (9999-12-31 cannot move 1 year on: past the last date there is: left as it was)"
    )
    assert "      closing_date: 9999-12-31\n      confirmation_date: 2025-03-06" in hub.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "phrase",
    [
        "for the first time this year",
        "this academic year",
        "in the last three years",
        "next year",
        "new this year",
        "a year ago",
        "last year",
    ],
)
def test_every_relative_time_phrase_is_listed_for_review(phrase: str) -> None:
    """text.relative is the one detector: rollover lists what check reads (issue 23)."""
    text = f"Schools joined {phrase} and are welcome."
    out, edits = shift_text(text, AcademicYear.parse("2024-25"), AcademicYear.parse("2025-26"))
    assert out == text
    assert [(e.old, e.group) for e in edits] == [(phrase, "review")]


# --- decision letters ----------------------------------------------------------------------


def test_rollover_moves_the_letters_wording_as_it_does_the_packs(sample: Path) -> None:
    from conftest import edit
    from letters_sample import with_letters

    with_letters(sample)
    edit(sample / "programmes/number-sense/2024-25.yaml", "Every place is taken", "Every place for 2024/25 is taken")
    result = run_cli("rollover", "number-sense", "2024-25", "2025-26", "--project", str(sample))
    assert result.exit_code == 0, result.output
    rolled = load_project(sample)
    py = next(py for py in rolled.programmes if py.year.id == "2025-26")
    assert py.spec.letters is not None
    assert py.spec.letters.waiting.body[0].startswith("Every place for 2025/26 is taken, and {{ school.name }}")
    assert py.spec.letters.offered.subject == "A place for {{ school.name }}"
