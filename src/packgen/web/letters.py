"""Decision letters from the database: the confirmed decisions as letters need them, their emails
queued in the outbox once each, each email made when the outbox sends it, and what was told.

A decision's email is queued once (an outbox row of kind "decision" with its decision_id) and never
again; it is sent and retried like a receipt; when it is sent the decision's letter_sent_at is set,
and from then the receipt page shows the school its decision.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ..dates import LONDON
from ..letter import Letter
from ..letters import Decided, LetterFiles, LetterMaker, find_hub, find_programme_year, letter_date
from ..model.project import Project
from ..render.letter import decision_label
from ..schools import store as register
from ..wording.facts import SchoolView
from .db import reading, writing
from .mail import decision_letter, deliverable
from .models import ApplicationRow, DecisionRow, EmailRow

KIND = "decision"
"""The outbox's kind for a decision letter."""


def _address(text: str) -> tuple[str, ...]:
    """An address as the school typed it, a line per comma or line break."""
    return tuple(part.strip() for part in text.replace("\n", ",").split(",") if part.strip())


def school_of(engine: Engine, row: DecisionRow, values: dict[str, str] | None) -> SchoolView:
    """The school as its letter names it: its name from the decision, its address and headteacher
    from the register (by URN) where it knows them, else from the application's answers."""
    values = values or {}
    known = register.get(engine, int(row.urn)) if row.urn and row.urn.isdigit() else None
    address = tuple(known.address) if known and known.address else _address(values.get("school.address", ""))
    head = (known.headteacher if known else "") or values.get("school.headteacher", "").strip()
    return SchoolView(row.school, row.urn, address, head or None)


def _decided(engine: Engine, row: DecisionRow, values: dict[str, str] | None) -> Decided:
    return Decided(
        row.reference,
        row.outcome,
        row.proposed,
        school_of(engine, row, values),
        row.rank,
        row.reason or "",
        row.email,
        row.id,
        row.letter_sent_at.astimezone(LONDON).date() if row.letter_sent_at is not None else None,
    )


def _answers(session: Session, application_id: int | None) -> dict[str, str] | None:
    if application_id is None:
        return None
    app = session.get(ApplicationRow, application_id)
    return json.loads(app.answers) if app is not None else None


@dataclass(frozen=True)
class Decisions:
    """A hub's decisions for one programme-year: those confirmed (in order of reference) and how
    many are not yet confirmed."""

    confirmed: tuple[Decided, ...]
    unconfirmed: int


def decisions(engine: Engine, programme: str, year: str, hub: str) -> Decisions:
    """The confirmed decisions with their schools, and a count of the rest."""
    with reading(engine) as session:
        rows = list(
            session.scalars(
                select(DecisionRow)
                .where(DecisionRow.programme == programme, DecisionRow.year == year, DecisionRow.hub == hub)
                .order_by(DecisionRow.reference)
            )
        )
        answers = {r.id: _answers(session, r.application_id) for r in rows}
    confirmed = tuple(_decided(engine, r, answers[r.id]) for r in rows if r.confirmed_at is not None)
    return Decisions(confirmed, sum(1 for r in rows if r.confirmed_at is None))


@dataclass
class Queued:
    """What queuing a hub's letters did: the references queued now, those queued before, and those
    with no address to send to."""

    queued: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)


def queue_letters(engine: Engine, decided: Sequence[Decided], now: dt.datetime) -> Queued:
    """One outbox email per decision with a letter, unless one was queued before (each decision is
    told once); the outbox sends them and retries a failure as it does a receipt."""
    result = Queued()
    with writing(engine) as session:
        for d in decided:
            if d.kind is None or d.id is None:
                continue
            if session.scalar(select(EmailRow.id).where(EmailRow.decision_id == d.id, EmailRow.kind == KIND)):
                result.before.append(d.reference)
                continue
            if not d.email or not deliverable(d.email):
                result.no_address.append(d.reference)
                continue
            row = session.get(DecisionRow, d.id)
            session.add(
                EmailRow(
                    application_id=row.application_id if row is not None else None,
                    decision_id=d.id,
                    kind=KIND,
                    recipient=d.email,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                )
            )
            result.queued.append(d.reference)
    return result


def email_states(engine: Engine, decided: Sequence[Decided]) -> dict[str, int]:
    """How many of these decisions' emails are sent, pending or failed."""
    ids = [d.id for d in decided if d.id is not None]
    states: dict[str, int] = {}
    with reading(engine) as session:
        for start in range(0, len(ids), 500):
            rows = session.scalars(
                select(EmailRow.status).where(EmailRow.decision_id.in_(ids[start : start + 500]), EmailRow.kind == KIND)
            )
            for status in rows:
                states[status] = states.get(status, 0) + 1
    return states


class DecisionMail:
    """Makes each decision email as the outbox sends it: the letter rendered afresh from the project,
    unless ``made`` (by decision id) holds that same letter already laid out by ``packgen letters``."""

    def __init__(self, engine: Engine, project: Project, made: Mapping[int, LetterFiles] | None = None):
        self.engine = engine
        self.project = project
        self.made: Mapping[int, LetterFiles] = made or {}
        self._maker: LetterMaker | None = None

    @property
    def maker(self) -> LetterMaker:
        if self._maker is None:  # the letter renderers only once a letter is sent
            self._maker = LetterMaker(self.project)
        return self._maker

    def message(self, decision_id: int, sender: str, recipient: str, today: dt.date) -> EmailMessage:
        """The email of one decision, its letter's PDF attached; LookupError if the decision or its
        programme-year is gone."""
        with reading(self.engine) as session:
            row = session.get(DecisionRow, decision_id)
            if row is None:
                raise LookupError("the decision was deleted")
            values = _answers(session, row.application_id)
        decided = _decided(self.engine, row, values)
        py = find_programme_year(self.project, row.programme, row.year)
        hub = find_hub(self.project, py, row.hub)
        letter = self.maker.letter(py, hub, decided, letter_date(py, hub, today))
        text, html = self.maker.bodies(letter)
        return decision_letter(
            sender=sender,
            recipient=recipient,
            hub_name=letter.hub_name,
            subject=letter.subject,
            text=text,
            html=html,
            pdf=self._pdf(decision_id, letter),
            filename=f"{letter.file_stem}.pdf",
        )

    def _pdf(self, decision_id: int, letter: Letter) -> bytes:
        """The letter's PDF: the one this run of ``packgen letters`` wrote when it is the same letter
        (the same day, school and decision), laid out in this run or kept from an earlier one whose
        inputs were all the same (letters.Made); else laid out now."""
        made = self.made.get(decision_id)
        if made is not None and made.letter == letter:
            return made.pdf
        return self.maker.pdf.render(letter)


@dataclass(frozen=True)
class Told:
    """A decision as the school may see it once its letter was sent."""

    decision: str  # in words: "Place offered"
    sent_at: dt.datetime


def told(engine: Engine, reference: str) -> Told | None:
    """The decision on an application, by its reference, once its letter was sent; else None."""
    with reading(engine) as session:
        row = session.scalar(
            select(DecisionRow).where(DecisionRow.reference == reference, DecisionRow.letter_sent_at.is_not(None))
        )
    if row is None or row.letter_sent_at is None:
        return None
    kind = Decided(row.reference, row.outcome, row.proposed, SchoolView(row.school)).kind
    return Told(decision_label(kind), row.letter_sent_at) if kind else None


def letters_sent(engine: Engine, references: Sequence[str]) -> dict[str, Told]:
    """The decisions told, by reference, of these applications: what /admin shows beside them."""
    out: dict[str, Told] = {}
    refs = list(references)
    with reading(engine) as session:
        for start in range(0, len(refs), 500):
            rows = session.scalars(
                select(DecisionRow).where(
                    DecisionRow.reference.in_(refs[start : start + 500]), DecisionRow.letter_sent_at.is_not(None)
                )
            )
            for row in rows:
                kind = Decided(row.reference, row.outcome, row.proposed, SchoolView(row.school)).kind
                if kind and row.letter_sent_at is not None:
                    out[row.reference] = Told(decision_label(kind), row.letter_sent_at)
    return out


@dataclass(frozen=True)
class LetterState:
    """Where a decision's email stands: "sent" (with when), "pending" (waiting or to be tried
    again), "failed" (given up, with the last error) or "not yet" (not queued)."""

    status: str
    sent_at: dt.datetime | None = None
    error: str | None = None
    email_id: int | None = None  # the outbox row, for "Send again"


NOT_YET = LetterState("not yet")


def letter_states(engine: Engine, decision_ids: Sequence[int]) -> dict[int, LetterState]:
    """Each decision's email state, online or returned alike (what /admin's decisions page shows);
    a decision without an email is left out (NOT_YET)."""
    ids = list(decision_ids)
    out: dict[int, LetterState] = {}
    with reading(engine) as session:
        for start in range(0, len(ids), 500):
            rows = session.scalars(
                select(EmailRow).where(EmailRow.decision_id.in_(ids[start : start + 500]), EmailRow.kind == KIND)
            )
            for row in rows:
                if row.decision_id is not None:
                    out[row.decision_id] = LetterState(row.status, row.sent_at, row.last_error, row.id)
    return out


@dataclass(frozen=True)
class Heard:
    """What /decision shows a school: its decision once the letter was sent, by reference and address."""

    reference: str
    school: str
    programme: str
    year: str
    hub: str
    told: Told


def heard(engine: Engine, reference: str, email: str) -> Heard | None:
    """The decision on the application with this reference, when ``email`` is the address its
    letter went to (in any case) and the letter was sent; else None, whichever part is wrong."""
    reference, email = reference.strip().upper(), email.strip().lower()
    if not reference or not email:
        return None
    with reading(engine) as session:
        rows = list(
            session.scalars(
                select(DecisionRow).where(
                    func.upper(DecisionRow.reference) == reference, DecisionRow.letter_sent_at.is_not(None)
                )
            )
        )
    for row in rows:
        kind = Decided(row.reference, row.outcome, row.proposed, SchoolView(row.school)).kind
        if row.email and row.email.strip().lower() == email and kind and row.letter_sent_at is not None:
            told = Told(decision_label(kind), row.letter_sent_at)
            return Heard(row.reference, row.school, row.programme, row.year, row.hub, told)
    return None
