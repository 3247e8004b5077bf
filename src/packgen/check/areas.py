"""hub.area: a hub's `areas:` and an offer's `areas:` are local authorities the register of schools names.

Where the names come from (``find_authorities``), first found wins:

1. the register imported into the applications' database (``packgen check --database URL``, or
   the project's default SQLite file ``var/applications.sqlite3`` when it holds a register);
2. the newest GIAS file in the project's ``data/schools/`` (``edubasealldataYYYYMMDD.csv``): the
   repository ships a sample there, so a newcomer's first ``packgen check`` checks its areas;
3. none: the check does not run, and ``packgen check`` says so on standard error.

The default database is read with the standard library's sqlite3, read-only, so `packgen check`
never loads the web's database layer for it; a PostgreSQL register is read by the caller.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..schools import areas, gias
from .base import Authorities, CheckScope

DEFAULT_DATABASE = Path("var") / "applications.sqlite3"
"""web/db.py's DEFAULT_FILE (a test keeps them alike: check may not import the web layer)."""
GIAS_FOLDER = Path("data") / "schools"


@dataclass(frozen=True)
class NotChecked:
    """Why the areas were not checked, for the command to say."""

    reason: str


def find_authorities(root: Path) -> Authorities | NotChecked:
    """The register's local-authority names for a project without a database named: its default
    SQLite database's register, else its newest GIAS file in data/schools/, else why not."""
    database = root / DEFAULT_DATABASE
    if database.is_file():
        names = _sqlite_names(database)
        if names:
            return Authorities(frozenset(names), f"the register in {DEFAULT_DATABASE.as_posix()}")
    files = sorted((root / GIAS_FOLDER).glob("edubasealldata*.csv"), key=lambda p: gias.date_of(p) or dt.date.min)
    if files:
        newest = files[-1]
        shown = newest.relative_to(root).as_posix()
        try:
            register = gias.read(newest)
        except gias.GiasError as exc:
            return NotChecked(f"{shown} cannot be read ({exc.problems[0]})")
        return Authorities(frozenset(s.la_name for s in register.schools if s.la_name), shown)
    return NotChecked(
        "no register of schools: import GIAS's file with packgen schools import, "
        f"or put it in {GIAS_FOLDER.as_posix()}/, or give --database"
    )


def _sqlite_names(path: Path) -> set[str]:
    """The local authorities of the register in a SQLite database; none when it has no register yet."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return set()
    try:
        if connection.execute("SELECT count(*) FROM school_register").fetchone()[0] == 0:
            return set()
        return {row[0] for row in connection.execute("SELECT DISTINCT la_name FROM schools") if row[0]}
    except sqlite3.Error:  # a database made before the register's tables, or not packgen's
        return set()
    finally:
        connection.close()


def check_areas(scope: CheckScope) -> Iterator[Problem]:
    """Each area of a hub or offer the register does not name, at its place in the list, with the
    name it probably means."""
    if scope.authorities is None:
        return
    names = scope.authorities.names
    for hub in scope.hubs:
        places: list[tuple[tuple[object, ...], list[str]]] = [(("areas",), list(hub.spec.areas))]
        for programme, years in hub.spec.offers.items():
            for year_id, offer in years.items():
                if offer is not None and offer.areas:
                    places.append((("offers", programme, year_id, "areas"), list(offer.areas)))
        for loc, listed in places:
            for i, area in enumerate(listed):
                found = areas.check([area], names)
                if not found:
                    continue
                line, col = hub.source.position((*loc, i))
                message = found[0].message
                if found[0].suggestion is None:
                    message += f" ({scope.authorities.source})"
                yield Problem(hub.source.shown, line, col, message, "hub.area")
