"""The database: the embedded default made on first start, migrations that make exactly the
models' tables on SQLite and PostgreSQL, and writers that never lose or double an application."""

from __future__ import annotations

import datetime as dt
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError

import packgen.schools.store  # noqa: F401  (the schools register's tables are on the same metadata)
from packgen.forms.spec import Identity
from packgen.web import store
from packgen.web.db import DatabaseUrlError, current_revision, head_revision, make_engine, parse_url, upgrade
from packgen.web.models import Base
from web.web_helpers import REVISIONS

REPO = Path(__file__).resolve().parents[2]


def test_the_migrations_make_exactly_the_models_tables(database: str | None, tmp_path: Path) -> None:
    engine = make_engine(parse_url(database, tmp_path))
    try:
        assert upgrade(engine, to=REVISIONS[0]) == REVISIONS[:1]  # a database made by the first release
        assert upgrade(engine) == REVISIONS[1:]  # then every later migration, one by one
        assert upgrade(engine) == []  # a second start applies nothing
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == []
    finally:
        engine.dispose()


def _schema(engine: Engine) -> dict[str, Any]:
    """Every table's columns (type, nullability, default), keys, indexes and constraints, with their
    names (a migration drops a constraint by its name), as the database reports them."""
    found = inspect(engine)
    schema: dict[str, Any] = {}
    for table in sorted(found.get_table_names()):
        primary = found.get_pk_constraint(table)
        schema[table] = {
            "columns": sorted(  # by name: a migration adds a column at the end, a model may list it earlier
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in found.get_columns(table)
            ),
            "primary key": (primary.get("name"), primary["constrained_columns"]),
            "foreign keys": sorted(
                (
                    str(f.get("name")),
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    str(f.get("options", {}).get("ondelete")),
                )
                for f in found.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in found.get_indexes(table)
            ),
            "unique": sorted(
                (str(u.get("name")), tuple(u["column_names"])) for u in found.get_unique_constraints(table)
            ),
            "checks": sorted((str(c.get("name")), c["sqltext"]) for c in found.get_check_constraints(table)),
        }
    return schema


def test_a_new_database_is_made_at_once_with_the_schema_the_migrations_make(
    database: str | None, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A new database is made from the models and stamped at the head (migrations/env.py), not
    migrated step by step: the schema must be what the migrations would have made, to the column."""
    server = None if database is None else request.getfixturevalue("postgres")
    migrated_url = None if server is None else server.new_database()
    migrated = make_engine(parse_url(migrated_url, tmp_path / "migrated"))
    new = make_engine(parse_url(database, tmp_path / "new"))
    try:
        upgrade(migrated, to=REVISIONS[0])
        assert upgrade(migrated) == REVISIONS[1:]
        assert upgrade(new) == REVISIONS  # what a new database reports: every revision, as before
        assert current_revision(new) == current_revision(migrated) == head_revision()
        made, stepped = _schema(new), _schema(migrated)
        assert sorted(made) == sorted(stepped) and "applications" in made
        for table in made:
            assert made[table] == stepped[table], table
    finally:
        new.dispose()
        migrated.dispose()
        if server is not None and migrated_url is not None:
            server.drop(migrated_url)


def test_a_database_with_other_tables_is_new_to_packgen_and_one_with_its_tables_unstamped_is_refused(
    database: str | None, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server = None if database is None else request.getfixturevalue("postgres")
    half_url = None if server is None else server.new_database()
    shared = make_engine(parse_url(database, tmp_path / "shared"))
    half = make_engine(parse_url(half_url, tmp_path / "half"))
    try:
        with shared.begin() as connection:  # another application's table in the same database
            connection.exec_driver_sql("CREATE TABLE other_app (id INTEGER PRIMARY KEY, note VARCHAR(20))")
            connection.exec_driver_sql("INSERT INTO other_app VALUES (1, 'kept')")
        assert upgrade(shared) == REVISIONS and current_revision(shared) == head_revision()
        with shared.connect() as connection:
            assert connection.exec_driver_sql("SELECT note FROM other_app").scalars().all() == ["kept"]

        with half.begin() as connection:  # packgen's tables without a revision: not new, so migrated from 0001
            Base.metadata.tables["applications"].create(connection)
        with pytest.raises(DatabaseError):  # 0001 finds its table there: refused, not stamped over
            upgrade(half)
        assert current_revision(half) is None
    finally:
        shared.dispose()
        half.dispose()
        if server is not None and half_url is not None:
            server.drop(half_url)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_embedded_default_is_a_private_sqlite_file_in_var_in_wal_mode(database: None, tmp_path: Path) -> None:
    url = parse_url(database, tmp_path)
    assert url.database == str(tmp_path / "var" / "applications.sqlite3")
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()
    assert stat.S_IMODE(os.stat(tmp_path / "var").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "var" / "applications.sqlite3").st_mode) == 0o600
    assert "/var/" in (REPO / ".gitignore").read_text().splitlines()


def test_a_database_url_packgen_cannot_use_says_why(tmp_path: Path) -> None:
    for url, words in (
        ("mysql://root@localhost/db", "unsupported database 'mysql'"),
        ("sqlite://", "must be a file"),
        ("not a url", "is not a URL"),
    ):
        with pytest.raises(DatabaseUrlError, match=words):
            parse_url(url, tmp_path)
    assert parse_url("postgresql://u:secret@h/db", tmp_path).drivername == "postgresql+psycopg"


def test_a_database_error_names_no_answer_it_was_given(database: str | None, tmp_path: Path) -> None:
    """Its message goes to the server's log: the statement, never its parameters (answers, emails)."""
    engine = make_engine(parse_url(database, tmp_path))
    with pytest.raises(DatabaseError) as raised, engine.connect() as db:
        db.execute(text("SELECT no_such_column FROM no_such_table WHERE name = :name"), {"name": "Ann Other's answer"})
    engine.dispose()
    assert "no_such_table" in str(raised.value) and "Ann Other" not in str(raised.value)


def _at_once(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """``work(0)`` to ``work(count - 1)``, each in a thread of its own, all started together; what
    any of them raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(n: int) -> None:
        start.wait()
        try:
            work(n)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_many_writers_at_once_store_each_application_exactly_once(database: str | None, tmp_path: Path) -> None:
    """40 threads send 120 applications, each sent twice (a retried post): 120 stored, none lost."""
    engine = make_engine(parse_url(database, tmp_path))
    upgrade(engine)
    now = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    identity = Identity("number-sense", "2024-25", "WM9")
    results: dict[str, set[str]] = {}
    lock = threading.Lock()

    def send(worker: int) -> None:
        for i in range(3):
            nonce = f"w{worker}-{i}"
            for _ in range(2):
                stored, _new = store.submit(engine, identity, {"school.urn": f"{worker:03}{i:03}"}, None, nonce, now)
                with lock:
                    results.setdefault(nonce, set()).add(stored.reference)

    assert _at_once(40, send) == []
    assert len(results) == 120 and all(len(refs) == 1 for refs in results.values())
    assert store.count(engine) == 120
    assert len({s.reference for s in store.applications(engine)}) == 120
    engine.dispose()


def test_applications_sent_at_once_count_their_limit_in_the_transaction_that_stores_them(
    database: str | None, tmp_path: Path
) -> None:
    """30 threads send an application each under one limit of 5 (one browser's): 5 stored, each
    counted once, 25 refused with nothing stored or counted; a retried post of a stored one is
    its receipt again, never refused by the limit it already counted against."""
    engine = make_engine(parse_url(database, tmp_path))
    upgrade(engine)
    now = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    identity = Identity("number-sense", "2024-25", "WM9")
    limit = store.Limit("submit-browser:one browser", 5, dt.timedelta(hours=1))
    stored: list[str] = []
    waits: list[float] = []

    def send(n: int) -> None:
        try:
            application, _ = store.submit(
                engine, identity, {"school.urn": f"{n:06}"}, None, f"n{n}", now, limits=[limit]
            )
            stored.append(application.reference)
        except store.OverLimit as over:
            assert over.number == 0
            waits.append(over.wait)

    assert _at_once(30, send) == []
    assert len(stored) == 5 and len(waits) == 25 and all(w >= 1.0 for w in waits)
    assert store.count(engine) == 5
    assert store.events(engine, limit.key, limit.window, now) == 5
    kept = store.applications(engine)[0]
    again, new = store.submit(
        engine, identity, kept.values, None, _nonce_of(engine, kept.reference), now, limits=[limit]
    )
    assert (again.reference, new) == (kept.reference, False)
    assert store.events(engine, limit.key, limit.window, now) == 5
    engine.dispose()


def test_the_same_post_sent_at_once_from_many_threads_is_stored_once(database: str | None, tmp_path: Path) -> None:
    """30 threads at once, ten each with one of three nonces (a post retried while the first is
    still being stored, often in the same batch): three applications, each new to one thread only,
    and every thread given its nonce's reference."""
    engine = make_engine(parse_url(database, tmp_path))
    upgrade(engine)
    now = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    identity = Identity("number-sense", "2024-25", "WM9")
    got: list[tuple[str, str, bool]] = []

    def send(n: int) -> None:
        application, new = store.submit(engine, identity, {"school.urn": f"{n % 3:06}"}, None, f"n{n % 3}", now)
        got.append((f"n{n % 3}", application.reference, new))

    assert _at_once(30, send) == [] and len(got) == 30
    assert store.count(engine) == 3
    for nonce in ("n0", "n1", "n2"):
        assert len({ref for n, ref, _ in got if n == nonce}) == 1
        assert [new for n, _, new in got if n == nonce].count(True) == 1
    engine.dispose()


def test_an_applications_limit_counts_only_its_window_and_says_how_long_to_wait(
    database: str | None, tmp_path: Path
) -> None:
    engine = make_engine(parse_url(database, tmp_path))
    upgrade(engine)
    now, identity = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC), Identity("number-sense", "2024-25", "WM9")
    limits = [
        store.Limit("submit-browser:b", 2, dt.timedelta(hours=1)),
        store.Limit("recipient:r", 9, dt.timedelta(days=1)),
    ]
    for n, minutes in enumerate((61, 30, 0)):
        store.submit(engine, identity, {}, None, f"n{n}", now - dt.timedelta(minutes=minutes), limits=limits)
    with pytest.raises(store.OverLimit) as over:
        store.submit(engine, identity, {}, None, "n3", now, limits=limits)
    assert (over.value.number, over.value.wait) == (0, 30 * 60)  # until the one 30 minutes ago leaves the window
    assert store.count(engine) == 3 and store.events(engine, "recipient:r", dt.timedelta(days=1), now) == 3
    engine.dispose()


def test_one_batch_counts_its_own_applications_against_their_limits(database: str | None, tmp_path: Path) -> None:
    """Five applications committed in one batch under a limit of three an hour, one event already
    in the window and one just out of it: the first two stored and counted, the next three refused
    with nothing counted, each told to wait until the event in the window leaves it."""
    from packgen.web.db import writing_core

    engine = make_engine(parse_url(database, tmp_path))
    upgrade(engine)
    now, hour = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC), dt.timedelta(hours=1)
    identity, limit = Identity("number-sense", "2024-25", "WM9"), store.Limit("submit-browser:b", 3, hour)
    for nonce, minutes in (("before", 70), ("inside", 20)):
        store.submit(engine, identity, {}, None, nonce, now - dt.timedelta(minutes=minutes), limits=[limit])
    batch = [store._Job(identity, {}, None, f"n{n}", now + dt.timedelta(seconds=n), (), (), (limit,)) for n in range(5)]
    with writing_core(engine) as connection:
        store._store_batch(connection, batch)
    assert [job.result is not None and job.result[1] for job in batch] == [True, True, False, False, False]
    assert [job.error.wait for job in batch[2:] if isinstance(job.error, store.OverLimit)] == [
        40 * 60 - 2,
        40 * 60 - 3,
        40 * 60 - 4,
    ]
    assert store.count(engine) == 4 and store.events(engine, limit.key, hour, now + dt.timedelta(seconds=5)) == 3
    engine.dispose()


def _nonce_of(engine: Any, reference: str) -> str:
    from sqlalchemy import select

    from packgen.web.models import ApplicationRow

    with engine.connect() as connection:
        return connection.scalar(select(ApplicationRow.nonce).where(ApplicationRow.reference == reference))


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_server_purges_what_is_past_retention_when_it_starts(make_server) -> None:
    from web.web_helpers import GOOD, wait_for

    server = make_server(retention_months=6)
    now = server.clock()
    old, _ = store.submit(server.web.engine, Identity("number-sense", "2022-23", "WM9"), dict(GOOD), None, "a", now)
    new, _ = store.submit(server.web.engine, Identity("number-sense", "2024-25", "WM9"), dict(GOOD), None, "b", now)
    server.client()  # starts the app: its lifespan purges, then again each day
    wait_for(lambda: store.by_reference(server.web.engine, old.reference) is None, what="the purge")
    assert store.by_reference(server.web.engine, new.reference) is not None
    assert [(a.action, a.target, a.address) for a in store.audit_log(server.web.engine)] == [
        ("purge", old.reference, "the server (daily)")
    ]


def test_a_limit_counts_only_the_events_in_its_window_and_says_how_long_to_wait(
    database: str | None, tmp_path: Path
) -> None:
    engine = make_engine(parse_url(database, tmp_path))
    upgrade(engine)
    now, hour, key = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC), dt.timedelta(hours=1), "sign-in:10.0.0.9"
    assert store.count_event(engine, key, 2, hour, now - dt.timedelta(minutes=61)) is None  # out of the window by now
    assert store.count_event(engine, key, 2, hour, now - dt.timedelta(minutes=30)) is None
    assert store.event_wait(engine, key, 2, hour, now) is None  # a read: counts nothing
    assert store.count_event(engine, key, 2, hour, now) is None
    assert store.event_wait(engine, key, 2, hour, now) == 30 * 60  # until the one 30 minutes ago leaves the window
    assert store.count_event(engine, key, 2, hour, now) == 30 * 60
    assert store.events(engine, key, dt.timedelta(days=3), now) == 3  # the old one left for the hourly task
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_server_forgets_the_limits_events_of_addresses_that_did_not_come_back(make_server) -> None:
    """Events past a limit's window count for nothing and are not deleted as it is counted: the
    server's hourly task deletes those past the longest window (before, an address that never came
    back left its hashed events for good)."""
    from packgen.web.security import SharedLimit
    from web.web_helpers import wait_for

    server = make_server()  # no retention period set: this is done all the same
    engine, now = server.web.engine, server.clock()
    hour = dt.timedelta(hours=1)
    assert store.count_event(engine, "submit:10.0.0.1", 20, hour, now - dt.timedelta(days=2)) is None
    assert store.count_event(engine, "submit:10.0.0.2", 20, hour, now - dt.timedelta(hours=2)) is None
    server.client()  # starts the app
    wait_for(lambda: store.events(engine, "submit:10.0.0.1", dt.timedelta(days=3), now) == 0, what="the forgetting")
    assert store.events(engine, "submit:10.0.0.2", dt.timedelta(days=3), now) == 1  # within a day: kept
    with pytest.raises(ValueError, match="at most 1 day"):
        SharedLimit(engine, "too-long", 5, dt.timedelta(days=2), server.clock)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_migration_0010_moves_an_invitations_content_from_settings_onto_its_email(
    database: None, tmp_path: Path
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from packgen.web.db import MIGRATIONS

    engine = make_engine(parse_url(database, tmp_path))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
        connection.execute(
            text(
                "INSERT INTO emails (id, kind, recipient, status, attempts, next_attempt_at)"
                " VALUES (7, 'invite', 'head@one.example.org', 'pending', 0, '2024-02-01 09:00:00')"
            )
        )
        connection.execute(text("""INSERT INTO settings (key, value) VALUES ('invitation:7', '{"school": "Oak"}')"""))
    try:
        assert upgrade(engine) == ["0010"]
        assert store.invitation_of(engine, 7) == {"school": "Oak"}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM settings WHERE key LIKE 'invitation:%'")).scalar() == 0
    finally:
        engine.dispose()
