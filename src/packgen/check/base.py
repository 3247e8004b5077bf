"""What every check is given: the project, the part of it being checked, its wording, a locator."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

import jinja2

from ..context import wording_context, wording_env
from ..model.project import Hub, ProgrammeYear, Project
from ..plan import Selection
from .wording import Locator, Wording, hub_wording, programme_wording


@lru_cache(maxsize=4096)
def _compile(text: str) -> jinja2.Template:
    return wording_env().from_string(text)


@dataclass
class CheckContext:
    """The project and the programme-years and hubs a run looks at."""

    project: Project
    selection: Selection = Selection()
    locator: Locator = field(default_factory=Locator)

    def __post_init__(self) -> None:
        s = self.selection
        self.programmes: tuple[ProgrammeYear, ...] = tuple(
            py for py in self.project.programmes
            if (not s.programmes or py.programme in s.programmes) and (not s.years or py.year.id in s.years)
        )
        self.hubs: tuple[Hub, ...] = tuple(h for h in self.project.hubs if not s.hubs or h.code in s.hubs)
        wanted = {py.key for py in self.programmes}
        self.wordings: tuple[Wording, ...] = tuple(
            [w for py in self.programmes for w in programme_wording(py)]
            + [w for hub in self.hubs for w in hub_wording(hub, self.project) if w.programme_year.key in wanted]
        )
        self._contexts: dict[tuple[str, str], dict[str, Any]] = {}

    def hubs_for(self, py: ProgrammeYear) -> tuple[Hub, ...]:
        """The hubs that run ``py`` and are being checked."""
        chosen = {h.code for h in self.hubs}
        return tuple(h for h in self.project.hubs_running(py) if h.code in chosen)

    def context(self, py: ProgrammeYear, hub: Hub) -> dict[str, Any]:
        key = (py.key, hub.code)
        if key not in self._contexts:
            self._contexts[key] = wording_context(self.project, py, hub)
        return self._contexts[key]

    def rendered(self, w: Wording) -> Iterator[tuple[Hub, str]]:
        """What each hub's pack shows for ``w``; wording that fails to render is left to template checks."""
        hubs = (w.hub,) if w.hub else self.hubs_for(w.programme_year)
        for hub in hubs:
            if not w.templated:
                yield hub, w.text
                continue
            context = self.context(w.programme_year, hub)
            for role in w.roles:
                try:
                    shown = _compile(w.text).render({**context, "role": role} if role else context)
                except (jinja2.TemplateError, TypeError, ValueError):
                    continue
                yield hub, shown
