"""`packgen ids`: the ids of a programme-year's paragraphs and list items, which hubs' edits refer to."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import PackgenError
from ..model.project import load_project
from ..wording.ids import programme_year, wording_ids
from .output import project_option, report_problems


@click.command()
@project_option
@click.argument("programme")
@click.argument("year")
def ids(project: Path, programme: str, year: str) -> None:
    """List the id of every paragraph and list item of PROGRAMME's YEAR (e.g. 2024-25), section by
    section, with its first words: a hub's offer words one its own way with edits: by its id."""
    try:
        py = programme_year(load_project(project), programme, year)
    except PackgenError as exc:
        report_problems(exc.problems, nothing_written=False)
        sys.exit(1)
    scope = None
    for found in wording_ids(py.spec):
        if found.scope != scope:
            heading = f" ({' '.join(found.heading.split())})" if found.heading else ""
            click.echo(("" if scope is None else "\n") + found.scope + heading)
            scope = found.scope
        mark = "  " * found.depth + ("• " if found.kind == "item" else "")
        click.echo(f"  {found.id}  {mark}{found.opening}")
