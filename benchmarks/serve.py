"""Load and faults for `packgen serve`, on SQLite (the embedded default) and on PostgreSQL.

    .venv/bin/python benchmarks/serve.py [SUBMISSIONS] [CLIENTS]

For SQLite and PostgreSQL, each with one server process and with four (`--workers 4`):

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

   (For one process; with four, the load only: `tests/web/test_web_workers.py` kills one of four.)
3. Sign-ins: 120 sign-in attempts at once, each from its own address (as a proxy named by
   `--forwarded-allow-ips` would say), while 50 applications are sent by 10 clients: the
   server's peak memory (the sum of its processes' RSS, and of their PSS, which counts a page the
   forked workers share once; sampled every 20 ms) and the applicants'
   p95. Then a table of every figure.

The clients are a lean HTTP/1.1 client written here (`Client`), in this one process: httpx took
more CPU per application than the server, on the same two cores. The load average is printed at
the start and the end: on a busy machine the rates fall, and the server's CPU time per application
is the steadier figure.

Traffic goes to 127.0.0.1 only; every loop and wait is bounded. PostgreSQL is started from
Debian's postgresql package in a temporary folder (as the tests do), with fsync on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
import psutil

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


class TransportError(Exception):
    """The connection failed or closed before a whole response came back."""


@dataclass
class Response:
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


class Client:
    """A lean HTTP/1.1 client for the load: one kept-alive connection (or a new one per request),
    one cookie jar, form posts. httpx cost the load 11-18 ms of CPU per application on the two cores
    the server runs on; this costs about a tenth of that. It speaks only what `packgen serve` answers
    (Content-Length or chunked bodies, Set-Cookie, Connection: close)."""

    def __init__(self, base: str, keep_alive: bool = True, headers: dict[str, str] | None = None):
        host_port = base.removeprefix("http://").rstrip("/")
        self.host, _, port = host_port.partition(":")
        self.port = int(port or 80)
        self.keep_alive = keep_alive
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, path: str) -> Response:
        return await self.request("GET", path, None)

    async def post(self, path: str, data: dict[str, str]) -> Response:
        return await self.request("POST", path, urlencode(data).encode())

    async def request(self, method: str, path: str, body: bytes | None) -> Response:
        try:
            return await asyncio.wait_for(self._request(method, path, body), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.close()
            raise TransportError(type(exc).__name__) from exc

    async def _request(self, method: str, path: str, body: bytes | None) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nhost: {self.host}:{self.port}\r\n{self.extra}"
        if self.cookies:
            head += "cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()) + "\r\n"
        if not self.keep_alive:
            head += "connection: close\r\n"
        if body is not None:
            head += f"content-type: application/x-www-form-urlencoded\r\ncontent-length: {len(body)}\r\n"
        self.writer.write(head.encode("latin-1") + b"\r\n" + (body or b""))
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, cookie = pair.partition("=")
                if "max-age=0" in value.lower() or not cookie:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie
            headers[name] = value
        if "content-length" in headers:
            content = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await self.reader.readexactly(size + 2))
            await self.reader.readuntil(b"\r\n")
            content = b"".join(c[:-2] for c in chunks)
        else:
            content = await self.reader.read()
        if not self.keep_alive or headers.get("connection", "").lower() == "close":
            self.close()
        return Response(status, headers, content)


class Server:
    """`packgen serve` as a process of its own."""

    def __init__(self, project: Path, database: str | None, workers: int = 1, *extra: str):
        self.project, self.database, self.port = project, database, free_port()
        self.workers, self.extra = workers, list(extra)
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
            "--workers",
            str(self.workers),
            *self.extra,
        ]
        if self.database:
            args += ["--database", self.database]
        self.log = self.project.parent / "serve.log"  # what went wrong, if anything did: kept on failure
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
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

    def processes(self) -> list[psutil.Process]:
        """The server's processes: itself and, with --workers, its workers."""
        assert self.process is not None
        try:
            parent = psutil.Process(self.process.pid)
            return [parent, *parent.children()]
        except psutil.Error:
            return []

    def cpu_seconds(self) -> float:
        """CPU time the server's processes have used so far."""
        total = 0.0
        for process in self.processes():
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                total += times.user + times.system
        return total

    def memory(self) -> tuple[int, int]:
        """Bytes of memory the server's processes hold now: the sum of their RSS, which counts the
        pages forked workers share with their parent once in each, and of their PSS, which shares
        each such page out among them (what the machine gives up, as the kernel counts it)."""
        rss = pss = 0
        for process in self.processes():
            with contextlib.suppress(psutil.Error):
                info = process.memory_full_info()
                rss, pss = rss + info.rss, pss + info.pss
        return rss, pss

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def one_client(
    base: str,
    numbers: list[int],
    run: Run,
    receipts: list[int],
    crash_after: int | None,
    crashed: asyncio.Event,
    keep_alive: bool = True,
) -> None:
    async with Client(base, keep_alive) as client:
        for n in numbers:
            result = Result(urn=f"{200000 + n}")
            run.results.append(result)
            if crashed.is_set():
                result.error = "not sent: the server was down"
                continue
            started = time.perf_counter()
            try:
                # Each application from the question page, as an applicant's would (one browser's session
                # kept from one to the next, so the same CSRF token).
                csrf = csrf_of((await client.get(FORM + "/apply")).text)
                values = {**GOOD, "school.urn": result.urn, "school.name": f"School {n}"}
                check = await client.post(FORM + "/apply", {"_csrf": csrf, **values})
                result.token, result.csrf = ANSWERS.search(check.text).group(1), csrf
                before = time.perf_counter()
                sent = await client.post(FORM + "/apply/submit", {"_csrf": csrf, "_answers": result.token})
                done = time.perf_counter()
                if sent.status_code != 303:
                    result.error = f"status {sent.status_code}"
                    continue
                result.reference = sent.headers["location"].rsplit("/", 1)[1]
                result.submit_seconds, result.total_seconds = done - before, done - started
                receipts.append(n)
                if crash_after is not None and len(receipts) >= crash_after:
                    crashed.set()
            except (TransportError, AttributeError) as exc:
                result.error = f"no receipt: {type(exc).__name__}"
                if isinstance(exc, TransportError):
                    crashed.set()


async def load(
    base: str, submissions: int, clients: int, *, crash_after: int | None = None, on_crash=None, keep_alive=True
) -> Run:
    run = Run()
    receipts: list[int] = []
    crashed = asyncio.Event()
    numbers = [list(range(c, submissions, clients)) for c in range(clients)]
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(one_client(base, numbers[c], run, receipts, crash_after, crashed, keep_alive))
        for c in range(clients)
    ]
    if crash_after is not None:
        await asyncio.wait_for(crashed.wait(), timeout=600)
        on_crash()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=1200)
    run.seconds = time.perf_counter() - started
    return run


async def send_again(base: str, unanswered: list[Result]) -> None:
    """Each submission without a receipt sent again as it was (same page, same session token)."""
    async with Client(base) as client:
        for result in unanswered:
            client.cookies.clear()  # each its own browser, as it was: one browser may send 10 an hour
            if not result.token:  # never got as far as "check your answers": start from the question page
                csrf = csrf_of((await client.get(FORM + "/apply")).text)
                check = await client.post(
                    FORM + "/apply", {"_csrf": csrf, **GOOD, "school.urn": result.urn, "school.name": "again"}
                )
                result.token, result.csrf = ANSWERS.search(check.text).group(1), csrf
            else:
                client.cookies.clear()
                csrf = csrf_of(
                    (await client.get(FORM + "/apply")).text
                )  # a new session: the old cookie died with its client
                result.csrf = csrf
            sent = await client.post(FORM + "/apply/submit", {"_csrf": result.csrf, "_answers": result.token})
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


def report(name: str, run: Run) -> dict[str, str]:
    """Print a run's figures; returns them for the table."""
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
    return {
        "accepted/s": f"{len(ok) / run.seconds:.0f}",
        "send p50/p95 ms": f"{statistics.median(submit):.0f} / {percentile(submit, 95):.0f}",
        "whole p95 ms": f"{percentile(total, 95):.0f}",
        "server CPU ms/app": f"{run.server_cpu * 1000 / len(ok):.1f}",
    }


def show_log(server: Server) -> None:
    """What the server said that was not a request's line, when a run failed."""
    log = getattr(server, "log", None)
    if log is not None and log.exists():
        lines = [line for line in log.read_text(errors="replace").splitlines() if "INFO:" not in line]
        print("server's log:", *lines[-30:], sep="\n  ")


def sample_project() -> tuple[Path, Path]:
    workdir = Path(tempfile.mkdtemp(prefix="packgen-bench-"))
    project = workdir / "sample"
    shutil.copytree(REPO / "tests/fixtures/sample", project)
    shutil.copytree(REPO / "templates", project / "templates")
    return workdir, project


def bench(label: str, database: str | None, submissions: int, clients: int, workers: int) -> dict[str, str]:
    print(f"{label}, {workers} process{'es' if workers > 1 else ''}:")
    workdir, project = sample_project()
    server = Server(project, database, workers)
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
        row = {"database": label, "processes": str(workers), **report("load", run)}
        row["receipts in the database"] = f"{len(kept)} of {submissions}, once each"
        print(f"    stored: {len(kept)} of {submissions}, each exactly once")
        if workers > 1:
            row["after kill -9"] = "(tests/web/test_web_workers.py)"
            return row

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
        row["after kill -9"] = f"all {len(receipted)} receipted kept; {len(new)} of {submissions} once each"
        return row
    except BaseException:
        show_log(server)
        raise
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


async def sign_in_attempts(base: str, count: int) -> list[int]:
    """``count`` sign-in attempts at once, each from its own address, with a wrong password: one in
    ten for the real account (which the 10th locks), the rest for unknown emails (which are hashed
    all the same, so the answer does not tell)."""

    async def one(n: int) -> int:
        headers = {"x-forwarded-for": f"10.1.{n // 250}.{n % 250 + 1}"}
        email = "staff@example.org" if n % 10 == 0 else f"guess{n}@example.org"
        for _ in range(5):
            # A connection idle past uvicorn's keep-alive (5 s: this client's loop is busy with
            # 130 others on two shared cores) is closed under the POST: try again, as a browser would.
            try:
                async with Client(base, headers=headers) as client:
                    page = await client.get("/admin/sign-in")
                    data = {"_csrf": csrf_of(page.text), "email": email, "password": f"wrong {n}", "next": "/admin"}
                    return (await client.post("/admin/sign-in", data)).status_code
            except TransportError:
                continue
        return 0

    return list(await asyncio.gather(*(one(n) for n in range(count))))


def flood(label: str, database: str | None, workers: int, attempts: int = 120) -> dict[str, str]:
    """Sign-in attempts at once while applicants apply: the server's peak memory, their p95."""
    print(f"{label}, {workers} process{'es' if workers > 1 else ''}: {attempts} sign-in attempts at once")
    workdir, project = sample_project()
    db = ["--database", database] if database else []
    subprocess.run(
        [str(PACKGEN), "users", "add", "staff@example.org", "--hub", "WM9", "--password-stdin"]
        + ["--project", str(project), *db],
        input="purple otter lamp\n",
        text=True,
        check=True,
        capture_output=True,
    )
    server = Server(project, database, workers, "--forwarded-allow-ips", "127.0.0.1")
    try:
        server.start()
        idle = server.memory()
        peak = list(idle)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                now = server.memory()
                peak[0], peak[1] = max(peak[0], now[0]), max(peak[1], now[1])
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()

        async def both() -> tuple[list[int], Run]:
            # A new connection per request: 130 clients in one event loop on two busy cores can leave
            # a kept-alive connection idle past uvicorn's 5 s, and its next request then fails.
            statuses, run = await asyncio.gather(
                sign_in_attempts(server.url, attempts), load(server.url, 50, 10, keep_alive=False)
            )
            return statuses, run

        started = time.perf_counter()
        try:
            statuses, run = asyncio.run(both())
        finally:
            done.set()
            sampler.join()
        seconds = time.perf_counter() - started
        ok = [r for r in run.results if r.reference]
        assert len(ok) == 50, ([r.error for r in run.results if not r.reference][:3], server.log)
        total = [r.total_seconds * 1000 for r in ok]
        submit = [r.submit_seconds * 1000 for r in ok]
        refused, busy = statuses.count(400), statuses.count(429)
        assert refused + busy == len(statuses), statuses
        mib = 1024 * 1024
        print(
            f"  server memory (all its processes): RSS summed {idle[0] / mib:.0f} MiB idle, {peak[0] / mib:.0f} MiB"
            f" at most; PSS summed {idle[1] / mib:.0f} MiB idle, {peak[1] / mib:.0f} MiB at most"
        )
        print(
            f"  {refused} attempts refused as wrong, {busy} answered 429 (hashing busy or locked), in {seconds:.1f} s"
        )
        print(
            f"  applicants meanwhile (50 applications, 10 clients): 'Accept and send' p95 {percentile(submit, 95):.0f}"
            f" ms, whole way through p95 {percentile(total, 95):.0f} ms"
        )
        return {
            "database": label,
            "processes": str(workers),
            "server RSS idle / peak MiB": f"{idle[0] / mib:.0f} / {peak[0] / mib:.0f}",
            "server PSS idle / peak MiB": f"{idle[1] / mib:.0f} / {peak[1] / mib:.0f}",
            "attempts: 400 / 429": f"{refused} / {busy}",
            "applicants' send p95 ms": f"{percentile(submit, 95):.0f}",
            "applicants' whole p95 ms": f"{percentile(total, 95):.0f}",
        }
    except BaseException:
        show_log(server)
        raise
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def table(rows: list[dict[str, str]]) -> None:
    """Rows as a Markdown table (the README quotes it)."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    print("| " + " | ".join(columns) + " |")
    print("| " + " | ".join("---" for _ in columns) + " |")
    for row in rows:
        print("| " + " | ".join(row.get(c, "") for c in columns) + " |")


def main() -> None:
    submissions = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    print(f"{submissions} submissions from {clients} concurrent clients to packgen serve on 127.0.0.1")
    print(f"{os.cpu_count()} cores, shared with the clients and with whatever else the machine is doing")
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    loads: list[dict[str, str]] = []
    floods: list[dict[str, str]] = []
    sqlite = "SQLite (WAL, synchronous=FULL)"
    for workers in (1, 4):
        loads.append(bench(sqlite, None, submissions, clients, workers))
    postgres, stop = start_postgres(durable=True)
    try:
        for workers in (1, 4):
            postgres.admin(f"CREATE DATABASE bench{workers}")
            loads.append(bench("PostgreSQL (fsync on)", postgres.url(f"bench{workers}"), submissions, clients, workers))
        for workers in (1, 4):
            postgres.admin(f"CREATE DATABASE flood{workers}")
            floods.append(flood("PostgreSQL (fsync on)", postgres.url(f"flood{workers}"), workers))
    finally:
        stop()
    floods.insert(0, flood(sqlite, None, 1))
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    table(loads)
    print()
    table(floods)


if __name__ == "__main__":
    main()
