"""The register in the applications' database (web/db.py: SQLite by default, or PostgreSQL).

Two tables, on the web models' metadata so one set of Alembic migrations keeps them
(web/migrations/versions/0002_schools.py): `schools`, one row per establishment of the current
register, and `school_register`, one row saying which GIAS file that is. An import replaces
both in one transaction, so a reader sees the old register or the new one, never a mixture.
"""

from __future__ import annotations

import datetime as dt
import time
import weakref
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Date, Engine, Integer, String, Text, delete, func, select, text
from sqlalchemy.orm import Mapped, mapped_column

from ..web.db import reading, writing
from ..web.models import UTC, Base
from .gias import Register
from .register import FIELDS, OPEN_STATUSES, School, fold

IMPORT_LOCK = 0x73636873  # "schs": one import at a time on PostgreSQL
LIST_LIMIT = 5  # how many schools of each kind of change a report names


class SchoolRow(Base):
    """One establishment of the current register: GIAS's columns as School has them."""

    __tablename__ = "schools"

    urn: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)
    type_group: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(64))
    low_age: Mapped[int | None] = mapped_column(Integer)
    high_age: Mapped[int | None] = mapped_column(Integer)
    la_code: Mapped[str] = mapped_column(String(16))
    la_name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(Text)
    street: Mapped[str] = mapped_column(Text)
    locality: Mapped[str] = mapped_column(Text)
    address3: Mapped[str] = mapped_column(Text)
    town: Mapped[str] = mapped_column(Text)
    county: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(16))
    telephone: Mapped[str] = mapped_column(String(32))
    website: Mapped[str] = mapped_column(Text)
    head_title: Mapped[str] = mapped_column(Text)
    head_first_name: Mapped[str] = mapped_column(Text)
    head_last_name: Mapped[str] = mapped_column(Text)
    trust: Mapped[str] = mapped_column(Text)
    open_date: Mapped[dt.date | None] = mapped_column(Date)
    close_date: Mapped[dt.date | None] = mapped_column(Date)
    search: Mapped[str] = mapped_column(Text)  # School.search_text: what `find` matches, folded


class RegisterRow(Base):
    """Which GIAS file the schools table holds: one row (id 1), or none before the first import."""

    __tablename__ = "school_register"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    date: Mapped[dt.date] = mapped_column(Date)  # the day GIAS made the file
    source: Mapped[str] = mapped_column(Text)  # the file's name
    schools: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[dt.datetime] = mapped_column(UTC)


@dataclass(frozen=True)
class Info:
    """The register in the database: its date, file and size."""

    date: dt.date
    source: str
    schools: int
    imported_at: dt.datetime


@dataclass
class Changes:
    """What an import changed. Each list holds (urn, name, detail) for the first LIST_LIMIT schools;
    the counts are of all of them."""

    previous: Info | None
    counts: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    examples: dict[str, list[tuple[int, str, str]]] = field(default_factory=lambda: {k: [] for k in KINDS})

    def add(self, kind: str, urn: int, name: str, detail: str = "") -> None:
        self.counts[kind] += 1
        if len(self.examples[kind]) < LIST_LIMIT:
            self.examples[kind].append((urn, name, detail))


KINDS = ("opened", "closed", "renamed", "moved LA")


class OlderRegister(Exception):
    """The file is not newer than the register already there."""


_IMPORTED: weakref.WeakSet[Engine] = weakref.WeakSet()
"""Databases known to hold a register: an import replaces one, nothing removes it."""
_ABSENT: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()
"""When each database was last seen to hold none (time.monotonic())."""
ABSENT_SECONDS = 2.0
"""How long "no register" is believed without asking again: a register another process imports
(`packgen schools import` beside a running server) is seen within this; one imported through the
same engine at once."""


def known_imported(engine: Engine) -> bool | None:
    """What `imported` answers without asking the database, or None when it must ask: the server
    asks this first, on its event loop, and only goes to a thread for the query."""
    if engine in _IMPORTED:
        return True
    seen = _ABSENT.get(engine)
    if seen is not None and time.monotonic() - seen < ABSENT_SECONDS:
        return False
    return None


def imported(engine: Engine) -> bool:
    """Whether a register has been imported, asked by every page of the form: once known, not asked
    again; until then at most once in ABSENT_SECONDS, by one small query on a pooled connection,
    without SQLAlchemy's transaction."""
    known = known_imported(engine)
    if known is not None:
        return known
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(f"SELECT 1 FROM {RegisterRow.__tablename__} WHERE id = 1")
        found = cursor.fetchone() is not None
        cursor.close()
    finally:
        connection.close()  # back to the pool, its transaction (PostgreSQL's) rolled back
    if found:
        _IMPORTED.add(engine)
    else:
        _ABSENT[engine] = time.monotonic()
    return found


def info(engine: Engine) -> Info | None:
    with reading(engine) as session:
        row = session.get(RegisterRow, 1)
        return None if row is None else Info(row.date, row.source, row.schools, row.imported_at)


def replace(engine: Engine, register: Register, now: dt.datetime, *, allow_older: bool = False) -> Changes:
    """Make ``register`` the register, in one transaction, and say what changed since the one before.
    Raises OlderRegister when the one there is as new or newer, unless ``allow_older``."""
    old_cols = (SchoolRow.urn, SchoolRow.name, SchoolRow.status, SchoolRow.la_code, SchoolRow.la_name)
    rows = [{**asdict(s), "search": s.search_text} for s in register.schools]
    with writing(engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            # Two imports at once take turns, the second comparing with the first's register (SQLite's
            # writing() begins IMMEDIATE, which does the same); without it the second's inserts would
            # meet the first's rows, which its DELETE could not see.
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
        current = session.get(RegisterRow, 1)
        previous = None if current is None else Info(current.date, current.source, current.schools, current.imported_at)
        if previous is not None and previous.date >= register.date and not allow_older:
            raise OlderRegister(
                f"the register is already from {previous.date.isoformat()} ({previous.source}); "
                f"this file is from {register.date.isoformat()}"
            )
        changes = Changes(previous)
        if previous is not None:
            before = {r.urn: r for r in session.execute(select(*old_cols))}
            _compare(changes, before, register.schools)
        session.execute(delete(SchoolRow))
        connection = session.connection()  # Core's executemany: no ORM objects for 50,000 rows
        for start in range(0, len(rows), 10_000):
            connection.execute(SchoolRow.__table__.insert(), rows[start : start + 10_000])
        if current is None:
            session.add(
                RegisterRow(id=1, date=register.date, source=register.source, schools=len(rows), imported_at=now)
            )
        else:
            current.date, current.source, current.schools, current.imported_at = (
                register.date,
                register.source,
                len(rows),
                now,
            )
    _IMPORTED.add(engine)  # a server on this engine uses it at once
    return changes


def _compare(changes: Changes, before: dict[int, Any], schools: tuple[School, ...]) -> None:
    """Opened: open now and new, or not open before; closed: open before and not open (or gone) now;
    renamed: another name for the same URN; moved LA: another local authority for the same URN."""
    now_urns = set()
    for school in schools:
        now_urns.add(school.urn)
        old = before.get(school.urn)
        was_open = old is not None and old.status in OPEN_STATUSES
        if school.is_open and not was_open:
            changes.add("opened", school.urn, school.name, school.la_name)
        elif was_open and not school.is_open:
            changes.add("closed", school.urn, school.name, school.la_name)
        if old is None:
            continue
        if old.name != school.name:
            changes.add("renamed", school.urn, school.name, f"was {old.name}")
        if old.la_code != school.la_code:
            changes.add("moved LA", school.urn, school.name, f"{old.la_name} -> {school.la_name}")
    for urn, old in before.items():
        if urn not in now_urns and old.status in OPEN_STATUSES:
            changes.add("closed", urn, old.name, "no longer in the register")


def _school(row: SchoolRow) -> School:
    return School(**{f: getattr(row, f) for f in FIELDS})


def get(engine: Engine, urn: int) -> School | None:
    """The school with this URN in the register, or None."""
    with reading(engine) as session:
        row = session.get(SchoolRow, urn)
        return None if row is None else _school(row)


def la_names(engine: Engine) -> set[str]:
    """Every local authority the register names."""
    with reading(engine) as session:
        return set(session.scalars(select(SchoolRow.la_name).distinct()))


def find(engine: Engine, text: str, limit: int = 20) -> tuple[list[School], int]:
    """Schools whose name, town, postcode or LA hold every word of ``text`` (case and accents
    ignored), open ones first, then by name; at most ``limit``, and how many matched in all."""
    words = fold(text).split()
    if not words:
        return [], 0
    condition = [SchoolRow.search.like(f"%{_escape(w)}%", escape="\\") for w in words]
    with reading(engine) as session:
        total = session.scalar(select(func.count()).select_from(SchoolRow).where(*condition)) or 0
        closed_last = SchoolRow.status.not_in(OPEN_STATUSES)
        query = select(SchoolRow).where(*condition).order_by(closed_last, SchoolRow.name, SchoolRow.urn).limit(limit)
        return [_school(r) for r in session.scalars(query)], total


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def of_authority(engine: Engine, name: str) -> list[School]:
    """Every school the register has in the local authority ``name`` (case and accents ignored), by URN."""
    wanted = fold(name)
    with reading(engine) as session:
        names = [n for n in session.scalars(select(SchoolRow.la_name).distinct()) if fold(n) == wanted]
        if not names:
            return []
        query = select(SchoolRow).where(SchoolRow.la_name.in_(names)).order_by(SchoolRow.urn)
        return [_school(r) for r in session.scalars(query)]


def get_many(engine: Engine, urns: Iterable[int]) -> dict[int, School]:
    """The schools of these URNs the register has, by URN."""
    wanted = sorted(set(urns))
    found: dict[int, School] = {}
    with reading(engine) as session:
        for start in range(0, len(wanted), 500):
            query = select(SchoolRow).where(SchoolRow.urn.in_(wanted[start : start + 500]))
            found.update((row.urn, _school(row)) for row in session.scalars(query))
    return found
