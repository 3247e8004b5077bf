"""Load and faults for `packgen serve`, on SQLite (the embedded default) and on PostgreSQL.

    .venv/bin/python benchmarks/serve.py [SUBMISSIONS] [CLIENTS]

For each database:

1. Load: SUBMISSIONS (default 500) applications sent by CLIENTS (default 50) concurrent clients,
   each with its own session, through the whole form (question page, "check your answers",
   "Accept and send") to `packgen serve` running as its own process on 127.0.0.1. Then every
   application is checked to be in the database exactly once. Prints submissions per second and
   the p50 and p95 latency of "Accept and send" (the request that stores and commits) and of
   the whole way through.
2. Faults: the same load again, and `kill -9` of the server once a third of the receipts are
   back. Every submission that got a receipt must be in the database after a restart; then each
   client sends again what it had not had a receipt for (the same "check your answers" page, so
   the same submission), and every application must be stored exactly once, none lost.

Traffic goes to 127.0.0.1 only; every loop and wait is bounded. PostgreSQL is started from
Debian's postgresql package in a temporary folder (as the tests do), with fsync on.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from web.web_helpers import ANSWERS, GOOD, csrf_of, free_port, start_postgres  # noqa: E402

from packgen.web import store  # noqa: E402
from packgen.web.db import make_engine, parse_url  # noqa: E402

PACKGEN = Path(sys.executable).parent / "packgen"
FORM = "/2024-25/WM9/number-sense"
TIMEOUT = 60.0  # seconds for any one request


@dataclass
class Result:
    reference: str | None = None
    urn: str = ""
    submit_seconds: float = 0.0
    total_seconds: float = 0.0
    token: str = ""  # the "check your answers" page's signed answers, to send again after a crash
    csrf: str = ""
    error: str = ""


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0


class Server:
    """`packgen serve` as a process of its own."""

    def __init__(self, project: Path, database: str | None):
        self.project, self.database, self.port = project, database, free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = [
            str(PACKGEN),
            "serve",
            "--project",
            str(self.project),
            "--port",
            str(self.port),
            "--today",
            "2024-03-01",
            "--submissions-per-hour",
            "0",
        ]
        if self.database:
            args += ["--database", self.database]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("packgen serve exited on start")
            time.sleep(0.2)
        raise RuntimeError("packgen serve did not start in 90 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (Linux /proc)."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def one_client(
    base: str, numbers: list[int], run: Run, receipts: list[int], crash_after: int | None, crashed: asyncio.Event
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:
        csrf = ""
        for n in numbers:
            result = Result(urn=f"{200000 + n}")
            run.results.append(result)
            if crashed.is_set():
                result.error = "not sent: the server was down"
                continue
            started = time.perf_counter()
            try:
                if not csrf:
                    csrf = csrf_of((await client.get(FORM + "/apply")).text)
                values = {**GOOD, "school.urn": result.urn, "school.name": f"School {n}"}
                check = await client.post(FORM + "/apply", data={"_csrf": csrf, **values})
                result.token, result.csrf = ANSWERS.search(check.text).group(1), csrf
                before = time.perf_counter()
                sent = await client.post(FORM + "/apply/submit", data={"_csrf": csrf, "_answers": result.token})
                done = time.perf_counter()
                if sent.status_code != 303:
                    result.error = f"status {sent.status_code}"
                    continue
                result.reference = sent.headers["location"].rsplit("/", 1)[1]
                result.submit_seconds, result.total_seconds = done - before, done - started
                receipts.append(n)
                if crash_after is not None and len(receipts) >= crash_after:
                    crashed.set()
            except (httpx.TransportError, AttributeError) as exc:
                result.error = f"no receipt: {type(exc).__name__}"
                if isinstance(exc, httpx.TransportError):
                    crashed.set()


async def load(base: str, submissions: int, clients: int, *, crash_after: int | None = None, on_crash=None) -> Run:  # type: ignore[no-untyped-def]
    run = Run()
    receipts: list[int] = []
    crashed = asyncio.Event()
    numbers = [list(range(c, submissions, clients)) for c in range(clients)]
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(one_client(base, numbers[c], run, receipts, crash_after, crashed)) for c in range(clients)
    ]
    if crash_after is not None:
        await asyncio.wait_for(crashed.wait(), timeout=600)
        on_crash()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=1200)
    run.seconds = time.perf_counter() - started
    return run


async def send_again(base: str, unanswered: list[Result]) -> None:
    """Each submission without a receipt sent again as it was (same page, same session token)."""
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:
        for result in unanswered:
            if not result.token:  # never got as far as "check your answers": start from the question page
                csrf = csrf_of((await client.get(FORM + "/apply")).text)
                check = await client.post(
                    FORM + "/apply", data={"_csrf": csrf, **GOOD, "school.urn": result.urn, "school.name": "again"}
                )
                result.token, result.csrf = ANSWERS.search(check.text).group(1), csrf
            else:
                client.cookies.clear()
                csrf = csrf_of(
                    (await client.get(FORM + "/apply")).text
                )  # a new session: the old cookie died with its client
                result.csrf = csrf
            sent = await client.post(FORM + "/apply/submit", data={"_csrf": result.csrf, "_answers": result.token})
            assert sent.status_code == 303, sent.status_code
            result.reference = sent.headers["location"].rsplit("/", 1)[1]


def stored(project: Path, database: str | None) -> dict[str, str]:
    """reference -> URN of every application in the database."""
    engine = make_engine(parse_url(database, project))
    try:
        return {s.reference: s.values["school.urn"] for s in store.applications(engine)}
    finally:
        engine.dispose()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name: str, run: Run) -> None:
    ok = [r for r in run.results if r.reference]
    submit = [r.submit_seconds * 1000 for r in ok]
    total = [r.total_seconds * 1000 for r in ok]
    print(f"  {name}: {len(ok)} submissions in {run.seconds:.1f} s = {len(ok) / run.seconds:.1f} submissions/s")
    print(f"    'Accept and send' latency: p50 {statistics.median(submit):.0f} ms, p95 {percentile(submit, 95):.0f} ms")
    print(
        f"    whole way through (form, check, send): p50 {statistics.median(total):.0f} ms,"
        f" p95 {percentile(total, 95):.0f} ms"
    )
    print(
        f"    CPU: the server {run.server_cpu * 1000 / len(ok):.1f} ms per submission; the clients "
        f"{run.client_cpu * 1000 / len(ok):.1f} ms (they share the machine's cores)"
    )


def bench(label: str, database: str | None, submissions: int, clients: int) -> None:
    print(f"{label}:")
    workdir = Path(tempfile.mkdtemp(prefix="packgen-bench-"))
    project = workdir / "sample"
    shutil.copytree(REPO / "tests/fixtures/sample", project)
    shutil.copytree(REPO / "templates", project / "templates")
    server = Server(project, database)
    try:
        server.start()
        cpu_before, clients_before = server.cpu_seconds(), time.process_time()
        run = asyncio.run(load(server.url, submissions, clients))
        run.server_cpu, run.client_cpu = server.cpu_seconds() - cpu_before, time.process_time() - clients_before
        failed = [r for r in run.results if not r.reference]
        assert not failed, f"{len(failed)} submissions failed: {failed[0].error}"
        kept = stored(project, database)
        urns = sorted(kept.values())
        assert len(kept) == submissions and len(set(urns)) == submissions, (len(kept), len(set(urns)))
        assert {r.reference for r in run.results} == set(kept)
        report("load", run)
        print(f"    stored: {len(kept)} of {submissions}, each exactly once")

        # Faults: the next load, with the server killed (SIGKILL) a third of the way in.
        before = set(kept)
        server_url = server.url
        run = asyncio.run(load(server_url, submissions, clients, crash_after=submissions // 3, on_crash=server.kill9))
        receipted = [r for r in run.results if r.reference]
        unanswered = [r for r in run.results if not r.reference]
        server.start()  # the same port, the same database
        after = stored(project, database)
        missing = [r.reference for r in receipted if r.reference not in after]
        assert not missing, f"{len(missing)} receipted submissions lost: {missing[:3]}"
        stored_without_receipt = len(set(after) - before) - len(receipted)
        print(
            f"  kill -9 after {len(receipted)} receipts: all {len(receipted)} receipted submissions in the database"
            f" after the restart; {len(unanswered)} had no receipt"
            f" ({stored_without_receipt} of them stored just before the kill)"
        )
        asyncio.run(send_again(server.url, unanswered))
        final = stored(project, database)
        new = {ref: urn for ref, urn in final.items() if ref not in before}
        assert len(new) == submissions and len(set(new.values())) == submissions, (len(new), len(set(new.values())))
        assert {r.reference for r in run.results} == set(new)
        print(f"    sent again: {len(new)} of {submissions} stored, each exactly once, none lost")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    submissions = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    print(f"{submissions} submissions from {clients} concurrent clients, packgen serve on 127.0.0.1 (one process)")
    bench("SQLite (embedded default, WAL, synchronous=FULL)", None, submissions, clients)
    postgres, stop = start_postgres(durable=True)
    try:
        postgres.admin("CREATE DATABASE bench")
        bench("PostgreSQL (fsync on)", postgres.url("bench"), submissions, clients)
    finally:
        stop()


if __name__ == "__main__":
    main()
