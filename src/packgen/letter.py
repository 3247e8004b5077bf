"""A decision letter: a programme-year's letter wording, with a hub's placements, rendered for one
school's decision and laid out in blocks as a pack's section is.

Which letter a decision gets (``letter_kind``): "offered", "waiting" and "not_offered" by its
outcome, and "place_freed" for an offer the rule did not propose (proposed "waiting", outcome
"offered": a withdrawal freed the place). A withdrawn application gets none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import pack as p
from .dates import long_date
from .errors import PackgenError, Problem
from .model.project import Hub, ProgrammeYear, Project
from .model.schema import LETTER_KINDS
from .resolve import as_runs, hub_details, lay_out_letter
from .wording.arrange import arrange
from .wording.facts import SAMPLE_SCHOOL, DecisionView, SchoolView, facts, letter_facts, offer_of, sample_decision
from .wording.walk import letter_part, walk_letters

OUTCOMES = ("offered", "waiting", "not_offered", "withdrawn")
"""A decision's outcomes, as the decisions table holds them."""


def letter_kind(outcome: str, proposed: str) -> str | None:
    """The letter a decision gets: its outcome's, or place_freed for an offer made from the waiting
    list (the rule proposed "waiting"); None for a withdrawal."""
    if outcome == "offered":
        return "place_freed" if proposed == "waiting" else "offered"
    if outcome in ("waiting", "not_offered"):
        return outcome
    return None


@dataclass(frozen=True)
class Letter:
    """One school's decision letter, ready for any of the letter renderers."""

    kind: str  # offered, waiting, not_offered, place_freed
    programme: str
    year: str
    year_label: str
    programme_title: str
    hub_code: str
    hub_name: str
    hub_details: p.Inline
    hub_email: str | None
    school: SchoolView
    decision: DecisionView
    subject: str
    blocks: tuple[p.Block, ...]
    dated: dt.date
    first_session: dt.date | None = None  # the offer's
    confirmation_date: dt.date | None = None  # the offer's: no email goes before it
    lang: str = "en-GB"

    @property
    def document_title(self) -> str:
        return p.one_line(f"{self.subject} ({self.hub_name})")

    @property
    def greeting(self) -> str:
        return f"Dear {self.school.headteacher}," if self.school.headteacher else "Dear Headteacher,"

    @property
    def date_text(self) -> str:
        return long_date(self.dated)

    @property
    def first_session_text(self) -> str:
        return long_date(self.first_session) if self.first_session else ""

    @property
    def file_stem(self) -> str:
        """``<URN>-<decision>``, or the reference for a school without a URN: ``123456-offered``."""
        return f"{self.school.urn or self.decision.reference}-{self.kind.replace('_', '-')}"


def no_letters(py: ProgrammeYear) -> Problem:
    """The problem of a programme-year asked for letters that has no letters wording."""
    return Problem(
        py.source.shown,
        0,
        0,
        f"{py.source.shown} has no letters: key, so packgen has no wording for its decision letters; add "
        f"letters: with {', '.join(LETTER_KINDS)} (each a subject and a body of blocks)",
        "letters.missing",
    )


def resolve_letter(
    project: Project,
    py: ProgrammeYear,
    hub: Hub,
    kind: str,
    school: SchoolView,
    decision: DecisionView,
    dated: dt.date,
) -> Letter:
    """The letter of ``kind`` for one school's decision. Raises PackgenError naming every bad
    wording line, or the missing ``letters:`` key."""
    if py.spec.letters is None:
        raise PackgenError([no_letters(py)])
    if kind not in LETTER_KINDS:
        raise ValueError(f"no letter of kind {kind!r}; known: {', '.join(LETTER_KINDS)}")
    variables = {**facts(project, py, hub), **letter_facts(school, decision)}
    offer = offer_of(hub, py)
    arranged = arrange(py, hub)
    [part] = [part for part in walk_letters(py, hub, arranged).parts if part.key == letter_part(kind)]
    subject, blocks = lay_out_letter(project, py, hub, part, variables, list(arranged.problems))
    return Letter(
        kind=kind,
        programme=py.programme,
        year=py.year.id,
        year_label=py.year.label,
        programme_title=p.one_line(p.plain(as_runs(py.spec.title))),
        hub_code=hub.code,
        hub_name=hub.spec.name,
        hub_details=hub_details(hub),
        hub_email=hub.spec.email,
        school=school,
        decision=decision,
        subject=p.one_line(p.plain(as_runs(subject))),
        blocks=blocks,
        dated=dated,
        first_session=offer.first_session if offer else None,
        confirmation_date=offer.confirmation_date if offer else None,
    )


def sample_letters(project: Project, py: ProgrammeYear, hub: Hub) -> tuple[Letter, ...]:
    """Each of the programme-year's letters for a sample school (none without ``letters:``), dated
    on the offer's confirmation date: what the diff compares year on year."""
    if py.spec.letters is None:
        return ()
    offer = offer_of(hub, py)
    dated = (offer.confirmation_date if offer else None) or dt.date(py.year.start, 9, 1)
    return tuple(
        resolve_letter(project, py, hub, kind, SAMPLE_SCHOOL, sample_decision(kind), dated) for kind in LETTER_KINDS
    )
