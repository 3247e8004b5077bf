"""What the online forms' tests share: the sample's good answers, a school going through the form
without a browser, and a PostgreSQL server of our own (used by the tests and benchmarks/serve.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx

LONDON_NOON = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)  # WM9's form is open, SE9's too

GOOD = {
    "school.name": "Riverside Primary School",
    "school.urn": "123456",
    "school.telephone": "0121 496 0000",
    "school.email": "office@riverside-primary.example.org",
    "school.phase": "Primary",
    "lead_teacher.reception.name": "Ada Reception",
    "lead_teacher.reception.email": "ada@riverside-primary.example.org",
    "lead_teacher.reception.trn": "",
    "lead_teacher.year_1.name": "Bo Yearone",
    "lead_teacher.year_1.email": "bo@riverside-primary.example.org",
    "lead_teacher.year_1.trn": "1234567",
    "plans.previous": "No",
    "plans.statement": "We want every child to be fluent.\nOur Year 1 results fell last year.",
    "signature.headteacher": "Harriet Head",
}
FORM = "/2024-25/WM9/number-sense"
REVISIONS = sorted(
    p.name.split("_", 1)[0]
    for p in (Path(__file__).resolve().parents[2] / "src/packgen/web/migrations/versions").glob("0*.py")
)  # the migrations, oldest first


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Clock:
    """The server's "now", which a test moves."""

    def __init__(self, now: dt.datetime = LONDON_NOON):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_bin() -> Path:
    found = shutil.which("pg_config")
    if found:
        bindir = Path(subprocess.run([found, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError(
            "PostgreSQL's server programs are not installed: run scripts/setup.sh --test (Debian's postgresql package)"
        )
    return versions[-1].parent


@dataclass
class Postgres:
    """A PostgreSQL server of our own: a fresh database for each test."""

    port: int
    counter: Iterator[int] = field(default_factory=itertools.count)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        name = f"t{os.getpid()}_{next(self.counter)}"
        self.admin(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def start_postgres(durable: bool = False) -> tuple[Postgres, Callable[[], None]]:
    """initdb and pg_ctl in a temporary folder, as the postgres user when we are root (initdb
    refuses to run as root). Returns the server and a function that stops it and cleans up."""
    bindir = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="packgen-pg-"))
    base.chmod(0o755)
    data, run = base / "data", base / "run"
    data.mkdir()
    run.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
        shutil.chown(run, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    options = f"-p {port} -k {run} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        [
            *as_user,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(run / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)

    return Postgres(port), stop


# --- a school filling the form in, without a browser ----------------------------------------------

CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
ANSWERS = re.compile(r'name="_answers" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def post_answers(client: Any, values: dict[str, str], form: str = FORM) -> Any:
    """The question page filled in with ``values`` and posted: "check your answers", or the errors."""
    page = client.get(form + "/apply")
    assert page.status_code == 200, page.text
    return client.post(form + "/apply", data={"_csrf": csrf_of(page.text), **values})


def apply(client: Any, values: dict[str, str] = GOOD, form: str = FORM, *, copy: bool = False) -> Any:
    """The whole way through: question page, "check your answers" (ticking "Include a copy of my
    answers" when ``copy``), "Accept and send". Returns the response to the send (a redirect to
    the receipt when it worked)."""
    check = post_answers(client, values, form)
    assert check.status_code == 200 and "Check your answers" in check.text, check.text[:2000]
    token = ANSWERS.search(check.text).group(1)
    data = {"_csrf": csrf_of(check.text), "_answers": token}
    if copy:
        assert 'name="_copy"' in check.text
        data["_copy"] = "yes"
    return client.post(form + "/apply/submit", data=data)


def reference_of(response: Any) -> str:
    assert response.status_code == 303, response.text[:2000]
    return response.headers["location"].rsplit("/", 1)[1]


def sign_in(client: Any, email: str, password: str = "correct horse battery") -> Any:
    """Sign in (a test client of the app), taking the second step too when the account has one."""
    page = client.get("/admin/sign-in")
    response = client.post(
        "/admin/sign-in", data={"_csrf": csrf_of(page.text), "email": email, "password": password, "next": "/admin"}
    )
    if response.status_code == 303 and response.headers["location"] == "/admin/mfa":
        return second_step(client, email)
    return response


TOTP_SECRET = re.compile(r'id="totp-secret">([A-Z2-7]+)<')


def second_step(client: Any, email: str) -> Any:
    """The app's code, as a phone would show it at the server's time: setting the app up the first
    time (the key from the page), after that from the account's key in the database. The test
    clock moves on 30 seconds first, since a code works once."""
    import pyotp
    from sqlalchemy import text

    web = client.app.state.web
    page = client.get("/admin/mfa")
    found = TOTP_SECRET.search(page.text)
    if found:
        secret = found.group(1)
    else:
        with web.engine.connect() as db:
            secret = db.execute(text("SELECT totp_secret FROM users WHERE email = :e"), {"e": email}).scalar()
    if isinstance(web.settings.clock, Clock):
        web.settings.clock.now += dt.timedelta(seconds=30)
    code = pyotp.TOTP(secret).at(web.settings.clock())
    return client.post("/admin/mfa", data={"_csrf": csrf_of(page.text), "code": code})


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    """``condition()``'s first true value, asked every 50 ms. ``timeout`` guards against a hang, not a
    speed goal (those are benchmarks/): with both cores busy in CI an email has taken over 10 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app on a real socket (uvicorn in a thread) while the block runs: its base URL."""
    import uvicorn

    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    wait_for(lambda: uv.started, timeout=30, what="uvicorn to start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=30)


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


def http_client(**options: Any) -> httpx.Client:
    """An httpx client (``httpx.Client(**options)``) that shares one TLS context with every other
    unless given its own ``verify``: httpx makes one for each client, even for http://, and reading
    the CA certificates costs about 30 ms of CPU, which a loop waiting for a server to start paid ten
    times a second."""
    return httpx.Client(**{"verify": _tls(), **options})


def wait_for_server(base: str, running: Callable[[], bool], timeout: float = 60, **options: Any) -> bool:
    """Whether ``base``/ answered 200 before ``timeout`` seconds, asked every 0.1 s while ``running()``
    (``options`` for http_client: a ``verify`` context for a self-signed certificate)."""
    deadline = time.monotonic() + timeout
    with http_client(timeout=5, **options) as client:
        while running() and time.monotonic() < deadline:
            try:
                if client.get(base + "/").status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    return False


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key, written into ``folder``."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key
