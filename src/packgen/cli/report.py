"""`packgen report`: a programme-year's recruitment figures as a workbook for the national team."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..collect.sheet import write_private
from ..errors import PackgenError
from ..model.project import ProgrammeYear, Project, load_project
from ..recruitment import Figures, london_today, programme_year
from ..recruitment.workbook import to_xlsx
from .output import project_option, report_problems
from .serve import database_option


def _figures(database: str | None, root: Path, project: Project, py: ProgrammeYear, today: dt.date) -> Figures:
    """The figures from the database `packgen serve` keeps; a database that cannot be read exits 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..web import counts
    from ..web.db import DatabaseUrlError, failure, open_existing, parse_url

    try:
        engine = open_existing(parse_url(database, root))
    except DatabaseUrlError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        click.echo(f"error: cannot read the database: {failure(exc)}", err=True)
        sys.exit(1)
    try:
        return counts.figures_of(engine, project, py, today)
    finally:
        engine.dispose()


@click.command()
@project_option
@click.argument("programme")
@click.argument("year")
@database_option
@click.option(
    "--out",
    "-o",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The workbook to write (.xlsx).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Count days to the closing date from this day (YYYY-MM-DD) [default: today in England].",
)
def report(
    project: Path, programme: str, year: str, database: str | None, out_path: Path, today: dt.datetime | None
) -> None:
    """Write PROGRAMME YEAR's recruitment as a workbook: a summary sheet with every hub's places,
    applications (online and returned forms), offered, waiting, not offered and days to the
    closing date, and a sheet per hub with its applications per day.

    \b
      packgen report mastering-number 2024-25 --out recruitment.xlsx

    Exit status 0 when written, 1 when the project or database cannot be read, 2 for a usage
    error such as an unknown programme or year.
    """
    if out_path.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"must end in .xlsx, not {out_path.name!r}", param_hint="--out")
    try:
        loaded = load_project(project)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    try:
        py = programme_year(loaded, programme, year)
    except PackgenError as exc:
        report_problems(exc.problems, nothing_written=True)
        sys.exit(2)
    day = today.date() if today is not None else london_today(dt.datetime.now(dt.UTC))
    figures = _figures(database, project, loaded, py, day)
    try:
        write_private(out_path, to_xlsx(figures))
    except OSError as exc:
        click.echo(f"error: cannot write {out_path}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    t = figures.totals
    click.echo(
        f"{len(figures.hubs)} hub{'s' if len(figures.hubs) != 1 else ''}, {t.applications} "
        f"application{'s' if t.applications != 1 else ''}, {t.offered} offered, {t.waiting} waiting -> {out_path}"
    )
