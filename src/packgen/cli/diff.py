"""`packgen diff`: what changed in a programme's wording, year on year or hub against hub."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console

from ..diff import PackDiff, diff_hubs, diff_years
from ..diff.output import FORMATS, render_diff
from ..diff.text import render_rich
from ..errors import PackgenError
from ..model.project import load_project
from ..render.templating import TemplateFailure
from ..writer import atomic_write
from .output import out, project_option, report_problems


def _date(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-03-01") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _select(project: Path, programme: str, from_year: str, to_year: str | None, hubs: tuple[str, ...]) -> PackDiff:
    if to_year is None:
        if len(hubs) != 2:
            raise click.UsageError("give a second year, or two --hub options to compare two hubs' versions of one year")
        return diff_hubs(load_project(project), programme, from_year, hubs[0], hubs[1])
    if len(hubs) > 1:
        raise click.UsageError("comparing two years takes at most one --hub")
    return diff_years(load_project(project), programme, from_year, to_year, hubs[0] if hubs else None)


@click.command()
@project_option
@click.argument("programme")
@click.argument("from_year", metavar="FROM")
@click.argument("to_year", metavar="[TO]", required=False)
@click.option(
    "--hub",
    "hubs",
    multiple=True,
    help="Compare this hub's version (default: the national wording); twice with one year to compare two hubs.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for the terminal, html for a web page, docx for Word with tracked changes.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--color/--no-color", default=None, help="Colour the text diff [default: when standard output is a terminal]."
)
@click.option(
    "--date",
    "date",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date of the DOCX's tracked changes [default: first day of the newer year].",
)
def diff(
    project: Path,
    programme: str,
    from_year: str,
    to_year: str | None,
    hubs: tuple[str, ...],
    fmt: str,
    out_path: Path | None,
    color: bool | None,
    date: str | None,
) -> None:
    """Compare PROGRAMME's wording in FROM and TO, or two hubs' versions of FROM.

    \b
      packgen diff mastering-number 2024-25 2025-26 --hub WM1
      packgen diff teaching-for-mastery-development 2024-25 --hub WM1 --hub WM3
      packgen diff mastering-number 2024-25 2025-26 --format docx --out changes.docx

    Exits 0 when the wording is identical, 1 when it differs and 2 on error, as diff(1) does.
    """
    when = _date(date)
    if fmt == "docx" and out_path is None and sys.stdout.isatty():
        raise click.UsageError("a DOCX cannot be shown on a terminal: give --out FILE or redirect the output")
    try:
        result = _select(project, programme, from_year, to_year, hubs)
        data = render_diff(result, fmt, templates=project / "templates", date=when, root=project)
        if out_path is not None:
            atomic_write(out_path, data)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(2)
    except TemplateFailure as exc:
        report_problems([exc.problem])
        sys.exit(2)
    except OSError as exc:
        click.echo(f"error: cannot write {out_path}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    if out_path is not None:
        click.echo(f"{result.summary} Wrote {out_path}.")
    elif fmt == "text" and (out.is_terminal if color is None else color):
        console = out if color is None else Console(force_terminal=True, highlight=False)
        console.print(render_rich(result), end="", soft_wrap=True)
    else:
        click.echo(data, nl=False)
    sys.exit(0 if result.identical else 1)
