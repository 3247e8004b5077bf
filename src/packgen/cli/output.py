"""What every verb shares: how problems are printed and the --project option."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click
from rich.console import Console

from ..errors import Problem
from ..model.project import find_project

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _project(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """The --project given, else the project the current folder is in (found upwards, as git does)."""
    if value is not None:
        return value
    found = find_project(Path.cwd())
    if found is None:
        raise click.UsageError(
            f"{Path.cwd()} is not inside a packgen project (a folder with hubs/ and programmes/, here or above): "
            "run packgen from inside one, or give --project DIR"
        )
    return found


project_option = click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_project,
    help="Project folder with hubs/, programmes/ and templates/ [default: the one the current folder is in].",
)

today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
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
