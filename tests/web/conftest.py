"""The online forms' tests run twice: on SQLite (the embedded default) and on a real PostgreSQL that
these fixtures start from Debian's postgresql package in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .web_helpers import Clock, Postgres


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its lowest cost for the tests: the same code, without 64 MB and half a second
    per hash (test_web_cli checks what `packgen users add` stores with the real parameters)."""
    from argon2 import PasswordHasher

    from packgen.web import auth

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", quick)
    monkeypatch.setattr(auth, "_DUMMY", quick.hash("no such account"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The database URL a test's server uses: None (the SQLite default in the project) or a new
    PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    server: Postgres = request.getfixturevalue("postgres")
    url = server.new_database()
    try:
        yield url
    finally:
        server.drop(url)


# --- the app ----------------------------------------------------------------------------------


@dataclass
class Server:
    """An app over a copy of the sample project, and a way to make clients of it."""

    project: Path
    database: str | None
    clock: Clock
    app: Any
    clients: list[Any] = field(default_factory=list)

    @property
    def web(self) -> Any:
        return self.app.state.web

    def client(self, *, https: bool = False) -> Any:
        from starlette.testclient import TestClient

        client = TestClient(
            self.app, base_url="https://testserver" if https else "http://testserver", follow_redirects=False
        )
        client.__enter__()  # runs the app's lifespan (the email sender)
        self.clients.append(client)
        return client

    def add_user(self, email: str, hub: str | None, password: str = "correct horse battery") -> None:
        from packgen.web import store
        from packgen.web.auth import hash_password

        store.add_user(self.web.engine, email, hash_password(password), hub, self.clock())

    def close(self) -> None:
        for client in self.clients:
            client.__exit__(None, None, None)
        self.web.engine.dispose()


@pytest.fixture
def make_server(sample: Path, database: str | None) -> Iterator[Any]:
    """make_server(**settings) -> Server: the sample project served at 1 March 2024, noon."""
    from packgen.web.app import create_app
    from packgen.web.config import Settings

    made: list[Server] = []

    def make(**settings: Any) -> Server:
        clock = settings.pop("clock", Clock())
        app = create_app(Settings(project=sample, database=database, clock=clock, **settings))
        server = Server(sample, database, clock, app)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


@pytest.fixture
def server(make_server: Any) -> Server:
    return make_server()
