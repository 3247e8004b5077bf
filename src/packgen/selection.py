"""Which part of a project a command works on: years, hubs, programmes, documents and formats."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import Problem
from .model.project import Hub, ProgrammeYear, Project


@dataclass(frozen=True)
class Selection:
    """What to build or check; an empty tuple means everything."""

    years: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()

    def programme_years(self, project: Project) -> tuple[ProgrammeYear, ...]:
        """The project's programme-years this selection takes, in project order."""
        return tuple(
            py
            for py in project.programmes
            if (not self.programmes or py.programme in self.programmes) and (not self.years or py.year.id in self.years)
        )

    def hubs_of(self, project: Project) -> tuple[Hub, ...]:
        """The project's hubs this selection takes, in project order."""
        return tuple(h for h in project.hubs if not self.hubs or h.code in self.hubs)

    def unknown(self, project: Project, formats: Iterable[str], documents: Iterable[str]) -> list[Problem]:
        """A problem for each asked-for value the project (or the renderers) do not have."""
        return (
            _unknown("hub", self.hubs, (h.code for h in project.hubs), "hub.unknown")
            + _unknown("programme", self.programmes, (p.programme for p in project.programmes), "programme.unknown")
            + _unknown("year", self.years, (p.year.id for p in project.programmes), "year.unknown")
            + _unknown("format", self.formats, formats, "format.unknown")
            + _unknown("document", self.documents, documents, "document.unknown")
        )


def _unknown(kind: str, asked: Iterable[str], known: Iterable[str], code: str) -> list[Problem]:
    known = sorted(set(known))
    return [
        Problem("command line", 0, 0, f"unknown {kind} {value!r}; known: {', '.join(known) or 'none'}", code)
        for value in asked
        if value not in known
    ]
