"""/admin's decisions page: a hub's places, applications and proposed allocation; staff change a
decision with a reason (the audit log keeps it), confirm (frozen), withdraw (the waiting list moves
up); a hub account sees its own hub only; decisions are in the subject access export and go with
their application. axe-core checks the page in Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import axe_violations
from conftest import edit
from sqlalchemy.exc import StatementError

from packgen.decide import PLACE_FREED
from packgen.decide.sources import read_sheet
from packgen.web import allocation, store
from web.decisions_helpers import RULE, fill, returned_sheet
from web.web_helpers import csrf_of, serving, sign_in

PAGE = "/admin/decisions/2024-25/WM9/number-sense"


@pytest.fixture
def hub(sample: Path, make_server, tmp_path: Path):
    """WM9 with 2 places by priority to its areas, a waiting list of 1, and seven applications
    allocated by the rule (the returned form through the library, as `packgen allocate --sheet`)."""
    edit(sample / "hubs/WM9.yaml", *RULE)
    server = make_server()
    engine = server.web.engine
    refs = fill(engine)
    hp = server.web.site.get("2024-25", "WM9", "number-sense")
    rows = read_sheet(returned_sheet(sample, tmp_path / "all.xlsx"))
    lookup = allocation.register_of(engine)
    proposal = allocation.propose(engine, hp.py, hp.hub, hp.answers, rows, lookup)
    allocation.store_proposal(engine, proposal, hp.py, "WM9", store.Entry(server.clock(), None, "proposed", "test"))
    server.add_user("wm9@example.org", "WM9")
    server.add_user("se9@example.org", "SE9")
    return server, refs


def state(server) -> dict[str, tuple[str, int | None]]:
    decided = allocation.decisions(server.web.engine, "number-sense", "2024-25", "WM9")
    return {d.reference: (d.outcome, d.rank) for d in decided}


def audit(server) -> list[tuple[str, str | None, str | None]]:
    return [(a.action, a.target, a.detail) for a in store.audit_log(server.web.engine) if a.action != "sign-in"]


def test_the_page_shows_the_places_the_rule_and_every_decision(hub) -> None:
    server, refs = hub
    client = server.client()
    sign_in(client, "wm9@example.org")
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.text
    assert '<dt class="summary-list__key">Places</dt><dd class="summary-list__value">2</dd>' in text
    assert "With priority to the areas above, with a waiting list of 1 school (priority_areas)" in text
    assert "7: 2 offered, 1 on the waiting list, 4 not offered, 0 withdrawn" in text
    for ref in refs:
        assert f'<a href="/admin/applications/{ref}">{ref}</a>' in text
    assert "School 100003.pdf" in text and "Received after the closing date, Friday 8th March 2024." in text
    assert "0 online applications have no decision yet." in text
    assert client.get("/admin/decisions").text.count(PAGE) == 1


def test_a_hub_account_cannot_see_or_change_another_hubs_decisions(hub) -> None:
    server, refs = hub
    client = server.client()
    sign_in(client, "se9@example.org")
    assert client.get(PAGE).status_code == 404
    assert PAGE not in client.get("/admin/decisions").text
    csrf = csrf_of(client.get("/admin").text)
    for action in ("propose", "change", "confirm", "withdraw"):
        data = {"_csrf": csrf, "reference": refs[1], "outcome": "not_offered", "reason": "Taken over"}
        assert client.post(f"{PAGE}/{action}", data=data).status_code == 404, action
    assert state(server)[refs[1]] == ("offered", None)


def test_change_with_a_reason_then_confirm_then_withdraw_promotes_the_waiting_list(hub) -> None:
    server, refs = hub
    client = server.client()
    sign_in(client, "wm9@example.org")
    csrf = csrf_of(client.get(PAGE).text)
    assert client.post(f"{PAGE}/confirm", data={}).status_code == 403  # no CSRF token: refused
    # A reason is needed, and is kept in the audit log with the old and new decision.
    no_reason = client.post(f"{PAGE}/change", data={"_csrf": csrf, "reference": refs[5], "outcome": "waiting"})
    assert no_reason.status_code == 400 and "Enter the reason" in no_reason.text
    changed = client.post(
        f"{PAGE}/change",
        data={"_csrf": csrf, "reference": refs[5], "outcome": "waiting", "reason": "A partner school of the hub."},
    )
    assert changed.status_code == 303 and changed.headers["location"] == f"{PAGE}?done=changed"
    assert state(server)[refs[5]] == ("waiting", 2)
    assert audit(server)[0] == ("decision changed", refs[5], "not_offered -> waiting: A partner school of the hub.")
    row = next(
        d for d in allocation.decisions(server.web.engine, "number-sense", "2024-25", "WM9") if d.reference == refs[5]
    )
    assert (row.decided_by, row.proposed, row.reason) == (
        "wm9@example.org",
        "not_offered",
        "A partner school of the hub.",
    )

    # Confirming freezes every decision: a change is refused, proposing again leaves them as they are.
    assert client.post(f"{PAGE}/confirm", data={"_csrf": csrf}).status_code == 303
    assert audit(server)[0] == ("decisions confirmed", "WM9 number-sense 2024-25", "7 decisions")
    frozen = client.post(
        f"{PAGE}/change", data={"_csrf": csrf, "reference": refs[0], "outcome": "offered", "reason": "Why not"}
    )
    assert frozen.status_code == 400 and "is confirmed: it can only be withdrawn" in frozen.text
    before = state(server)
    assert client.post(f"{PAGE}/propose", data={"_csrf": csrf}).status_code == 303
    assert state(server) == before

    # A withdrawal frees the place: the first on the waiting list is offered it, its letter due.
    withdrawn = client.post(
        f"{PAGE}/withdraw", data={"_csrf": csrf, "reference": refs[1], "reason": "The school wrote to withdraw."}
    )
    assert withdrawn.status_code == 303
    after = state(server)
    assert (after[refs[1]], after[refs[0]], after[refs[5]]) == (("withdrawn", None), ("offered", None), ("waiting", 1))
    promoted = next(
        d for d in allocation.decisions(server.web.engine, "number-sense", "2024-25", "WM9") if d.reference == refs[0]
    )
    assert (promoted.reason, promoted.letter_sent_at, promoted.proposed) == (PLACE_FREED, None, "waiting")
    assert promoted.confirmed_at is not None
    assert audit(server)[0] == (
        "withdrawn",
        refs[1],
        f"The school wrote to withdraw.; the place is offered to {refs[0]}",
    )
    page = client.get(f"{PAGE}?done=withdrawn").text
    assert "The school is withdrawn." in page and PLACE_FREED in page


def test_decisions_are_in_the_subject_access_export_and_go_with_their_application(hub) -> None:
    server, refs = hub
    client = server.client()
    sign_in(client, "wm9@example.org")
    held = json.loads(client.get("/admin/subject-access?urn=100002").content)
    assert [(d["reference"], d["outcome"]) for d in held["decisions"]] == [
        (refs[0], "waiting"),
        (refs[2], "not_offered"),
    ]
    entry = store.Entry(server.clock(), "wm9@example.org", "delete", "10.0.0.1", "asked by the school")
    assert store.delete_application(server.web.engine, refs[0], entry)
    assert refs[0] not in state(server)
    assert [(a.action, a.target, a.detail) for a in store.audit_log(server.web.engine)][:1] == [
        ("delete", refs[0], "asked by the school")
    ]


def test_a_change_whose_audit_entry_cannot_be_written_changes_nothing(hub) -> None:
    """A decision changed, confirmed or withdrawn is written with its audit entry or not at all."""
    server, refs = hub
    before = state(server)
    broken = store.Entry(None, "wm9@example.org", "decision changed", "10.0.0.1")
    with pytest.raises(StatementError, match="audit"):
        allocation.change(server.web.engine, "number-sense", "2024-25", "WM9", refs[5], "waiting", "Why.", broken)
    no_address = store.Entry(server.clock(), "wm9@example.org", "decisions confirmed", None)  # fails after the rows
    with pytest.raises(TypeError):
        allocation.confirm(server.web.engine, "number-sense", "2024-25", "WM9", no_address)
    hp = server.web.site.get("2024-25", "WM9", "number-sense")
    offered = next(ref for ref, (outcome, _) in before.items() if outcome == "offered")
    with pytest.raises(TypeError):  # the place would go to the first on the waiting list
        allocation.withdraw(server.web.engine, hp.py, hp.hub, offered, "Cannot take part.", no_address)
    assert state(server) == before
    assert not any(d.confirmed_at for d in allocation.decisions(server.web.engine, "number-sense", "2024-25", "WM9"))


def test_a_deletion_whose_audit_entry_cannot_be_written_deletes_nothing(hub) -> None:
    """The deletion and its audit entry are one transaction: never a deletion the log does not show."""
    server, refs = hub
    broken = store.Entry(None, None, "delete", "10.0.0.1")  # the log's time is required: its insert fails
    with pytest.raises(StatementError, match="audit"):
        store.delete_application(server.web.engine, refs[0], broken)
    assert refs[0] in state(server)
    assert store.by_reference(server.web.engine, refs[0]) is not None


# --- in Chromium --------------------------------------------------------------------------------


@pytest.fixture
def live(hub) -> Iterator[tuple[str, Any]]:
    server, _ = hub
    with serving(server.app) as base:
        yield base, server


def test_the_decisions_pages_have_no_axe_violations(browser, live) -> None:
    base, _ = live
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/admin/sign-in")
    page.fill("#f-email", "wm9@example.org")
    page.fill("#f-password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin")
    violations = {}
    for path in ("/admin/decisions", PAGE, PAGE + "?done=changed"):
        page.goto(base + path)
        violations[path] = axe_violations(page)
    context.close()
    assert {path: found for path, found in violations.items() if found} == {}


def test_a_returned_forms_decision_is_purged_past_its_retention(hub) -> None:
    import datetime as dt

    server, refs = hub
    engine = server.web.engine
    assert store.purge(engine, dt.datetime(2025, 9, 30, tzinfo=dt.UTC), 1, "test") == []  # kept until October
    assert "School 100003.pdf" in state(server)
    purged = store.purge(engine, dt.datetime(2025, 10, 1, 1, tzinfo=dt.UTC), 1, "test")
    assert sorted(a.reference for a in purged) == sorted(refs)
    assert state(server) == {}
    assert ("purge", "School 100003.pdf", "a returned form's decision, kept 1 months") in audit(server)
