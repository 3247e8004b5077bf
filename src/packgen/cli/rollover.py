"""`packgen rollover`: start next year's programme from this year's."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import PackgenError
from ..rollover import plan_rollover, write_rollover
from .output import report_problems, project_option


@click.command()
@project_option
@click.argument("programme")
@click.argument("from_year", metavar="FROM")
@click.argument("to_year", metavar="TO")
@click.option("--dry-run", "-n", is_flag=True, help="Print the changes without writing anything.")
def rollover(project: Path, programme: str, from_year: str, to_year: str, dry_run: bool) -> None:
    """Write programmes/PROGRAMME/TO.yaml from FROM.yaml, and copy hubs' FROM offers to TO.

    Academic years, dates (to the same weekday) and the programme's own years move forward;
    every change is printed for review. An existing year is never overwritten.
    """
    try:
        plan = plan_rollover(project, programme, from_year, to_year)
        if not dry_run:
            write_rollover(plan)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    report_problems(plan.warnings)
    for change in plan.changes:
        click.echo(str(change))
    created = [f.shown for f in plan.files if f.created]
    updated = [f.shown for f in plan.files if not f.created]
    verb = "Would write" if dry_run else "Wrote"
    click.echo(f"{verb} {', '.join(created)}; {len(updated)} hub file{'s' if len(updated) != 1 else ''} given a {plan.new.id} offer; {len(plan.changes)} changes listed above.")
