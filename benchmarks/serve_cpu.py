"""The server's own CPU per application, without HTTP: `packgen serve`'s app called in this process.

    .venv/bin/python benchmarks/serve_cpu.py [APPLICATIONS] [--postgres] [--profile]

Each application goes the whole way through the form on the sample project (SQLite, or with
--postgres a PostgreSQL started in a temporary folder as the tests start it): the question
page, its answers posted ("check your answers") and "Accept and send", stored and committed. Prints
the CPU milliseconds per application (this process's, its threads' included) over APPLICATIONS
(default 300) after 30 to warm up, three times, and the median. No client shares the cores and
no network is crossed, so the figure moves far less with the load than benchmarks/serve.py's
rates do: compare commits with this, and the whole server (uvicorn, the clients, PostgreSQL)
with that. Also printed: the statements sent to the database per application and, with
--postgres, PostgreSQL's own CPU per application (its server processes'). With --profile, the
functions of 200 more applications by their own time.
"""

from __future__ import annotations

import asyncio
import cProfile
import datetime as dt
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from sqlalchemy import event  # noqa: E402
from web.web_helpers import ANSWERS, FORM, GOOD, csrf_of, start_postgres  # noqa: E402

from packgen.web.app import create_app  # noqa: E402
from packgen.web.config import Settings  # noqa: E402

Receive = Callable[[], Awaitable[dict[str, Any]]]
App = Callable[[dict[str, Any], Receive, Callable[..., Awaitable[None]]], Awaitable[None]]


async def call(app: App, method: str, path: str, cookies: dict[str, str], body: bytes = b"") -> tuple[int, str]:
    """One request to the app as uvicorn would make it: (status, body); the cookies it sets are kept."""
    headers = [(b"host", b"127.0.0.1")]
    if cookies:
        headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
    if body:
        headers += [(b"content-type", b"application/x-www-form-urlencoded"), (b"content-length", b"%d" % len(body))]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 80),
    }
    sent = False
    status, chunks, set_cookies = 0, [], []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)  # the client never goes away
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            set_cookies.extend(v.decode() for k, v in message["headers"] if k == b"set-cookie")
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    for cookie in set_cookies:
        name, _, rest = cookie.partition("=")
        cookies[name] = rest.split(";")[0]
    return status, b"".join(chunks).decode()


async def apply(app: App, n: int, cookies: dict[str, str]) -> None:
    _, page = await call(app, "GET", FORM + "/apply", cookies)
    csrf = csrf_of(page)
    answers = {"_csrf": csrf, **GOOD, "school.urn": f"{300000 + n}", "school.name": f"School {n}"}
    status, page = await call(app, "POST", FORM + "/apply", cookies, urlencode(answers).encode())
    found = ANSWERS.search(page)
    assert status == 200 and found, f"no 'check your answers' page: {status}"
    sent = urlencode({"_csrf": csrf, "_answers": found.group(1)}).encode()
    status, _ = await call(app, "POST", FORM + "/apply/submit", cookies, sent)
    assert status == 303, f"'Accept and send' answered {status}"


class Statements:
    """Counts what the app's engine sends to the database: statements, and connections checked out."""

    def __init__(self) -> None:
        self.sent = self.checkouts = 0

    def watch(self, app: Any) -> None:
        engine = app.state.web.engine
        event.listen(engine.pool, "checkout", self._checkout)
        for name in ("before_cursor_execute", "begin", "commit", "rollback"):  # each a round trip on PostgreSQL
            event.listen(engine, name, self._sent)

    def _sent(self, *args: object) -> None:
        self.sent += 1

    def _checkout(self, *args: object) -> None:
        self.checkouts += 1


def postgres_server(port: int) -> psutil.Process:
    """The PostgreSQL server listening on ``port``."""
    listening = psutil.net_connections("tcp")
    (pid,) = {c.pid for c in listening if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port}
    return psutil.Process(pid)


def cpu_of(server: psutil.Process) -> float:
    """The CPU seconds of a server and of the processes it runs now (a backend per connection, the WAL
    writer...); one that ended between two readings is not counted."""
    total = 0.0
    for p in (server, *server.children(recursive=True)):
        try:
            times = p.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


async def run(applications: int, profile: bool, postgres: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="packgen-serve-cpu-"))
    stop: Callable[[], None] | None = None
    try:
        database = None
        pg_server: psutil.Process | None = None
        if postgres:
            server, stop = start_postgres(durable=True)
            database = server.new_database()
            pg_server = postgres_server(server.port)
        project = folder / "sample"
        shutil.copytree(REPO / "tests/fixtures/sample", project)
        shutil.copytree(REPO / "templates", project / "templates")
        moment = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)  # while the sample's form is open
        app = create_app(
            Settings(
                project=project,
                database=database,
                submissions_per_hour=0,
                submissions_per_browser_hour=0,
                clock=lambda: moment,
            )
        )
        statements = Statements()
        async with app.router.lifespan_context(app):
            statements.watch(app)
            cookies: dict[str, str] = {}
            n = 0
            for n in range(30):
                await apply(app, n, cookies)
            figures = []
            before = (statements.sent, statements.checkouts)
            postgres_before = cpu_of(pg_server) if pg_server else 0.0
            for _ in range(3):
                started = time.process_time()
                for _ in range(applications):
                    n += 1
                    await apply(app, n, cookies)
                figures.append((time.process_time() - started) / applications * 1000)
            shown = ", ".join(f"{f:.2f}" for f in figures)
            print(f"server CPU per application, in process: {shown} ms; median {statistics.median(figures):.2f} ms")
            sent = (statements.sent - before[0]) / (3 * applications)
            checkouts = (statements.checkouts - before[1]) / (3 * applications)
            print(
                f"per application: {sent:.1f} statements to the database (begin/commit/rollback included), "
                f"{checkouts:.1f} connections checked out"
            )
            if pg_server:
                spent = (cpu_of(pg_server) - postgres_before) / (3 * applications) * 1000
                print(f"PostgreSQL's own CPU per application (its server processes): {spent:.2f} ms")
            if profile:
                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
                for _ in range(200):
                    n += 1
                    await apply(app, n, cookies)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    finally:
        if stop is not None:
            stop()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    asyncio.run(run(int(numbers[0]) if numbers else 300, "--profile" in sys.argv, "--postgres" in sys.argv))


if __name__ == "__main__":
    main()
