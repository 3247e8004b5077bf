"""`packgen invite`: invited schools' forms, pre-filled from the register, and their personal links."""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from pathlib import Path

import click

from ..dates import LONDON, long_date
from ..errors import PackgenError, display_path
from ..model.project import load_project
from .output import project_option, report_problems, today_option
from .schools import _existing, _no_register
from .serve import database_option


@click.command()
@click.argument("programme")
@click.argument("year")
@click.option("--hub", required=True, help="The hub whose form the schools are invited to, e.g. WM1.")
@click.option(
    "--schools",
    "schools_csv",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A CSV of the invited schools' URNs (a column headed URN, or the first column).",
)
@click.option("--area", default=None, help="Invite every eligible open school of this local authority instead.")
@project_option
@database_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Output folder [default: PROJECT/build].")
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    envvar="PACKGEN_PUBLIC_URL",
    metavar="URL",
    help="Where schools reach packgen serve: the start of each personal link [env PACKGEN_PUBLIC_URL].",
)
@click.option(
    "--expires",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The last day the links open the form (YYYY-MM-DD) [default: the offer's closing date, else in 60 days].",
)
@click.option(
    "--send",
    is_flag=True,
    help="Also queue an invitation email to each school whose address the CSV's email column gives; "
    "packgen serve (with --smtp) sends them.",
)
@today_option
def invite(
    programme: str,
    year: str,
    hub: str,
    schools_csv: Path | None,
    area: str | None,
    project: Path,
    database: str | None,
    out: Path | None,
    base_url: str,
    expires: dt.datetime | None,
    send: bool,
    today: dt.datetime | None,
) -> None:
    """Make each invited school's application form, pre-filled from the register of schools (PDF and
    Word, still fillable), and a personal link to the online form that opens already filled.

    Writes OUT/invitations/YEAR/HUB/PROGRAMME/URN/ (application-form.pdf, application-form.docx,
    link.txt) and invitations.csv beside them. With --send, an email per school with its link and the
    pack's page waits in the server's outbox. A school that is unknown, closed or not eligible is
    listed with the reason and not invited. The links are signed with packgen serve's key, kept in
    the same database, and expire at the end of the offer's closing day unless --expires says.
    """
    from ..invite import packs  # the renderers, pypdf and lxml only for this command
    from ..schools import areas, store
    from ..web import store as web_store
    from ..web.mail import deliverable

    if (schools_csv is None) == (area is None):
        raise click.UsageError("give --schools invited.csv or --area 'LOCAL AUTHORITY' (one of them)")
    try:
        loaded = load_project(project)
        target = packs.target(loaded, programme, year, hub.upper())
        requested, emails = packs.read_list(schools_csv) if schools_csv is not None else (None, {})
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    except packs.InviteError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    engine = _existing(project, database)
    try:
        if store.info(engine) is None:
            _no_register()
        if requested is not None:
            chosen, skipped = packs.plan(requested, lambda urn: store.get(engine, urn), target.rule)
        else:
            assert area is not None
            found = store.of_authority(engine, area)
            if not found:
                meant = areas.suggestion(area, store.la_names(engine))
                hint = f": did you mean {meant}?" if meant else ""
                click.echo(f"error: {area} is not a local authority of the register of schools{hint}", err=True)
                sys.exit(1)
            chosen, skipped = packs.plan_area(found, target.rule)
        # The server's own signing key (web/app.py), made here if the server has not run yet.
        secret = web_store.setting(engine, "session_key", lambda: secrets.token_urlsafe(48))
    finally:
        engine.dispose()
    now = dt.datetime.combine(today.date(), dt.time(12), tzinfo=LONDON) if today else dt.datetime.now(dt.UTC)
    until = (
        dt.datetime.combine(expires.date() + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)
        if expires
        else packs.default_expiry(target, now)
    )
    result = packs.make(
        loaded,
        target,
        chosen,
        skipped,
        secret=secret,
        base_url=base_url,
        expires=until,
        out=out if out is not None else project / "build",
    )
    for k in result.skipped:
        click.echo(f"skipped {k.urn}{' ' + k.name if k.name else ''}: {k.reason}", err=True)
    last_day = (until - dt.timedelta(seconds=1)).astimezone(LONDON).date()
    click.echo(
        f"Invited {len(result.made)} school{'s' * (len(result.made) != 1)} to {target.hub.spec.name}'s "
        f"{programme} {year} form ({len(result.skipped)} skipped); the links open the form until the end of "
        f"{long_date(last_day)}. Summary: {display_path(result.summary, project)}"
    )
    if not send:
        return
    engine = _existing(project, database)
    queued = 0
    try:
        for made in result.made:
            address = emails.get(f"{made.school.urn:06d}", "")
            if not deliverable(address):
                why = f"{address!r} is not an address to send to" if address else "the list gives no email address"
                click.echo(f"not emailed {made.school.urn:06d} {made.school.name}: {why}", err=True)
                continue
            content = packs.email_content(target, made, base_url)
            web_store.queue_invitation(engine, address, content, now, target.hub.code)
            queued += 1
    finally:
        engine.dispose()
    emails = f"{queued} invitation email{'s' * (queued != 1)} {'wait' if queued != 1 else 'waits'}"
    click.echo(f"{emails} in the outbox: packgen serve --smtp sends them.")
