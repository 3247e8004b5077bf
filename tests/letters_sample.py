"""Letters wording for the sample project (tests/fixtures/sample has none), decisions in its
database, and what a letter test needs: written into a test's own copy, never the fixture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

LETTERS = """
letters:
  offered:
    subject: A place for {{ school.name }}
    body:
      - >-
        We are pleased to offer {{ school.name }} a place in {{ programme.title }} for {{ year.label }}.
      - paragraph: "Please tell {{ hub.name }} if you can no longer take part."
        id: offered-contact
  waiting:
    subject: "{{ school.name }} is on the waiting list"
    body:
      - >-
        Every place is taken, and {{ school.name }} is number {{ decision.rank }} on the waiting list.
  not_offered:
    subject: Your application for {{ school.name }}
    body:
      - "We are sorry that we cannot offer {{ school.name }} a place. {{ decision.reason }}"
  place_freed:
    subject: A place has come free for {{ school.name }}
    body:
      - A place has come free, and we are pleased to offer it to {{ school.name }}.
"""
PLACEMENT = """      placements:
        - after: offered-contact
          blocks:
            - "Our first meeting is at the lead school: bring a laptop."
"""


def with_letters(root: Path, *, placement: bool = False) -> Path:
    """The sample copy at ``root`` with letters wording (and WM9's placement into the offered letter)."""
    programme = root / "programmes/number-sense/2024-25.yaml"
    programme.write_text(programme.read_text(encoding="utf-8") + LETTERS, encoding="utf-8")
    if placement:
        hub = root / "hubs/WM9.yaml"
        text = hub.read_text(encoding="utf-8")
        hub.write_text(text.replace("      extra:\n", PLACEMENT + "      extra:\n"), encoding="utf-8")
    return root


DECISIONS = (
    # reference, urn, school, outcome, proposed, rank, reason, email
    (
        "WM9-AAAA-AAAA",
        "123456",
        "Riverside Primary School",
        "offered",
        "offered",
        None,
        "",
        "office@riverside.example.org",
    ),
    ("WM9-BBBB-BBBB", "234567", "Hillford Infant School", "waiting", "waiting", 1, "", "head@hillford.example.org"),
    (
        "WM9-CCCC-CCCC",
        "345678",
        "Brook Lane Academy",
        "not_offered",
        "not_offered",
        None,
        "The school is not in the hub's areas.",
        "office@brook.example.org",
    ),
    (
        "WM9-DDDD-DDDD",
        "456789",
        "Millbank Primary School",
        "offered",
        "waiting",
        None,
        "",
        "office@millbank.example.org",
    ),
    ("returned-7", None, "St Anne's C of E Primary", "offered", "offered", None, "", "head@stannes.example.org"),
    ("WM9-EEEE-EEEE", "567890", "Old Mill School", "withdrawn", "offered", None, "", "office@oldmill.example.org"),
)


def add_decisions(engine: Any, *, confirmed: bool = True, rows: tuple[tuple[Any, ...], ...] = DECISIONS) -> None:
    """The decisions above for WM9's number-sense 2024-25, confirmed (or not)."""
    from packgen.web.db import writing
    from packgen.web.models import DecisionRow

    at = dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
    with writing(engine) as session:
        for reference, urn, school, outcome, proposed, rank, reason, email in rows:
            session.add(
                DecisionRow(
                    programme="number-sense",
                    year="2024-25",
                    hub="WM9",
                    reference=reference,
                    application_id=None,
                    source="returned" if reference.startswith("returned") else "online",
                    urn=urn,
                    school=school,
                    email=email,
                    received_at=at,
                    outcome=outcome,
                    rank=rank,
                    reason=reason,
                    proposed=proposed,
                    decided_by=None,
                    decided_at=at,
                    confirmed_at=at if confirmed else None,
                    letter_sent_at=None,
                )
            )


def sample_engine(root: Path, database: str | None = None) -> Any:
    """The sample copy's database (SQLite in its var/ unless ``database``), migrated."""
    from packgen.web.db import make_engine, parse_url, upgrade

    engine = make_engine(parse_url(database, root))
    upgrade(engine)
    return engine
