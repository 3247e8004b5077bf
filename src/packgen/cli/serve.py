"""`packgen serve`, `packgen users` and `packgen db`: the online forms and their database.

The web stack (Starlette, uvicorn, SQLAlchemy, Alembic, argon2) is imported inside the
commands, so `packgen --help` and `packgen build` never load it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..dates import LONDON
from ..errors import PackgenError
from ..model.project import did_you_mean, load_project
from .output import project_option, report_problems

database_option = click.option(
    "--database",
    envvar="PACKGEN_DATABASE_URL",
    default=None,
    metavar="URL",
    help=(
        "postgresql://user:password@host/db, or sqlite:///path "
        "[default: PROJECT/var/applications.sqlite3; env PACKGEN_DATABASE_URL]."
    ),
)


def _engine(project: Path, database: str | None) -> tuple[Any, list[str]]:
    """The database, migrated to the current schema, and the migrations that took; a bad URL or
    an unreachable server exits 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..web.db import DatabaseUrlError, failure, make_engine, parse_url, shown, upgrade

    try:
        url = parse_url(database, project)
    except DatabaseUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--database") from None
    try:
        engine = make_engine(url)
        applied = upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        click.echo(f"error: cannot use the database {shown(url)}: {failure(exc)}", err=True)
        sys.exit(1)
    return engine, applied


@click.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@database_option
@click.option(
    "--smtp",
    envvar="PACKGEN_SMTP_URL",
    default=None,
    metavar="URL",
    help=(
        "Send receipts and hub notices: smtp://user:password@host:587?from=hub@example.org&starttls=yes, "
        "or smtps://… [env PACKGEN_SMTP_URL]."
    ),
)
@click.option(
    "--submissions-per-hour",
    default=200,
    show_default=True,
    type=click.IntRange(min=0),
    help=(
        "New applications one client address may send in an hour (all server processes together; a retried "
        "page is not counted, and one browser may send 10); 0: no limit."
    ),
)
@click.option(
    "--retention-months",
    type=click.IntRange(min=0),
    default=None,
    help="Delete applications this many months after the end of their programme-year, at start and daily "
    "[default: packgen.toml's [serve] retention_months, else keep them].",
)
@click.option(
    "--require-mfa",
    "require_mfa",
    multiple=True,
    metavar="HUB",
    help="The hub's accounts must use an authenticator app as well as a password (national accounts always "
    "must); may be given more than once.",
)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="The address schools and hubs reach this server at, e.g. https://apply.example.org: links in emails "
    "(password resets) start with it; without it, no reset links are sent.",
)
@click.option(
    "--email-answers",
    is_flag=True,
    help=(
        "Every school's confirmation email carries its answers and the PDF form; without it, only when "
        "the school ticks the box for a copy on the check-your-answers page."
    ),
)
@click.option(
    "--forwarded-allow-ips",
    default="",
    metavar="ADDRESSES",
    help=(
        "Comma-separated addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are "
        "believed [default: none: every client is who the socket says]."
    ),
)
@click.option(
    "--mail-poll-seconds",
    default=15.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="How often each process looks for emails another process stored (its own it sends at once).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port (each as fast as one core); the database keeps what they share.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Log each request (its client address and path, a receipt's reference in it). Off: the addresses "
    "of schools and their references would be kept in the log past any retention period.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if it were this day (YYYY-MM-DD), to try out a form whose dates have passed. Not for real use.",
)
def serve(
    project: Path,
    host: str,
    port: int,
    database: str | None,
    smtp: str | None,
    submissions_per_hour: int,
    retention_months: int | None,
    require_mfa: tuple[str, ...],
    public_url: str | None,
    email_answers: bool,
    forwarded_allow_ips: str,
    mail_poll_seconds: float,
    workers: int,
    access_log: bool,
    today: dt.datetime | None,
) -> None:
    """Take applications online: each hub's pack and its form at /YEAR/HUB/PROGRAMME/apply, and /admin.

    With no --database the applications go in a SQLite file in the project's var/ folder,
    made on first start. Migrations are applied on start.
    """
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from ..web.app import create_app
    from ..web.config import Settings, utc_now
    from ..web.db import DatabaseUrlError, failure
    from ..web.mail import SmtpUrlError
    from ..web.pages import compile_pages

    clock: Callable[[], dt.datetime] = utc_now
    if today is not None:
        day = today.date()

        def pretend() -> dt.datetime:
            now = utc_now().astimezone(LONDON)
            return dt.datetime.combine(day, now.time(), tzinfo=LONDON)

        clock = pretend

    settings = Settings(
        project=project,
        database=database,
        smtp=smtp,
        clock=clock,
        submissions_per_hour=submissions_per_hour,
        email_answers=email_answers,
        public_url=public_url,
        mail_poll_seconds=mail_poll_seconds,
        mfa_hubs=frozenset(h.upper() for h in require_mfa),
        retention_months=retention_months if retention_months is not None else _configured_retention(project),
    )
    try:
        app = create_app(settings)
    except PackgenError as exc:
        report_problems(exc.problems, nothing_written=False)
        sys.exit(1)
    except DatabaseUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--database") from None
    except SmtpUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--smtp") from None
    except (SQLAlchemyError, OSError) as exc:
        click.echo(f"error: cannot use the database: {failure(exc)}", err=True)
        sys.exit(1)
    if app.state.migrations_applied:
        click.echo(f"Applied migrations {', '.join(app.state.migrations_applied)} to the database.", err=True)
    processes = f" from {workers} processes" if workers > 1 else ""
    click.echo(
        f"Serving {len(app.state.web.site.packs)} packs on http://{host}:{port}/{processes} "
        f"(admin: http://{host}:{port}/admin)",
        err=True,
    )
    # Forwarded headers are believed only from the proxies named: otherwise anyone could name any
    # address (and dodge the limits) with X-Forwarded-For.
    proxies = ",".join(a.strip() for a in forwarded_allow_ips.split(",") if a.strip())
    options: dict[str, Any] = {
        "log_level": "info",
        "access_log": access_log,
        "server_header": False,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
    }
    compile_pages(app.state.web.pages)  # once, before the workers fork: they share them
    from ..web import workers as several

    if workers == 1:
        several.settle()
        uvicorn.run(app, host=host, port=port, **options)
    else:
        try:
            several.run(app, app.state.web.engine, host=host, port=port, workers=workers, **options)
        except OSError as exc:
            click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
            sys.exit(1)


@click.group()
def users() -> None:
    """Accounts for /admin: a hub's staff see their hub's applications, national staff see all."""


@users.command("add")
@click.argument("email")
@click.option("--hub", default=None, help="The hub whose applications the account sees, e.g. WM1.")
@click.option("--national", is_flag=True, help="The account sees every hub's applications.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of asking.")
@project_option
@database_option
def users_add(
    email: str, hub: str | None, national: bool, password_stdin: bool, project: Path, database: str | None
) -> None:
    """Make an account; asks for its password (at least 12 characters)."""
    from ..web import store
    from ..web.auth import hash_password, password_problem
    from ..web.config import utc_now
    from ..web.mail import deliverable

    if national == (hub is not None):
        raise click.UsageError("give either --hub CODE or --national")
    if not deliverable(email.strip()):
        raise click.BadParameter(f"{email!r} is not an email address", param_hint="EMAIL")
    if hub is not None:
        hub = hub.upper()
        try:
            codes = [h.code for h in load_project(project).hubs]
        except PackgenError as exc:
            report_problems(exc.problems, nothing_written=False)
            sys.exit(1)
        if hub not in codes:
            raise click.BadParameter(f"no hub {hub!r} in this project{did_you_mean(hub, codes)}", param_hint="--hub")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="password")
    engine, _ = _engine(project, database)
    try:
        store.add_user(engine, email, hash_password(password), hub, utc_now())
    except store.UserExists as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Added {email.strip().lower()}: {'every hub' if hub is None else 'hub ' + hub}.")


@users.command("list")
@project_option
@database_option
def users_list(project: Path, database: str | None) -> None:
    """List the accounts and what each sees."""
    from ..web import store

    for user in store.users(_engine(project, database)[0]):
        click.echo(f"{user.email}\t{'national' if user.hub is None else user.hub}")


@users.command("remove")
@click.argument("email")
@project_option
@database_option
def users_remove(email: str, project: Path, database: str | None) -> None:
    """Remove an account; its sessions end at their next request."""
    from ..web import store

    if not store.remove_user(_engine(project, database)[0], email):
        click.echo(f"error: no account for {email.strip().lower()}", err=True)
        sys.exit(1)
    click.echo(f"Removed {email.strip().lower()}.")


@click.group()
def db() -> None:
    """The online applications' database."""


@db.command("upgrade")
@project_option
@database_option
def db_upgrade(project: Path, database: str | None) -> None:
    """Apply the migrations not yet applied (packgen serve does this on start)."""
    from ..web.db import current_revision

    engine, applied = _engine(project, database)
    if applied:
        click.echo(f"Applied migration{'s' if len(applied) != 1 else ''} {', '.join(applied)}.")
    click.echo(f"The database is at revision {current_revision(engine)}, the latest.")


@click.group()
def data() -> None:
    """The applications' data: how long it is kept."""


def _configured_retention(project: Path) -> int | None:
    """packgen.toml's [serve] retention_months, if it says one."""
    import tomllib

    try:
        value = tomllib.loads((project / "packgen.toml").read_text(encoding="utf-8")).get("serve", {})
        value = value.get("retention_months") if isinstance(value, dict) else None
    except (OSError, tomllib.TOMLDecodeError):
        value = None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _retention(project: Path, months: int | None) -> int:
    """--retention-months, else packgen.toml's [serve] retention_months."""
    if months is not None:
        return months
    value = _configured_retention(project)
    if value is None:
        raise click.UsageError(
            "say how long applications are kept: --retention-months N "
            "(or retention_months = N under [serve] in packgen.toml)"
        )
    return value


@data.command("purge")
@click.option(
    "--retention-months",
    type=click.IntRange(min=0),
    default=None,
    help="Keep applications this many months after the end of their programme-year (31st August).",
)
@click.option("--dry-run", is_flag=True, help="List what would be deleted, and delete nothing.")
@project_option
@database_option
def data_purge(retention_months: int | None, dry_run: bool, project: Path, database: str | None) -> None:
    """Delete the applications kept longer than the project says (and their emails); each deletion
    is written to the audit log. The list shows references only, never answers."""
    from ..web import store
    from ..web.config import utc_now

    months = _retention(project, retention_months)
    engine, _ = _engine(project, database)
    now = utc_now()
    due = store.past_retention(engine, now, months) if dry_run else store.purge(engine, now, months, "command line")
    emails = store.purge_emails(engine, now, months, "command line", dry_run)
    for app in due:
        i = app.identity
        click.echo(f"{app.reference}\t{i.hub}\t{i.programme} {i.year}\tsubmitted {app.submitted_at:%Y-%m-%d}")
    verb = "would be deleted" if dry_run else "deleted"
    click.echo(
        f"{len(due)} application{'s' if len(due) != 1 else ''} {verb} ({months} months after the programme-year)."
    )
    if emails:
        click.echo(
            f"{emails} email{'s' * (emails != 1)} about no application (invitations, account notices) {verb}"
            f" ({months} months after sending)."
        )
