"""The README is read before anything else: its code fences close and the commands it names exist."""

from __future__ import annotations

import re

import click
from conftest import REPO

from packgen.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_code_fence_is_closed() -> None:
    fences = [(i, line.strip()) for i, line in enumerate(README.splitlines(), 1) if line.lstrip().startswith("```")]
    assert len(fences) % 2 == 0, f"a code fence opened at line {fences[-1][0]} is never closed"
    # Closed by a bare fence: a fence that opens another block (```json … ```yaml) has swallowed text.
    wrong = [i for i, fence in fences[1::2] if fence != "```"]
    assert not wrong, f"the code fences closed at lines {wrong} open another block instead"


def test_every_command_the_readme_names_exists() -> None:
    """Commands as written to be run: a code line, or `packgen verb` in backticks."""
    code_lines = re.findall(r"^\s*(?:\S*/)?packgen ([a-z]+)", README, re.M)
    spans = re.findall(r"`(?:\S*/)?packgen ([a-z]+)", README)
    commands = set(main.list_commands(click.Context(main)))  # the commands are imported when used
    missing = sorted(set(code_lines + spans) - commands)
    assert not missing, f"the README names commands packgen does not have: {missing}"


def quick_start() -> list[str]:
    """The commands of the README's first code block, comments cut."""
    block = re.search(r"^```sh\n(.*?)^```", README, re.M | re.S)
    assert block, "the README has no sh code block"
    return [line.split("  #")[0].rstrip() for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_builds_tests_and_serves_in_one_line_each() -> None:
    build, test, serve = quick_start()
    assert build == "bash scripts/setup.sh && . .venv/bin/activate && packgen build"
    assert test.startswith("bash scripts/setup.sh --test && ") and test.endswith(" -m pytest")
    assert serve == "bash scripts/setup.sh && . .venv/bin/activate && packgen serve"


def test_ci_runs_exactly_the_readme_s_test_command() -> None:
    test = quick_start()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, f".ci/run does not run the README's test command {test!r}"
    commands = [line for line in ci if line.strip() and not line.lstrip().startswith("#")]
    assert [line for line in commands if "pytest" in line and "echo" not in line] == [test]


def test_ci_runs_ruff_before_the_tests_and_fails_on_it() -> None:
    """The lint and format gate: `ruff check` and `ruff format --check` after the same setup, before
    the README's test command, and their status is the run's when the tests pass."""
    test = quick_start()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    lint = "bash scripts/setup.sh --test && . .venv/bin/activate && ruff check && ruff format --check"
    assert lint in ci, f".ci/run does not run {lint!r}"
    assert ci.index(lint) < ci.index(test)
    assert ci[ci.index(lint) + 1] == "lint=$?"
    assert "if [[ $status -eq 0 && $lint -ne 0 ]]; then" in ci


def test_the_readme_runs_packgen_one_way_throughout() -> None:
    """Activate .venv once (each quick-start line does, and the README says so), then `packgen` and
    `python`: no command reaches into .venv/bin for anything but its activate script."""
    assert all(". .venv/bin/activate && " in line for line in quick_start())
    assert re.search(r"In a new shell, activate it once\s+with `\. \.venv/bin/activate`", README)
    elsewhere = sorted({m.group(0) for m in re.finditer(r"\.venv/bin/[\w.-]+", README)} - {".venv/bin/activate"})
    assert not elsewhere, f"the README runs {elsewhere} instead of the activated command"
    assert "-m packgen" not in README, "the README runs packgen as a module somewhere, not as `packgen`"
