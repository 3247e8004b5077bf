"""The decisions table: an allocation proposed and stored, staff changes, confirmation, withdrawals.

`packgen allocate` and /admin's decisions page both call ``propose`` then ``store_proposal``: the
online applications of the database, the returned forms of collect's sheet (when given) and the
applications already decided are allocated together by the engine (decide/engine.py). A decision
changed by staff (``decided_by``) or confirmed (``confirmed_at``) is never overwritten by a re-run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ..decide import engine as decide
from ..decide.sources import Lookup, SheetRow, applicant, returned
from ..model.project import Hub, ProgrammeYear
from ..pack import FormField
from ..schools import store as schools
from . import store
from .db import reading, writing
from .models import DecisionRow


@dataclass(frozen=True)
class Decided:
    """A decision as the decisions table keeps it."""

    id: int
    reference: str
    application_id: int | None
    source: str
    urn: str | None
    school: str
    email: str | None
    received_at: dt.datetime
    outcome: str
    rank: int | None
    reason: str
    proposed: str
    decided_by: str | None
    decided_at: dt.datetime
    confirmed_at: dt.datetime | None
    letter_sent_at: dt.datetime | None

    @property
    def kept(self) -> bool:
        """A re-run of the rule leaves it as it is: staff changed it, or it is confirmed."""
        return self.decided_by is not None or self.confirmed_at is not None


def _decided(row: DecisionRow) -> Decided:
    return Decided(
        row.id,
        row.reference,
        row.application_id,
        row.source,
        row.urn,
        row.school,
        row.email,
        row.received_at,
        row.outcome,
        row.rank,
        row.reason,
        row.proposed,
        row.decided_by,
        row.decided_at,
        row.confirmed_at,
        row.letter_sent_at,
    )


def decisions(engine: Engine, programme: str, year: str, hub: str) -> list[Decided]:
    """The hub's decisions for the programme-year, in the order received."""
    query = (
        select(DecisionRow)
        .where(DecisionRow.programme == programme, DecisionRow.year == year, DecisionRow.hub == hub)
        .order_by(DecisionRow.received_at, DecisionRow.reference)
    )
    with reading(engine) as session:
        return [_decided(row) for row in session.scalars(query)]


def register_of(engine: Engine) -> Lookup | None:
    """A lookup in the schools register kept in this database, or None when none was imported."""
    if schools.info(engine) is None:
        return None
    return lambda urn: schools.get(engine, urn)


@dataclass(frozen=True)
class Proposal:
    """What the rule proposes for every application, beside what is stored now."""

    terms: decide.Terms
    decisions: tuple[decide.Decision, ...]
    stored: dict[str, Decided]  # by reference

    def changes(self) -> list[decide.Decision]:
        """The proposed decisions that storing would write: new, or different from what is stored."""
        out = []
        for d in self.decisions:
            if d.kept:
                continue
            now = self.stored.get(d.reference)
            if now is None or (now.outcome, now.rank, now.reason) != (d.outcome, d.rank, d.reason):
                out.append(d)
        return out


def propose(
    engine: Engine | None,
    py: ProgrammeYear,
    hub: Hub,
    answers: Sequence[FormField],
    sheet: Sequence[SheetRow] = (),
    lookup: Lookup | None = None,
) -> Proposal:
    """The allocation of every application to ``hub`` for ``py``: online ones from the database,
    returned forms from ``sheet`` (an online row of the sheet only when the database lacks it), and
    those already decided (kept, or allocated again from what the table holds). Without ``engine``
    (no database), the sheet's applications alone."""
    programme, year = py.programme, py.year.id
    found: dict[str, decide.Applicant] = {}
    online = store.applications(engine, programme=programme, year=year, hub=hub.code) if engine is not None else []
    for app in online:
        found[app.reference] = applicant(
            app.reference, "online", answers, app.values, app.submitted_at, lookup, application_id=app.id
        )
    for app in returned(sheet, programme, year, hub.code, answers, lookup):
        found.setdefault(app.reference, app)
    stored = {d.reference: d for d in decisions(engine, programme, year, hub.code)} if engine is not None else {}
    for d in stored.values():
        if d.reference not in found and (d.source == "returned" or d.application_id is not None):
            school = lookup(int(d.urn)) if lookup is not None and d.urn else None
            found[d.reference] = decide.Applicant(
                d.reference, d.source, d.urn, d.school, d.email, d.received_at, school, d.application_id
            )
    kept = {r: decide.Kept(r, d.outcome, d.rank, d.reason) for r, d in stored.items() if d.kept and r in found}
    terms = decide.terms_of(py, hub, register=lookup is not None)
    return Proposal(terms, tuple(decide.allocate(list(found.values()), terms, kept)), stored)


def scope(programme: str, year: str, hub: str) -> str:
    """A hub's programme-year as the audit log names it: ``WM1 mastering-number 2025-26``."""
    return f"{hub} {programme} {year}"


def store_proposal(engine: Engine, proposal: Proposal, py: ProgrammeYear, hub: str, entry: store.Entry) -> int:
    """Write the proposal's decisions (proposed = outcome), leaving kept ones as they are, and
    ``entry`` in the audit log; returns how many rows were written. One transaction."""
    written, now = 0, entry.at
    with writing(engine) as session:
        rows = {
            row.reference: row
            for row in session.scalars(
                select(DecisionRow).where(
                    DecisionRow.programme == py.programme, DecisionRow.year == py.year.id, DecisionRow.hub == hub
                )
            )
        }
        for d in proposal.decisions:
            row = rows.get(d.reference)
            if row is not None and (row.decided_by is not None or row.confirmed_at is not None):
                continue
            a = d.applicant
            if row is None:
                row = DecisionRow(programme=py.programme, year=py.year.id, hub=hub, reference=d.reference)
                session.add(row)
            elif (row.outcome, row.rank, row.reason) == (d.outcome, d.rank, d.reason):
                continue
            row.application_id = a.application_id
            row.source = a.source
            row.urn = a.urn
            row.school = a.school_name[:500]
            row.email = a.email[:320] if a.email else None
            row.received_at = a.received_at
            row.outcome = d.outcome
            row.rank = d.rank
            row.reason = d.reason
            row.proposed = d.outcome
            row.decided_by = None
            row.decided_at = now
            written += 1
        store.record(session, entry, scope(py.programme, py.year.id, hub), f"{written} decisions by the rule")
    return written


class Refused(ValueError):
    """A change that cannot be made (a confirmed decision, an unknown outcome); the message says why."""


def _row(session: Session, programme: str, year: str, hub: str, reference: str) -> DecisionRow | None:
    return session.scalar(
        select(DecisionRow).where(
            DecisionRow.programme == programme,
            DecisionRow.year == year,
            DecisionRow.hub == hub,
            DecisionRow.reference == reference,
        )
    )


def change(
    engine: Engine,
    programme: str,
    year: str,
    hub: str,
    reference: str,
    outcome: str,
    reason: str,
    entry: store.Entry,
) -> Decided | None:
    """Staff change a decision, with a reason the school can read. One put on the waiting list goes
    to its end; the list is numbered again. The audit log keeps ``entry`` with the old and new
    decision. None when there is no such decision; Refused when it is confirmed (withdraw it
    instead) or the outcome is not one a person may choose."""
    if outcome not in ("offered", "waiting", "not_offered"):
        raise Refused(f"{outcome!r} is not a decision: offered, waiting or not_offered")
    with writing(engine) as session:
        row = _row(session, programme, year, hub, reference)
        if row is None:
            return None
        if row.confirmed_at is not None:
            raise Refused(f"the decision on {reference} is confirmed: it can only be withdrawn")
        others = list(
            session.scalars(
                select(DecisionRow).where(
                    DecisionRow.programme == programme,
                    DecisionRow.year == year,
                    DecisionRow.hub == hub,
                    DecisionRow.outcome == "waiting",
                    DecisionRow.id != row.id,
                )
            )
        )
        store.record(session, entry, reference, f"{row.outcome} -> {outcome}: {reason}")
        if outcome != "waiting":
            row.rank = None
        elif row.outcome != "waiting" or row.rank is None:
            row.rank = max((r.rank or 0 for r in others), default=0) + 1
        row.outcome = outcome
        row.reason = reason
        row.decided_by = entry.actor
        row.decided_at = entry.at
        _renumber(others + [row])
        session.flush()
        return _decided(row)


def _renumber(rows: Sequence[DecisionRow]) -> None:
    standing = [decide.Standing(r.reference, r.outcome, r.rank) for r in rows]
    by_ref = {r.reference: r for r in rows}
    for c in decide.renumber(standing):
        by_ref[c.reference].rank = c.rank


def confirm(engine: Engine, programme: str, year: str, hub: str, entry: store.Entry) -> int:
    """Freeze every decision of the hub's programme-year not yet confirmed, ``entry`` in the audit
    log; returns how many."""
    with writing(engine) as session:
        rows = list(
            session.scalars(
                select(DecisionRow).where(
                    DecisionRow.programme == programme,
                    DecisionRow.year == year,
                    DecisionRow.hub == hub,
                    DecisionRow.confirmed_at.is_(None),
                )
            )
        )
        for row in rows:
            row.confirmed_at = entry.at
        store.record(session, entry, scope(programme, year, hub), f"{len(rows)} decisions")
        return len(rows)


def withdraw(
    engine: Engine,
    py: ProgrammeYear,
    hub: Hub,
    reference: str,
    reason: str,
    entry: store.Entry,
    lookup: Lookup | None = None,
) -> list[decide.Change] | None:
    """A school withdraws: its place goes to the first on the waiting list (under the cap), whose
    letter is then due (letter_sent_at cleared; confirmed now if its waiting decision was); the
    audit log keeps ``entry`` with the reason and whom the place went to. None when there is no
    such decision; Refused when it is withdrawn or not offered already."""
    actor, now = entry.actor, entry.at
    terms = decide.terms_of(py, hub, register=lookup is not None)
    with writing(engine) as session:
        rows = list(
            session.scalars(
                select(DecisionRow).where(
                    DecisionRow.programme == py.programme, DecisionRow.year == py.year.id, DecisionRow.hub == hub.code
                )
            )
        )
        by_ref = {r.reference: r for r in rows}
        if reference not in by_ref:
            return None
        if by_ref[reference].outcome not in ("offered", "waiting"):
            raise Refused(f"{reference} holds no place and is on no waiting list: there is nothing to withdraw")

        def group(row: DecisionRow) -> str | None:
            if lookup is None or not row.urn or row.outcome not in ("offered", "waiting") or terms.rule.cap is None:
                return None
            return terms.group(lookup(int(row.urn)))

        standing = [decide.Standing(r.reference, r.outcome, r.rank, group(r)) for r in rows]
        changes = decide.withdraw(standing, reference, terms, reason)
        for c in changes:
            row = by_ref[c.reference]
            promoted = row.outcome == "waiting" and c.outcome == "offered"
            row.outcome = c.outcome
            row.rank = c.rank
            if c.reason is not None:
                row.reason = c.reason
            if c.outcome == "withdrawn" or promoted:
                row.decided_by = actor
                row.decided_at = now
            if promoted:
                row.letter_sent_at = None  # the "place freed" letter is due
                if row.confirmed_at is not None:
                    row.confirmed_at = now
        offered_to = [c.reference for c in changes if c.outcome == "offered"]
        detail = reason + (f"; the place is offered to {offered_to[0]}" if offered_to else "")
        store.record(session, entry, reference, detail)
        return changes
