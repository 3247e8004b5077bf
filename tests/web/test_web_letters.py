"""Decision letters by email (web/letters.py, packgen letters --send), to a real SMTP server (aiosmtpd):
each decision's email once, its letter attached, never before the confirmation date without --now;
the receipt page and /admin show the decision once it is sent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import pdf_text, run_cli
from letters_sample import DECISIONS, add_decisions, sample_engine, with_letters
from sqlalchemy import select

from packgen.letters import LetterFiles, LetterMaker, find_hub, find_programme_year
from packgen.model.project import load_project
from packgen.render.letter import LetterPdf
from packgen.web.db import reading, writing
from packgen.web.letters import DecisionMail, decisions, queue_letters
from packgen.web.models import DecisionRow, EmailRow
from web.test_web_mail import SENDER, Inbox, smtp_server
from web.web_helpers import GOOD, apply, free_port, reference_of, sign_in, wait_for


@pytest.fixture
def mail() -> Iterator[tuple[int, Inbox]]:
    port = free_port()
    controller, inbox = smtp_server(port)
    try:
        yield port, inbox
    finally:
        controller.stop()


def _letters(sample: Path, out: Path, port: int, *args: str):
    return run_cli(
        "letters",
        "number-sense",
        "2024-25",
        "--hub",
        "WM9",
        "--out",
        str(out),
        "--project",
        str(sample),
        "--smtp",
        f"smtp://127.0.0.1:{port}?from={SENDER}",
        *args,
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_send_emails_each_decision_once_with_its_letter_and_not_before_the_confirmation_date(
    sample: Path, mail: tuple[int, Inbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, inbox = mail
    engine = sample_engine(with_letters(sample))
    add_decisions(engine)
    out = tmp_path / "letters"
    laid_out: list[str] = []  # each letter's PDF is laid out once: written to --out, and that file attached
    lay_out = LetterPdf.render
    monkeypatch.setattr(
        LetterPdf, "render", lambda self, letter: laid_out.append(letter.file_stem) or lay_out(self, letter)
    )

    early = _letters(sample, out, port, "--send", "--today", "2024-03-14")
    assert early.exit_code == 1
    assert early.stderr == (
        "error: not sending: WM9's offer says schools hear on Friday 15th March 2024 (confirmation_date in "
        "hubs/WM9.yaml); run again on or after that day, or add --now to send today; nothing was written or sent.\n"
    )
    assert inbox.messages == [] and not out.exists()

    sent = _letters(sample, out, port, "--send", "--now", "--today", "2024-03-14")
    assert sent.exit_code == 0, sent.output
    assert "Queued 5 letter email(s) in the outbox: 5 sent." in sent.stdout
    expected = {
        email: (reference, urn, school, outcome, proposed)
        for reference, urn, school, outcome, proposed, *_, email in DECISIONS
    }
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == sorted(
        email for email, row in expected.items() if row[3] != "withdrawn"
    )
    freed = inbox.to("office@millbank.example.org")
    assert freed["Subject"] == "A place has come free for Millbank Primary School"
    assert freed["From"] == f"Riverside Maths Hub <{SENDER}>"
    body = freed.get_body(("plain",)).get_content()
    assert "Number Sense Work Groups 2024/25, Millbank Primary School: Place offered from the waiting list." in body
    assert "Millbank Primary School: Place offered from the waiting list." in freed.get_body(("html",)).get_content()
    (attachment,) = list(freed.iter_attachments())
    assert attachment.get_filename() == "456789-place-freed.pdf"
    assert attachment.get_content() == (out / "456789-place-freed.pdf").read_bytes()
    assert sorted(laid_out) == sorted(p.stem for p in out.glob("*.pdf")) and len(laid_out) == 5
    pdf = tmp_path / "attached.pdf"
    pdf.write_bytes(attachment.get_content())
    assert "Millbank Primary School: Place offered from the waiting list." in _flat(pdf_text(pdf))
    returned = inbox.to("head@stannes.example.org")
    assert [a.get_filename() for a in returned.iter_attachments()] == ["returned-7-offered.pdf"]
    with reading(engine) as session:
        told = {r.reference: r.letter_sent_at is not None for r in session.scalars(select(DecisionRow))}
    assert told == {reference: outcome != "withdrawn" for reference, _, _, outcome, *_ in DECISIONS}

    again = _letters(sample, out, port, "--send", "--today", "2024-03-16")
    assert again.exit_code == 0, again.output
    assert "Nothing new to send: the 5 letter(s) with an email were queued before (5 sent)." in again.stdout
    assert len(inbox.messages) == 5


def test_a_letter_made_for_another_day_is_laid_out_again_for_its_email(sample: Path) -> None:
    engine = sample_engine(with_letters(sample))
    add_decisions(engine)
    project = load_project(sample)
    with reading(engine) as session:
        decision_id = session.scalar(select(DecisionRow.id).where(DecisionRow.reference == "WM9-AAAA-AAAA"))
    assert decision_id is not None
    today = dt.date(2024, 3, 15)
    first = DecisionMail(engine, project).message(decision_id, SENDER, "head@example.org", today)
    letter = LetterMaker(project)
    found = decisions(engine, "number-sense", "2024-25", "WM9").confirmed
    decided = next(d for d in found if d.id == decision_id)
    py = find_programme_year(project, "number-sense", "2024-25")
    hub = find_hub(project, py, "WM9")

    def attached(made_on: dt.date) -> bytes:
        made = LetterFiles(decided, letter.letter(py, hub, decided, made_on), b"%PDF- made before", b"")
        mail = DecisionMail(engine, project, {decision_id: made})
        (attachment,) = mail.message(decision_id, SENDER, "head@example.org", today).iter_attachments()
        return attachment.get_content()

    assert attached(today) == b"%PDF- made before"  # the same letter: the file already made
    (fresh,) = first.iter_attachments()
    assert attached(today + dt.timedelta(days=1)) == fresh.get_content()  # another date: laid out afresh


def test_the_receipt_page_and_admin_show_the_decision_once_it_is_sent(
    sample: Path, make_server, mail: tuple[int, Inbox]
) -> None:
    port, inbox = mail
    with_letters(sample)
    server = make_server(smtp=f"smtp://127.0.0.1:{port}?from={SENDER}", mail_poll_seconds=0.2)
    server.add_user("wm9@example.org", "WM9")
    school = server.client()
    reference = reference_of(apply(school))
    receipt = f"/2024-25/WM9/number-sense/apply/receipt/{reference}"
    wait_for(lambda: len(inbox.messages) == 2, what="the receipt and the hub's notice", timeout=60)
    before = school.get(receipt).text
    assert "Decision:" not in before
    assert '<a href="/decision">see the decision on this site</a>' in before

    engine = server.web.engine
    from packgen.web import store

    stored = store.by_reference(engine, reference)
    add_decisions(
        engine, rows=((reference, "123456", GOOD["school.name"], "offered", "offered", None, "", GOOD["school.email"]),)
    )
    with writing(engine) as session:
        row = session.scalar(select(DecisionRow).where(DecisionRow.reference == reference))
        row.application_id = stored.id
    assert "Decision:" not in school.get(receipt).text  # confirmed, not yet told

    queued = queue_letters(engine, decisions(engine, "number-sense", "2024-25", "WM9").confirmed, server.clock())
    assert queued.queued == [reference]
    server.web.outbox.wake()
    wait_for(lambda: len(inbox.messages) == 3, what="the decision letter", timeout=60)
    letter = inbox.messages[-1][1]
    assert letter["Subject"] == "A place for Riverside Primary School"
    wait_for(
        lambda: "Decision: Place offered" in school.get(receipt).text, what="the receipt page to show it", timeout=60
    )

    admin = server.client()
    sign_in(admin, "wm9@example.org")
    page = admin.get("/admin").text
    assert "decision letter sent (Place offered)" in page, re.findall(r"<td>[^<]*sent[^<]*</td>", page)
    again = queue_letters(engine, decisions(engine, "number-sense", "2024-25", "WM9").confirmed, server.clock())
    assert (again.queued, again.before) == ([], [reference])


def test_a_decision_email_that_fails_is_kept_and_retried_like_a_receipt(sample: Path) -> None:
    import datetime as dt

    from packgen.web.mail import Smtp
    from packgen.web.outbox import Outbox
    from packgen.web.site import Site

    engine = sample_engine(with_letters(sample))
    add_decisions(engine, rows=DECISIONS[:1])
    now = dt.datetime(2024, 3, 15, 9, 0, tzinfo=dt.UTC)
    assert queue_letters(engine, decisions(engine, "number-sense", "2024-25", "WM9").confirmed, now).queued == [
        "WM9-AAAA-AAAA"
    ]
    port = free_port()  # nothing listens here yet
    clock = [now]
    smtp = Smtp.parse(f"smtp://127.0.0.1:{port}?from={SENDER}")
    outbox = Outbox(engine, Site(sample), smtp, lambda: clock[0], (dt.timedelta(minutes=1),), 1)
    assert outbox.send_due() == 0
    with reading(engine) as session:
        email = session.scalar(select(EmailRow))
        assert (email.kind, email.status, email.attempts, email.last_error) == (
            "decision",
            "pending",
            1,
            "could not reach the mail server (ConnectionRefusedError)",
        )
        assert session.scalar(select(DecisionRow)).letter_sent_at is None
    clock[0] += dt.timedelta(minutes=2)
    controller, inbox = smtp_server(port)
    try:
        assert outbox.send_due() == 1
    finally:
        controller.stop()
    assert [rcpt for rcpt, _ in inbox.messages] == [["office@riverside.example.org"]]
    with reading(engine) as session:
        assert session.scalar(select(DecisionRow)).letter_sent_at is not None


def test_admin_decisions_page_says_per_decision_whether_its_letter_was_sent_failed_or_not_yet(
    sample: Path, make_server
) -> None:
    import datetime as dt

    from web.web_helpers import csrf_of

    with_letters(sample)
    server = make_server()
    server.add_user("wm9@example.org", "WM9")
    engine = server.web.engine
    add_decisions(engine, rows=DECISIONS[:2] + DECISIONS[4:5])  # two online, one returned form
    sent_at = dt.datetime(2024, 3, 15, 9, 5, tzinfo=dt.UTC)
    queued = queue_letters(engine, decisions(engine, "number-sense", "2024-25", "WM9").confirmed, sent_at)
    assert sorted(queued.queued) == ["WM9-AAAA-AAAA", "WM9-BBBB-BBBB", "returned-7"]
    with writing(engine) as session:
        by_ref = {r.reference: r.id for r in session.scalars(select(DecisionRow))}
        emails = {e.decision_id: e for e in session.scalars(select(EmailRow))}
        emails[by_ref["WM9-AAAA-AAAA"]].status, emails[by_ref["WM9-AAAA-AAAA"]].sent_at = "sent", sent_at
        failed = emails[by_ref["returned-7"]]
        failed.status, failed.attempts, failed.last_error = "failed", 8, "the mail server refused it (550 no such user)"
        session.delete(emails[by_ref["WM9-BBBB-BBBB"]])  # its letter not yet queued
    admin = server.client()
    sign_in(admin, "wm9@example.org")
    page = admin.get("/admin/decisions/2024-25/WM9/number-sense").text
    cells = {
        ref: re.search(rf">{re.escape(ref)}<.*?</tr>", page, re.S).group(0).split("<td>")[-1].split("</td>")[0]
        for ref in ("WM9-AAAA-AAAA", "WM9-BBBB-BBBB", "returned-7")
    }
    failed_cell = cells.pop("returned-7")
    assert cells == {"WM9-AAAA-AAAA": "Sent 9:05am on Friday 15th March 2024", "WM9-BBBB-BBBB": "Not yet"}
    assert failed_cell.startswith("Failed: the mail server refused it (550 no such user)")
    action = re.search(r'action="(/admin/emails/\d+/retry)"', failed_cell).group(1)
    here = "/admin/decisions/2024-25/WM9/number-sense"
    again = admin.post(action, data={"_csrf": csrf_of(page), "back": here})
    assert (again.status_code, again.headers["location"]) == (303, here)
    with reading(engine) as session:
        assert session.get(EmailRow, failed.id).status == "pending"
    assert "Waiting to be sent (last try: the mail server refused it (550 no such user))" in admin.get(here).text


def _told(engine, reference: str) -> None:
    import datetime as dt

    with writing(engine) as session:
        row = session.scalar(select(DecisionRow).where(DecisionRow.reference == reference))
        row.letter_sent_at = dt.datetime(2024, 3, 15, 9, 5, tzinfo=dt.UTC)


def test_a_school_sees_its_decision_by_reference_and_email_once_sent_and_cannot_guess(
    sample: Path, make_server
) -> None:
    from web.web_helpers import csrf_of

    with_letters(sample)
    server = make_server(sign_ins_per_hour=5)
    engine = server.web.engine
    add_decisions(engine, rows=DECISIONS[:2] + DECISIONS[4:5])
    _told(engine, "WM9-AAAA-AAAA")
    _told(engine, "returned-7")
    client = server.client()
    token = csrf_of(client.get("/decision").text)

    def ask(reference: str, email: str, csrf: str = token):
        return client.post("/decision", data={"_csrf": csrf, "reference": reference, "email": email})

    shown = ask("wm9-aaaa-aaaa", " Office@Riverside.example.org ")
    assert shown.status_code == 200
    assert "Decision: Place offered" in shown.text and "Riverside Primary School" in shown.text
    assert "Number Sense Work Groups 2024/25" in shown.text and "Riverside Maths Hub" in shown.text
    assert "9:05am on Friday 15th March 2024" in shown.text
    returned = ask("returned-7", "head@stannes.example.org")
    assert "Decision: Place offered" in returned.text and "St Anne&#39;s C of E Primary" in returned.text

    answers = {
        "wrong address": ask("WM9-AAAA-AAAA", "head@hillford.example.org"),
        "not yet sent": ask("WM9-BBBB-BBBB", "head@hillford.example.org"),
        "no such reference": ask("WM9-ZZZZ-ZZZZ", "head@hillford.example.org"),
    }
    texts = set()
    for what, answer in answers.items():
        assert answer.status_code == 404, what
        assert "There is a problem" in answer.text and "Decision:" not in answer.text, what
        texts.add(re.sub(r'name="reference"[^>]*>', "", answer.text))
    assert len({re.sub(r"WM9-[A-Z]{4}-[A-Z]{4}", "?", t) for t in texts}) == 1  # the same answer
    assert client.post("/decision", data={"reference": "WM9-AAAA-AAAA", "email": "x@y.org"}).status_code == 403

    limited = ask("WM9-AAAA-AAAA", "office@riverside.example.org")  # the 6th try this hour
    assert limited.status_code == 429 and "Too many tries" in limited.text and "Place offered" not in limited.text
