"""Issue 25's whole path on the shipped data, joined: the sample GIAS register imported, 40
applications to WM1's Teaching for Mastery Development 2024/25 (30 places, priority to Birmingham
and Sandwell) made online through the app and returned as filled PDF and DOCX forms read by
`packgen collect`, `packgen allocate --apply`, the decisions confirmed in /admin, `packgen letters`
written (pdftotext, LibreOffice) and sent once to a real SMTP server, and each school seeing its
decision on its receipt page and on /decision by its reference."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from conftest import REPO, run_cli
from formfill import fill_docx, fill_pdf
from starlette.testclient import TestClient

from packgen.schools import gias
from packgen.schools.register import School
from packgen.web.app import create_app
from packgen.web.config import Settings
from web.test_web_mail import SENDER, smtp_server
from web.web_helpers import ANSWERS, Clock, csrf_of, free_port, sign_in

FORM = "/2024-25/WM1/teaching-for-mastery-development"
GIAS = REPO / "data/schools/edubasealldata20250901.csv"
START = dt.datetime(2024, 6, 3, 8, 0, tzinfo=dt.UTC)  # 9am in London: WM1's form is open
RADIO = frozenset({"readiness.previous"})


def _schools(la: set[str], status: str, count: int, skip: int = 0) -> list[School]:
    """Primary schools of the sample register in these local authorities, in its order."""
    found = [s for s in gias.read(GIAS).schools if s.la_name in la and s.status == status and s.phase == "Primary"]
    return found[skip : skip + count]


def _answers(school: School, n: int) -> dict[str, str]:
    """A school's answers, its name and telephone as the register gives them (the form fills them in)."""
    urn = f"{school.urn:06d}"
    return {
        "school.name": school.name,
        "school.urn": urn,
        "school.telephone": school.telephone,
        "school.email": f"office{urn}@school{n}.example.org",
        "school.pupils": "210",
        "school.type": "Primary",
        "lead_teacher.1.name": "Ada Lead",
        "lead_teacher.1.email": f"ada{urn}@school{n}.example.org",
        "lead_teacher.1.trn": "1234567",
        "lead_teacher.1.role": "Maths lead, Year 4",
        "lead_teacher.2.name": "Bo Second",
        "lead_teacher.2.email": f"bo{urn}@school{n}.example.org",
        "lead_teacher.2.trn": "7654321",
        "lead_teacher.2.role": "Year 2 teacher",
        "readiness.previous": "No",
        "headteacher_statement": "We want every child to be fluent & confident.",
        "signature.headteacher": "Harriet Head",
        "signature.lead_teacher_1": "Ada Lead",
        "signature.lead_teacher_2": "Bo Second",
    }


def _apply_online(school: TestClient, values: dict[str, str]) -> str:
    """A school finds itself in the register, fills the form and sends it; its reference."""
    page = school.get(FORM + "/apply")
    urn = values["school.urn"]
    confirm = school.post(FORM + "/apply/school", data={"_csrf": csrf_of(page.text), "urn": urn})
    assert "Confirm this is your school" in confirm.text, confirm.text[:2000]
    done = school.post(FORM + "/apply/school/confirm", data={"_csrf": csrf_of(confirm.text), "urn": urn})
    assert done.status_code == 303
    page = school.get(FORM + "/apply")
    check = school.post(FORM + "/apply", data={"_csrf": csrf_of(page.text), **values})
    assert "Check your answers" in check.text, re.findall(r"error-message[^>]*>([^<]+)", check.text)
    token = ANSWERS.search(check.text).group(1)
    sent = school.post(FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": token})
    assert sent.status_code == 303, sent.text[:2000]
    return sent.headers["location"].rsplit("/", 1)[1]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdftotext(path: Path) -> str:
    return _flat(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout)


def test_forty_applications_to_thirty_places_allocated_confirmed_lettered_sent_once_and_seen(
    tmp_path: Path, monkeypatch: Any
) -> None:
    root = tmp_path / "project"
    for name in ("hubs", "programmes", "templates", "assets"):
        shutil.copytree(REPO / name, root / name)
    imported = run_cli("schools", "import", str(GIAS), "--project", str(root))
    assert imported.exit_code == 0, imported.output

    # 34 online: 22 in the priority areas, 12 outside, half an hour apart from 9am on 3rd June.
    inside = _schools({"Birmingham", "Sandwell"}, "Open", 24)
    outside = _schools({"Dudley", "Walsall", "Wolverhampton", "Solihull"}, "Open", 13)
    online_schools = [s for pair in zip(inside[:12], outside[:12], strict=True) for s in pair] + inside[12:22]
    clock = Clock(START)
    app = create_app(Settings(project=root, database=None, clock=clock))
    received: dict[str, tuple[dict[str, str], dt.datetime, str]] = {}  # reference -> school, time, email
    browsers: dict[str, TestClient] = {}  # each school's browser, its receipt in its session
    with TestClient(app):
        for n, school in enumerate(online_schools):
            clock.now = START + dt.timedelta(minutes=30 * n)
            values = _answers(school, n)
            browser = TestClient(app, follow_redirects=False)
            reference = _apply_online(browser, values)
            received[reference] = (school, clock.now, values["school.email"])
            browsers[reference] = browser
        site = app.state.web.site
        hp = site.get("2024-25", "WM1", "teaching-for-mastery-development")
        blank_pdf = site.document(hp, "application-form.pdf")
        blank_docx = site.document(hp, "application-form.docx")

    # 6 returned by email: two in the areas, one outside, a school that applied online already
    # (a duplicate), a closed school (not eligible) and one after the closing date (28th June).
    closed = _schools({"Birmingham"}, "Closed", 1)[0]
    late = _schools({"Sandwell"}, "Open", 1, skip=20)[0]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    returned = [  # file, school, arrival (UTC), expected code
        ("a-inside.pdf", inside[22], START + dt.timedelta(hours=2, minutes=10), "in"),
        ("b-inside.docx", inside[23], START + dt.timedelta(hours=20), "in"),
        ("c-outside.pdf", outside[12], START + dt.timedelta(hours=1, minutes=40), "out"),
        ("d-duplicate.docx", inside[0], START + dt.timedelta(days=1), "duplicate"),
        ("e-closed.pdf", closed, START + dt.timedelta(hours=3), "not_eligible"),
        ("f-late.docx", late, dt.datetime(2024, 6, 29, 9, 0, tzinfo=dt.UTC), "late"),
    ]
    for n, (name, school, at, _) in enumerate(returned, start=100):
        values = {**_answers(school, n), "hub": "WM1"}
        path = inbox / name
        if name.endswith(".pdf"):
            path.write_bytes(fill_pdf(blank_pdf, values, radio=RADIO))
        else:
            path.write_bytes(fill_docx(blank_docx, values))
        os.utime(path, (at.timestamp(), at.timestamp()))
    sheet = tmp_path / "all.xlsx"
    collected = run_cli("collect", str(inbox), "--project", str(root), "--out", str(sheet))
    assert collected.exit_code == 0, collected.output
    assert "6 files: 5 ok, 1 with problems, 0 rejected" in collected.stdout  # the closed school

    # allocate: the table, nothing written; then --apply.
    args = ("allocate", "teaching-for-mastery-development", "2024-25", "--hub", "WM1", "--project", str(root))
    proposed = run_cli(*args, "--sheet", str(sheet))
    assert proposed.exit_code == 0, proposed.output
    assert "40 applications, 30 places, rule priority_areas: 30 offered, 7 on the waiting list, 3 not offered." in (
        proposed.stdout
    )
    assert "Nothing written: 40 decisions would be stored with --apply." in proposed.stdout
    applied = run_cli(*args, "--sheet", str(sheet), "--apply")
    assert applied.exit_code == 0, applied.output
    assert applied.stdout.endswith("40 decisions stored.\n")

    from packgen.web.allocation import decisions as stored_decisions
    from packgen.web.db import open_existing, parse_url

    engine = open_existing(parse_url(None, root))
    rows = {d.reference: d for d in stored_decisions(engine, "teaching-for-mastery-development", "2024-25", "WM1")}
    engine.dispose()
    times = {ref: (at, f"{school.urn:06d}") for ref, (school, at, _) in received.items()}
    times |= {name: (at, f"{school.urn:06d}") for name, school, at, _ in returned}
    assert {r: (d.received_at.astimezone(dt.UTC), d.urn) for r, d in rows.items()} == times
    in_area = {f"{s.urn:06d}" for s in inside}
    eligible = [r for r in times if r not in ("d-duplicate.docx", "e-closed.pdf", "f-late.docx")]
    order = sorted(eligible, key=lambda r: (times[r][1] not in in_area, times[r][0], r))
    assert [r for r in order[:30]] == sorted((r for r, d in rows.items() if d.outcome == "offered"), key=order.index)
    assert all(times[r][1] in in_area for r in order[:24])  # every priority-area school first
    assert [(r, rows[r].rank) for r in order[30:]] == [(r, i) for i, r in enumerate(order[30:], start=1)]
    assert all(rows[r].outcome == "waiting" for r in order[30:])
    first = next(ref for ref, (school, _, _) in received.items() if school is inside[0])
    assert rows["d-duplicate.docx"].outcome == "not_offered"
    assert rows["d-duplicate.docx"].reason == (
        f"Another application from the same school ({first}) was received first, and only the first application "
        "from a school is considered."
    )
    assert rows["e-closed.pdf"].reason.startswith("Not eligible: ")
    assert rows["f-late.docx"].reason == "Received after the closing date, Friday 28th June 2024."

    # confirm in /admin, as the hub's account
    from packgen.web import store
    from packgen.web.auth import hash_password

    store.add_user(app.state.web.engine, "wm1@example.org", hash_password("correct horse battery"), "WM1", clock())
    here = "/admin/decisions/2024-25/WM1/teaching-for-mastery-development"
    with TestClient(app, follow_redirects=False) as admin:
        sign_in(admin, "wm1@example.org")
        page = admin.get(here)
        assert "40: 30 offered, 7 on the waiting list, 3 not offered, 0 withdrawn" in _flat(page.text)
        done = admin.post(here + "/confirm", data={"_csrf": csrf_of(page.text)})
        assert done.status_code == 303
        page = admin.get(here).text
        assert "Every decision is confirmed." in page and page.count("<td>Not yet</td>") == 40

        # letters written: each PDF names its school and decision; every DOCX opens in LibreOffice
        letters = tmp_path / "letters"
        made = run_cli(
            "letters", "teaching-for-mastery-development", "2024-25", "--hub", "WM1", "--out", str(letters),
            "--project", str(root), "--today", "2024-07-12",
        )  # fmt: skip
        assert made.exit_code == 0, made.output
        assert f"Wrote 40 letter(s) to {letters}" in made.stdout
        with (letters / "letters.csv").open(encoding="utf-8") as f:
            summary = list(csv.DictReader(f))
        labels = {"offered": "Place offered", "waiting": "Waiting list", "not_offered": "Not offered a place"}
        assert sorted(r["reference"] for r in summary) == sorted(rows)
        for r in summary:
            assert r["decision"] == labels[rows[r["reference"]].outcome]
            text = _pdftotext(letters / r["pdf"])
            assert _flat(r["school"]) in text and r["decision"] in text, (r, text[:500])
        converted = tmp_path / "converted"
        docx = sorted(letters.glob("*.docx"))
        assert len(docx) == 40
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
             "--outdir", str(converted), *map(str, docx)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        for r in summary:
            assert _flat(r["school"]) in _pdftotext(converted / r["docx"].replace(".docx", ".pdf"))

        # sent once each to a real mail server, not before the confirmation date
        port = free_port()
        controller, mail = smtp_server(port)
        try:
            send = (*args[:5], "--out", str(letters), "--project", str(root), "--smtp",
                    f"smtp://127.0.0.1:{port}?from={SENDER}", "--send")  # fmt: skip
            early = run_cli("letters", *send[1:], "--today", "2024-07-11")
            assert early.exit_code == 1 and "not sending" in early.stderr and mail.messages == []
            sent = run_cli("letters", *send[1:], "--today", "2024-07-12")
            assert sent.exit_code == 0, sent.output
            assert "Queued 40 letter email(s) in the outbox: 40 sent." in sent.stdout
            assert f"Wrote 0 letter(s) to {letters} and kept 40 unchanged since the last run" in sent.stdout
            emails = {ref: email for ref, (_, _, email) in received.items()}
            emails |= {
                name: f"office{s.urn:06d}@school{n}.example.org" for n, (name, s, _, _) in enumerate(returned, 100)
            }
            assert sorted(rcpt[0] for rcpt, _ in mail.messages) == sorted(emails.values())
            as_sent = {path.name: path.read_bytes() for path in letters.iterdir()}
            again = run_cli("letters", *send[1:], "--today", "2024-07-13")
            assert again.exit_code == 0, again.output
            assert "Nothing new to send: the 40 letter(s) with an email were queued before (40 sent)." in again.stdout
            # a day later each letter is still the one its school was sent (dated the 12th), not laid out again
            assert f"Wrote 0 letter(s) to {letters} and kept 40 unchanged since the last run" in again.stdout
            assert {path.name: path.read_bytes() for path in letters.iterdir()} == as_sent
            assert len(mail.messages) == 40
        finally:
            controller.stop()

        # /admin says, per decision, when its letter was sent: online and returned alike
        page = admin.get(here).text
        assert len(re.findall(r"<td>Sent [0-9:apm]+ on Friday 12th July 2024</td>", page)) == 40, page[-3000:]

    # each school sees its decision: on its receipt page while the browser keeps it, and on
    # /decision by its reference and email address (online and returned alike)
    last = list(browsers)[-1]
    clock.now = received[last][1] + dt.timedelta(minutes=5)
    receipt = browsers[last].get(f"{FORM}/apply/receipt/{last}")
    assert f"Decision: {labels[rows[last].outcome]}" in receipt.text
    clock.now = dt.datetime(2024, 7, 13, 9, 0, tzinfo=dt.UTC)
    with TestClient(app, follow_redirects=False) as someone:
        form = someone.get("/decision")
        assert form.status_code == 200 and "See the decision on your application" in form.text
        token = csrf_of(form.text)
        for reference in (order[0], order[-1], "d-duplicate.docx", "c-outside.pdf"):
            email = emails[reference].upper() if reference == order[0] else emails[reference]
            shown = someone.post("/decision", data={"_csrf": token, "reference": reference.lower(), "email": email})
            assert shown.status_code == 200, shown.text[:2000]
            assert f"Decision: {labels[rows[reference].outcome]}" in shown.text
            assert _flat(rows[reference].school) in _flat(shown.text.replace("&#39;", "'"))
        wrong = someone.post("/decision", data={"_csrf": token, "reference": order[0], "email": emails[order[1]]})
        missing = someone.post(
            "/decision", data={"_csrf": token, "reference": "WM1-XXXX-XXXX", "email": emails[order[1]]}
        )
        assert wrong.status_code == missing.status_code == 404
        assert _flat(wrong.text).replace(order[0], "?") == _flat(missing.text).replace("WM1-XXXX-XXXX", "?")
        assert "We cannot show a decision for that reference number and email address." in wrong.text
        assert "Decision:" not in wrong.text
    app.state.web.engine.dispose()
