"""Receipts to schools and notices to hubs, sent to a real SMTP server (aiosmtpd) the tests start;
a mail server that is down delays them, shows in /admin, and never loses the application."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from packgen.collect.pdf import read_pdf
from packgen.web import store
from packgen.web.mail import Smtp
from web.web_helpers import GOOD, apply, csrf_of, free_port, reference_of, self_signed, sign_in, wait_for

SENDER = "noreply@riverside-hub.example.org"


@dataclass
class Inbox:
    """Every message the SMTP server received. One list, appended to once a message (an atomic step
    the test's thread sees whole): a test that waits for two messages finds both in each view."""

    received: list[tuple[list[str], email.message.EmailMessage, bytes]] = field(default_factory=list)

    @property
    def messages(self) -> list[tuple[list[str], email.message.EmailMessage]]:
        """(envelope recipients, parsed message) of each."""
        return [(rcpt, parsed) for rcpt, parsed, _ in self.received]

    @property
    def raw(self) -> list[bytes]:
        """Each message's bytes as the server received them."""
        return [data for _, _, data in self.received]

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), parsed, envelope.original_content))
        return "250 OK"

    def to(self, address: str) -> email.message.EmailMessage:
        return next(m for rcpt, m in self.messages if rcpt == [address])


def smtp_server(port: int) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@pytest.fixture
def mail() -> Iterator[tuple[int, Inbox]]:
    port = free_port()
    controller, inbox = smtp_server(port)
    try:
        yield port, inbox
    finally:
        controller.stop()


def test_a_school_that_asks_gets_its_answers_and_the_pdf_and_the_hub_a_notice(make_server, mail) -> None:
    port, inbox = mail
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=0.2)
    client = server.client()
    sent = apply(client, copy=True)
    reference = reference_of(sent)
    assert (
        "We are sending a confirmation email with a copy of your answers to office@riverside-primary.example.org"
        in client.get(sent.headers["location"]).text
    )
    wait_for(lambda: len(inbox.messages) == 2, what="two emails")

    receipt = inbox.to(GOOD["school.email"])
    assert receipt["Subject"] == f"Your application to Riverside Maths Hub: reference {reference}"
    assert receipt["From"] == f"Riverside Maths Hub <{SENDER}>"
    body = receipt.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert f"Your reference number is {reference}" in body
    assert "Name of school:\n  Riverside Primary School" in body
    assert "Headteacher: Signature:\n  Harriet Head" in body
    assert "We want every child to be fluent.\n  Our Year 1 results fell last year." in body
    (attachment,) = list(receipt.iter_attachments())
    assert attachment.get_filename() == f"application-{reference}.pdf"
    returned = read_pdf(attachment.get_content())
    assert {c.name: c.value for c in returned.controls}["school.urn"] == "123456"

    notice = inbox.to("hello@riverside-hub.example.org")
    assert (
        notice["Subject"] == f"New application {reference}: Riverside Primary School (Number Sense Work Groups 2024/25)"
    )
    assert len(list(notice.iter_attachments())) == 1

    stored = store.by_reference(server.web.engine, reference)

    def states() -> list[tuple[str, str, int]]:
        return [(e.kind, e.status, e.attempts) for e in store.emails_of(server.web.engine, stored.id)]

    wait_for(lambda: states() == [("copy", "sent", 1), ("notice", "sent", 1)], what="both emails marked sent")


def test_a_mail_server_that_is_down_delays_the_emails_shows_in_admin_and_loses_nothing(make_server) -> None:
    port = free_port()  # nothing listens here yet
    retry = (dt.timedelta(seconds=0.2), dt.timedelta(seconds=0.2))
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_retry=retry, mail_poll_seconds=0.1)
    server.add_user("wm9@example.org", "WM9")
    school = server.client()
    reference = reference_of(apply(school))
    assert school.get(f"/2024-25/WM9/number-sense/apply/receipt/{reference}").status_code == 200
    stored = store.by_reference(server.web.engine, reference)
    assert stored is not None

    # Each email is tried three times (the first send and two retries, each due 0.2 s after the
    # last failure by the server's clock, which the test moves on), then given up.
    def failed() -> bool:
        server.clock.now += dt.timedelta(seconds=0.1)
        return all(e.status == "failed" for e in store.emails_of(server.web.engine, stored.id))

    wait_for(failed, what="both emails to fail")
    emails = store.emails_of(server.web.engine, stored.id)
    assert [(e.attempts, e.last_error) for e in emails] == [
        (3, "could not reach the mail server (ConnectionRefusedError)")
    ] * 2

    admin = server.client()
    sign_in(admin, "wm9@example.org")
    listing = admin.get("/admin").text
    assert "Emails not sent" in listing and "gave up after 3 attempts (could not reach the mail server" in listing
    assert "receipt failed, hub notice failed" in listing
    detail = admin.get(f"/admin/applications/{reference}").text
    assert detail.count("Send again now") == 2

    controller, inbox = smtp_server(port)
    try:
        csrf = csrf_of(detail)
        for e in emails:
            response = admin.post(f"/admin/emails/{e.id}/retry", data={"_csrf": csrf})
            assert response.status_code == 303 and response.headers["location"] == f"/admin/applications/{reference}"
        wait_for(lambda: len(inbox.messages) == 2, what="the emails sent again")
        sent_again = [(a.actor, a.target) for a in store.audit_log(server.web.engine) if a.action == "email sent again"]
        assert sent_again == [("wm9@example.org", reference)] * 2
        wait_for(
            lambda: all(e.status == "sent" for e in store.emails_of(server.web.engine, stored.id)),
            what="both emails marked sent",
        )
        assert "Emails not sent" not in admin.get("/admin").text
    finally:
        controller.stop()
    assert store.count(server.web.engine) == 1


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_an_answer_cannot_add_a_header_or_a_recipient(make_server, mail) -> None:
    port, inbox = mail
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=0.2)
    client = server.client()
    reference_of(apply(client, {**GOOD, "school.name": "Evil School\r\nBcc: attacker@evil.example\r\n\r\nfake body"}))
    wait_for(lambda: len(inbox.messages) == 2, what="two emails")
    assert sorted(r for rcpt, _ in inbox.messages for r in rcpt) == [
        "hello@riverside-hub.example.org",
        GOOD["school.email"],
    ]
    notice = inbox.to("hello@riverside-hub.example.org")
    assert notice["Bcc"] is None
    assert "\n" not in notice["Subject"] and "Evil School Bcc: attacker@evil.example fake body" in notice["Subject"]


ENCODED_WORD = "=?utf-8?q?x=0D=0AReply-To:_someone@example.org=0D=0ABcc:_someone@example.org=0D=0A?="


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_an_encoded_word_in_an_answer_cannot_write_a_header(make_server, mail) -> None:
    """Python 3.11.7 (without the CVE-2024-6923 fix) refolds a decoded encoded word's line breaks
    into the header: the raw message as the SMTP server received it must hold no header of its own."""
    port, inbox = mail
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=0.2)
    client = server.client()
    reference_of(apply(client, {**GOOD, "school.name": f"Evil {ENCODED_WORD} School"}))
    wait_for(lambda: len(inbox.raw) == 2, what="two emails")
    assert sorted(r for rcpt, _ in inbox.messages for r in rcpt) == [
        "hello@riverside-hub.example.org",
        GOOD["school.email"],
    ]
    for raw in inbox.raw:
        head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b" ").replace(b"\r\n\t", b" ")
        names = [line.split(b":", 1)[0].lower() for line in head.split(b"\r\n")]
        assert b"reply-to" not in names and b"bcc" not in names, head
        assert sorted(names) == sorted(set(names)), head  # no header twice
    notice = inbox.to("hello@riverside-hub.example.org")
    assert notice["Reply-To"] is None and notice["Bcc"] is None
    assert "Evil" in notice["Subject"] and "School" in notice["Subject"] and "\n" not in notice["Subject"]


def test_the_schools_confirmation_carries_the_reference_and_what_next_not_the_answers(make_server, mail) -> None:
    """Not a relay: whoever types an address in the form makes the server send it only our words
    (the reference and what happens next), never the typed answers or a PDF, unless asked."""
    port, inbox = mail
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=0.2)
    client = server.client()
    sent = apply(client, {**GOOD, "plans.statement": "Buy cheap watches at spam.example"})
    reference = reference_of(sent)
    assert "We are sending a confirmation email to office@" in client.get(sent.headers["location"]).text
    wait_for(lambda: len(inbox.messages) == 2, what="two emails")
    receipt = inbox.to(GOOD["school.email"])
    body = receipt.get_body(("plain",)).get_content()
    assert f"Your reference number is {reference}" in body and "What happens next:" in body
    assert "spam.example" not in body and "Riverside Primary School" not in body
    assert list(receipt.iter_attachments()) == []
    raw = next(r for r in inbox.raw if GOOD["school.email"].encode() in r.split(b"\r\n\r\n", 1)[0])
    assert b"spam.example" not in raw and b"application/pdf" not in raw
    assert "spam.example" in inbox.to("hello@riverside-hub.example.org").get_body(("plain",)).get_content()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_one_address_gets_at_most_five_confirmations_a_day(make_server, mail) -> None:
    port, _ = mail
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=60)
    victim = {**GOOD, "school.email": "victim@elsewhere.example.org"}
    for urn in range(100001, 100008):
        reference_of(apply(server.client(), {**victim, "school.urn": str(urn)}))
    with server.web.engine.connect() as db:
        kinds = db.exec_driver_sql("SELECT kind, count(*) FROM emails GROUP BY kind ORDER BY kind").all()
    assert kinds == [("notice", 7), ("receipt", 5)]  # every application stored, five confirmations


def test_a_password_reset_link_works_once_for_30_minutes_and_ends_every_session(make_server, mail) -> None:
    port, inbox = mail
    server = make_server(
        smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=60, public_url="https://apply.example.org"
    )
    server.add_user("wm9@example.org", "WM9")
    signed_in = server.client()
    sign_in(signed_in, "wm9@example.org")

    def ask(email: str, host: str = "testserver") -> str:
        client = server.client()
        form = client.get("/admin/forgot")
        answer = client.post(
            "/admin/forgot", data={"_csrf": csrf_of(form.text), "email": email}, headers={"host": host}
        )
        assert answer.status_code == 200 and "If " + email + " has an account" in answer.text
        return answer.text

    ask("nobody@example.org")  # the same answer, and no email
    ask("wm9@example.org", host="evil.example")  # the link never takes the request's Host
    wait_for(lambda: len(inbox.messages) == 1, what="the reset email")
    body = inbox.to("wm9@example.org").get_body(("plain",)).get_content()
    (link,) = re.findall(r"https://apply\.example\.org(/admin/reset/\S+)", body)
    assert "evil.example" not in body
    with server.web.engine.connect() as db:
        stored = db.exec_driver_sql("SELECT id FROM password_resets").scalar()
    assert stored != link.rsplit("/", 1)[1] and len(stored) == 64  # only its hash is kept

    client = server.client()
    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in page.text
    weak = client.post(link, data={"_csrf": csrf_of(page.text), "new": "aaaaaaaaaaaa", "again": "aaaaaaaaaaaa"})
    assert weak.status_code == 400
    done = client.post(
        link, data={"_csrf": csrf_of(page.text), "new": "purple otter lamp", "again": "purple otter lamp"}
    )
    assert done.status_code == 200 and "Your password has been changed" in done.text
    assert signed_in.get("/admin").status_code == 303  # every session ended
    assert [(a.actor, a.action) for a in store.audit_log(server.web.engine)][:1] == [
        ("wm9@example.org", "password reset")
    ]
    assert client.get(link).status_code == 404  # once only
    assert sign_in(server.client(), "wm9@example.org", "purple otter lamp").status_code == 303

    ask("wm9@example.org")
    wait_for(lambda: len(inbox.messages) == 2, what="a second reset email")
    body = inbox.messages[-1][1].get_body(("plain",)).get_content()
    (second,) = re.findall(r"https://apply\.example\.org(/admin/reset/\S+)", body)
    server.clock.now += dt.timedelta(minutes=30)
    assert server.client().get(second).status_code == 404  # 30 minutes later


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_owner_of_a_locked_account_gets_an_email(make_server, mail) -> None:
    port, inbox = mail
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=0.2, sign_ins_per_hour=100)
    server.add_user("wm9@example.org", "WM9")
    client = server.client()
    for _ in range(10):
        assert sign_in(client, "wm9@example.org", "not the password").status_code == 400
    wait_for(lambda: len(inbox.messages) == 1, what="the lockout email")
    warning = inbox.to("wm9@example.org")
    assert warning["Subject"] == "Your account was locked after 10 wrong passwords"
    assert "tell your hub's administrator" in warning.get_body(("plain",)).get_content()

    def rows() -> list:
        with server.web.engine.connect() as db:
            return db.exec_driver_sql("SELECT kind, status FROM emails").all()

    wait_for(lambda: rows() == [("lockout", "sent")], what="the lockout email marked sent")


def test_the_schools_confirmation_says_where_to_see_the_decision_when_the_server_knows_its_address(
    make_server, mail
) -> None:
    port, inbox = mail
    server = make_server(
        smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=0.2, public_url="https://apply.example.org/"
    )
    apply(server.client())
    wait_for(lambda: len(inbox.messages) == 2, what="two emails")
    body = " ".join(inbox.to(GOOD["school.email"]).get_body(("plain",)).get_content().split())
    assert (
        "What happens next: Riverside Maths Hub will tell you by Friday 15th March 2024 whether your school has a "
        "place. Once it has, you can also see the decision at https://apply.example.org/decision with your "
        "reference number and the school's email address."
    ) in body


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    return self_signed(tmp_path)


def _message(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = SENDER, to, "Over TLS"
    message.set_content("Sent over TLS.")
    return message


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # smtps: TLS from the start
@pytest.mark.parametrize("scheme", ["starttls", "smtps"])
def test_a_mail_server_over_tls_is_verified_and_gets_the_login_and_every_email(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    cert, key = certificate
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret pass")

    inbox, port = Inbox(), free_port()
    tls: dict[str, object] = {"tls_context": served, "require_starttls": True}
    if scheme == "smtps":  # TLS from the start: aiosmtpd offers AUTH only after its STARTTLS unless told
        tls = {"ssl_context": served, "auth_require_tls": False}
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_required=True, **tls
    )
    controller.start()
    try:
        url = (
            f"smtp://hub%40example.org:s3cret%20pass@127.0.0.1:{port}?from={SENDER}&starttls=yes"
            if scheme == "starttls"
            else f"smtps://hub%40example.org:s3cret%20pass@127.0.0.1:{port}?from={SENDER}"
        )
        smtp = Smtp.parse(url)
        with pytest.raises(ssl.SSLCertVerificationError):  # a certificate nobody vouches for is refused
            smtp.send(_message("a@school.example.org"), "a@school.example.org")
        assert inbox.messages == [] and logins == []

        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # how an operator trusts a private CA
        trusting = Smtp.parse(url)
        made: list[ssl.SSLContext] = []
        make = ssl.create_default_context
        monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: made.append(make(*a, **k)) or made[-1])
        for n in range(3):
            trusting.send(_message(f"head{n}@school.example.org"), f"head{n}@school.example.org")
    finally:
        controller.stop()
    assert len(made) == 1  # the CA certificates are read once, not for every email
    assert [rcpt for rcpt, _ in inbox.messages] == [[f"head{n}@school.example.org"] for n in range(3)]
    assert logins == [(b"hub@example.org", b"s3cret pass")] * 3


def test_the_sender_stops_when_cancelled_as_it_is_woken(make_server, mail) -> None:
    """A server's shutdown cancels the sender; an application stored at that moment wakes it. On
    Python 3.11 asyncio.wait_for lost such a cancel (python/cpython#86296) and shutdown hung."""
    port, _ = mail
    outbox = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=30).web.outbox

    async def cancel_as_woken() -> str:
        task = asyncio.create_task(outbox.run())
        while not outbox._runners:  # started, and looking at the (empty) outbox
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # and now waiting to be woken
        outbox.wake()
        await asyncio.sleep(0)
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=5)
        return "stopped" if done else "still running"

    assert asyncio.run(cancel_as_woken()) == "stopped"
