"""`packgen new hub` and `packgen new year`: start a file that validates, with comments saying what to fill in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import PackgenError
from ..scaffold import hub_file, programme_file, years_before
from ..settings import project_regions
from ..writer import atomic_write
from .output import project_option, report_problems
from .rollover import rollover


@click.group()
def new() -> None:
    """Start a new hub, or a new year of a programme."""


def _write(project: Path, path: Path, text: str) -> None:
    shown = path.relative_to(project).as_posix()
    taken = (
        [p for p in path.parent.glob("*") if p.name.casefold() == path.name.casefold()] if path.parent.is_dir() else []
    )
    if taken:
        click.echo(
            f"{taken[0].relative_to(project).as_posix()}: error: already exists; packgen new never overwrites a file",
            err=True,
        )
        sys.exit(1)
    atomic_write(path, text.encode("utf-8"))
    click.echo(f"Wrote {shown}. Fill in what its comments say, then run `packgen check`.")


@new.command("hub")
@project_option
@click.argument("code")
@click.option("--name", required=True, help='The hub\'s name, e.g. "Central Maths Hub".')
@click.option("--region", required=True, help='One of the project\'s regions, e.g. "West Midlands".')
@click.option("--email", default=None, help="Where schools send their forms.")
def new_hub(project: Path, code: str, name: str, region: str, email: str | None) -> None:
    """Write hubs/CODE.yaml for a new hub.

    \b
      packgen new hub WM9 --name "Riverside Maths Hub" --region "West Midlands"
    """
    code = code.upper()
    try:
        text = hub_file(code, name, region, project_regions(project), email)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    _write(project, project / "hubs" / f"{code}.yaml", text)


@new.command("year")
@project_option
@click.argument("programme")
@click.argument("year", metavar="YEAR")
@click.option("--title", default=None, help="A new programme's title [default: from its name].")
@click.option(
    "--phase",
    type=click.Choice(["primary", "secondary"]),
    default="primary",
    show_default=True,
    help="A new programme's phase.",
)
@click.option("--dry-run", is_flag=True, help="For a programme with earlier years: show what rollover would write.")
@click.pass_context
def new_year(
    ctx: click.Context, project: Path, programme: str, year: str, title: str | None, phase: str, dry_run: bool
) -> None:
    """Write programmes/PROGRAMME/YEAR.yaml, e.g. 2025-26.

    A programme with earlier years is rolled over from the latest of them (as `packgen
    rollover` does, hubs' offers included); a new programme gets a short commented pack and
    form to edit.
    """
    try:
        earlier = years_before(project / "programmes" / programme, year)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="YEAR") from None
    if earlier:
        ctx.invoke(
            rollover,
            project=project,
            programme=programme,
            from_year=earlier[-1],
            to_year=year,
            dry_run=dry_run,
            fmt="text",
        )
        return
    try:
        text = programme_file(programme, year, title, phase)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    _write(project, project / "programmes" / programme / f"{year}.yaml", text)
