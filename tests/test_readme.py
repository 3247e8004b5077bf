"""The README is read before anything else: its code fences close and the commands it names exist."""

from __future__ import annotations

import re

import click

from conftest import REPO
from packgen.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_code_fence_is_closed() -> None:
    fences = [i for i, line in enumerate(README.splitlines(), 1) if line.lstrip().startswith("```")]
    assert len(fences) % 2 == 0, f"a code fence opened at line {fences[-1]} is never closed"


def test_every_command_the_readme_names_exists() -> None:
    """Commands as written to be run: a code line, or `packgen verb` in backticks."""
    code_lines = re.findall(r"^\s*(?:\S*/)?packgen ([a-z]+)", README, re.M)
    spans = re.findall(r"`(?:\S*/)?packgen ([a-z]+)", README)
    commands = set(main.list_commands(click.Context(main)))  # the commands are imported when used
    missing = sorted(set(code_lines + spans) - commands)
    assert not missing, f"the README names commands packgen does not have: {missing}"
