"""Several `packgen serve` processes on one PostgreSQL (issue 21): four started at once migrate the
database once; a session, a lockout and a limit made through one process hold in the others; the
outbox, taken by four processes at once, sends each email once (counted at a real SMTP server);
and `packgen serve --workers 4` loses nothing receipted, and stores nothing twice, when one of its
processes is killed with `kill -9` in the middle of a load.

The four servers, their database and the SMTP server are made once for the module."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
from aiosmtpd.controller import Controller
from conftest import REPO, SAMPLE
from sqlalchemy import text

from packgen.forms import spec
from packgen.web import store
from packgen.web.db import head_revision, make_engine, parse_url
from web.test_web_mail import Inbox
from web.web_helpers import ANSWERS, GOOD, Postgres, csrf_of, free_port, http_client, wait_for_server

pytestmark = pytest.mark.servers
PACKGEN = Path(sys.executable).parent / "packgen"
SENDER = "noreply@riverside-hub.example.org"
FORM = "/2024-25/WM9/number-sense"
PASSWORD = "purple otter lamp"


@dataclass
class Process:
    """One `packgen serve` (or its parent, with --workers) and what it printed."""

    popen: subprocess.Popen[bytes]
    base: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start(project: Path, log: Path, database: str, *options: str) -> Process:
    """`packgen serve` on a free port, not waited for (so several start at once)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PACKGEN_DATABASE_URL", "PACKGEN_SMTP_URL")}
    with log.open("wb") as out:
        popen = subprocess.Popen(
            [str(PACKGEN), "serve", "--project", str(project), "--port", str(port), "--today", "2024-03-01"]
            + ["--database", database, *options],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Process(popen, f"http://127.0.0.1:{port}", log)


def wait_up(process: Process, timeout: float = 60) -> None:
    if not wait_for_server(process.base, lambda: process.popen.poll() is None, timeout):
        process.popen.kill()
        raise AssertionError(process.output())


def stop(process: Process) -> None:
    if process.popen.poll() is None:
        process.popen.terminate()
        try:
            process.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait()


@dataclass
class Four:
    processes: list[Process]
    database: str
    inbox: Inbox
    project: Path


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("workers") / "sample"
    shutil.copytree(SAMPLE, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


@pytest.fixture(scope="module")
def four(postgres: Postgres, project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Four]:
    """Four `packgen serve` processes started at the same moment on one new (empty) PostgreSQL
    database, each sending email to one aiosmtpd server and looking at the outbox every 0.2 s."""
    database = postgres.new_database()
    smtp_port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    logs = tmp_path_factory.mktemp("logs")
    options = [
        "--smtp",
        f"smtp://127.0.0.1:{smtp_port}?from={SENDER}",
        "--mail-poll-seconds",
        "0.2",
        "--submissions-per-hour",
        "4",
    ]
    processes = [start(project, logs / f"{n}.log", database, *options) for n in range(4)]
    try:
        for process in processes:
            wait_up(process)
        engine = make_engine(parse_url(database, project))
        from packgen.web.auth import hash_password

        now = dt.datetime.now(dt.UTC)
        for email in ("session@example.org", "locked@example.org"):
            store.add_user(engine, email, hash_password(PASSWORD), "WM9", now)
        engine.dispose()
        yield Four(processes, database, inbox, project)
    finally:
        for process in processes:
            stop(process)
        controller.stop()
        postgres.drop(database)


def test_four_servers_started_at_once_migrate_the_database_once(four: Four) -> None:
    outputs = [p.output() for p in four.processes]
    assert all("Serving 2 packs on http://127.0.0.1:" in o for o in outputs), outputs
    applied = [o for o in outputs if "Applied migrations 0001" in o]
    assert len(applied) == 1, outputs  # one applied them all; the three others waited and found nothing to do
    assert all(p.popen.poll() is None for p in four.processes)
    engine = make_engine(parse_url(four.database, four.project))
    with engine.connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    engine.dispose()


def _sign_in(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    page = client.get("/admin/sign-in")
    return client.post(
        "/admin/sign-in", data={"_csrf": csrf_of(page.text), "email": email, "password": password, "next": "/admin"}
    )


def test_a_session_made_by_one_process_is_ended_by_signing_out_through_another(four: Four) -> None:
    a, b, c, d = (p.base for p in four.processes)
    with http_client(base_url=a, timeout=30) as first:
        assert _sign_in(first, "session@example.org").status_code == 303
        cookies = first.cookies
        for base in (b, c, d):
            with http_client(base_url=base, timeout=30, cookies=cookies) as other:
                assert other.get("/admin").status_code == 200  # the same session in every process
        with http_client(base_url=b, timeout=30, cookies=cookies) as second:
            listing = second.get("/admin")
            assert second.post("/admin/sign-out", data={"_csrf": csrf_of(listing.text)}).status_code == 303
        for base in (a, c, d):
            with http_client(base_url=base, timeout=30, cookies=cookies) as copied:
                answer = copied.get("/admin")  # the copied cookie is signed out in every process
                assert answer.status_code == 303 and answer.headers["location"].startswith("/admin/sign-in")


def test_wrong_passwords_through_four_processes_lock_the_account_once(four: Four) -> None:
    bases = [p.base for p in four.processes]
    for n in range(10):  # 10 wrong guesses, spread over the four processes
        with http_client(base_url=bases[n % 4], timeout=30) as guesser:
            assert _sign_in(guesser, "locked@example.org", "a wrong guess!").status_code == 400
    for base in bases:
        with http_client(base_url=base, timeout=30) as owner:
            assert _sign_in(owner, "locked@example.org").status_code == 429  # locked in every process
    # The 10th wrong guess told the account's owner, once, whichever process sent it.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(r == ["locked@example.org"] for r, _ in four.inbox.messages):
        time.sleep(0.1)
    time.sleep(1)  # four processes polling every 0.2 s: a second copy would have come by now
    assert sum(r == ["locked@example.org"] for r, _ in four.inbox.messages) == 1


def _send(base: str, urn: int) -> int:
    """One application from a new browser; the status of "Accept and send"."""
    with http_client(base_url=base, timeout=30) as client:
        form = client.get(FORM + "/apply")
        answers = {**GOOD, "school.urn": str(urn), "school.email": f"office{urn}@example.org"}
        check = client.post(FORM + "/apply", data={"_csrf": csrf_of(form.text), **answers})
        found = ANSWERS.search(check.text)
        if found is None:
            return check.status_code
        sent = client.post(FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": found.group(1)})
        return sent.status_code


def test_the_submission_limit_counts_applications_sent_through_every_process(four: Four) -> None:
    # --submissions-per-hour 4 for 127.0.0.1: one through each of the four processes uses them up.
    for n, process in enumerate(four.processes):
        assert _send(process.base, 300000 + n) == 303
    assert [_send(p.base, 300100 + n) for n, p in enumerate(four.processes)] == [429] * 4


def test_four_processes_taking_the_outbox_at_once_send_each_email_once(four: Four) -> None:
    engine = make_engine(parse_url(four.database, four.project))
    identity = spec.Identity(programme="number-sense", year="2024-25", hub="WM9")
    now = dt.datetime(2024, 2, 29, tzinfo=dt.UTC)  # before the servers' day (--today 2024-03-01): due at once
    before = len(four.inbox.messages)
    wanted = [f"school{n}@example.org" for n in range(40)]

    def queue(n: int) -> None:
        values = {**GOOD, "school.urn": str(400000 + n), "school.email": wanted[n]}
        store.submit(engine, identity, values, None, f"outbox-{n}", now, emails=[store.Outgoing("receipt", wanted[n])])

    with ThreadPoolExecutor(6) as pool:  # stored while the four processes poll the outbox
        list(pool.map(queue, range(40)))

    def received() -> list[str]:
        return [r[0] for r, _ in four.inbox.messages[before:] if r[0].startswith("school")]

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(received()) < 40:
        time.sleep(0.1)
    time.sleep(1)  # any second copy would have followed by now
    assert sorted(received()) == sorted(wanted)  # each once: none missing, none twice
    with engine.connect() as db:
        rows = db.execute(
            text(
                "SELECT e.status, e.attempts FROM emails e JOIN applications a ON a.id = e.application_id"
                " WHERE a.nonce LIKE 'outbox-%'"
            )
        ).all()
    assert sorted(set(rows)) == [("sent", 1)] and len(rows) == 40
    engine.dispose()


# --- kill -9 of one of four workers ------------------------------------------------------------------


def _one_application(base: str, n: int, receipts: dict[int, str], lock: threading.Lock) -> None:
    """A school's whole way through, as a browser whose user presses "try again" when a page fails:
    each step is sent again after a connection error or a 5xx; "Accept and send" is sent again as it
    was (the same "check your answers" page, the same session)."""
    with http_client(base_url=base, timeout=30) as client:

        def step(method: str, path: str, data: dict[str, str] | None = None) -> httpx.Response:
            for _ in range(60):
                try:
                    response = client.request(method, path, data=data)
                except httpx.TransportError:
                    time.sleep(0.1)
                    continue
                if response.status_code < 500:
                    return response
                time.sleep(0.1)
            raise AssertionError(f"{path} failed 60 times")

        form = step("GET", FORM + "/apply")
        answers = {**GOOD, "school.urn": str(500000 + n), "school.name": f"School {n}"}
        check = step("POST", FORM + "/apply", {"_csrf": csrf_of(form.text), **answers})
        token = ANSWERS.search(check.text).group(1)
        sent = step("POST", FORM + "/apply/submit", {"_csrf": csrf_of(check.text), "_answers": token})
        assert sent.status_code == 303, sent.text[:500]
        with lock:
            receipts[n] = sent.headers["location"].rsplit("/", 1)[1]


def test_kill_9_of_one_of_four_workers_mid_load_loses_no_receipt_and_duplicates_nothing(
    postgres: Postgres, project: Path, tmp_path: Path
) -> None:
    database = postgres.new_database()
    server = start(project, tmp_path / "serve.log", database, "--workers", "4", "--submissions-per-hour", "0")
    try:
        wait_up(server)
        workers = psutil.Process(server.popen.pid).children()
        assert len(workers) == 4, server.output()
        receipts: dict[int, str] = {}
        lock = threading.Lock()
        total = 80
        with ThreadPoolExecutor(12) as pool:
            futures = [pool.submit(_one_application, server.base, n, receipts, lock) for n in range(total)]
            while len(receipts) < 25:
                time.sleep(0.01)
            victim = workers[1]
            os.kill(victim.pid, signal.SIGKILL)  # mid-load: requests in flight on it are cut off
            for future in futures:
                future.result()
        assert len(receipts) == total
        # The parent started another worker in its place.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(psutil.Process(server.popen.pid).children()) < 4:
            time.sleep(0.1)
        now = {c.pid for c in psutil.Process(server.popen.pid).children()}
        assert len(now) == 4 and victim.pid not in now, server.output()
        assert "ended with signal 9; starting another" in server.output()

        engine = make_engine(parse_url(database, project))
        stored = {s.reference: s.values["school.urn"] for s in store.applications(engine)}
        engine.dispose()
        assert set(receipts.values()) <= set(stored)  # every receipted application is in the database
        assert len(stored) == total  # and nothing twice: one row per school, retries included
        assert sorted(stored.values()) == sorted(str(500000 + n) for n in range(total))
        assert {stored[ref] for ref in receipts.values()} == set(stored.values())
    finally:
        stop(server)
        postgres.drop(database)
    assert server.popen.returncode == 0  # SIGTERM: the workers finished and the parent left cleanly


def test_four_servers_started_at_once_on_a_new_sqlite_file_migrate_it_once(project: Path, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'var' / 'applications.sqlite3'}"
    processes = [start(project, tmp_path / f"{n}.log", database) for n in range(4)]
    try:
        for process in processes:
            wait_up(process)
        outputs = [p.output() for p in processes]
        assert len([o for o in outputs if "Applied migrations 0001" in o]) == 1, outputs
        engine = make_engine(parse_url(database, project))
        with engine.connect() as db:
            assert db.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
        engine.dispose()
    finally:
        for process in processes:
            stop(process)
