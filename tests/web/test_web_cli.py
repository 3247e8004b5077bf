"""`packgen serve` as a real process on a real socket, `packgen users` and `packgen db`; and the
other commands never load the web stack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import edit

from packgen.cli import main
from web.web_helpers import ANSWERS, GOOD, REVISIONS, csrf_of, free_port, http_client, wait_for_server

PACKGEN = Path(sys.executable).parent / "packgen"
WEB_STACK = ("starlette", "uvicorn", "sqlalchemy", "alembic", "argon2", "psycopg", "multipart", "itsdangerous", "pyotp")


def cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_the_other_commands_never_import_the_web_stack(sample: Path) -> None:
    script = (
        "import sys\n"
        "from packgen.cli import main\n"
        "for args in (['--help'], ['build', '--help'], ['check', '--project', sys.argv[1]]):\n"
        "    try:\n"
        "        main(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB_STACK!r} or m.startswith('packgen.web')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(sample)], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_users_add_stores_an_argon2id_hash_with_owasps_parameters_for_a_server(
    database: None, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packgen.web import auth, store
    from packgen.web.db import make_engine, parse_url

    monkeypatch.setattr(auth, "_hasher", auth.SERVER_HASHER)  # as shipped, not the tests' quick one
    added = cli(
        "users",
        "add",
        "lead@riverside.example.org",
        "--hub",
        "WM9",
        "--password-stdin",
        "--project",
        str(sample),
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    engine = make_engine(parse_url(None, sample))
    stored = store.user_by_email(engine, "lead@riverside.example.org").password_hash
    engine.dispose()
    assert stored.startswith("$argon2id$v=19$m=7168,t=5,p=1$") and "a long enough password" not in stored
    assert auth.verify_password(stored, "a long enough password") and not auth.verify_password(
        stored, "a long enough passwort"
    )


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_users_add_list_and_remove(database: None, sample: Path) -> None:
    project = ["--project", str(sample)]
    added = cli(
        "users",
        "add",
        "Lead@Riverside.example.org",
        "--hub",
        "wm9",
        "--password-stdin",
        *project,
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    assert "Added lead@riverside.example.org: hub WM9." in added.output
    assert (
        cli(
            "users",
            "add",
            "national@example.org",
            "--national",
            *project,
            input="another long password\nanother long password\n",
        ).exit_code
        == 0
    )
    assert cli("users", "list", *project).output.splitlines() == [
        "lead@riverside.example.org\tWM9",
        "national@example.org\tnational",
    ]

    again = cli(
        "users",
        "add",
        "lead@riverside.example.org",
        "--hub",
        "WM9",
        "--password-stdin",
        *project,
        input="a long enough password\n",
    )
    assert again.exit_code == 1 and "there is already an account for lead@riverside.example.org" in again.output
    short = cli("users", "add", "x@example.org", "--hub", "WM9", "--password-stdin", *project, input="short\n")
    assert short.exit_code == 2 and "at least 12 characters" in short.output
    unknown = cli(
        "users", "add", "x@example.org", "--hub", "WM8", "--password-stdin", *project, input="a long enough password\n"
    )
    assert unknown.exit_code == 2 and "no hub 'WM8' in this project" in unknown.output and "WM9" in unknown.output
    both = cli("users", "add", "x@example.org", "--hub", "WM9", "--national", *project)
    assert both.exit_code == 2 and "give either --hub CODE or --national" in both.output

    assert (
        cli("users", "remove", "LEAD@riverside.example.org", *project).output == "Removed lead@riverside.example.org.\n"
    )
    assert cli("users", "remove", "lead@riverside.example.org", *project).exit_code == 1


def test_db_upgrade(database: str | None, sample: Path) -> None:
    args = ["db", "upgrade", "--project", str(sample)] + (["--database", database] if database else [])
    first = cli(*args)
    assert (
        first.exit_code == 0
        and first.output
        == f"Applied migrations {', '.join(REVISIONS)}.\nThe database is at revision {REVISIONS[-1]}, the latest.\n"
    )
    assert cli(*args).output == f"The database is at revision {REVISIONS[-1]}, the latest.\n"


def test_a_database_that_cannot_be_reached_or_used_is_reported_without_its_password(sample: Path) -> None:
    port = free_port()
    unreachable = cli(
        "db", "upgrade", "--project", str(sample), "--database", f"postgresql://hub:s3cret@127.0.0.1:{port}/apps"
    )
    assert unreachable.exit_code == 1
    assert f"cannot use the database postgresql+psycopg://hub:***@127.0.0.1:{port}/apps" in unreachable.output
    assert "s3cret" not in unreachable.output and "Traceback" not in unreachable.output
    wrong = cli("serve", "--project", str(sample), "--database", "mysql://x@y/z")
    assert wrong.exit_code == 2 and "unsupported database 'mysql'" in wrong.output


def test_serve_refuses_a_broken_project_with_every_problem_located(sample: Path) -> None:
    edit(sample / "hubs/WM9.yaml", "closing_date: 2024-03-08", "closing_date: 2024-03-32")
    result = cli("serve", "--project", str(sample), "--port", str(free_port()))
    assert result.exit_code == 1
    assert "hubs/WM9.yaml:" in result.output and "error:" in result.output
    assert not (sample / "var").exists()


def test_serve_compiles_the_pages_and_settles_the_process_before_it_serves(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before uvicorn starts (and before --workers forks): each process then serves its first school
    without compiling a template (tests/web/test_web_public.py shows that once they are compiled);
    the loaded project is left out of the collector's walks, threads get the lock back sooner and a
    hash's memory goes back to the system."""
    import gc

    import uvicorn

    import packgen.web.pages

    calls: list[str] = []
    compile_pages = packgen.web.pages.compile_pages
    monkeypatch.setattr(packgen.web.pages, "compile_pages", lambda env: calls.append("compiled") or compile_pages(env))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("frozen"))
    monkeypatch.setattr(sys, "setswitchinterval", lambda seconds: calls.append(f"switch {seconds}"))
    monkeypatch.setattr("packgen.web.workers.return_big_blocks_at_once", lambda: calls.append("malloc") or True)

    def serving(app: object, **options: object) -> None:
        calls.append(f"served, access log {options['access_log']}")

    monkeypatch.setattr(uvicorn, "run", serving)
    result = cli("serve", "--project", str(sample), "--port", str(free_port()))
    assert result.exit_code == 0, result.output
    assert calls == ["compiled", "frozen", "switch 0.0005", "malloc", "served, access log False"]


def test_serve_runs_a_real_server_that_takes_an_application(database: str | None, sample: Path) -> None:
    """The README's third command on a real socket: started, migrated, an application sent over
    HTTP and its PDF downloaded; PACKGEN_DATABASE_URL chooses PostgreSQL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PACKGEN_DATABASE_URL"}
    if database:
        env["PACKGEN_DATABASE_URL"] = database
    process = subprocess.Popen(
        [str(PACKGEN), "serve", "--project", str(sample), "--port", str(port), "--today", "2024-03-01"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        up = wait_for_server(base, lambda: process.poll() is None)
        assert up, process.stdout.read() if process.poll() is not None else "not up in 60 s"
        with http_client(base_url=base, timeout=30) as client:
            form = client.get("/2024-25/WM9/number-sense/apply")
            check = client.post("/2024-25/WM9/number-sense/apply", data={"_csrf": csrf_of(form.text), **GOOD})
            assert "Check your answers" in check.text
            sent = client.post(
                "/2024-25/WM9/number-sense/apply/submit",
                data={"_csrf": csrf_of(check.text), "_answers": ANSWERS.search(check.text).group(1)},
            )
            assert sent.status_code == 303
            receipt = client.get(sent.headers["location"])
            assert receipt.status_code == 200 and "Application complete" in receipt.text
            pdf = client.get(sent.headers["location"] + "/application-form.pdf")
            assert pdf.content.startswith(b"%PDF-")
            assert "server" not in receipt.headers
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "Uvicorn running on" in output
    assert (sample / "var" / "applications.sqlite3").exists() == (database is None)
    # No access log unless asked (--access-log): it would keep the schools' addresses and their
    # references past any retention period.
    reference = sent.headers["location"].split("/receipt/")[1]
    assert '"GET /' not in output and "/apply" not in output and reference not in output


def test_access_log_logs_each_request_when_asked(sample: Path) -> None:
    process, base = _serve(sample, "--access-log")
    try:
        with http_client(base_url=base, timeout=30) as client:
            assert client.get("/2024-25/WM9/number-sense/apply").status_code == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert '"GET /2024-25/WM9/number-sense/apply HTTP/1.1" 200' in output


def _serve(sample: Path, *options: str, database: str | None = None) -> tuple[subprocess.Popen[str], str]:
    """`packgen serve` on a free port, up and answering; returns the process and its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PACKGEN_DATABASE_URL", "FORWARDED_ALLOW_IPS")}
    if database:
        env["PACKGEN_DATABASE_URL"] = database
    process = subprocess.Popen(
        [str(PACKGEN), "serve", "--project", str(sample), "--port", str(port), "--today", "2024-03-01", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    if not wait_for_server(base, lambda: process.poll() is None):
        process.kill()
        raise AssertionError(process.communicate()[0])
    return process, base


def _send_as(base: str, forwarded_for: str, school: int) -> int:
    """One application from a new browser that says it is ``forwarded_for``; the send's status."""
    headers = {"x-forwarded-for": forwarded_for}
    with http_client(base_url=base, timeout=30, headers=headers) as client:
        form = client.get("/2024-25/WM9/number-sense/apply")
        answers = {**GOOD, "school.urn": f"{100000 + school}"}
        check = client.post("/2024-25/WM9/number-sense/apply", data={"_csrf": csrf_of(form.text), **answers})
        sent = client.post(
            "/2024-25/WM9/number-sense/apply/submit",
            data={"_csrf": csrf_of(check.text), "_answers": ANSWERS.search(check.text).group(1)},
        )
        return sent.status_code


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_x_forwarded_for_is_believed_only_from_the_proxies_named(database: None, sample: Path) -> None:
    """From 127.0.0.1, uvicorn believed any X-Forwarded-For by default: a new made-up address per
    application dodged the limit. Now the socket's address counts unless --forwarded-allow-ips
    names the proxy, and then the address the proxy names counts (schools behind it are apart)."""
    process, base = _serve(sample, "--submissions-per-hour", "1")
    try:
        assert _send_as(base, "203.0.113.1", 1) == 303
        assert _send_as(base, "203.0.113.2", 2) == 429  # the same client, whatever it says
    finally:
        process.terminate()
        process.communicate(timeout=30)
    process, base = _serve(sample, "--submissions-per-hour", "1", "--forwarded-allow-ips", "127.0.0.1")
    try:
        assert _send_as(base, "203.0.113.3", 3) == 303
        assert _send_as(base, "203.0.113.4", 4) == 303  # two schools behind the one proxy
        assert _send_as(base, "203.0.113.3", 5) == 429
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_data_purge_lists_then_deletes_what_is_past_retention(database: None, sample: Path) -> None:
    import datetime as dt

    from packgen.forms.spec import Identity
    from packgen.web import store
    from packgen.web.db import make_engine, parse_url, upgrade

    engine = make_engine(parse_url(None, sample))
    upgrade(engine)
    now = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    old, _ = store.submit(engine, Identity("number-sense", "2022-23", "WM9"), dict(GOOD), "123456", "n1", now)
    kept, _ = store.submit(engine, Identity("number-sense", "2024-25", "WM9"), dict(GOOD), "123456", "n2", now)
    args = ["data", "purge", "--retention-months", "24", "--project", str(sample)]
    assert cli("data", "purge", "--project", str(sample)).exit_code == 2  # how long must be said
    dry = cli(*args, "--dry-run")
    assert dry.exit_code == 0 and old.reference in dry.output and kept.reference not in dry.output
    assert "1 application would be deleted" in dry.output and GOOD["school.name"] not in dry.output
    assert store.count(engine) == 2
    done = cli(*args)
    assert done.exit_code == 0 and "1 application deleted" in done.output
    assert store.by_reference(engine, old.reference) is None and store.by_reference(engine, kept.reference)
    assert [(a.action, a.target) for a in store.audit_log(engine)] == [("purge", old.reference)]
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_invitation_emails_are_held_about_their_address_and_purged_with_the_applications(
    database: None, sample: Path
) -> None:
    import datetime as dt

    from packgen.web import store
    from packgen.web.db import make_engine, parse_url, upgrade

    engine = make_engine(parse_url(None, sample))
    upgrade(engine)
    sent = dt.datetime(2022, 1, 10, tzinfo=dt.UTC)
    says = {"school": "Oak Primary", "link": "https://apply.example.org/x"}
    old = store.queue_invitation(engine, "Head@Oak.example.org", says, sent, "WM9")
    store.mark_sent(engine, old, sent)
    recent = store.queue_invitation(engine, "head@oak.example.org", says, dt.datetime.now(dt.UTC), "WM9")
    store.mark_sent(engine, recent, dt.datetime.now(dt.UTC))
    held = store.held_about(engine, email="head@oak.example.org", hub="WM9")
    emails = [(e["kind"], e["reference"], e["says"]["school"]) for e in held["emails"]]
    assert emails == [("invite", None, "Oak Primary")] * 2
    assert store.held_about(engine, email="head@oak.example.org", hub="WM1")["emails"] == []  # another hub's
    args = ["data", "purge", "--retention-months", "24", "--project", str(sample)]
    dry = cli(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 email about no application (invitations, account notices) would be deleted" in dry.output
    assert "head@oak" not in dry.output.lower()
    done = cli(*args)
    assert "1 email about no application (invitations, account notices) deleted" in done.output
    assert store.invitation_of(engine, old) is None and store.invitation_of(engine, recent) == says
    assert [(a.action, a.target, a.detail) for a in store.audit_log(engine)] == [
        ("purge", None, "1 email about no application, kept 24 months")
    ]
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_two_server_processes_share_sessions_sign_out_and_lockout(database: str | None, sample: Path) -> None:
    """Two `packgen serve` processes on one SQLite file: a session made by one works on the other,
    signing out on one ends it on both, and wrong passwords on both count towards one lockout. On
    PostgreSQL, four processes do the same in tests/web/test_web_workers.py."""
    db = ["--database", database] if database else []
    added = cli(
        "users",
        "add",
        "wm9@example.org",
        "--hub",
        "WM9",
        "--password-stdin",
        "--project",
        str(sample),
        *db,
        input="purple otter lamp\n",
    )
    assert added.exit_code == 0, added.output
    one, base_one = _serve(sample, database=database)
    two, base_two = _serve(sample, database=database)
    try:
        first = http_client(base_url=base_one, timeout=30)
        page = first.get("/admin/sign-in")
        signed = first.post(
            "/admin/sign-in",
            data={"_csrf": csrf_of(page.text), "email": "wm9@example.org", "password": "purple otter lamp"},
        )
        assert signed.status_code == 303
        second = http_client(base_url=base_two, timeout=30, cookies=first.cookies)
        listing = second.get("/admin")
        assert listing.status_code == 200  # the same session, in the other process
        assert second.post("/admin/sign-out", data={"_csrf": csrf_of(listing.text)}).status_code == 303
        assert first.get("/admin").status_code == 303  # ended in the first process too
        for base in [base_one] * 5 + [base_two] * 5:
            with http_client(base_url=base, timeout=30) as guesser:
                page = guesser.get("/admin/sign-in")
                wrong = {"_csrf": csrf_of(page.text), "email": "wm9@example.org", "password": "a wrong guess!"}
                assert guesser.post("/admin/sign-in", data=wrong).status_code == 400
        page = first.get("/admin/sign-in")
        right = {"_csrf": csrf_of(page.text), "email": "wm9@example.org", "password": "purple otter lamp"}
        assert first.post("/admin/sign-in", data=right).status_code == 429  # locked by both processes' counts
        first.close()
        second.close()
    finally:
        for process in (one, two):
            process.terminate()
            process.communicate(timeout=30)
