"""What every check is given: the project, the part of it being checked, its wording, a locator."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model.project import Hub, ProgrammeYear, Project
from ..resolve import render_piece
from ..selection import Selection
from ..wording.facts import SAMPLE_SCHOOL, facts, letter_facts, sample_decision
from ..wording.locate import Locator
from ..wording.walk import Piece, hub_pieces, is_letter, letter_pieces, programme_pieces


@dataclass(frozen=True)
class Authorities:
    """The local authorities the register of schools names, and where they were read (for messages)."""

    names: frozenset[str]
    source: str


@dataclass
class CheckScope:
    """The project, the programme-years and hubs a run looks at, and every piece of their wording;
    with ``authorities``, the register's local authorities that hubs' areas are checked against."""

    project: Project
    selection: Selection = Selection()
    locator: Locator = field(default_factory=Locator)
    authorities: Authorities | None = None

    def __post_init__(self) -> None:
        self.programmes: tuple[ProgrammeYear, ...] = self.selection.programme_years(self.project)
        self.hubs: tuple[Hub, ...] = self.selection.hubs_of(self.project)
        wanted = {py.key for py in self.programmes}
        self.wordings: tuple[Piece, ...] = tuple(
            [w for py in self.programmes for w in programme_pieces(py)]
            + [w for py in self.programmes for w in letter_pieces(py)]
            + [w for hub in self.hubs for w in hub_pieces(hub, self.project) if w.programme_year.key in wanted]
        )
        self._facts: dict[tuple[str, str], dict[str, Any]] = {}

    def hubs_for(self, py: ProgrammeYear) -> tuple[Hub, ...]:
        """The hubs that run ``py`` and are being checked."""
        chosen = {h.code for h in self.hubs}
        return tuple(h for h in self.project.hubs_running(py) if h.code in chosen)

    def facts(self, py: ProgrammeYear, hub: Hub) -> dict[str, Any]:
        """The variables wording may use for one hub, made once per run."""
        key = (py.key, hub.code)
        if key not in self._facts:
            self._facts[key] = facts(self.project, py, hub)
        return self._facts[key]

    def rendered(self, w: Piece) -> Iterator[tuple[Hub, str]]:
        """What each hub's pack (or decision letter) shows for ``w``; wording that fails to render is left to
        template checks."""
        hubs = (w.hub,) if w.hub else self.hubs_for(w.programme_year)
        for hub in hubs:
            if not w.templated:
                yield hub, w.text
                continue
            variables = self.facts(w.programme_year, hub)
            if is_letter(w):  # a letter's wording, as a sample school would read it
                variables = {**variables, **letter_facts(SAMPLE_SCHOOL, sample_decision(w.part.split("/")[1]))}
            for role in w.variants:
                try:
                    shown = render_piece(w, variables, role)
                except Exception:
                    continue
                yield hub, shown
