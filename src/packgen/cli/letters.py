"""`packgen letters`: a hub's decision letters for one programme-year, written and, with --send, emailed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..dates import LONDON, long_date
from ..errors import PackgenError
from ..letters import (
    LetterMaker,
    Made,
    find_hub,
    find_programme_year,
    letter_date,
    make_letters,
    others,
    write_letters,
)
from ..model.project import load_project
from .output import project_option, report_problems
from .serve import _engine, database_option


@click.command()
@click.argument("programme")
@click.argument("year")
@click.option("--hub", "hub_code", required=True, help="The hub whose decisions are told, e.g. WM1.")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the letters (<URN>-<decision>.pdf and .docx) and their summary, letters.csv.",
)
@project_option
@database_option
@click.option("--send", is_flag=True, help="Email each school its letter through the outbox, once.")
@click.option("--now", "send_now", is_flag=True, help="Send even before the offer's confirmation date.")
@click.option(
    "--smtp",
    envvar="PACKGEN_SMTP_URL",
    default=None,
    metavar="URL",
    help="Where --send sends: smtp://user:password@host:587?from=hub@example.org [env PACKGEN_SMTP_URL].",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if it were this day (YYYY-MM-DD): the letters' date and the confirmation date's test. Not for "
    "real use.",
)
def letters(
    programme: str,
    year: str,
    hub_code: str,
    out: Path,
    project: Path,
    database: str | None,
    send: bool,
    send_now: bool,
    smtp: str | None,
    today: dt.datetime | None,
) -> None:
    """Write a letter for every confirmed decision of HUB's PROGRAMME YEAR (e.g. mastering-number 2025-26)."""
    from ..web import letters as told
    from ..web.config import utc_now
    from ..web.mail import RETRY_AFTER, Smtp, SmtpUrlError

    def clock() -> dt.datetime:
        now = utc_now()
        if today is None:
            return now
        return dt.datetime.combine(today.date(), now.astimezone(LONDON).time(), tzinfo=LONDON)

    day = clock().astimezone(LONDON).date()
    try:
        loaded = load_project(project)
        py = find_programme_year(loaded, programme, year)
        hub = find_hub(loaded, py, hub_code)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    offer = hub.spec.offers.get(py.programme, {}).get(py.year.id)
    confirmation = offer.confirmation_date if offer else None
    mailer: Smtp | None = None
    if send:
        try:
            mailer = Smtp.parse(smtp) if smtp else None
        except SmtpUrlError as exc:
            raise click.BadParameter(str(exc), param_hint="--smtp") from None
        if mailer is None:
            raise click.UsageError("--send needs a mail server: --smtp URL or PACKGEN_SMTP_URL")
        if confirmation is not None and day < confirmation and not send_now:
            click.echo(
                f"error: not sending: {hub.code}'s offer says schools hear on {long_date(confirmation)} "
                f"(confirmation_date in {hub.source.shown}); run again on or after that day, or add --now to send "
                "today; nothing was written or sent.",
                err=True,
            )
            sys.exit(1)
    engine, _ = _engine(project, database)
    found = told.decisions(engine, py.programme, py.year.id, hub.code)
    if found.unconfirmed:
        click.echo(f"{found.unconfirmed} decision(s) not yet confirmed: they get no letter until they are.", err=True)
    if not found.confirmed:
        click.echo(f"No confirmed decisions for {hub.code} {py.programme} {py.year.id}: no letters written.")
        return
    try:
        files = make_letters(LetterMaker(loaded), py, hub, found.confirmed, letter_date(py, hub, day), Made(out))
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    write_letters(out, files)
    kept = sum(f.again for f in files)
    wrote = f"Wrote {len(files) - kept} letter(s) to {out}"
    if kept:
        wrote += f" and kept {kept} unchanged since the last run"
    click.echo(f"{wrote} (PDF and DOCX each), with a summary in {out / 'letters.csv'}.")
    stray = others(out, files)
    if stray:
        click.echo(
            f"warning: {out} also holds {len(stray)} file(s) that are no letter of these decisions, left as they are "
            f"(a decision changed or withdrawn since?): {', '.join(stray)}",
            err=True,
        )
    if mailer is None:
        return
    from ..web.outbox import Outbox
    from ..web.site import Site

    queued = told.queue_letters(engine, found.confirmed, clock())
    for reference in queued.no_address:
        click.echo(f"warning: {reference} has no email address to send its letter to: send it by hand.", err=True)
    if not queued.queued:
        click.echo(
            f"Nothing new to send: the {len(queued.before)} letter(s) with an email were queued before "
            f"({_states(told.email_states(engine, found.confirmed))})."
        )
        return
    try:
        site = Site(loaded.root)
    except PackgenError as exc:
        report_problems(exc.problems, nothing_written=False)
        sys.exit(1)
    made = {f.decided.id: f for f in files if f.decided.id is not None}
    Outbox(engine, site, mailer, clock, RETRY_AFTER, 15.0, letters_made=made).send_due()
    states = told.email_states(engine, found.confirmed)
    click.echo(f"Queued {len(queued.queued)} letter email(s) in the outbox: {_states(states)}.")
    if states.get("pending") or states.get("failed"):
        click.echo(
            "Emails not yet sent are tried again by packgen serve's sender (and listed in /admin).",
            err=True,
        )


def _states(states: dict[str, int]) -> str:
    """``3 sent, 1 waiting to be tried again``."""
    words = {"sent": "sent", "pending": "waiting to be tried again", "failed": "failed (an admin may retry)"}
    return ", ".join(f"{n} {words.get(state, state)}" for state, n in sorted(states.items())) or "none"
