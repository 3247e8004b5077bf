"""What the recruitment figures read from the database: each online application's hub and time,
each returned form recorded as a decision (source "returned", no application row), and each
decision's outcome. /admin's recruitment page and `packgen report` both read through here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from ..model.project import ProgrammeYear, Project
from ..recruitment import Decided, Figures, Received, figures
from .db import reading
from .models import ApplicationRow, DecisionRow


def received(engine: Engine, programme: str, year: str) -> list[Received]:
    """Every application to the programme-year: online ones, and returned forms that staff or
    allocation recorded as decisions with no online application behind them."""
    with reading(engine) as db:
        online = db.execute(
            select(ApplicationRow.hub, ApplicationRow.submitted_at).where(
                ApplicationRow.programme == programme, ApplicationRow.year == year
            )
        ).all()
        returned = db.execute(
            select(DecisionRow.hub, DecisionRow.received_at).where(
                DecisionRow.programme == programme,
                DecisionRow.year == year,
                DecisionRow.source == "returned",
                DecisionRow.application_id.is_(None),
            )
        ).all()
    return [Received(hub, at, "online") for hub, at in online] + [Received(hub, at, "returned") for hub, at in returned]


def decided(engine: Engine, programme: str, year: str) -> list[Decided]:
    """Every decision of the programme-year: its hub and outcome."""
    with reading(engine) as db:
        rows = db.execute(
            select(DecisionRow.hub, DecisionRow.outcome).where(
                DecisionRow.programme == programme, DecisionRow.year == year
            )
        ).all()
    return [Decided(hub, outcome) for hub, outcome in rows]


def figures_of(engine: Engine, project: Project, py: ProgrammeYear, today: dt.date) -> Figures:
    """The programme-year's figures from this database, as on ``today``."""
    return figures(
        project, py, received(engine, py.programme, py.year.id), decided(engine, py.programme, py.year.id), today
    )
