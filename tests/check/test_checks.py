"""packgen check: each check fires on the mistake it is for and stays quiet on good wording."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_cli

from packgen.check import KNOWN_CODES, check_project, dated_problems, load_config
from packgen.check.years import looks_back, year_refs
from packgen.errors import PackgenError, Problem
from packgen.model.project import load_project
from packgen.selection import Selection

FIXTURE = FIXTURES / "seed-wording"
MN = "programmes/mastering-number/2024-25.yaml"
MR = "programmes/mastery-readiness/2021-22.yaml"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+) \[(?P<code>[a-z.-]+)\]$"
)


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """The seed's original Mastery Readiness 2021/22 wording, with the repo's templates."""
    root = tmp_path / "seed"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> tuple[int, int]:
    """Line and column (1-based) where ``needle`` stands in the file, comments aside; it must stand once."""
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [
        (n, line.index(needle) + 1)
        for n, line in enumerate(lines, start=1)
        if needle in line and not line.lstrip().startswith("#")
    ]
    assert len(hits) == 1, f"{needle!r} is on lines {[h[0] for h in hits]}"
    return hits[0]


def problems(root: Path, *, render: bool = False, **selection: tuple[str, ...]) -> list[Problem]:
    return check_project(load_project(root), load_config(root, KNOWN_CODES), Selection(**selection), render=render)


def of(found: list[Problem], code: str) -> list[Problem]:
    return [p for p in found if p.code == code]


# --- the proof: the seed's own mistakes, where they stand ---------------------------------


def test_seed_wording_reports_stale_year_and_mismatched_commitments_at_their_lines(seed: Path) -> None:
    result = run_cli("check", "--project", str(seed))
    *lines, summary = result.stdout.splitlines()
    assert summary == "0 errors, 4 warnings."
    assert all(LINE.match(line) for line in lines), lines
    fixture = seed / MR
    stale_line, stale_col = line_of(fixture, "Mastery Ready by the end of 2020/21")
    stale_col += len("Mastery Ready by the end of ")
    have_line, have_col = line_of(fixture, "will introduce have a vision")
    have_col += len("will introduce ")
    year_line, year_col = line_of(fixture, "for the year 2021/22 and beyond.")
    year_col += len("for the year ")
    expectation_line, _ = line_of(fixture, "The school will introduce a vision")
    later_line, _ = line_of(fixture, "Groups for the years 2022/23 and beyond.")
    later_line -= 1  # the expectation starts on the line before
    assert lines == [
        f"{MR}:{have_line}:{have_col}: warning: this commitment says 'introduce have a' where the expectation it "
        f"repeats (line {expectation_line}) says 'introduce a': was one edited and not the other? "
        f"[commitments.mismatch]",
        f"{MR}:{stale_line}:{stale_col}: warning: 2020/21 is before this pack's year 2021/22 and the wording does not "
        "look back: 'by the end of 2020/21' [year.stale]",
        f"{MR}:{stale_line}:{stale_col}: warning: this commitment says 2020/21 but the expectation it repeats "
        f"(line {expectation_line}) says 2021/22 [commitments.mismatch]",
        f"{MR}:{year_line}:{year_col}: warning: this commitment says 2021/22 but the expectation it repeats "
        f"(line {later_line}) says 2022/23 [commitments.mismatch]",
    ]
    assert result.exit_code == 0  # warnings only
    assert run_cli("check", "--project", str(seed), "--strict").exit_code == 1


def test_seed_notice_box_looking_back_at_2020_21_is_not_stale(seed: Path) -> None:
    line, _ = line_of(seed / MR, "brought during 2020/21")
    assert [p for p in problems(seed) if p.line == line] == []


def test_repo_data_passes_every_check_strictly() -> None:
    result = run_cli("check", "--project", str(REPO), "--strict")
    assert result.stdout == "No problems found.\n"
    assert result.exit_code == 0


# --- year.stale ----------------------------------------------------------------------------


def test_year_refs_in_every_style_and_not_calendar_years() -> None:
    text = "2020/21, 2020-21, 2020–21, 2020/2021, 2020-2021 and 2020 to 2021; not Since 2014, 2024-03-01 or 2020/22"
    assert [r.text for r in year_refs(text)] == [
        "2020/21",
        "2020-21",
        "2020–21",
        "2020/2021",
        "2020-2021",
        "2020 to 2021",
    ]
    assert {r.year.id for r in year_refs(text)} == {"2020-21"}


@pytest.mark.parametrize(
    "text, back",
    [
        ("not least because of the many benefits that brought during 2020/21.", True),
        ("Schools have worked together since 2020/21.", True),
        ("Schools that joined in 2019/20 will continue as Work Group members.", True),
        ("The programme has been running in 2020/21 with great success.", True),
        ("Last year (2020/21) was difficult.", True),
        ("The results for 2020/21 showed real progress.", True),
        ("the school will be Mastery Ready by the end of 2020/21.", False),
        ("will continue in the Work Groups for the years 2020/21 and beyond.", False),
        ("Schools that joined will be ready for the academic year 2020/21.", False),
        ("Funding was confirmed for the year 2020/21.", True),
        ("Schools will work together for the year 2020/21.", False),
        ("In 2020/21, Maths Hubs will be running Work Groups.", False),
        ("The materials will be used in 2020/21.", False),
        ("Information and Application 2020/21", False),
    ],
)
def test_looks_back_reads_tense_and_phrases(text: str, back: bool) -> None:
    ref = next(year_refs(text))
    assert looks_back(text, ref) is back


def test_year_stale_fires_in_any_style_and_points_at_the_year(project: Path) -> None:
    edit(
        project / MN,
        "subtitle: Information and Application 2024/25",
        "subtitle: Information and Application 2023 to 2024",
    )
    edit(project / MN, "teaching group(s) in 2024/25}", "teaching group(s) in 2023-24}")
    found = of(problems(project, hubs=("WM1",)), "year.stale")
    assert [(p.path, p.line, p.col, p.severity) for p in found] == [
        (MN, 5, 39, "warning"),
        (MN, *line_of(project / MN, "2023-24}"), "warning"),
    ]
    assert "2023 to 2024 is before this pack's year 2024/25" in found[0].message


def test_year_stale_quiet_on_backward_wording_and_later_years(project: Path) -> None:
    edit(project / MN, "Since 2014, the NCETM", "Since 2014, and during 2022/23 when 900 schools joined, the NCETM")
    edit(project / MN, "for academic year 2024-2025.", "for academic year 2024-2025 (and in 2025/26 too).")
    assert of(problems(project, hubs=("WM1",)), "year.stale") == []


# --- commitments.mismatch -------------------------------------------------------------------


def test_commitments_quiet_when_twins_agree(project: Path) -> None:
    assert of(problems(project, hubs=("WM1",)), "commitments.mismatch") == []


def test_commitments_fire_when_a_commitment_without_twin_names_a_year_no_expectation_does(project: Path) -> None:
    edit(
        project / MR,
        "        The school will continue to work with other schools in the Teaching for Mastery Work Groups\n        "
        "for the years 2022/23 and beyond.",
        "        Schools may be invited to a Sustaining Work Group in 2023/24.",
    )
    found = of(problems(project, hubs=("WM1",)), "commitments.mismatch")
    assert [(p.line, p.message) for p in found] == [
        (
            line_of(project / MR, "Groups for the years 2022/23 and beyond.")[0],
            "this expectation says 2022/23, which no commitment mentions",
        ),
        (
            line_of(project / MR, "Sustaining Work Group in 2023/24")[0],
            "this commitment says 2023/24, which no expectation mentions",
        ),
    ]


def test_commitments_fire_when_one_twin_was_reworded_since_last_year(project: Path) -> None:
    last = project / MR
    this = project / "programmes/mastery-readiness/2022-23.yaml"
    shutil.copy(last, this)
    edit(
        this,
        "participate in regular workshops with the Mastery Readiness Lead",
        "participate in monthly workshops with the Mastery Readiness Lead",
    )
    found = of(problems(project, hubs=("WM1",), years=("2022-23",)), "commitments.mismatch")
    assert [(p.path, p.line) for p in found] == [
        (
            "programmes/mastery-readiness/2022-23.yaml",
            line_of(this, "The lead teachers will participate in half termly")[0],
        )
    ]
    assert "was reworded since 2021/22, but this commitment was not" in found[0].message
    # Both twins reworded alike: nothing to say.
    edit(this, "participate in half termly workshops", "participate in monthly workshops")
    assert of(problems(project, hubs=("WM1",), years=("2022-23",)), "commitments.mismatch") == []


# --- date.weekday and date.order -----------------------------------------------------------


@pytest.fixture
def dated(project: Path) -> Path:
    """MN 2024/25 with a paragraph of hand-written dates appended to How to apply."""
    edit(
        project / MN,
        "        {% if offer.confirmation_date %}You will receive confirmation on {{ offer.confirmation_date }}.{% "
        "endif %}\n\nform:",
        "        {% if offer.confirmation_date %}You will receive confirmation on {{ offer.confirmation_date }}.{% "
        "endif %}\n"
        "      - >-\n"
        "        A briefing is on DATES.\n\nform:",
    )
    return project


def test_date_weekday_fires_when_weekday_and_date_disagree(dated: Path) -> None:
    edit(dated / MN, "DATES", "Friday 2nd March 2024, then Friday 2nd March, then Friday 30th February 2024")
    found = of(problems(dated, hubs=("WM1",)), "date.weekday")
    line, col = line_of(dated / MN, "Friday 2nd March 2024")
    assert [(p.line, p.col, p.severity, p.message) for p in found] == [
        (line, col, "error", "'Friday 2nd March 2024': 2nd March 2024 is a Saturday, not a Friday"),
        (line, col + 28, "error", "'Friday 2nd March': 2nd March is not a Friday in 2024 or 2025"),
        (line, col + 51, "error", "'Friday 30th February 2024' is not a date"),
    ]


def test_date_weekday_quiet_on_right_weekdays(dated: Path) -> None:
    edit(dated / MN, "DATES", "Friday 1st March 2024, Thursday, 7 March 2024 and Friday 1st March")
    found = problems(dated, hubs=("WM1",))
    assert of(found, "date.weekday") == [] and of(found, "date.order") == []


def test_date_order_fires_on_confirmation_before_closing_and_late_closing(project: Path) -> None:
    hub = project / "hubs/WM1.yaml"
    edit(hub, "confirmation_date: 2024-03-07", "confirmation_date: 2024-02-07")
    found = of(problems(project, hubs=("WM1",)), "date.order")
    assert [(p.path, p.line, p.severity) for p in found] == [("hubs/WM1.yaml", line_of(hub, "2024-02-07")[0], "error")]
    assert (
        found[0].message
        == "the confirmation date Wednesday 7th February 2024 is before the closing date Friday 1st March 2024"
    )

    edit(hub, "closing_date: 2024-03-01", "closing_date: 2024-09-02")
    edit(hub, "confirmation_date: 2024-02-07", "confirmation_date: 2024-09-09")
    found = of(problems(project, hubs=("WM1",)), "date.order")
    assert [(p.line, p.severity, p.message) for p in found] == [
        (
            line_of(hub, "2024-09-02")[0],
            "error",
            "the closing date Monday 2nd September 2024 is after the 2024/25 programme year has begun (Sunday 1st "
            "September 2024)",
        ),
    ]


def test_date_order_fires_on_an_online_form_opening_after_it_closes(project: Path) -> None:
    hub = project / "hubs/WM1.yaml"
    edit(hub, "      closing_date: 2024-03-01", "      opening_date: 2024-02-01\n      closing_date: 2024-03-01")
    assert of(problems(project, hubs=("WM1",)), "date.order") == []
    edit(hub, "opening_date: 2024-02-01", "opening_date: 2024-03-02")
    found = of(problems(project, hubs=("WM1",)), "date.order")
    assert [(p.path, p.line, p.severity, p.message) for p in found] == [
        (
            "hubs/WM1.yaml",
            line_of(hub, "opening_date")[0],
            "error",
            "the online form would open on Saturday 2nd March 2024, after it closes on Friday 1st March 2024",
        ),
    ]


def test_date_order_warns_on_dates_outside_the_plausible_window(dated: Path) -> None:
    edit(dated / "hubs/WM1.yaml", "closing_date: 2024-03-01", "closing_date: 2023-03-01")
    edit(dated / MN, "DATES", "Friday 3rd March 2023")
    found = of(problems(dated, hubs=("WM1",)), "date.order")
    assert [(p.path, p.severity) for p in found] == [("hubs/WM1.yaml", "warning"), (MN, "warning")]
    assert (
        "outside the dates a 2024/25 pack plausibly names (Friday 1st September 2023 to Sunday 31st August 2025)"
        in found[1].message
    )


def test_date_order_quiet_on_the_repo_offers(project: Path) -> None:
    assert of(problems(project), "date.order") == []


# --- text.placeholder and text.repeated-word -------------------------------------------------


def test_placeholders_fire_as_written(dated: Path) -> None:
    edit(dated / MN, "DATES", "TBC, at [insert venue], lorem ipsum")
    found = of(problems(dated, hubs=("WM1",)), "text.placeholder")
    line, col = line_of(dated / MN, "TBC, at")
    assert [(p.line, p.col, p.severity) for p in found] == [
        (line, col, "error"),
        (line, col + 8, "error"),
        (line, col + 24, "error"),
    ]
    assert found[1].message == "placeholder left in the wording: 'on TBC, at [insert venue]'"


def test_unrendered_markup_fires_for_the_hub_whose_pack_shows_it(project: Path) -> None:
    edit(
        project / "hubs/WM1.yaml",
        "allocation: first_come\n      closing_date: 2024-03-01",
        'allocation: "first come {{ served }}"\n      closing_date: 2024-03-01',
    )
    found = of(problems(project, hubs=("WM1", "SE3")), "text.placeholder")
    assert len(found) == 1
    assert found[0].path == MN and found[0].line == line_of(project / MN, "Schools interested in applying should")[0]
    assert found[0].message == "the pack shows unrendered template markup for WM1: 'first come {{ served }}. Closing'"


def test_placeholders_quiet_on_jinja_and_ordinary_words(dated: Path) -> None:
    edit(dated / MN, "DATES", "{{ hub.name }}'s todo list, with XX and tbcx")
    assert of(problems(dated, hubs=("WM1",)), "text.placeholder") == []


def test_repeated_word_fires_as_written_and_as_a_hub_sees_it(project: Path) -> None:
    edit(
        project / MN,
        "Any state funded primary school that has",
        "Any state funded primary school that that has the the",
    )
    edit(project / "hubs/WM1.yaml", "name: Central Maths Hub", "name: The Central Maths Hub")
    found = of(problems(project, hubs=("WM1",)), "text.repeated-word")
    assert [(p.path, p.message) for p in found] == [
        (MN, "repeated word: 'that has the the'"),
        (MN, "repeated word in the pack for WM1: 'required by the The'"),
        ("programmes/mastering-number/2025-26.yaml", "repeated word in the pack for WM1: 'required by the The'"),
        (MR, "repeated word in the pack for WM1: 'The The'"),  # the form's Maths Hub answer, "The {{ hub.name }}"
    ]
    assert found[0].line == line_of(project / MN, "has the the")[0]
    assert found[1].line == line_of(project / MN, "by the {{ hub.name }}")[0]
    assert found[3].line == line_of(project / MR, 'value: "The {{ hub.name }}"')[0]


def test_repeated_word_quiet_on_names_and_had_had(project: Path) -> None:
    edit(project / MN, "Any state funded primary school that has", "Any school that had had no place")
    found = problems(project, hubs=("WM1", "NW4"))  # NW4 is the North North West Maths Hub
    assert of(found, "text.repeated-word") == []


# --- form.word-limit -----------------------------------------------------------------------


def test_word_limit_fires_when_prompt_and_field_disagree(project: Path) -> None:
    edit(project / MN, "word_limit: 250", "word_limit: 200")
    found = of(problems(project, hubs=("WM1",)), "form.word-limit")
    line, col = line_of(project / MN, "(up to 250 words)")
    assert [(p.line, p.col, p.severity, p.message) for p in found] == [
        (
            line,
            col + 1,
            "error",
            "the prompt says 'up to 250 words' but the field 'headteacher_statement' word_limit is 200",
        ),
    ]


def test_word_limit_quiet_when_they_agree(project: Path) -> None:
    assert of(problems(project, hubs=("WM1",)), "form.word-limit") == []


# --- hub.unknown and hub.incomplete --------------------------------------------------------


def test_hub_unknown_fires_for_an_offer_no_pack_uses(project: Path) -> None:
    edit(
        project / MR,
        "subtitle: Information and Application 2021/22\n",
        "subtitle: Information and Application 2021/22\nhubs: [SE3]\n",
    )
    found = of(problems(project), "hub.unknown")
    assert [(p.path, p.line, p.severity) for p in found] == [
        ("hubs/WM1.yaml", line_of(project / "hubs/WM1.yaml", "2021-22:")[0], "error")
    ]
    assert "the hubs list of programmes/mastery-readiness/2021-22.yaml does not name WM1" in found[0].message


def test_hub_unknown_in_a_hubs_list_is_a_load_error(project: Path) -> None:
    edit(
        project / MR,
        "subtitle: Information and Application 2021/22\n",
        "subtitle: Information and Application 2021/22\nhubs: [WM9]\n",
    )
    result = run_cli("check", "--project", str(project))
    assert result.stdout == f"{MR}:5:8: error: unknown hub 'WM9' [hub.unknown]\n1 error, 0 warnings.\n"
    assert result.exit_code == 1


def test_hub_incomplete_warns_when_a_running_hub_has_no_email(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "email: mathshub@bishopchalloner.bham.sch.uk\n", "")
    found = of(problems(project), "hub.incomplete")
    assert [(p.path, p.line, p.severity) for p in found] == [("hubs/WM1.yaml", 2, "warning")]
    assert found[0].message == (
        "WM1 (Central Maths Hub) has no email, but its mastering-number 2024/25, mastering-number 2025/26, "
        "mastery-readiness 2021/22, teaching-for-mastery-development 2024/25 packs ask schools to email the form "
        "to Central Maths Hub: add email: to hubs/WM1.yaml"
    )


def test_hub_unknown_and_incomplete_quiet_on_the_repo_hubs(project: Path) -> None:
    found = problems(project)
    assert of(found, "hub.unknown") == [] and of(found, "hub.incomplete") == []  # 37 hubs without email run nothing


# --- template.undefined --------------------------------------------------------------------


def test_template_undefined_fires_in_a_template_and_in_wording(project: Path) -> None:
    template = project / "templates/information.html.j2"
    edit(template, "<h1>{{ pack.title | lines }}</h1>", "<h1>{{ pack.title | lines }} {{ pack.strapline }}</h1>")
    edit(project / MN, "heading: Funding", "heading: Funding for {{ offer.closing_date.year }}")
    for programme in (MN, MR):  # every hub runs them, most with no offer
        edit(project / programme, "\nsections:", "\nhubs: all\nsections:")
    found = of(problems(project, render=True, hubs=("WM1", "SE3", "EE1", "NW4")), "template.undefined")
    html_line = line_of(template, "pack.strapline")[0]
    assert [(p.path, p.line) for p in found] == [
        (MN, line_of(project / MN, "Funding for {{ offer.closing_date.year }}")[0]),
        ("templates/information.html.j2", html_line),
    ]
    assert found[0].message.endswith("(for EE1, NW4, SE3)")  # WM1 has a closing date
    assert "'pack' has no attribute 'strapline'" in found[1].message
    assert "(for" not in found[1].message  # every hub


def test_unreadable_templates_are_reported_not_raised(project: Path) -> None:
    (project / "templates/style.css").unlink()
    (project / "templates/information.docx").write_bytes(b"not a zip")
    found = of(problems(project, render=True, hubs=("WM1",)), "template.error")
    assert [(p.path, p.message) for p in found] == [
        ("templates/information.docx", "template could not be read: File is not a zip file"),
        ("templates/style.css", "template could not be read: No such file or directory"),  # once, for HTML and PDF
    ]


def test_template_check_quiet_on_the_repo_templates(project: Path) -> None:
    found = problems(project, render=True, hubs=("WM1", "SE3"))
    assert [p for p in found if p.code.startswith("template.")] == []


# --- output, exit codes, silencing ---------------------------------------------------------


def test_text_output_is_one_line_per_problem_sorted_by_file_and_line(seed: Path, dated: Path) -> None:
    edit(dated / MN, "DATES", "Friday 2nd March 2024 the the")
    edit(dated / "hubs/WM1.yaml", "confirmation_date: 2024-03-07", "confirmation_date: 2024-02-07")
    result = run_cli("check", "--project", str(dated))
    *lines, summary = result.stdout.splitlines()
    assert summary == "2 errors, 1 warning."  # on standard output too: the result is the command's output
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed) and len(parsed) == 3
    keys = [(m["path"], int(m["line"]), int(m["col"])) for m in parsed]
    assert keys == sorted(keys) and keys[0][0] == "hubs/WM1.yaml"
    assert [m["code"] for m in parsed] == ["date.order", "date.weekday", "text.repeated-word"]
    assert result.exit_code == 1


def test_json_output_for_ci(seed: Path) -> None:
    result = run_cli("check", "--project", str(seed), "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["errors"] == 0 and doc["warnings"] == 4
    assert [p["code"] for p in doc["problems"]] == [
        "commitments.mismatch",
        "year.stale",
        "commitments.mismatch",
        "commitments.mismatch",
    ]
    first = doc["problems"][1]
    assert set(first) == {"path", "line", "col", "severity", "code", "message"}
    assert (first["path"], first["line"], first["severity"]) == (MR, line_of(seed / MR, "end of 2020/21")[0], "warning")
    assert result.exit_code == 0
    assert run_cli("check", "--project", str(seed), "--format", "json", "--strict").exit_code == 1


def test_invalid_data_is_reported_in_the_same_format(project: Path) -> None:
    edit(project / MN, "title: Mastering Number", "titel: Mastering Number")
    result = run_cli("check", "--project", str(project), "--format", "json")
    doc = json.loads(result.stdout)
    assert (MN, 4, "schema.extra_forbidden") in [(p["path"], p["line"], p["code"]) for p in doc["problems"]]
    assert result.exit_code == 1


def test_ignore_comment_on_the_line_where_a_folded_string_starts(seed: Path) -> None:
    text = (seed / MR).read_text(encoding="utf-8")
    start = "      - >-\n        The school will introduce have a vision"
    assert text.count(start) == 1
    (seed / MR).write_text(
        text.replace(
            start, "      - >-  # packgen: ignore[year.stale]\n        The school will introduce have a vision"
        ),
        encoding="utf-8",
    )
    found = problems(seed)
    assert of(found, "year.stale") == []
    assert len(of(found, "commitments.mismatch")) == 3  # only the code named is silenced


def test_ignore_comment_on_its_own_line_and_bare(seed: Path) -> None:
    edit(
        seed / MR,
        "      - >-\n        The school will continue to work with other schools in the Teaching for Mastery Work "
        "Group\n",
        "      # packgen: ignore\n      - >-\n        The school will continue to work with other schools in the "
        "Teaching for Mastery Work Group\n",
    )
    edit(
        seed / MR,
        "      - >-\n        The school will introduce have a vision",
        "      - >-  # packgen: ignore[commitments.*, year.stale]\n        The school will introduce have a vision",
    )
    assert problems(seed) == []


def test_ignore_comment_naming_no_check_is_a_warning(seed: Path) -> None:
    edit(
        seed / MR,
        "title: Primary Mastery Readiness Work Groups",
        "title: Primary Mastery Readiness Work Groups  # packgen: ignore[year.stael]",
    )
    found = of(problems(seed), "config.unknown")
    assert [(p.line, p.severity, p.message) for p in found] == [
        (4, "warning", "ignore comment names no known check: 'year.stael'")
    ]


def test_config_file_silences_codes_project_wide(seed: Path) -> None:
    (seed / "packgen.toml").write_text('[check]\nignore = ["commitments.mismatch", "year.*"]\n', encoding="utf-8")
    result = run_cli("check", "--project", str(seed), "--strict")
    assert result.stdout == "No problems found.\n" and result.exit_code == 0


def test_config_file_with_an_unknown_code_is_an_error(seed: Path) -> None:
    (seed / "packgen.toml").write_text('[check]\nignore = ["hub.incomplet"]\n', encoding="utf-8")
    result = run_cli("check", "--project", str(seed))
    assert (
        result.stdout
        == "packgen.toml: error: check.ignore: no check has the code 'hub.incomplet' [config.unknown]\n1 error, 0 "
        "warnings.\n"
    )
    assert result.exit_code == 1
    with pytest.raises(PackgenError):
        load_config(seed, KNOWN_CODES)


# --- build runs the error-level checks first ----------------------------------------------


def test_build_stops_on_error_level_checks_and_writes_nothing(dated: Path, tmp_path: Path) -> None:
    edit(dated / MN, "DATES", "Friday 2nd March 2024")
    out = tmp_path / "out"
    result = run_cli("build", "--project", str(dated), "--out", str(out), "--hub", "WM1", "--format", "html", "-q")
    line, col = line_of(dated / MN, "Friday 2nd March 2024")
    assert result.stderr.splitlines() == [
        f"{MN}:{line}:{col}: error: 'Friday 2nd March 2024': 2nd March 2024 is a Saturday, not a Friday [date.weekday]",
        "1 error; nothing was written.",
    ]
    assert result.exit_code == 1 and not out.exists()


def test_build_goes_ahead_on_warnings_and_silenced_errors(seed: Path, tmp_path: Path) -> None:
    edit(seed / MR, "Early applications are encouraged.", "Early applications are encouraged. Closing date TBC.")
    (seed / "packgen.toml").write_text('[check]\nignore = ["text.placeholder"]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", "--project", str(seed), "--out", str(out), "--format", "html", "-q")
    assert result.exit_code == 0, result.stderr
    assert "Closing date TBC." in (out / "2021-22/WM1/mastery-readiness/information.html").read_text(encoding="utf-8")


# --- year.stale's new rules, wording.numbers, programme.phase, date.past, where they stand ---


def test_year_stale_flags_own_year_in_the_past_tense_and_an_implied_start(project: Path) -> None:
    edit(
        project / MR,
        "In 2021/22, Maths Hubs will be running primary mathematics",
        "In 2020 and continuing throughout 2021/22, Maths Hubs ran primary mathematics",
    )
    edit(project / MR, "Each Work Group will be led by", "Each Work Group, beginning in December 2020, will be led by")
    found = of(problems(project, hubs=("WM1",)), "year.stale")
    own_line, own_col = line_of(project / MR, "throughout 2021/22")
    start_line, start_col = line_of(project / MR, "beginning in December 2020")
    assert [(p.path, p.line, p.col, p.message) for p in found] == [
        (
            MR,
            own_line,
            own_col + len("throughout "),
            "this pack's own year 2021/22 is spoken of in the past tense ('ran'): a pack describes its year ahead: "
            "'2020 and continuing throughout 2021/22, Maths Hubs ran'",
        ),
        (
            MR,
            start_line,
            start_col + len("beginning in "),
            "'beginning in December 2020' is before this pack's year 2021/22 begins (Wednesday 1st September 2021) "
            "and the wording does not look back",
        ),
    ]


def test_year_stale_flags_last_year_copied_from_last_years_file(project: Path) -> None:
    later = project / "programmes/mastery-readiness/2022-23.yaml"
    shutil.copy(project / MR, later)
    edit(later, "Information and Application 2021/22", "Information and Application 2022/23")
    found = of(problems(project, hubs=("WM1",), years=("2022-23",)), "year.stale")
    line, col = line_of(later, "Beginning two years ago")
    assert (
        line,
        col + len("Beginning "),
        "'two years ago' stands in a sentence copied word for word from the 2021/22 file: "
        "what it dates is now a year further back: 'Beginning two years ago, the NCETM'",
    ) in [(p.line, p.col, p.message) for p in found]
    # In the programme's first year the same sentence is left alone.
    assert [
        p
        for p in of(problems(project, hubs=("WM1",), years=("2021-22",)), "year.stale")
        if "two years ago" in p.message
    ] == []


def test_date_weekday_reads_capitals_and_the_weekday_after(dated: Path) -> None:
    edit(dated / MN, "DATES", "THURSDAY 17th MAY 2024, 14th December 2023 (Friday) and Friday 01/03/2024")
    found = of(problems(dated, hubs=("WM1",)), "date.weekday")
    line, col = line_of(dated / MN, "THURSDAY 17th MAY 2024")
    assert [(p.line, p.col, p.message) for p in found] == [
        (line, col, "'THURSDAY 17th MAY 2024': 17th May 2024 is a Friday, not a Thursday"),
        (line, col + 24, "'14th December 2023 (Friday)': 14th December 2023 is a Thursday, not a Friday"),
    ]


def test_wording_numbers_fires_at_the_later_place_naming_the_earlier(project: Path) -> None:
    edit(
        project / MR,
        "the schools are expected to then continue being part of the",
        "the schools are expected to continue for at least three further years as part of the",
    )
    found = of(problems(project, hubs=("WM1",)), "wording.numbers")
    first_line, _ = line_of(project / MR, "for two further")
    line, col = line_of(project / MR, "at least three further years")
    assert [(p.path, p.line, p.col, p.severity, p.message) for p in found] == [
        (
            MR,
            line,
            col,
            "warning",
            f"'at least three further years' here, but 'two further years' at line {first_line}: the same thing with "
            f"different numbers?",
        ),
    ]


def test_wording_numbers_compares_a_hubs_paragraph_with_the_national_wording(project: Path) -> None:
    edit(
        project / "hubs/WM1.yaml",
        "      closing_date: 2024-03-01\n",
        "      closing_date: 2024-03-01\n      extra:\n        how-to-apply:\n          - Our Work Group has up to 30 "
        "schools.\n",
    )
    found = of(problems(project, hubs=("WM1",)), "wording.numbers")
    line, _ = line_of(project / MN, "up to 50 schools")
    assert [(p.path, p.message) for p in found] == [
        (
            "hubs/WM1.yaml",
            f"'up to 30 schools' here, but 'up to 50 schools' at {MN}:{line}: the same thing with different numbers?",
        ),
    ]


def test_programme_phase_fires_on_the_other_phase_and_only_where_declared(project: Path) -> None:
    edit(project / MN, "Any state funded primary school that has", "Any state funded secondary school that has")
    found = of(problems(project, hubs=("WM1",)), "programme.phase")
    line, col = line_of(project / MN, "secondary school that has")
    assert [(p.path, p.line, p.col, p.message) for p in found] == [
        (
            MN,
            line,
            col,
            "'secondary school' in a primary programme (its file says phase: primary): a sentence from another "
            "programme's pack?",
        ),
    ]
    edit(project / MN, "phase: primary\n", "")
    assert of(problems(project, hubs=("WM1",)), "programme.phase") == []


def test_phase_must_be_primary_or_secondary(project: Path) -> None:
    edit(project / MN, "phase: primary", "phase: infant")
    result = run_cli("check", "--project", str(project))
    assert result.exit_code == 1
    assert f"{MN}:6:8: error: phase must be one of 'primary' or 'secondary', not 'infant'" in result.stdout


def test_date_past_uses_the_given_day_for_offers_and_wording(project: Path) -> None:
    edit(
        project / MR,
        "Early applications are encouraged.",
        "Early applications are encouraged. Closing date: Friday 21st May 2021.",
    )
    hub = project / "hubs/WM1.yaml"
    args = ("check", "--project", str(project), "--format", "json")
    # Before the closing dates, and once the programme year has begun: nothing (the day's checks
    # alone, as a build runs them; the command's --today is read in the runs below).
    loaded, config = load_project(project), load_config(project, KNOWN_CODES)
    for day in ("2021-05-01", "2021-09-01", "2024-02-29"):
        assert dated_problems(loaded, config, Selection(), dt.date.fromisoformat(day)) == [], day
    doc = json.loads(run_cli(*args, "--today", "2021-06-01").stdout)
    assert [
        (p["path"], p["line"], p["severity"], p["message"]) for p in doc["problems"] if p["code"] == "date.past"
    ] == [
        (
            MR,
            line_of(project / MR, "Closing date: Friday 21st May 2021.")[0],
            "warning",
            "the closing date 'Friday 21st May 2021' has passed: today is Tuesday 1st June 2021, and the 2021/22 pack "
            "is still recruiting",
        ),
    ]
    warned = run_cli(*args, "--today", "2024-03-04")
    assert warned.exit_code == 0  # a warning
    doc = json.loads(warned.stdout)
    assert [(p["path"], p["line"], p["message"]) for p in doc["problems"] if p["code"] == "date.past"] == [
        (
            "hubs/WM1.yaml",
            line_of(hub, "closing_date: 2024-03-01")[0],
            "the closing date Friday 1st March 2024 has passed: today is Monday 4th March 2024, and the 2024/25 pack "
            "is still recruiting",
        ),
    ]
    assert run_cli("check", "--project", str(project), "--today", "2024-03-04", "--strict").exit_code == 1
    # The library never reads the clock: without a day, date.past does not run.
    assert of(problems(project), "date.past") == []


def test_build_warns_of_a_past_closing_date_and_still_builds_the_same_bytes(project: Path, tmp_path: Path) -> None:
    args = ("build", "--project", str(project), "--hub", "WM1", "--year", "2024-25", "--format", "html", "-q")
    late = run_cli(*args, "--out", str(tmp_path / "late"), "--today", "2024-03-04")
    assert late.exit_code == 0, late.stderr
    assert late.stderr.splitlines()[0] == (
        "hubs/WM1.yaml:14:21: warning: the closing date Friday 1st March 2024 has passed: today is Monday 4th March "
        "2024, "
        "and the 2024/25 pack is still recruiting [date.past]"
    )
    early = run_cli(*args, "--out", str(tmp_path / "early"), "--today", "2024-02-01")
    assert "date.past" not in early.stderr
    files = sorted(p.relative_to(tmp_path / "late") for p in (tmp_path / "late").rglob("*.html"))
    assert files and all((tmp_path / "late" / f).read_bytes() == (tmp_path / "early" / f).read_bytes() for f in files)


# --- issue 23: relative time the data shows cannot be true ---------------------------------

MN26 = "programmes/mastering-number/2025-26.yaml"


def test_year_relative_warns_on_first_time_when_the_programme_has_an_earlier_year(project: Path) -> None:
    edit(
        project / MN26,
        "Each Maths Hub is now seeking to recruit schools",
        "This programme is offered for the first time this year. Each Maths Hub is now seeking to recruit schools",
    )
    found = of(problems(project), "year.relative")
    line, col = line_of(project / MN26, "for the first time this year")
    assert [(p.path, p.line, p.col, p.severity) for p in found] == [(MN26, line, col, "warning")]
    assert "2024/25 file" in found[0].message and "drop 'for the first time this year'" in found[0].message


def test_year_relative_in_a_hub_placement_is_reported_in_the_hub_file(project: Path) -> None:
    edit(
        project / "hubs/WM1.yaml",
        "      closing_date: 2025-03-14\n",
        "      closing_date: 2025-03-14\n"
        "      placements:\n"
        "        - end_of: introduction\n"
        "          blocks:\n"
        "            - Our hub is running this Work Group for the first time this year.\n",
    )
    found = of(problems(project, hubs=("WM1",)), "year.relative")
    line, col = line_of(project / "hubs/WM1.yaml", "for the first time this year")
    assert [(p.path, p.line, p.col) for p in found] == [("hubs/WM1.yaml", line, col)]
    assert "offer for 2024/25" in found[0].message


def test_year_relative_is_silenced_by_an_ignore_comment(project: Path) -> None:
    edit(
        project / MN26,
        "Each Maths Hub is now seeking to recruit schools",
        "This programme is offered for the first time this year. Each Maths Hub is now seeking to recruit schools",
    )
    text = (project / MN26).read_text(encoding="utf-8")
    line, _ = line_of(project / MN26, "for the first time this year")
    lines = text.splitlines()
    lines[line - 1] += "  # packgen: ignore[year.relative] the Work Groups, not the programme, are new"
    (project / MN26).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert of(problems(project), "year.relative") == []


# --- issue 23: contradictions between the paragraphs of one hub's pack ----------------------


def test_two_of_a_hubs_own_paragraphs_that_disagree_are_reported_in_the_hub_file(project: Path) -> None:
    hub = project / "hubs/WM3.yaml"
    edit(
        hub,
        "              before 2022 should talk to us before applying.\n",
        "              before 2022 should talk to us before applying. They continue for one more year.\n",
    )
    edit(
        hub,
        "            - heading: Come and meet us\n",
        "            - heading: Come and meet us\n"
        "            - Schools in Stoke-on-Trent continue for two more years.\n"
        "            - Join the information session on Wednesday 10th July 2024.\n",
    )
    found = of(problems(project, hubs=("WM3",)), "wording.numbers") + of(
        problems(project, hubs=("WM3",)), "wording.dates"
    )
    years = line_of(hub, "two more years")
    session = line_of(hub, "Wednesday 3rd July 2024")  # the later of the two in the pack
    assert sorted((p.path, p.line, p.col, p.code) for p in found) == [
        ("hubs/WM3.yaml", years[0], years[1], "wording.numbers"),
        ("hubs/WM3.yaml", session[0], session[1], "wording.dates"),
    ]
    dates = of(found, "wording.dates")[0]
    assert "'Wednesday 10th July 2024' at line" in dates.message and "give one date in both places" in dates.message


def test_a_hubs_paragraph_that_opens_what_the_national_wording_closes_is_reported_in_the_hub_file(
    project: Path,
) -> None:
    national = project / "programmes/teaching-for-mastery-development/2024-25.yaml"
    edit(
        national,
        "The school is a state-funded primary, infant or junior school.",
        "The school is a state-funded primary, infant or junior school; independent schools cannot apply.",
    )
    hub = project / "hubs/WM3.yaml"
    edit(
        hub,
        "              before 2022 should talk to us before applying.\n",
        "              before 2022 should talk to us before applying. Independent schools in Stoke-on-Trent are\n"
        "              welcome to apply.\n",
    )
    assert of(problems(project, hubs=("WM1",)), "wording.eligibility") == []
    found = of(problems(project, hubs=("WM3",)), "wording.eligibility")
    where = line_of(hub, "Independent schools in Stoke-on-Trent")
    closed = line_of(national, "independent schools cannot apply")
    assert [(p.path, p.line, p.col) for p in found] == [("hubs/WM3.yaml", *where)]
    assert f"at programmes/teaching-for-mastery-development/2024-25.yaml:{closed[0]}" in found[0].message
    assert "who may apply" in found[0].message


# --- decision letters ----------------------------------------------------------------------


def test_check_reads_the_letters_wording_a_stale_year_and_a_misspelt_fact(sample: Path) -> None:
    from conftest import line_of
    from letters_sample import with_letters

    py = sample / "programmes/number-sense/2024-25.yaml"
    with_letters(sample)
    assert of(problems(sample), "year.stale") == []
    edit(py, "Every place is taken", "Every place for 2023/24 is taken")
    edit(py, "A place has come free, and", "A place has come free for {{ school.nmae }}, and")
    found = problems(sample, render=True)
    (stale,) = of(found, "year.stale")
    assert (stale.path, stale.line) == ("programmes/number-sense/2024-25.yaml", line_of(py, "for 2023/24 is taken"))
    assert stale.message.startswith("2023/24 is before this pack's year 2024/25")
    (undefined,) = of(found, "template.undefined")
    assert undefined.line == line_of(py, "school.nmae")
    assert "'school' has no attribute 'nmae'" in undefined.message
