"""check.notices: a one-off notice carried into a year it no longer speaks to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from packgen.check import KNOWN_CODES, check_project, load_config
from packgen.check.notices import stale_notice
from packgen.dates import AcademicYear
from packgen.errors import Problem
from packgen.model.project import load_project
from packgen.selection import Selection

Y = AcademicYear.parse


def _stale(root: Path, **selection: tuple[str, ...]) -> list[Problem]:
    found = check_project(load_project(root), load_config(root, KNOWN_CODES), Selection(**selection))
    return [p for p in found if p.code == "notice.stale"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_notice_dated_before_the_recruitment_year_is_stale() -> None:
    texts = ["The closing date has been extended to Friday 15th March 2024.", "Forms are at the hub's website."]
    assert stale_notice(texts, Y("2025-26")) == (0, texts[0].index("Friday"), dt.date(2024, 3, 15))


def test_a_notice_with_one_current_date_or_none_is_left_alone() -> None:
    assert stale_notice(["The closing date has been extended to Friday 14th March 2025."], Y("2025-26")) is None
    assert stale_notice(["Extended 1st March 2024; the next round opens 1st October 2024."], Y("2025-26")) is None
    assert stale_notice(["Schools in one trust each send their own form."], Y("2025-26")) is None


def test_a_hubs_notice_is_reported_in_the_hub_file(project: Path) -> None:
    hub = project / "hubs/YH2.yaml"
    _edit(
        hub,
        "                  We will try to place schools from one trust in the same Work Group.\n",
        "                  We will try to place schools from one trust in the same Work Group.\n"
        "                - The closing date for trusts was extended to Friday 17th March 2023.\n",
    )
    lines = hub.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "17th March 2023" in text)
    found = _stale(project, hubs=("YH2",))
    assert [(p.path, p.line, p.col, p.severity) for p in found] == [
        ("hubs/YH2.yaml", line, lines[line - 1].index("Friday 17th") + 1, "warning")
    ]
    assert "before 2023/24, the recruitment year of this 2024/25 pack" in found[0].message


def test_a_national_notice_section_is_checked_and_the_shipped_ones_are_quiet(project: Path) -> None:
    assert _stale(project) == []
    path = project / "programmes/teaching-for-mastery-development/2024-25.yaml"
    _edit(
        path,
        "    style: notice\n    body:\n",
        "    style: notice\n    body:\n      - The deadline was extended to 10th March 2023 for these areas.\n",
    )
    [p] = _stale(project)
    assert p.path == "programmes/teaching-for-mastery-development/2024-25.yaml"
