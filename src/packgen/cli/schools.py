"""`packgen schools`: the register of schools from GIAS (import, show, find).

The register lives in the applications' database (`--database`, as `packgen serve`). SQLAlchemy
is imported inside the commands, so `packgen --help` never loads it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from .output import project_option
from .serve import _engine, database_option


@click.group()
def schools() -> None:
    """The register of schools, from GIAS's establishment extract (edubasealldataYYYYMMDD.csv)."""


def _existing(project: Path, database: str | None) -> Any:
    """The database, migrated, when there is one; a SQLite default that is not there yet means no register."""
    from ..web.db import DatabaseUrlError, parse_url

    try:
        url = parse_url(database, project)
    except DatabaseUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--database") from None
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        _no_register()
    return _engine(project, database)[0]


def _no_register() -> None:
    click.echo(
        "error: there is no school register yet: run packgen schools import edubasealldataYYYYMMDD.csv", err=True
    )
    sys.exit(1)


@schools.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day GIAS made the file (YYYY-MM-DD) [default: from its name, edubasealldataYYYYMMDD.csv].",
)
@click.option("--allow-older", is_flag=True, help="Replace the register even with a file no newer than it.")
@project_option
@database_option
def schools_import(
    file: Path, date: dt.datetime | None, allow_older: bool, project: Path, database: str | None
) -> None:
    """Replace the register with GIAS's establishment extract FILE, and say what changed.

    Nothing is imported when the file has any problem: each is printed as FILE:ROW: column NAME: …
    """
    import time

    from sqlalchemy.exc import SQLAlchemyError

    from ..schools import gias, store
    from ..web.config import utc_now

    started = time.perf_counter()
    try:
        register = gias.read(file, date.date() if date else None)
    except gias.GiasError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        if exc.more:
            click.echo(f"… and {exc.more} more", err=True)
        click.echo("Nothing was imported; the register is as it was.", err=True)
        sys.exit(1)
    engine, _ = _engine(project, database)
    try:
        changes = store.replace(engine, register, utc_now(), allow_older=allow_older)
    except store.OlderRegister as exc:
        click.echo(f"error: {exc}: nothing was imported (--allow-older imports it all the same)", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        from ..web.db import failure  # the web stack only once a database is in use

        click.echo(f"error: cannot write the register: {failure(exc)}; nothing was imported", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    opened = sum(1 for s in register.schools if s.is_open)
    click.echo(
        f"Imported {len(register.schools):,} schools ({opened:,} open) from {register.source}, "
        f"GIAS's register of {register.date.isoformat()}, in {time.perf_counter() - started:.1f} s."
    )
    if changes.previous is None:
        return
    click.echo(f"Since the register of {changes.previous.date.isoformat()} ({changes.previous.source}):")
    for kind in store.KINDS:
        count = changes.counts[kind]
        click.echo(f"  {kind}: {count:,}")
        for urn, name, detail in changes.examples[kind]:
            click.echo(f"    {urn} {name}" + (f" ({detail})" if detail else ""))
        if count > len(changes.examples[kind]):
            click.echo(f"    … and {count - len(changes.examples[kind]):,} more")


@schools.command("show")
@click.argument("urn")
@project_option
@database_option
def schools_show(urn: str, project: Path, database: str | None) -> None:
    """The register's details of the school with this URN."""
    from ..schools import store

    if not urn.strip().isdigit():
        raise click.BadParameter(f"{urn!r} is not a URN (a whole number, six digits)", param_hint="URN")
    engine = _existing(project, database)
    try:
        register = store.info(engine)
        if register is None:
            _no_register()
        school = store.get(engine, int(urn))
    finally:
        engine.dispose()
    if school is None:
        click.echo(f"No school has the URN {int(urn)} in the register of {register.date.isoformat()}.", err=True)
        sys.exit(1)
    ages = f"{school.low_age} to {school.high_age}" if school.low_age is not None else ""
    lines = [
        ("URN", str(school.urn)),
        ("Name", school.name),
        ("Status", school.status + (f" (closed {school.close_date.isoformat()})" if school.close_date else "")),
        ("Type", f"{school.type} ({school.type_group})" if school.type_group else school.type),
        ("Phase", school.phase),
        ("Ages", ages),
        ("Local authority", f"{school.la_name} ({school.la_code})"),
        ("Region", school.region),
        ("Address", ", ".join(school.address)),
        ("Telephone", school.telephone),
        ("Website", school.website),
        ("Headteacher", school.headteacher),
        ("Trust", school.trust),
        ("Opened", school.open_date.isoformat() if school.open_date else ""),
        ("Register", f"GIAS, {register.date.isoformat()} ({register.source})"),
    ]
    for label, value in lines:
        if value:
            click.echo(f"{label + ':':17}{value}")


@schools.command("find")
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 1000), help="At most this many.")
@project_option
@database_option
def schools_find(text: tuple[str, ...], limit: int, project: Path, database: str | None) -> None:
    """Schools by name, town, postcode or local authority (case and accents ignored; every word must match)."""
    from ..schools import store

    engine = _existing(project, database)
    try:
        if store.info(engine) is None:
            _no_register()
        found, total = store.find(engine, " ".join(text), limit)
    finally:
        engine.dispose()
    if not found:
        click.echo(f"No school matches {' '.join(text)!r}.", err=True)
        sys.exit(1)
    for school in found:
        closed = "" if school.is_open else f"  [{school.status.lower()}]"
        place = ", ".join(p for p in (school.town or school.locality, school.postcode) if p)
        click.echo(f"{school.urn}  {school.name}, {place}  {school.la_name}  {school.phase}{closed}")
    if total > len(found):
        click.echo(f"… {total - len(found):,} more: narrow the search, or give --limit", err=True)
