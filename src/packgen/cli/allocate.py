"""`packgen allocate`: places given by the offer's rule to every application, online and returned."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from ..dates import LONDON
from ..decide.sources import SheetError, read_sheet
from ..errors import PackgenError
from ..forms.safe import printable
from ..forms.spec import answers
from ..model.project import load_project
from ..resolve import resolve_pack
from .output import out, project_option, report_problems

SHOWN = {"offered": "offered", "waiting": "waiting list", "not_offered": "not offered", "withdrawn": "withdrawn"}


def _plain(text: str, style: str = "") -> Text:
    return Text(printable(text, lines=True), style=style)


def _open(database: str | None, project: Path, apply: bool) -> Any:
    """The database packgen serve keeps, to read (and with --apply write) decisions; None when
    there is none and nothing is to be written (the sheet's applications alone)."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..web.db import DatabaseUrlError, failure, open_existing, parse_url

    try:
        url = parse_url(database, project)
    except DatabaseUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--database") from None
    try:
        return open_existing(url)
    except DatabaseUrlError as exc:
        if database is None and not apply:
            return None
        raise click.BadParameter(str(exc), param_hint="--database") from None
    except SQLAlchemyError as exc:
        click.echo(f"error: cannot read the database: {failure(exc)}", err=True)
        sys.exit(1)


def _table(decisions: list[Any]) -> Table:
    table = Table(title="Proposed decisions", show_lines=False)
    for column in ("Reference", "School", "URN", "LA", "Priority area", "Received", "Outcome", "Rank", "Reason"):
        table.add_column(column, overflow="fold")
    for d in decisions:
        a = d.applicant
        area = "" if d.in_area is None else ("yes" if d.in_area else "no")
        outcome = SHOWN.get(d.outcome, d.outcome) + (" (kept)" if d.kept else "")
        style = {"offered": "green", "waiting": "yellow"}.get(d.outcome, "")
        table.add_row(
            _plain(d.reference),
            _plain(a.school_name),
            a.urn or "",
            _plain(a.school.la_name if a.school else ""),
            area,
            f"{a.received_at.astimezone(LONDON):%Y-%m-%d %H:%M:%S}",
            Text(outcome, style=style),
            str(d.rank) if d.rank is not None else "",
            _plain(d.reason),
        )
    return table


@click.command()
@click.argument("programme")
@click.argument("year")
@click.option("--hub", required=True, help="The hub whose places are allocated, e.g. WM1.")
@project_option
@click.option(
    "--database",
    envvar="PACKGEN_DATABASE_URL",
    default=None,
    metavar="URL",
    help="The database packgen serve keeps (online applications, the schools register, decisions) "
    "[default: PROJECT/var/applications.sqlite3; env PACKGEN_DATABASE_URL].",
)
@click.option(
    "--sheet",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The spreadsheet packgen collect wrote (.csv or .xlsx): its returned forms are allocated with the "
    "online applications, each by its recorded arrival time.",
)
@click.option("--apply", is_flag=True, help="Store the proposed decisions [default: print them, write nothing].")
def allocate(
    programme: str, year: str, hub: str, project: Path, database: str | None, sheet: Path | None, apply: bool
) -> None:
    """Propose a decision for every application to a hub for PROGRAMME YEAR by the offer's
    allocation rule: offered, waiting list (ranked) or not offered, with a reason. Online and
    returned applications are allocated together; ties in time go by reference. Decisions staff
    changed or confirmed are kept as they are. Writes nothing without --apply."""
    from ..web import allocation, store
    from ..web.config import utc_now

    try:
        loaded = load_project(project)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    py = next((p for p in loaded.programmes if p.programme == programme and p.year.id == year), None)
    if py is None:
        known = ", ".join(sorted(f"{p.programme} {p.year.id}" for p in loaded.programmes))
        raise click.BadParameter(f"no programme-year {programme} {year} in this project (it has {known})")
    the_hub = next((h for h in loaded.hubs_running(py) if h.code == hub.upper()), None)
    if the_hub is None:
        raise click.BadParameter(f"{hub.upper()} does not run {programme} {year}", param_hint="--hub")
    rows = []
    if sheet is not None:
        try:
            rows = read_sheet(sheet)
        except (SheetError, OSError) as exc:
            raise click.BadParameter(str(exc), param_hint="--sheet") from None
    form = answers(resolve_pack(loaded, py, the_hub).form)
    engine = _open(database, project, apply)
    try:
        lookup = allocation.register_of(engine) if engine is not None else None
        proposal = allocation.propose(engine, py, the_hub, form, rows, lookup)
        out.print(_table(list(proposal.decisions)))
        counts = {o: sum(1 for d in proposal.decisions if d.outcome == o) for o in SHOWN}
        kept = sum(1 for d in proposal.decisions if d.kept)
        places = proposal.terms.places
        click.echo(
            f"{len(proposal.decisions)} application{'s' * (len(proposal.decisions) != 1)}, "
            f"{places if places is not None else 'unlimited'} places, "
            f"rule {proposal.terms.rule.rule}: {counts['offered']} offered, {counts['waiting']} on the waiting list, "
            f"{counts['not_offered']} not offered" + (f" ({kept} kept as staff decided)" if kept else "") + "."
        )
        if lookup is None:
            click.echo("No schools register in the database: eligibility and priority areas were not checked.")
        if not apply:
            click.echo(f"Nothing written: {len(proposal.changes())} decisions would be stored with --apply.")
            return
        entry = store.Entry(utc_now(), None, "decisions proposed", "command line")
        written = allocation.store_proposal(engine, proposal, py, the_hub.code, entry)
        click.echo(f"{written} decisions stored.")
    finally:
        if engine is not None:
            engine.dispose()
