"""Every command finds its project from any folder inside it, as git does, and says --project when it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli


@pytest.mark.parametrize("inside", [".", "programmes/number-sense", "hubs"])
def test_a_command_run_inside_a_project_finds_it(sample: Path, inside: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample / inside)
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "No problems found.\n"


def test_outside_any_project_the_message_says_how_to_name_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["build"], ["schema", "--check"]):
        result = run_cli(*command)
        assert result.exit_code == 2
        assert f"{tmp_path} is not inside a packgen project" in result.stderr
        assert "give --project DIR" in result.stderr
        assert "Traceback" not in result.output


def test_project_given_wins_over_the_folder_run_in(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("check", "--project", str(sample)).exit_code == 0
