"""offer.no-closing-date and ``closing_date: none``: an offer without a closing date takes no
applications online unless it says so on purpose; and packgen.toml's [serve] settings."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, line_of, run_cli

from packgen.check import KNOWN_CODES, check_project, load_config
from packgen.model.project import load_project
from packgen.web.site import _open_ended

MN = "programmes/mastering-number/2024-25.yaml"


def found(root: Path, code: str) -> list[str]:
    problems = check_project(load_project(root), load_config(root, KNOWN_CODES), render=False)
    return [str(p) for p in problems if p.code == code]


def test_an_offer_without_a_closing_date_is_warned_that_its_online_form_is_closed(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "      closing_date: 2024-03-01\n", "")
    line = line_of(project / "hubs/WM1.yaml", "2024-25:")
    assert found(project, "offer.no-closing-date") == [
        f"hubs/WM1.yaml:{line}:5: warning: WM1's offer for mastering-number 2024/25 has no closing date, so the "
        "online form (packgen serve) takes no applications for it: add closing_date: with the last day, or write "
        "closing_date: none if it takes applications with no closing date [offer.no-closing-date]"
    ]
    result = run_cli("check", "--project", str(project))
    assert "[offer.no-closing-date]" in result.stdout


def test_closing_date_none_is_an_open_ended_offer_and_no_warning(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "      closing_date: 2024-03-01\n", "      closing_date: none\n")
    offer = next(h for h in load_project(project).hubs if h.code == "WM1").spec.offers["mastering-number"]["2024-25"]
    assert offer.closing_date == "none" and offer.open_ended and offer.closes is None
    assert _open_ended(offer.closing_date)  # what the online form reads
    assert found(project, "offer.no-closing-date") == []
    assert found(project, "offer.incomplete") == []  # said on purpose
    result = run_cli("build", "--project", str(project), "--quiet", "--format", "html", "--hub", "WM1")
    assert result.exit_code == 0, result.output


def test_closing_date_refuses_other_words(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "      closing_date: 2024-03-01\n", "      closing_date: never\n")
    result = run_cli("check", "--project", str(project))
    assert result.exit_code != 0
    assert "closing_date" in result.stdout + result.stderr


def test_serve_retention_months_is_a_known_setting(project: Path) -> None:
    (project / "packgen.toml").write_text("[serve]\nretention_months = 24\n", encoding="utf-8")
    result = run_cli("check", "--project", str(project))
    assert "config.unknown" not in result.stdout
    assert "retention_months" not in result.stdout


def test_serve_retention_months_must_be_a_whole_number(project: Path) -> None:
    (project / "packgen.toml").write_text('[serve]\nretention_months = "two years"\n', encoding="utf-8")
    result = run_cli("check", "--project", str(project))
    assert "packgen.toml: error: serve.retention_months must be a whole number of months, e.g. 24 [config.type]" in (
        result.stdout
    )
    assert result.exit_code != 0
