"""What the server keeps: applications, the emails about them, accounts and shared settings.

Plain functions over an engine; each commits before it returns, so a caller that has the
result knows it is on disk.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..dates import LONDON
from ..forms import spec
from ..forms.applications import Application, FormKind, Online, flag_same_school, online_application
from .db import reading, writing, writing_core
from .models import (
    ApplicationRow,
    AuditRow,
    DecisionRow,
    EmailRow,
    LimitEventRow,
    ResetRow,
    SessionRow,
    SettingRow,
    UserRow,
)

SOURCE_PREFIX = "online:"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32: no 0/O, 1/I: a reference is read out on the phone


def new_reference(hub: str) -> str:
    """e.g. WM1-K7Q3-M9XD: the hub, then 8 random characters (40 bits)."""
    bits = secrets.randbits(40)  # one read of the system's randomness, not one per character
    chars = "".join(ALPHABET[(bits >> shift) & 31] for shift in range(0, 40, 5))
    return f"{hub}-{chars[:4]}-{chars[4:]}"


@dataclass(frozen=True)
class Stored:
    """An application as kept: its reference, form, answers and when it was made."""

    id: int
    reference: str
    identity: spec.Identity
    values: dict[str, str]
    submitted_at: dt.datetime
    corrections: tuple[tuple[str, str, str], ...] = ()  # (answer, the register's value, the school's)

    @property
    def flags(self) -> tuple[str, ...]:
        """The corrections as the admin view and export flag them (a detail, never the other answers)."""
        return tuple(
            f"{name} corrected from the schools register: {given!r} (the register has {register!r})"
            for name, register, given in self.corrections
        )

    @property
    def source(self) -> str:
        """How a spreadsheet row names it: online:WM1-K7Q3-M9XD."""
        return SOURCE_PREFIX + self.reference

    @property
    def online(self) -> Online:
        local = self.submitted_at.astimezone(LONDON).replace(tzinfo=None, microsecond=0)
        return Online(self.source, local, self.identity, dict(self.values), self.flags)


APPLICATIONS = ApplicationRow.__table__
EMAILS = EmailRow.__table__
LIMIT_EVENTS = LimitEventRow.__table__


def _stored(row: Any) -> Stored:
    """An application as read: from an ApplicationRow, or a row of the applications table."""
    return Stored(
        row.id,
        row.reference,
        spec.Identity(row.programme, row.year, row.hub),
        json.loads(row.answers),
        row.submitted_at,
        tuple(tuple(c) for c in json.loads(row.corrections or "[]")),
    )


@dataclass(frozen=True)
class Outgoing:
    kind: str  # "receipt", "copy" (a receipt with the answers and PDF) or "notice"
    recipient: str


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` events under ``key`` in any ``window`` (security.SharedLimit makes them)."""

    key: str
    limit: int
    window: dt.timedelta


class OverLimit(Exception):
    """``limits[number]`` was reached: one more event is allowed in ``wait`` seconds."""

    def __init__(self, number: int, wait: float) -> None:
        super().__init__(number, wait)
        self.number, self.wait = number, wait


def submit(
    engine: Engine,
    identity: spec.Identity,
    values: dict[str, str],
    urn: str | None,
    nonce: str,
    now: dt.datetime,
    emails: Sequence[Outgoing] = (),
    corrections: Sequence[tuple[str, str, str]] = (),
    limits: Sequence[Limit] = (),
) -> tuple[Stored, bool]:
    """Store an application and the emails to send about it in one transaction, committed on return.

    Returns it and whether it is new: a second submit with the same ``nonce`` (a double click,
    a retried post) returns the application already stored and stores nothing. A new one counts
    one event against each of ``limits`` in the same transaction; when one is reached, nothing is
    stored or counted and OverLimit says which and for how long.

    Applications sent at the same moment are committed together (one commit, one fsync, for all
    that waited while the one before was committed); each returns only once it is committed.
    """
    for _ in range(5):
        job = _Job(identity, values, urn, nonce, now, tuple(emails), tuple(corrections), tuple(limits))
        _group_of(engine).run(engine, job)
        if job.error is not None:
            raise job.error
        if job.result is not None:
            return job.result
        # the same nonce committed meanwhile (found next time), or a reference taken: again
    raise RuntimeError("could not store the application: five references in a row were taken")


@dataclass
class _Job:
    """One application waiting to be stored, and what came of it."""

    identity: spec.Identity
    values: dict[str, str]
    urn: str | None
    nonce: str
    now: dt.datetime
    emails: tuple[Outgoing, ...]
    corrections: tuple[tuple[str, str, str], ...]
    limits: tuple[Limit, ...]
    result: tuple[Stored, bool] | None = None  # None with no error: try again
    error: BaseException | None = None
    done: bool = False

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """Each of its limits' keys as the events table holds them (hashed)."""
        return tuple(token_hash(limit.key) for limit in self.limits)


class _GroupCommit:
    """Stores applications in batches, one transaction each: a thread that finds the batch before
    its own still committing waits for it, then stores every application that queued meanwhile,
    its own among them. One over its limit is refused alone (nothing of it was written); a
    reference taken or a nonce stored by another process rolls the batch back, and each of its
    applications is tried again (submit's five tries). A SQLite commit waits for the disk
    (synchronous=FULL), about 5 ms here: one commit an application would cap the server near 200
    a second, whatever its processors."""

    def __init__(self) -> None:
        self.turn = threading.Lock()  # held by the thread storing a batch
        self.queue_lock = threading.Lock()
        self.queue: list[_Job] = []

    def run(self, engine: Engine, job: _Job) -> None:
        with self.queue_lock:
            self.queue.append(job)
        with self.turn:
            if job.done:  # stored (or refused) in the batch of a thread before
                return
            with self.queue_lock:
                batch, self.queue = self.queue, []
            try:
                with writing_core(engine) as connection:
                    _store_batch(connection, batch)
            except IntegrityError:  # a reference taken, or a nonce stored by another process: all again
                for each in batch:
                    each.result = each.error = None
            except Exception as exc:  # the commit failed: none of the batch is stored
                for each in batch:
                    each.result, each.error = None, exc
            for each in batch:
                each.done = True


_GROUPS: dict[tuple[int, int], _GroupCommit] = {}
_GROUPS_LOCK = threading.Lock()


def _group_of(engine: Engine) -> _GroupCommit:
    # By process (a forked worker makes its own) and engine; a group holds no engine, only its queue.
    key = (os.getpid(), id(engine))
    with _GROUPS_LOCK:
        group = _GROUPS.get(key)
        if group is None:
            group = _GROUPS[key] = _GroupCommit()
    return group


# Made once: a statement built per application (its values coerced one by one, its cache key
# worked out from them) cost more CPU than SQLite took to run it.
_BY_NONCE = select(APPLICATIONS).where(APPLICATIONS.c.nonce == bindparam("nonce"))
_BY_NONCES = select(APPLICATIONS).where(APPLICATIONS.c.nonce.in_(bindparam("nonces", expanding=True)))
_EVENTS_OF_KEYS = (
    select(LIMIT_EVENTS.c.key, func.count(), func.min(LIMIT_EVENTS.c.at))
    .where(LIMIT_EVENTS.c.key.in_(bindparam("keys", expanding=True)), LIMIT_EVENTS.c.at > bindparam("since"))
    .group_by(LIMIT_EVENTS.c.key)
)
_INSERT_APPLICATION = insert(APPLICATIONS)
_INSERT_APPLICATIONS = insert(APPLICATIONS).returning(APPLICATIONS.c.id, sort_by_parameter_order=True)
_INSERT_LIMIT_EVENT = insert(LIMIT_EVENTS)
_INSERT_EMAILS = insert(EMAILS)


def _store_batch(connection: Connection, batch: Sequence[_Job]) -> None:
    """A batch's applications in a few statements whatever its size (each a round trip to
    PostgreSQL, and SQLAlchemy's work for each): the batch's nonces looked up at once, its limits'
    events counted at once (``_events_of``), then one INSERT of each table. An IntegrityError rolls
    the whole batch back, to be tried again."""
    if len(batch) == 1:
        found = connection.execute(_BY_NONCE, {"nonce": batch[0].nonce})
    else:
        found = connection.execute(_BY_NONCES, {"nonces": sorted({job.nonce for job in batch})})
    stored = {row.nonce: _stored(row) for row in found}
    counts = _events_of(connection, batch)
    added: dict[str, list[dt.datetime]] = {}  # key -> the times of the events this batch counts
    fresh: dict[str, tuple[_Job, dict[str, Any]]] = {}  # nonce -> the job that stores it, its row
    counted: list[dict[str, Any]] = []
    for job in batch:
        if job.nonce in stored:  # a retried post: the application stored before
            job.result = (stored[job.nonce], False)
            continue
        if job.nonce in fresh:  # the same post twice in one batch: found stored next time
            continue
        for number, (key, limit) in enumerate(zip(job.keys, job.limits, strict=True)):
            wait = _wait(connection, counts, added.get(key, []), key, limit, job.now)
            if wait is not None:
                job.error = OverLimit(number, wait)  # nothing counted
                break
        else:
            for key in job.keys:
                added.setdefault(key, []).append(job.now)
                counted.append({"key": key, "at": job.now})
            fresh[job.nonce] = (job, _application_row(job))
    if counted:
        connection.execute(_INSERT_LIMIT_EVENT, counted)
    if not fresh:
        return
    rows = [row for _, row in fresh.values()]
    if len(rows) > 1 and connection.dialect.name != "sqlite":
        ids = connection.execute(_INSERT_APPLICATIONS, rows).scalars().all()
    else:  # no round trip to save, and SQLAlchemy's RETURNING of many rows costs more than a row at a time
        ids = [connection.execute(_INSERT_APPLICATION, row).inserted_primary_key[0] for row in rows]
    emails = [
        {
            "application_id": row_id,
            "kind": email.kind,
            "recipient": email.recipient,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": job.now,
        }
        for row_id, (job, _) in zip(ids, fresh.values(), strict=True)
        for email in job.emails
    ]
    if emails:
        connection.execute(_INSERT_EMAILS, emails)
    for row_id, (job, row) in zip(ids, fresh.values(), strict=True):
        job.result = (_stored(SimpleNamespace(id=row_id, **row)), True)


def _application_row(job: _Job) -> dict[str, Any]:
    return {
        "reference": new_reference(job.identity.hub),
        "nonce": job.nonce,
        "programme": job.identity.programme,
        "year": job.identity.year,
        "hub": job.identity.hub,
        "urn": job.urn,
        "answers": json.dumps(job.values, ensure_ascii=False),
        "submitted_at": job.now,
        "corrections": json.dumps([list(c) for c in job.corrections], ensure_ascii=False) if job.corrections else None,
    }


def _events_of(connection: Connection, batch: Sequence[_Job]) -> dict[str, tuple[int, dt.datetime | None]]:
    """How many events are counted under each hashed key of the batch's limits, and the oldest, as
    far back as any of its jobs' windows reaches (a little further than one job's own): one query
    for each length of window."""
    reach: dict[str, tuple[dt.timedelta, dt.datetime]] = {}  # key -> its longest window, the earliest now
    for job in batch:
        for key, limit in zip(job.keys, job.limits, strict=True):
            window, now = reach.get(key, (limit.window, job.now))
            reach[key] = (max(window, limit.window), min(now, job.now))
    by_window: dict[dt.timedelta, tuple[list[str], dt.datetime]] = {}
    for key, (window, now) in reach.items():
        keys, earliest = by_window.get(window, ([], now))
        keys.append(key)
        by_window[window] = (keys, min(earliest, now))
    counts: dict[str, tuple[int, dt.datetime | None]] = {}
    for window, (keys, earliest) in by_window.items():
        for key, counted, oldest in connection.execute(_EVENTS_OF_KEYS, {"keys": keys, "since": earliest - window}):
            counts[key] = (counted, oldest)
    return counts


def _wait(
    connection: Connection,
    counts: dict[str, tuple[int, dt.datetime | None]],
    added: list[dt.datetime],
    key: str,
    limit: Limit,
    now: dt.datetime,
) -> float | None:
    """None when one more event is allowed under ``key`` now, else the seconds until one is.
    ``counts`` reach back at least as far as this job's window, so when they and the events this
    batch added leave room, there is room; only near the limit is the key counted exactly, in this
    job's own window (a query, and the batch's events not yet written)."""
    counted, _ = counts.get(key, (0, None))
    if counted + len(added) < limit.limit:
        return None
    since = now - limit.window
    counted, oldest = connection.execute(_EVENTS_OF_KEY, {"key": key, "since": since}).one()
    inside = [at for at in added if at > since]
    oldest = min((at for at in (oldest, *inside) if at is not None), default=None)
    return _until(counted + len(inside), oldest, limit.limit, limit.window, now)


def by_nonce(engine: Engine, nonce: str) -> Stored | None:
    with reading(engine) as session:
        row = session.scalar(select(ApplicationRow).where(ApplicationRow.nonce == nonce))
        return _stored(row) if row else None


def by_reference(engine: Engine, reference: str) -> Stored | None:
    with reading(engine) as session:
        row = session.scalar(select(ApplicationRow).where(ApplicationRow.reference == reference))
        return _stored(row) if row else None


def applications(
    engine: Engine, *, programme: str | None = None, year: str | None = None, hub: str | None = None
) -> list[Stored]:
    """Applications in the order they were made, narrowed by programme, year and hub when given."""
    query = select(ApplicationRow).order_by(ApplicationRow.submitted_at, ApplicationRow.id)
    if programme is not None:
        query = query.where(ApplicationRow.programme == programme)
    if year is not None:
        query = query.where(ApplicationRow.year == year)
    if hub is not None:
        query = query.where(ApplicationRow.hub == hub)
    with reading(engine) as session:
        return [_stored(row) for row in session.scalars(query)]


def count(engine: Engine) -> int:
    with reading(engine) as session:
        return session.scalar(select(func.count()).select_from(ApplicationRow)) or 0


# --- as collect sees them ---------------------------------------------------------------------


def as_collected(stored: Iterable[Stored], kinds: dict[spec.Identity, FormKind]) -> list[Application]:
    """Online applications as `packgen collect` lists returned files: each checked against its form,
    and every school that applied more than once flagged. One whose form the project no longer
    has is left out (it cannot be checked or laid out in the form's columns)."""
    out = [online_application(app.online, kinds[app.identity]) for app in stored if app.identity in kinds]
    flag_same_school(out)
    return out


def online(engine: Engine) -> list[Online]:
    """Every application made online, for `packgen collect --database`."""
    return [app.online for app in applications(engine)]


# --- emails -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Email:
    id: int
    application_id: int | None
    reference: str
    kind: str
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: dt.datetime
    sent_at: dt.datetime | None
    decision_id: int | None = None  # the decision a "decision" email tells (packgen letters)


def _email(row: EmailRow, reference: str) -> Email:
    return Email(
        row.id,
        row.application_id,
        reference,
        row.kind,
        row.recipient,
        row.status,
        row.attempts,
        row.last_error,
        row.next_attempt_at,
        row.sent_at,
        row.decision_id,
    )


def emails_of(engine: Engine, application_id: int) -> list[Email]:
    with reading(engine) as session:
        rows = session.execute(
            select(EmailRow, ApplicationRow.reference)
            .join(ApplicationRow)
            .where(EmailRow.application_id == application_id)
            .order_by(EmailRow.id)
        )
        return [_email(row, ref) for row, ref in rows]


def emails_for(engine: Engine, application_ids: Sequence[int]) -> dict[int, list[Email]]:
    """Each application's emails, by application id."""
    out: dict[int, list[Email]] = {}
    ids = list(application_ids)
    with reading(engine) as session:
        for start in range(0, len(ids), 500):
            rows = session.execute(
                select(EmailRow, ApplicationRow.reference)
                .join(ApplicationRow)
                .where(EmailRow.application_id.in_(ids[start : start + 500]))
                .order_by(EmailRow.id)
            )
            for row, ref in rows:
                out.setdefault(row.application_id, []).append(_email(row, ref))
    return out


def troubled_emails(engine: Engine, hub: str | None = None) -> list[Email]:
    """Emails that failed at least once and are not yet sent: what /admin shows."""
    query = (
        select(EmailRow, ApplicationRow.reference)
        .join(ApplicationRow)
        .where(EmailRow.status != "sent", EmailRow.attempts > 0)
        .order_by(EmailRow.id)
    )
    if hub is not None:
        query = query.where(ApplicationRow.hub == hub)
    with reading(engine) as session:
        return [_email(row, ref) for row, ref in session.execute(query)]


def claim_due(
    engine: Engine, now: dt.datetime, hold: dt.timedelta, most: int = 10
) -> list[tuple[Email, Stored | None]]:
    """Pending emails whose time has come, each claimed for ``hold`` so that no other server
    process sends it meanwhile; with the application each is about.

    One transaction reads and claims: on PostgreSQL the rows are taken with ``SELECT … FOR UPDATE
    SKIP LOCKED``, so processes looking at once each get different emails and none waits; on
    SQLite the transaction holds the write lock from its BEGIN (IMMEDIATE), so one process claims
    at a time."""
    with writing(engine) as session:
        rows = list(
            session.scalars(
                select(EmailRow)
                .where(
                    EmailRow.status == "pending",
                    EmailRow.next_attempt_at <= now,
                    or_(EmailRow.claimed_until.is_(None), EmailRow.claimed_until < now),
                )
                .order_by(EmailRow.next_attempt_at, EmailRow.id)
                .limit(most)
                .with_for_update(skip_locked=True)
            )
        )
        if not rows:
            return []
        session.execute(
            update(EmailRow).where(EmailRow.id.in_([row.id for row in rows])).values(claimed_until=now + hold)
        )
        claimed = []
        for row in rows:
            app = session.get(ApplicationRow, row.application_id) if row.application_id is not None else None
            claimed.append((_email(row, app.reference if app else ""), _stored(app) if app else None))
    return claimed


def mark_sent(engine: Engine, email_id: int, now: dt.datetime, decision_id: int | None = None) -> None:
    """Record a sent email and, for a decision letter, that its school was told (the first time
    only), in one transaction: a letter is never recorded as sent without the decision it told."""
    with writing(engine) as session:
        session.execute(
            update(EmailRow)
            .where(EmailRow.id == email_id)
            .values(
                status="sent",
                sent_at=now,
                claimed_until=None,
                attempts=EmailRow.attempts + 1,
                last_error=None,
            )
        )
        if decision_id is not None:
            session.execute(
                update(DecisionRow)
                .where(DecisionRow.id == decision_id, DecisionRow.letter_sent_at.is_(None))
                .values(letter_sent_at=now)
            )


def mark_failed(
    engine: Engine, email_id: int, error: str, now: dt.datetime, retry_after: Sequence[dt.timedelta]
) -> None:
    """Record a failed send: try again after the next wait in ``retry_after``, or give up (failed)."""
    with writing(engine) as session:
        row = session.get(EmailRow, email_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:1000]
        row.claimed_until = None
        if row.attempts <= len(retry_after):
            row.next_attempt_at = now + retry_after[row.attempts - 1]
        else:
            row.status = "failed"


def retry_email(engine: Engine, email_id: int, entry: Entry, hub: str | None = None) -> str | None:
    """Send a failed or waiting email again now, ``entry`` in the audit log naming its reference;
    returns its application's reference, or None when there is no such email not yet sent (for this hub)."""
    now = entry.at
    with writing(engine) as session:
        row = session.get(EmailRow, email_id)
        if row is None or row.status == "sent":
            return None
        app = session.get(ApplicationRow, row.application_id) if row.application_id is not None else None
        # a decision email of a returned form has no application: its decision says whose it is
        owner = app or (session.get(DecisionRow, row.decision_id) if row.decision_id is not None else None)
        if owner is None or (hub is not None and owner.hub != hub):
            return None
        row.status = "pending"
        row.next_attempt_at = now
        row.claimed_until = None
        record(session, entry, owner.reference)
        return owner.reference


# --- accounts and settings --------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    id: int
    email: str
    password_hash: str
    hub: str | None  # None: a national account, which sees every hub
    has_mfa: bool = False  # a TOTP secret is set up

    @property
    def national(self) -> bool:
        return self.hub is None


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.password_hash, row.hub, row.totp_secret is not None)


class UserExists(ValueError):
    pass


def add_user(engine: Engine, email: str, password_hash: str, hub: str | None, now: dt.datetime) -> User:
    try:
        with writing(engine) as session:
            row = UserRow(email=email.strip().lower(), password_hash=password_hash, hub=hub, created_at=now)
            session.add(row)
            session.flush()
            return _user(row)
    except IntegrityError:
        raise UserExists(f"there is already an account for {email.strip().lower()}") from None


def set_password(engine: Engine, user_id: int, password_hash: str, entry: Entry | None = None) -> None:
    """Store a new hash. With ``entry`` (a new password, not a re-hash of the same one) every
    session of the account ends and the audit log keeps ``entry``, in the same transaction."""
    with writing(engine) as session:
        session.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))
        if entry is not None:
            session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
            record(session, entry, None)


def user_by_email(engine: Engine, email: str) -> User | None:
    with reading(engine) as session:
        row = session.scalar(select(UserRow).where(UserRow.email == email.strip().lower()))
        return _user(row) if row else None


def user_by_id(engine: Engine, user_id: int) -> User | None:
    with reading(engine) as session:
        row = session.get(UserRow, user_id)
        return _user(row) if row else None


def users(engine: Engine) -> list[User]:
    with reading(engine) as session:
        return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.email))]


def remove_user(engine: Engine, email: str) -> bool:
    """Remove an account and every session of it, in one transaction."""
    with writing(engine) as session:
        row = session.scalar(select(UserRow).where(UserRow.email == email.strip().lower()))
        if row is None:
            return False
        session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
        session.execute(delete(ResetRow).where(ResetRow.user_id == row.id))
        session.delete(row)
        return True


# --- sessions ---------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """What the database keeps of a secret token (a session's, a reset link's): its SHA-256."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


SEEN_EVERY = dt.timedelta(minutes=1)  # a session's last use is written at most this often


def start_session(engine: Engine, user_id: int, now: dt.datetime) -> str:
    """A new session for the account; returns the token for the cookie (kept here only hashed)."""
    token = secrets.token_urlsafe(32)
    with writing(engine) as session:
        session.add(SessionRow(id=token_hash(token), user_id=user_id, created_at=now, seen_at=now))
    return token


def session_user(
    engine: Engine, token: str, now: dt.datetime, idle: dt.timedelta, absolute: dt.timedelta
) -> User | None:
    """The account whose session this token is, if it has been used within ``idle`` and began
    within ``absolute``; a session past either is deleted."""
    key = token_hash(token)
    with reading(engine) as session:
        row = session.get(SessionRow, key)
        if row is None:
            return None
        expired = now - row.seen_at >= idle or now - row.created_at >= absolute
        stale = now - row.seen_at > SEEN_EVERY
        user_row = None if expired else session.get(UserRow, row.user_id)
        user = _user(user_row) if user_row is not None else None
    if expired:
        end_session(engine, token)
        return None
    if stale:
        with writing(engine) as session:
            session.execute(update(SessionRow).where(SessionRow.id == key).values(seen_at=now))
    return user


def end_session(engine: Engine, token: str) -> None:
    with writing(engine) as session:
        session.execute(delete(SessionRow).where(SessionRow.id == token_hash(token)))


def end_sessions(engine: Engine, user_id: int, entry: Entry) -> int:
    """End every session of the account, in every server process at once, ``entry`` in the audit
    log in the same transaction; returns how many."""
    with writing(engine) as session:
        ended = session.execute(delete(SessionRow).where(SessionRow.user_id == user_id)).rowcount or 0
        record(session, entry, None)
        return ended


def setting(engine: Engine, key: str, make: Callable[[], str]) -> str:
    """A shared setting, made by ``make`` and stored the first time any process asks for it."""
    with reading(engine) as session:
        row = session.get(SettingRow, key)
        if row is not None:
            return row.value
    try:
        with writing(engine) as session:
            session.add(SettingRow(key=key, value=make()))
    except IntegrityError:
        pass  # another process stored it first: use theirs
    with reading(engine) as session:
        return session.get(SettingRow, key).value


# --- limits shared by every server process ------------------------------------------------------


def count_event(engine: Engine, key: str, limit: int, window: dt.timedelta, now: dt.datetime) -> float | None:
    """Count one event under ``key`` unless ``limit`` were counted in the last ``window``: None
    when counted, else the seconds until one more is allowed."""
    hashed = token_hash(key)
    with writing_core(engine) as connection:
        wait = _limit_wait(connection, hashed, limit, window, now)
        if wait is None:
            connection.execute(_INSERT_LIMIT_EVENT, {"key": hashed, "at": now})
    return wait


def event_wait(engine: Engine, key: str, limit: int, window: dt.timedelta, now: dt.datetime) -> float | None:
    """What count_event would answer now, counting nothing: a read, which waits for no writer."""
    with engine.connect() as connection:
        return _limit_wait(connection, token_hash(key), limit, window, now)


EVENTS_KEPT = dt.timedelta(days=1)
"""The longest window a limit counts over (security.SharedLimit refuses a longer one): an event
older than this counts for nothing, and the server deletes it every hour (forget_limit_events)."""


def forget_limit_events(engine: Engine, now: dt.datetime) -> int:
    """Delete every limit's events older than EVENTS_KEPT, which count for nothing. Returns how many."""
    with writing_core(engine) as connection:
        return connection.execute(delete(LIMIT_EVENTS).where(LIMIT_EVENTS.c.at <= now - EVENTS_KEPT)).rowcount


# One row, not a row per event: fetching a browser's ten events (each time read back from text on
# SQLite) was a tenth of the server's CPU for an application in a profile. Events past the window
# are left for forget_limit_events rather than deleted here: a statement fewer for each limit.
_EVENTS_OF_KEY = select(func.count(), func.min(LIMIT_EVENTS.c.at)).where(
    LIMIT_EVENTS.c.key == bindparam("key"), LIMIT_EVENTS.c.at > bindparam("since")
)


def _limit_wait(
    connection: Connection, hashed: str, limit: int, window: dt.timedelta, now: dt.datetime
) -> float | None:
    """None when one more event is allowed under the hashed key now, else the seconds until one is."""
    counted, oldest = connection.execute(_EVENTS_OF_KEY, {"key": hashed, "since": now - window}).one()
    return _until(counted, oldest, limit, window, now)


def _until(
    counted: int, oldest: dt.datetime | None, limit: int, window: dt.timedelta, now: dt.datetime
) -> float | None:
    """None when ``counted`` events in the window leave room for one more, else the seconds until
    the oldest of them leaves it."""
    if counted >= limit and oldest is not None:
        return max(1.0, (oldest + window - now).total_seconds())
    return None


def events(engine: Engine, key: str, window: dt.timedelta, now: dt.datetime) -> int:
    with reading(engine) as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(LimitEventRow)
                .where(LimitEventRow.key == token_hash(key), LimitEventRow.at > now - window)
            )
            or 0
        )


# --- the per-account sign-in lockout ------------------------------------------------------------

LOCK_AFTER = 10  # wrong passwords in a row before the account is locked
FIRST_LOCK = dt.timedelta(minutes=1)  # then 2, 4, 8 … minutes for each wrong password after
LONGEST_LOCK = dt.timedelta(hours=24)


def locked_for(engine: Engine, user_id: int, now: dt.datetime) -> dt.timedelta | None:
    """How much longer the account is locked, or None."""
    with reading(engine) as session:
        row = session.get(UserRow, user_id)
        if row is None or row.locked_until is None or row.locked_until <= now:
            return None
        return row.locked_until - now


def sign_in_failed(engine: Engine, user_id: int, now: dt.datetime) -> int:
    """Count a wrong password for the account; from the LOCK_AFTER-th in a row it is locked, for
    twice as long each time, and on the LOCK_AFTER-th its owner is sent an email (through the
    outbox). Returns the failures in a row."""
    with writing(engine) as session:
        row = session.get(UserRow, user_id, with_for_update=True)
        if row is None:
            return 0
        row.failed_sign_ins = (row.failed_sign_ins or 0) + 1
        over = row.failed_sign_ins - LOCK_AFTER
        if over >= 0:
            row.locked_until = now + min(FIRST_LOCK * (2 ** min(over, 20)), LONGEST_LOCK)
        if over == 0:
            session.add(
                EmailRow(
                    application_id=None,
                    kind="lockout",
                    recipient=row.email,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                )
            )
        return row.failed_sign_ins


def sign_in_succeeded(engine: Engine, user_id: int) -> None:
    with writing(engine) as session:
        session.execute(update(UserRow).where(UserRow.id == user_id).values(failed_sign_ins=0, locked_until=None))


# --- password reset links -----------------------------------------------------------------------

RESET_GOOD_FOR = dt.timedelta(minutes=30)


def new_reset(engine: Engine, user_id: int, now: dt.datetime) -> str:
    """A reset link's token for the account (kept only hashed); earlier unused links stop working."""
    token = secrets.token_urlsafe(32)
    with writing(engine) as session:
        session.execute(delete(ResetRow).where(ResetRow.user_id == user_id, ResetRow.used_at.is_(None)))
        session.add(ResetRow(id=token_hash(token), user_id=user_id, expires_at=now + RESET_GOOD_FOR))
    return token


def reset_user(engine: Engine, token: str, now: dt.datetime) -> User | None:
    """The account a reset link is for, if it is unused and not expired."""
    with reading(engine) as session:
        row = session.get(ResetRow, token_hash(token))
        if row is None or row.used_at is not None or row.expires_at <= now:
            return None
        user = session.get(UserRow, row.user_id)
        return _user(user) if user else None


def use_reset(engine: Engine, token: str, password_hash: str, entry: Entry) -> bool:
    """Set the password through a reset link, once: the link is used up, every session of the
    account ends and the audit log keeps ``entry``, in one transaction. False when the link was used
    (or expired) meanwhile."""
    now = entry.at
    with writing(engine) as session:
        used = session.execute(
            update(ResetRow)
            .where(ResetRow.id == token_hash(token), ResetRow.used_at.is_(None), ResetRow.expires_at > now)
            .values(used_at=now)
        )
        if used.rowcount != 1:
            return False
        user_id = session.get(ResetRow, token_hash(token)).user_id
        session.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))
        session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
        record(session, entry, None)
        return True


# --- the second step: TOTP and recovery codes ---------------------------------------------------


def set_up_mfa(engine: Engine, user_id: int, secret: str, step: int, recovery_hashes: list[str], entry: Entry) -> None:
    """Turn on the account's second step, ``entry`` in the audit log, in one transaction."""
    with writing(engine) as session:
        session.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(totp_secret=secret, totp_last=step, recovery_codes=json.dumps(recovery_hashes))
        )
        record(session, entry, None)


def check_second_step(engine: Engine, user_id: int, code: str, now: dt.datetime) -> bool:
    """Whether ``code`` is the account's current TOTP code (each time step once: a code seen
    cannot be replayed) or one of its unused recovery codes (used up)."""
    import pyotp

    code = "".join(code.split())
    with writing(engine) as session:
        row = session.get(UserRow, user_id, with_for_update=True)
        if row is None or row.totp_secret is None:
            return False
        totp = pyotp.TOTP(row.totp_secret)
        if code.isdigit() and len(code) == 6:
            for offset in (0, -1, 1):  # a phone's clock a little off
                at = now + dt.timedelta(seconds=30 * offset)
                step = int(at.timestamp()) // 30
                if step > (row.totp_last or -1) and secrets.compare_digest(totp.at(at), code):
                    row.totp_last = step
                    return True
            return False
        hashes = json.loads(row.recovery_codes or "[]")
        hashed = token_hash(code.lower().replace("-", ""))
        if hashed in hashes:
            hashes.remove(hashed)
            row.recovery_codes = json.dumps(hashes)
            return True
        return False


# --- the audit log ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audit:
    at: dt.datetime
    actor: str | None
    action: str
    target: str | None
    detail: str | None
    address: str


@dataclass(frozen=True)
class Entry:
    """Who makes a change, when, from where and what the audit log calls it: ``record`` writes it in
    the change's own transaction, so that neither is ever kept without the other."""

    at: dt.datetime
    actor: str | None  # the account's email; None: not signed in, or packgen itself (the command line, the server)
    action: str
    address: str
    detail: str | None = None


def audit(engine: Engine, entry: Entry, target: str | None = None) -> None:
    """Write ``entry`` to the audit log on its own: for a view, an export, and the sign-in events,
    whose entry comes first (a sign-in, a failed one, a reset link asked for), not with a change."""
    with writing(engine) as session:
        record(session, entry, target)


def record(session: Session, entry: Entry, target: str | None, detail: str | None = None) -> None:
    """Add ``entry`` to the audit log in ``session`` (the change's transaction), naming ``target``;
    ``detail`` when given, else the entry's own."""
    detail = detail or entry.detail
    session.add(
        AuditRow(
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            target=(target or None) and target[:320],
            detail=detail[:2000] if detail else None,
            address=entry.address[:64],
        )
    )


def audit_log(engine: Engine, most: int = 1000) -> list[Audit]:
    """The latest entries, newest first."""
    with reading(engine) as session:
        rows = session.scalars(select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(most))
        return [Audit(r.at, r.actor, r.action, r.target, r.detail, r.address) for r in rows]


def delete_application(engine: Engine, reference: str, entry: Entry) -> bool:
    """Delete one application and its emails, and write ``entry`` to the audit log in the same
    transaction (a deletion is never kept without its entry); False when there is none."""
    with writing(engine) as session:
        row = session.scalar(select(ApplicationRow).where(ApplicationRow.reference == reference))
        if row is None:
            return False
        session.execute(delete(EmailRow).where(EmailRow.application_id == row.id))
        _delete_decisions(session, DecisionRow.application_id == row.id)
        session.delete(row)
        record(session, entry, reference)
        return True


def _delete_decisions(session: Session, where: ColumnElement[bool]) -> list[str]:
    """Delete the decisions ``where`` says and the emails that told them; their references."""
    rows = list(session.execute(select(DecisionRow.id, DecisionRow.reference).where(where)))
    ids = [i for i, _ in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(delete(EmailRow).where(EmailRow.decision_id.in_(chunk)))
        session.execute(delete(DecisionRow).where(DecisionRow.id.in_(chunk)))
    return [ref for _, ref in rows]


# --- retention ----------------------------------------------------------------------------------


def year_ends(year: str) -> dt.datetime:
    """The end of a programme-year: 2024-25 ends when 1st September 2025 begins, in England."""
    start = int(year.split("-", 1)[0])
    return dt.datetime(start + 1, 9, 1, tzinfo=LONDON)


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month = moment.month - 1 + months
    return moment.replace(year=moment.year + month // 12, month=month % 12 + 1)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """``moment`` ``months`` earlier, on the month's last day when it has no such day (31st May less 3)."""
    month = moment.month - 1 - months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def _unattached_past(now: dt.datetime, months: int) -> ColumnElement[bool]:
    """Emails about no application nor decision (invitations, an account's notices), sent or given up
    on ``months`` or more ago: kept no longer than the applications are."""
    return (
        EmailRow.application_id.is_(None)
        & EmailRow.decision_id.is_(None)
        & (EmailRow.status != "pending")
        & (func.coalesce(EmailRow.sent_at, EmailRow.next_attempt_at) <= months_before(now, months))
    )


def purge_emails(engine: Engine, now: dt.datetime, months: int, address: str, dry_run: bool = False) -> int:
    """Delete (or with ``dry_run`` count) the emails about no application kept ``months`` since they
    were sent; one audit entry for them, naming no recipient."""
    past = _unattached_past(now, months)
    with writing(engine) as session:
        count = session.scalar(select(func.count()).select_from(EmailRow).where(past)) or 0
        if dry_run or not count:
            return count
        session.execute(delete(EmailRow).where(past))
        what = f"{count} email{'s' * (count != 1)} about no application, kept {months} months"
        record(session, Entry(now, None, "purge", address), None, what)
    return count


def past_retention(engine: Engine, now: dt.datetime, months: int) -> list[Stored]:
    """Applications kept ``months`` past the end of their programme-year, oldest first."""
    return [a for a in applications(engine) if add_months(year_ends(a.identity.year), months) <= now]


# --- subject access -----------------------------------------------------------------------------


def held_about(engine: Engine, *, email: str | None = None, urn: str | None = None, hub: str | None = None) -> dict:
    """Everything kept about one email address (in any answer, or as an email's recipient) or one
    school (its URN), within one hub when ``hub`` is given: for a subject access request."""
    wanted = (email or "").strip().lower()
    with reading(engine) as session:
        query = select(ApplicationRow).order_by(ApplicationRow.submitted_at, ApplicationRow.id)
        if hub is not None:
            query = query.where(ApplicationRow.hub == hub)
        if urn:
            query = query.where(ApplicationRow.urn == urn)
        rows = list(session.scalars(query))
        if wanted:
            rows = [r for r in rows if any(str(v).strip().lower() == wanted for v in json.loads(r.answers).values())]
        ids = [r.id for r in rows]
        # An invitation or an account's notice belongs to no application: outer join, and its own hub.
        email_query = select(EmailRow, ApplicationRow.reference).outerjoin(ApplicationRow)
        if wanted:
            email_query = email_query.where(
                or_(EmailRow.application_id.in_(ids), func.lower(EmailRow.recipient) == wanted)
            )
        else:
            email_query = email_query.where(EmailRow.application_id.in_(ids))
        if hub is not None:
            email_query = email_query.where(func.coalesce(ApplicationRow.hub, EmailRow.hub) == hub)
        emails = [
            {
                "reference": ref,
                "kind": e.kind,
                "to": e.recipient,
                "status": e.status,
                "sent_at": _iso(e.sent_at),
                **({"says": json.loads(e.content)} if e.content else {}),
            }
            for e, ref in session.execute(email_query.order_by(EmailRow.id))
        ]
        decision_query = select(DecisionRow).order_by(DecisionRow.received_at, DecisionRow.id)
        if hub is not None:
            decision_query = decision_query.where(DecisionRow.hub == hub)
        if wanted:
            decision_query = decision_query.where(
                or_(DecisionRow.application_id.in_(ids), func.lower(DecisionRow.email) == wanted)
            )
        else:
            decision_query = decision_query.where(or_(DecisionRow.application_id.in_(ids), DecisionRow.urn == urn))
        decisions = [
            {
                "reference": d.reference,
                "hub": d.hub,
                "programme": d.programme,
                "year": d.year,
                "school": d.school,
                "outcome": d.outcome,
                "rank": d.rank,
                "reason": d.reason,
                "decided_at": _iso(d.decided_at),
                "confirmed_at": _iso(d.confirmed_at),
                "letter_sent_at": _iso(d.letter_sent_at),
            }
            for d in session.scalars(decision_query)
        ]
    return {
        "about": {"email": wanted} if wanted else {"urn": urn},
        "applications": [
            {
                "reference": r.reference,
                "hub": r.hub,
                "programme": r.programme,
                "year": r.year,
                "submitted_at": _iso(r.submitted_at),
                "answers": json.loads(r.answers),
            }
            for r in rows
        ],
        "emails": emails,
        "decisions": decisions,
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def purge(engine: Engine, now: dt.datetime, months: int, address: str) -> list[Stored]:
    """Delete every application kept ``months`` past its programme-year, each in the audit log."""
    entry = Entry(now, None, "purge", address, f"kept {months} months")
    due = past_retention(engine, now, months)
    for app in due:
        delete_application(engine, app.reference, entry)
    with reading(engine) as session:
        years = set(session.scalars(select(DecisionRow.year).where(DecisionRow.application_id.is_(None)).distinct()))
    for year in sorted(y for y in years if add_months(year_ends(y), months) <= now):
        with writing(engine) as session:
            gone = _delete_decisions(session, (DecisionRow.application_id.is_(None)) & (DecisionRow.year == year))
            for reference in gone:
                record(session, entry, reference, f"a returned form's decision, kept {months} months")
    return due


# --- invitations (packgen invite --send) --------------------------------------------------------


def queue_invitation(engine: Engine, recipient: str, content: dict[str, str], now: dt.datetime, hub: str) -> int:
    """Store an invitation email for the sender (web/outbox.py), with what it says; returns its id."""
    with writing(engine) as session:
        row = EmailRow(
            application_id=None,
            kind="invite",
            recipient=recipient,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            content=json.dumps(content, ensure_ascii=False),
            hub=hub,
        )
        session.add(row)
        session.flush()
        return row.id


def invitation_of(engine: Engine, email_id: int) -> dict[str, str] | None:
    """What an invitation email says (queue_invitation's ``content``), or None."""
    with reading(engine) as session:
        content = session.scalar(select(EmailRow.content).where(EmailRow.id == email_id))
        return None if content is None else json.loads(content)
