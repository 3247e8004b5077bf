"""/admin: who sees what, signing in and out, the list with status and problems, and exports
with exactly `packgen collect`'s columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from lxml import etree
from openpyxl import load_workbook
from sqlalchemy import text
from starlette.routing import Route

from packgen.collect import collect
from packgen.collect.sheet import header, to_csv
from packgen.web import store
from web.web_helpers import FORM, GOOD, TOTP_SECRET, apply, csrf_of, reference_of, sign_in

SE9 = "/2024-25/SE9/number-sense"
PUBLIC_ADMIN = ("/admin/sign-in", "/admin/mfa", "/admin/forgot", "/admin/reset/{token}")  # before signing in


@pytest.fixture
def two_hubs(server):
    """Two applications to WM9 (the same school twice) and one to SE9, and an account for each hub
    and a national one."""
    school = server.client()
    wm9_first = reference_of(apply(school))
    wm9_again = reference_of(apply(school, {**GOOD, "school.name": "Riverside Primary (again)"}))
    se9 = reference_of(apply(school, {**GOOD, "school.urn": "654321", "school.name": "Harbour Infants"}, form=SE9))
    server.add_user("wm9@example.org", "WM9")
    server.add_user("se9@example.org", "SE9")
    server.add_user("national@example.org", None)
    return server, {"wm9": [wm9_first, wm9_again], "se9": se9}


def admin_urls(server, reference: str) -> list[tuple[str, str]]:
    """Every admin route of the app, as (method, URL) with its parameters filled in."""
    urls = []
    for route in server.app.routes:
        if isinstance(route, Route) and route.path.startswith("/admin") and route.path not in PUBLIC_ADMIN:
            path = route.path.replace("{reference}", reference).replace("{email_id:int}", "1")
            for fmt in ("csv", "xlsx") if "{fmt}" in path else ("",):
                for method in sorted(route.methods - {"HEAD"}):
                    urls.append((method, path.replace("{fmt}", fmt)))
    return urls


def test_without_a_session_every_admin_url_goes_to_sign_in(two_hubs) -> None:
    server, refs = two_hubs
    client = server.client()
    urls = admin_urls(server, refs["se9"])
    assert len(urls) >= 7
    for method, url in urls:
        response = client.request(method, url)
        assert response.status_code == 303, (method, url)
        assert response.headers["location"].startswith("/admin/sign-in?next="), (method, url)
    # Signing in goes back where the visitor was going, and nowhere off the site.
    page = client.get("/admin/sign-in?next=%2Fadmin%2Fexport.csv")
    assert 'name="next" value="/admin/export.csv"' in page.text
    evil = client.get("/admin/sign-in?next=https%3A%2F%2Fevil.example%2F")
    assert 'name="next" value="/admin"' in evil.text
    done = client.post(
        "/admin/sign-in",
        data={
            "_csrf": csrf_of(page.text),
            "email": "wm9@example.org",
            "password": "correct horse battery",
            "next": "//evil.example/admin",
        },
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(two_hubs) -> None:
    server, _ = two_hubs
    client = server.client()
    wrong = sign_in(client, "wm9@example.org", "not the password")
    nobody = sign_in(client, "nobody@example.org", "not the password")
    for response in (wrong, nobody):
        assert response.status_code == 400 and "Enter the email address and password of your account" in response.text
    assert client.get("/admin").status_code == 303
    assert sign_in(client, "WM9@Example.org").status_code == 303  # email addresses match in any case
    assert client.get("/admin").status_code == 200


def test_a_hub_account_sees_only_its_own_hub_even_by_guessing_urls(two_hubs) -> None:
    server, refs = two_hubs
    client = server.client()
    sign_in(client, "wm9@example.org")
    listing = client.get("/admin")
    assert listing.status_code == 200
    assert all(ref in listing.text for ref in refs["wm9"]) and refs["se9"] not in listing.text
    assert "Harbour Infants" not in listing.text
    for url in (
        f"/admin/applications/{refs['se9']}",
        f"/admin/applications/{refs['se9']}/application-form.pdf",
        "/admin?hub=SE9",
        "/admin/export.csv?hub=SE9",
        "/admin/export.xlsx?hub=SE9",
        "/admin/applications/WM9-NONE-XIST",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Harbour" not in response.text
    assert client.get(f"/admin/applications/{refs['wm9'][0]}").status_code == 200
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/export.csv").content.decode("utf-8-sig"))))
    assert [r["hub"] for r in rows] == ["WM9", "WM9"]
    # Nor may it send another hub's emails again (there are none here: 404 either way).
    csrf = csrf_of(client.get("/admin").text)
    assert client.post("/admin/emails/1/retry", data={"_csrf": csrf}).status_code == 404


def test_a_national_account_sees_every_hub(two_hubs) -> None:
    server, refs = two_hubs
    client = server.client()
    sign_in(client, "national@example.org")
    listing = client.get("/admin").text
    assert all(ref in listing for ref in [*refs["wm9"], refs["se9"]])
    assert refs["se9"] in client.get("/admin?hub=SE9").text and refs["wm9"][0] not in client.get("/admin?hub=SE9").text
    assert client.get(f"/admin/applications/{refs['se9']}").status_code == 200
    assert client.get("/admin?hub=XX1").status_code == 404


def test_the_same_school_twice_is_stored_and_flagged_as_collect_flags_it(two_hubs) -> None:
    server, refs = two_hubs
    first, again = refs["wm9"]
    assert store.count(server.web.engine) == 3
    client = server.client()
    sign_in(client, "wm9@example.org")
    detail = client.get(f"/admin/applications/{again}").text
    assert f"same school (URN 123456) as online:{first}" in detail
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/export.csv").content.decode("utf-8-sig"))))
    assert [(r["source"], r["status"], r["problems"]) for r in rows] == [
        (f"online:{first}", "problems", f"same school (URN 123456) as online:{again}"),
        (f"online:{again}", "problems", f"same school (URN 123456) as online:{first}"),
    ]


def test_exports_have_exactly_collects_columns_and_values(two_hubs, sample: Path, tmp_path: Path) -> None:
    server, refs = two_hubs
    school = server.client()
    reference = reference_of(apply(school, {**GOOD, "school.urn": "777777"}))
    pdf = school.get(f"{FORM}/apply/receipt/{reference}/application-form.pdf").content
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "form.pdf").write_bytes(pdf)
    collected = collect([tmp_path / "inbox"], sample)
    expected_header = header(collected)

    client = server.client()
    sign_in(client, "wm9@example.org")
    exported = list(
        csv.reader(io.StringIO(client.get("/admin/export.csv?form=2024-25/number-sense").content.decode("utf-8-sig")))
    )
    assert exported[0] == expected_header
    from_file = list(csv.reader(io.StringIO(to_csv(collected).decode("utf-8-sig"))))[1]
    online = next(row for row in exported[1:] if row[0] == f"online:{reference}")
    skip = {expected_header.index("source"), expected_header.index("modified")}
    assert [v for i, v in enumerate(online) if i not in skip] == [v for i, v in enumerate(from_file) if i not in skip]

    response = client.get("/admin/export.xlsx?form=2024-25/number-sense")
    assert (
        response.headers["content-disposition"] == 'attachment; filename="applications-2024-25-number-sense-WM9.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == expected_header
    assert sheet.max_row == 4  # the header and WM9's three applications


def test_signing_out_needs_the_token_and_ends_the_session(two_hubs) -> None:
    server, _ = two_hubs
    client = server.client()
    sign_in(client, "wm9@example.org")
    assert client.post("/admin/sign-out", data={}).status_code == 403
    csrf = csrf_of(client.get("/admin").text)
    assert client.post("/admin/sign-out", data={"_csrf": csrf}).headers["location"] == "/admin/sign-in"
    assert client.get("/admin").status_code == 303


def test_a_removed_account_is_signed_out_at_its_next_request(two_hubs) -> None:
    server, _ = two_hubs
    client = server.client()
    sign_in(client, "wm9@example.org")
    assert client.get("/admin").status_code == 200
    assert store.remove_user(server.web.engine, "wm9@example.org")
    assert client.get("/admin").status_code == 303


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_session_lasts_only_so_long(make_server) -> None:
    server = make_server(session_hours=0)
    server.add_user("wm9@example.org", "WM9")
    client = server.client()
    assert sign_in(client, "wm9@example.org").status_code == 303
    assert client.get("/admin").status_code == 303


def test_a_copied_cookie_stops_working_after_sign_out_in_every_browser(two_hubs) -> None:
    server, _ = two_hubs
    client = server.client()
    sign_in(client, "wm9@example.org")
    copy = server.client()
    copy.cookies.update(client.cookies)  # what an attacker who copied the cookie holds
    other = server.client()
    sign_in(other, "wm9@example.org")  # the same account in another browser
    assert copy.get("/admin").status_code == 200
    csrf = csrf_of(client.get("/admin").text)
    assert client.post("/admin/sign-out", data={"_csrf": csrf}).status_code == 303
    for browser in (copy, other):
        response = browser.get("/admin")
        assert response.status_code == 303 and response.headers["location"].startswith("/admin/sign-in")
    assert server.web.engine.connect().exec_driver_sql("SELECT count(*) FROM sessions").scalar() == 0
    latest = store.audit_log(server.web.engine)[0]
    assert (latest.actor, latest.action) == ("wm9@example.org", "sign-out")


def test_signing_in_starts_a_new_session_the_one_before_stays_signed_out(two_hubs) -> None:
    server, _ = two_hubs
    client = server.client()
    client.get("/admin/sign-in")
    fixed = dict(client.cookies)  # a cookie an attacker planted before the victim signed in
    sign_in(client, "wm9@example.org")
    assert dict(client.cookies) != fixed
    planted = server.client()
    planted.cookies.update(fixed)
    assert planted.get("/admin").status_code == 303


def test_a_session_ends_after_30_minutes_idle_and_8_hours_in_all(two_hubs) -> None:
    server, _ = two_hubs
    client = server.client()
    sign_in(client, "wm9@example.org")
    server.clock.now += dt.timedelta(minutes=29)
    assert client.get("/admin").status_code == 200
    server.clock.now += dt.timedelta(minutes=31)
    assert client.get("/admin").status_code == 303  # idle for 31 minutes

    sign_in(client, "wm9@example.org")
    for _ in range(8 * 3 - 1):  # used every 20 minutes, for 7 h 40 min
        server.clock.now += dt.timedelta(minutes=20)
        assert client.get("/admin").status_code == 200
    server.clock.now += dt.timedelta(minutes=20)
    assert client.get("/admin").status_code == 303  # 8 hours since signing in


def test_the_submission_limit_is_shared_by_every_server_process(make_server) -> None:
    first = make_server(submissions_per_hour=1)
    second = make_server(submissions_per_hour=1)  # another process on the same database
    assert apply(first.client()).status_code == 303
    assert apply(second.client(), {**GOOD, "school.urn": "654321"}).status_code == 429


def test_ten_wrong_passwords_lock_the_account_for_growing_waits_and_tell_its_owner(make_server) -> None:
    server = make_server(sign_ins_per_hour=1000)
    server.add_user("wm9@example.org", "WM9")
    client = server.client()
    for _ in range(10):
        assert sign_in(client, "wm9@example.org", "not the password").status_code == 400
    locked = sign_in(client, "wm9@example.org")  # the right password, from anywhere
    assert locked.status_code == 429 and "This account is locked for now" in locked.text
    with server.web.engine.connect() as db:
        assert db.exec_driver_sql("SELECT kind, recipient, status FROM emails").all() == [
            ("lockout", "wm9@example.org", "pending")
        ]
    server.clock.now += dt.timedelta(minutes=1, seconds=1)
    assert sign_in(client, "wm9@example.org", "not the password").status_code == 400  # the 11th
    server.clock.now += dt.timedelta(minutes=1, seconds=1)
    assert sign_in(client, "wm9@example.org").status_code == 429  # now locked for 2 minutes
    server.clock.now += dt.timedelta(minutes=1)
    assert sign_in(client, "wm9@example.org").status_code == 303
    with server.web.engine.connect() as db:
        assert db.exec_driver_sql("SELECT failed_sign_ins, locked_until FROM users").one() == (0, None)
        assert db.exec_driver_sql("SELECT count(*) FROM emails").scalar() == 1  # told once


OWASP_19_MIB = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)  # the server's before 6 Dec 2026


def test_an_old_hash_is_made_again_with_owasps_parameters_at_sign_in(server, monkeypatch) -> None:
    from packgen.web import auth

    monkeypatch.setattr(auth, "_hasher", auth.SERVER_HASHER)
    for n, old in enumerate((PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4), OWASP_19_MIB)):
        email = f"wm{n}@example.org"
        store.add_user(server.web.engine, email, old.hash("correct horse battery"), "WM9", server.clock())
        assert sign_in(server.client(), email).status_code == 303
        assert store.user_by_email(server.web.engine, email).password_hash.startswith("$argon2id$v=19$m=7168,t=5,p=1$")


def test_signed_values_are_not_compressed_and_a_compressed_one_made_before_still_loads() -> None:
    """Compression took an eighth of the server's CPU an application; it also lets a secret's length
    be guessed from a token's when the secret sits beside something an attacker chose."""
    from itsdangerous import URLSafeTimedSerializer

    from packgen.web.auth import Signer, _compact_json

    signer, value = Signer("k" * 48), {"csrf": "x" * 43, "applied": ["WM9-AAAA-BBBB"] * 20}
    token = signer.dumps(value, "session")
    assert not token.startswith(".") and signer.loads(token, "session", 60) == value
    before = URLSafeTimedSerializer("k" * 48, salt="session", serializer=_compact_json).dumps(value)
    assert before.startswith(".") and len(before) < len(token)  # compressed
    assert signer.loads(before, "session", 60) == value
    altered = token[:-10] + ("A" if token[-10] != "A" else "B") + token[-9:]  # inside the signature
    assert signer.loads(altered, "session", 60) is None


HASHES_IN_A_THREAD = """
import sys, threading, psutil
from packgen.web.auth import SERVER_HASHER as hasher
from packgen.web.workers import return_big_blocks_at_once
if sys.argv[1] == "as packgen serve":
    assert return_big_blocks_at_once()  # as workers.settle() does
hasher.hash("the first, before the count")
before = psutil.Process().memory_info().rss
thread = threading.Thread(target=lambda: [hasher.hash("correct horse battery") for _ in range(4)])
thread.start()
thread.join()
print((psutil.Process().memory_info().rss - before) / 2**20)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt's settings are glibc's")
def test_a_hashs_memory_goes_back_to_the_system_when_it_is_done() -> None:
    """Four hashes in a thread, as the hashing threads make them, leave the process no bigger;
    without the server's malloc setting they keep a hash's 7 MiB for good."""
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}  # malloc as it comes
    grown = {
        how: float(subprocess.run([sys.executable, "-c", HASHES_IN_A_THREAD, how], check=True, capture_output=True,
                                  text=True, env=env).stdout)
        for how in ("as packgen serve", "malloc's default")
    }  # fmt: skip
    assert grown["as packgen serve"] < 1 and grown["malloc's default"] > 6, grown


def test_hashing_has_its_own_threads_and_sign_ins_past_its_slots_are_refused(server, monkeypatch) -> None:
    import threading

    from packgen.web import auth

    server.add_user("wm9@example.org", "WM9")
    threads = []
    verify = auth.verify_password

    def recording(*args):
        threads.append(threading.current_thread().name)
        return verify(*args)

    monkeypatch.setattr(auth, "verify_password", recording)
    monkeypatch.setattr("packgen.web.admin.verify_password", recording)
    client = server.client()
    assert sign_in(client, "wm9@example.org").status_code == 303
    assert threads and all(name.startswith("packgen-hash") for name in threads)  # not the applicants' pool

    def rows() -> tuple[int, int]:
        with server.web.engine.connect() as db:
            return tuple(db.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ("limit_events", "audit"))

    taken = [auth.HASH_SLOTS.acquire(blocking=False) for _ in range(auth.HASHING_AT_ONCE)]
    try:
        assert all(taken)
        busy = sign_in(server.client(), "wm9@example.org")  # every hashing slot taken
        assert busy.status_code == 429 and "retry-after" in busy.headers
    finally:
        for got in taken:
            if got:
                auth.HASH_SLOTS.release()
    assert sign_in(server.client(), "wm9@example.org").status_code == 303

    # Past the attempts worked on at once, one is refused before it counts or writes anything: a
    # flood of them queues no commits ahead of the applicants'.
    places = [auth.SIGNING_IN.acquire(blocking=False) for _ in range(auth.SIGN_INS_AT_ONCE)]
    try:
        assert all(places)
        before = rows()
        busy = sign_in(server.client(), "wm9@example.org")
        assert busy.status_code == 429 and "Too many people are signing in" in busy.text
        assert rows() == before
        # An address over its limit is refused by a read before it would take a place.
        monkeypatch.setattr(server.web.sign_ins, "wait", lambda address: 600.0)
        over = sign_in(server.client(), "wm9@example.org")
        assert over.status_code == 429 and "Too many attempts to sign in" in over.text
    finally:
        for got in places:
            if got:
                auth.SIGNING_IN.release()
    monkeypatch.undo()
    assert sign_in(server.client(), "wm9@example.org").status_code == 303
    # Every way out of an attempt gave its place back.
    free = [auth.SIGNING_IN.acquire(blocking=False) for _ in range(auth.SIGN_INS_AT_ONCE)]
    for got in free:
        if got:
            auth.SIGNING_IN.release()
    assert all(free)


def test_a_hub_learns_that_its_school_applied_elsewhere_but_not_the_other_hubs_reference(server) -> None:
    school = server.client()
    wm9 = reference_of(apply(school))
    se9 = reference_of(apply(school, form=SE9))  # the same school (URN 123456) through SE9
    server.add_user("wm9@example.org", "WM9")
    server.add_user("national@example.org", None)
    hub = server.client()
    sign_in(hub, "wm9@example.org")
    detail = hub.get(f"/admin/applications/{wm9}").text
    listing = hub.get("/admin").text
    export = hub.get("/admin/export.csv").content.decode("utf-8-sig")
    for seen in (detail, listing, export):
        assert "the same school (URN 123456) has also applied through another hub" in seen
        assert se9 not in seen and "SE9" not in seen
    national = server.client()
    sign_in(national, "national@example.org")
    assert f"same school (URN 123456) as online:{se9}" in national.get(f"/admin/applications/{wm9}").text


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_common_or_repeated_password_is_refused(database: None, sample: Path) -> None:
    from packgen.web.auth import password_problem

    for weak in ("aaaaaaaaaaaa", "qwerty123456", "1q2w3e4r5t6y", "Password12345!", "short"):
        assert password_problem(weak), weak
    assert password_problem("correct horse battery") is None
    from click.testing import CliRunner

    from packgen.cli import main

    added = CliRunner().invoke(
        main,
        ["users", "add", "a@example.org", "--national", "--password-stdin", "--project", str(sample)],
        input="aaaaaaaaaaaa\n",
    )
    assert added.exit_code == 2 and "one character repeated" in added.output


def test_changing_the_password_signs_the_account_out_everywhere_else(two_hubs) -> None:
    server, _ = two_hubs
    client = server.client()
    sign_in(client, "wm9@example.org")
    elsewhere = server.client()
    sign_in(elsewhere, "wm9@example.org")
    form = client.get("/admin/password")
    assert form.status_code == 200 and "Change your password" in form.text
    csrf = csrf_of(form.text)
    data = {"_csrf": csrf, "current": "wrong", "new": "qwerty123456", "again": "qwerty123456"}
    refused = client.post("/admin/password", data=data)
    assert refused.status_code == 400
    assert "Enter your current password" in refused.text and "passwords most often used" in refused.text
    data = {"_csrf": csrf, "current": "correct horse battery", "new": "purple otter lamp", "again": "purple otter lamp"}
    changed = client.post("/admin/password", data=data)
    assert changed.status_code == 200 and "Your password has been changed" in changed.text
    assert client.get("/admin").status_code == 200  # this browser: a new session
    assert elsewhere.get("/admin").status_code == 303  # every other one: signed out
    changes = [(a.actor, a.address) for a in store.audit_log(server.web.engine) if a.action == "password changed"]
    assert changes == [("wm9@example.org", "testclient")]
    assert sign_in(server.client(), "wm9@example.org").status_code == 400  # the old password
    assert sign_in(server.client(), "wm9@example.org", "purple otter lamp").status_code == 303


def test_a_national_account_must_set_up_a_second_step_and_then_use_it(two_hubs) -> None:
    import pyotp

    server, _ = two_hubs
    client = server.client()
    page = client.get("/admin/sign-in")
    data = {"_csrf": csrf_of(page.text), "email": "national@example.org", "password": "correct horse battery"}
    first = client.post("/admin/sign-in", data=data)
    assert first.status_code == 303 and first.headers["location"] == "/admin/mfa"
    assert client.get("/admin").status_code == 303  # the password alone signs nobody in
    setup = client.get("/admin/mfa")
    assert "Set up a second step" in setup.text
    secret = TOTP_SECRET.search(setup.text).group(1)
    wrong = client.post("/admin/mfa", data={"_csrf": csrf_of(setup.text), "code": "000000"})
    assert wrong.status_code == 400
    code = pyotp.TOTP(secret).at(server.clock())
    done = client.post("/admin/mfa", data={"_csrf": csrf_of(setup.text), "code": code})
    assert done.status_code == 303
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", client.get(done.headers["location"]).text)
    assert len(codes) == 10 and client.get("/admin").status_code == 200
    with server.web.engine.connect() as db:
        kept = db.exec_driver_sql("SELECT recovery_codes FROM users WHERE email = 'national@example.org'").scalar()
    assert codes[0] not in kept and codes[0].replace("-", "") not in kept  # only hashes

    again = server.client()
    page = again.get("/admin/sign-in")
    again.post("/admin/sign-in", data={**data, "_csrf": csrf_of(page.text)})
    step = again.get("/admin/mfa")
    assert "Enter the code from your app" in step.text and secret not in step.text
    replay = again.post("/admin/mfa", data={"_csrf": csrf_of(step.text), "code": code})
    assert replay.status_code == 400  # a code works once
    assert again.post("/admin/mfa", data={"_csrf": csrf_of(step.text), "code": codes[0]}).status_code == 303
    assert again.get("/admin").status_code == 200

    third = server.client()
    page = third.get("/admin/sign-in")
    third.post("/admin/sign-in", data={**data, "_csrf": csrf_of(page.text)})
    step = third.get("/admin/mfa")
    assert third.post("/admin/mfa", data={"_csrf": csrf_of(step.text), "code": codes[0]}).status_code == 400
    server.clock.now += dt.timedelta(seconds=60)
    fresh = pyotp.TOTP(secret).at(server.clock())
    assert third.post("/admin/mfa", data={"_csrf": csrf_of(step.text), "code": fresh}).status_code == 303


def test_a_hub_can_require_a_second_step_for_its_accounts(make_server) -> None:
    server = make_server(mfa_hubs=frozenset({"WM9"}))
    server.add_user("wm9@example.org", "WM9")
    server.add_user("se9@example.org", "SE9")
    for email, where in (("wm9@example.org", "/admin/mfa"), ("se9@example.org", "/admin")):
        client = server.client()
        page = client.get("/admin/sign-in")
        data = {"_csrf": csrf_of(page.text), "email": email, "password": "correct horse battery", "next": "/admin"}
        assert client.post("/admin/sign-in", data=data).headers["location"] == where


def test_a_hub_deletes_its_own_application_with_a_reason_and_the_audit_log_records_who_did_what(two_hubs) -> None:
    server, refs = two_hubs
    first, again = refs["wm9"]
    assert sign_in(server.client(), "wm9@example.org", "a wrong guess").status_code == 400
    hub = server.client()
    sign_in(hub, "wm9@example.org")
    detail = hub.get(f"/admin/applications/{again}")
    csrf = csrf_of(detail.text)
    assert hub.get(f"/admin/applications/{again}/application-form.pdf").status_code == 200
    assert hub.get("/admin/export.csv").status_code == 200
    assert hub.post(f"/admin/applications/{refs['se9']}/delete", data={"_csrf": csrf, "reason": "x"}).status_code == 404
    assert hub.post(f"/admin/applications/{again}/delete", data={"_csrf": csrf, "reason": " "}).status_code == 400
    gone = hub.post(f"/admin/applications/{again}/delete", data={"_csrf": csrf, "reason": "sent twice by the school"})
    assert gone.status_code == 200 and f"Application {again} has been deleted" in gone.text
    assert store.by_reference(server.web.engine, again) is None and store.count(server.web.engine) == 2
    assert hub.get(f"/admin/applications/{again}").status_code == 404
    assert hub.get("/admin/audit").status_code == 404  # national accounts only

    national = server.client()
    sign_in(national, "national@example.org")
    log = national.get("/admin/audit")
    assert log.status_code == 200
    doc = etree.fromstring(log.text, etree.HTMLParser())
    rows = [[td.text or "" for td in tr.xpath("td")] for tr in doc.xpath("//tbody/tr")]
    seen = [(who, what, of, detail) for _, who, what, of, detail, _ in rows]
    for entry in [
        ("not signed in", "sign-in failed", "wm9@example.org", ""),
        ("wm9@example.org", "sign-in", "", ""),
        ("wm9@example.org", "view", again, ""),
        ("wm9@example.org", "view PDF", again, ""),
        ("wm9@example.org", "export", "applications-WM9.csv", "2 applications"),
        ("wm9@example.org", "delete", again, "sent twice by the school"),
        ("national@example.org", "second step set up", "", ""),
    ]:
        assert entry in seen, entry
    assert all(address == "testclient" for *_, address in rows)
    with server.web.engine.connect() as db:
        everything = " ".join(str(v) for row in db.exec_driver_sql("SELECT * FROM audit").all() for v in row)
    for answer in ("Riverside Primary", "Harriet Head", "ada@riverside-primary", "123456"):
        assert answer not in everything  # never an answer


def test_a_subject_access_export_has_everything_about_one_address_or_school_within_the_hub(two_hubs) -> None:
    import json

    server, refs = two_hubs
    first, again = refs["wm9"]
    hub = server.client()
    sign_in(hub, "wm9@example.org")
    assert hub.get("/admin/subject-access?email=not-an-address").status_code == 400
    got = hub.get("/admin/subject-access?email=ADA@riverside-primary.example.org")
    assert got.status_code == 200 and got.headers["content-disposition"].startswith("attachment;")
    held = json.loads(got.content)
    assert [a["reference"] for a in held["applications"]] == [first, again]  # not SE9's
    assert held["applications"][0]["answers"]["lead_teacher.reception.email"] == GOOD["lead_teacher.reception.email"]
    by_urn = json.loads(hub.get("/admin/subject-access?urn=654321").content)
    assert by_urn["applications"] == []  # SE9's school: another hub's
    national = server.client()
    sign_in(national, "national@example.org")
    by_urn = json.loads(national.get("/admin/subject-access?urn=654321").content)
    assert [a["reference"] for a in by_urn["applications"]] == [refs["se9"]]
    actions = [(a.actor, a.action, a.target) for a in store.audit_log(server.web.engine)]
    assert ("wm9@example.org", "subject access export", "ada@riverside-primary.example.org") in actions
