"""Applications and decisions put straight into a database for the recruitment figures' tests
(web/test_web_counts.py, the /admin pages, `packgen report`): two hubs of the sample project."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from packgen.web.models import ApplicationRow, DecisionRow

UTC = dt.UTC


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hour:02}:00:00").replace(tzinfo=UTC)


def add_application(db: Session, hub: str, when: dt.datetime, n: int, year: str = "2024-25") -> ApplicationRow:
    row = ApplicationRow(
        reference=f"{hub}-TEST-{n:04}",
        nonce=f"nonce-{hub}-{n}",
        programme="number-sense",
        year=year,
        hub=hub,
        urn=f"{100000 + n}",
        answers="{}",
        submitted_at=when,
    )
    db.add(row)
    db.flush()
    return row


def add_decision(
    db: Session, hub: str, outcome: str, when: dt.datetime, reference: str, application: ApplicationRow | None = None
) -> None:
    db.add(
        DecisionRow(
            programme="number-sense",
            year="2024-25",
            hub=hub,
            reference=reference,
            application_id=application.id if application else None,
            source="online" if application else "returned",
            urn=None,
            school=f"School {reference}",
            email=None,
            received_at=when,
            outcome=outcome,
            rank=1 if outcome == "waiting" else None,
            reason="",
            proposed=outcome,
            decided_by=None,
            decided_at=at("2024-03-01", 11),
        )
    )


def two_hubs(engine: Any) -> None:
    """WM9 (12 places, closes 8 March): 3 online applications and 2 returned forms; 3 offered,
    1 waiting, 1 not offered. SE9 (no places stated, closes 22 March): 2 online, 1 waiting. And
    an application to another year, which counts for none of these."""
    with Session(engine) as db, db.begin():
        a1 = add_application(db, "WM9", at("2024-02-26", 9), 1)
        a2 = add_application(db, "WM9", at("2024-02-28"), 2)
        a3 = add_application(db, "WM9", at("2024-03-01", 9), 3)
        add_decision(db, "WM9", "offered", a1.submitted_at, a1.reference, a1)
        add_decision(db, "WM9", "offered", a2.submitted_at, a2.reference, a2)
        add_decision(db, "WM9", "not_offered", a3.submitted_at, a3.reference, a3)
        add_decision(db, "WM9", "offered", at("2024-02-27", 14), "returned:forms/one.pdf")
        add_decision(db, "WM9", "waiting", at("2024-02-29", 11), "returned:forms/two.docx")
        s1 = add_application(db, "SE9", at("2024-02-29"), 4)
        add_application(db, "SE9", at("2024-03-01", 8), 5)
        add_decision(db, "SE9", "waiting", s1.submitted_at, s1.reference, s1)
        add_application(db, "WM9", at("2023-02-01"), 6, year="2023-24")


WM9_PER_DAY = {"2024-02-26": 1, "2024-02-27": 1, "2024-02-28": 1, "2024-02-29": 1, "2024-03-01": 1}
SE9_PER_DAY = {"2024-02-29": 1, "2024-03-01": 1}
