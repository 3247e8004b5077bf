"""What every verb shares: how problems are printed and the --project option."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import click
from rich.console import Console

from ..errors import Problem

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

project_option = click.option(
    "--project", "project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Project folder with hubs/, programmes/ and templates/.",
)

today_option = click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Judge date.past as on this day (YYYY-MM-DD) [default: the clock], for reproducible runs.",
)


def report_problems(problems: Iterable[Problem], *, nothing_written: bool = True) -> None:
    """Print each problem as path:line:col: severity: message [code], then a count of errors."""
    problems = list(problems)
    for problem in problems:
        if err.is_terminal:
            style = "red" if problem.severity == "error" else "yellow"
            err.print(str(problem), style=style, markup=False, soft_wrap=True)
        else:
            click.echo(str(problem), err=True)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        tail = "; nothing was written." if nothing_written else "."
        click.echo(f"{errors} error{'s' if errors != 1 else ''}{tail}", err=True)
