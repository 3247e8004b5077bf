"""The database: SQLite in the project by default, PostgreSQL by URL; the schema by Alembic migrations."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

DEFAULT_FILE = Path("var") / "applications.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 0x7061636B  # "pack": one process at a time upgrades a PostgreSQL database


class DatabaseUrlError(ValueError):
    """A --database URL packgen cannot use; the message says why, without the password."""


def default_url(project: Path) -> str:
    """The embedded default: a SQLite file in the project's var/ folder."""
    return f"sqlite:///{(project / DEFAULT_FILE).resolve()}"


def parse_url(url: str | None, project: Path) -> URL:
    """The URL to connect to: ``url`` (sqlite:/// or postgresql://), else the embedded default."""
    text = url or default_url(project)
    try:
        parsed = make_url(text)
    except ArgumentError:
        raise DatabaseUrlError(
            "the database URL is not a URL like postgresql://user@host/db or sqlite:///path"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseUrlError("a SQLite database must be a file: sqlite:///path/to/applications.sqlite3")
        return parsed.set(drivername="sqlite")
    raise DatabaseUrlError(f"unsupported database {backend!r}: use postgresql://… or sqlite:///…")


def shown(url: URL) -> str:
    """The URL without its password, for messages."""
    return url.render_as_string(hide_password=True)


def failure(exc: BaseException) -> str:
    """A database error in words: the driver's first line, without the SQL or parameters SQLAlchemy appends."""
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__


def make_engine(url: URL) -> Engine:
    """An engine for ``url``. A SQLite file (and its folder) is created on first use, in WAL mode."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, pool_timeout=30, **PRIVATE)


PRIVATE = {"hide_parameters": True}
"""A database error's message leaves out the statement's parameters: they are answers and email
addresses, and the message goes to the server's log."""


def _sqlite_engine(url: URL) -> Engine:
    path = Path(url.database or "")
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        # Applications are personal data: the file is its owner's alone from the start.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False},
        pool_size=10,
        max_overflow=20,
        pool_timeout=30,
        **PRIVATE,
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, say when transactions begin (see _begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cursor.execute("PRAGMA synchronous=FULL")  # a commit is on disk before the receipt is shown
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A transaction that will write takes the write lock at once: two writers that both
        # start by reading would otherwise deadlock, and one would fail with "database is locked".
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writes") else "BEGIN")

    return engine


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session whose transaction writes: committed at the end of the block, rolled back on error."""
    with _turn(engine), Session(engine.execution_options(writes=True), expire_on_commit=False) as session:
        with session.begin():
            yield session


@contextmanager
def writing_core(engine: Engine) -> Iterator[Connection]:
    """``writing`` for SQLAlchemy Core statements alone: a connection, without an ORM session's own
    work (a tenth of a millisecond an application on the path that stores it)."""
    with _turn(engine), engine.execution_options(writes=True).begin() as connection:
        yield connection


def _turn(engine: Engine) -> contextlib.AbstractContextManager[None]:
    return _writer_turn(engine.url.database or "") if engine.dialect.name == "sqlite" else contextlib.nullcontext()


class _WriterTurn:
    """One writer at a time to a SQLite file, waiting its turn without polling: the threads of a
    process by a lock, the processes by an exclusive flock on a file beside the database. Left to
    SQLite, writers that find the file locked sleep and try again (up to 100 ms a time), which
    under load was most of an application's time. SQLite still guards the data itself: a writer
    that does not take this turn (another program) is waited for as before (busy_timeout)."""

    def __init__(self, database: str) -> None:
        self.path = database + "-writer"
        self.lock = threading.RLock()
        self.fd: int | None = None
        self.depth = 0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self.lock:
            if self.depth == 0:
                if self.fd is None:
                    self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self.fd, fcntl.LOCK_EX)
            self.depth += 1
            try:
                yield
            finally:
                self.depth -= 1
                if self.depth == 0:
                    fcntl.flock(self.fd, fcntl.LOCK_UN)


_TURNS: dict[tuple[int, str], _WriterTurn] = {}
_TURNS_LOCK = threading.Lock()


def _writer_turn(database: str) -> contextlib.AbstractContextManager[None]:
    # By process: a worker forked from the server opens its own lock file, as flock locks belong
    # to the open file, which a forked child would otherwise share with its parent.
    key = (os.getpid(), database)
    with _TURNS_LOCK:
        turn = _TURNS.get(key)
        if turn is None:
            turn = _TURNS[key] = _WriterTurn(database)
    return turn()


def upgrade(engine: Engine, to: str = "head") -> list[str]:
    """Apply every migration not yet applied (up to ``to``); returns the revisions applied, oldest first.
    A new database is made at the head at once (migrations/env.py)."""
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationContext

    script = _scripts()
    config = _config()  # its own: the connection is put in it
    # One process at a time: PostgreSQL by an advisory lock held to the commit, SQLite by taking
    # the write lock at BEGIN (IMMEDIATE), so four servers started at once migrate once.
    with engine.execution_options(writes=True).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        # What alembic.command.upgrade does, with the scripts read once per process, not at each call
        # (each server a test makes would read all eleven files again). _upgrade_revs is the private
        # method that command calls: should alembic change it, tests/web/test_web_db.py fails.
        with EnvironmentContext(config, script, fn=lambda rev, _: script._upgrade_revs(to, rev), destination_rev=to):
            script.run_env()
        after = MigrationContext.configure(connection).get_current_revision()
    if before == after:
        return []
    applied = [rev.revision for rev in script.iterate_revisions(after, before or "base")]
    return list(reversed(applied))


def _config() -> Config:
    """Alembic's configuration of packgen's migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    """The migrations' scripts, read once: they do not change under a running process."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def open_existing(url: URL) -> Engine:
    """An engine for a database that `packgen serve` made and keeps current, to read from; raises
    DatabaseUrlError when there is none there (nothing is created) or it needs `packgen db upgrade`."""
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        raise DatabaseUrlError(f"there is no database at {url.database}")
    engine = make_engine(url)
    revision = current_revision(engine)
    if revision is None:
        engine.dispose()
        raise DatabaseUrlError(
            f"{shown(url)} holds no online applications (packgen serve or packgen db upgrade makes their tables)"
        )
    if revision != head_revision():
        engine.dispose()
        raise DatabaseUrlError(f"{shown(url)} is at an older revision: run packgen db upgrade first")
    return engine


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
