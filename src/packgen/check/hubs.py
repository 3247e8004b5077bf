"""hub.unknown and hub.incomplete: offers must reach a pack, and a running hub needs an email.

A hub runs a programme-year when its file has an offer for it or the programme-year's
``hubs:`` list names it. (A programme-year without a list is built for every hub, but a hub
with no offer is not taken to be running it for this check.)
"""

from __future__ import annotations

from typing import Iterator

from ..errors import Problem
from .base import CheckScope


def check_hubs(scope: CheckScope) -> Iterator[Problem]:
    by_key = {(py.programme, py.year.id): py for py in scope.programmes}
    for hub in scope.hubs:
        src = hub.source
        runs = []
        for programme, years in hub.spec.offers.items():
            for year_id in years:
                py = by_key.get((programme, year_id))
                if py is None:
                    continue  # no such programme-year: load_project warns (offer.unknown)
                if py.spec.hubs is not None and hub.code not in py.spec.hubs:
                    line, col = src.position(("offers", programme, year_id, "__key__"))
                    yield Problem(
                        src.shown, line, col,
                        f"offer for {programme} {year_id}, but the hubs list of {py.source.shown} does not name {hub.code}, "
                        "so no pack uses it",
                        "hub.unknown",
                    )
                    continue
                runs.append(py)
        offered = {py.key for py in runs}
        runs += [py for py in scope.programmes if py.spec.hubs and hub.code in py.spec.hubs and py.key not in offered]
        if runs and not hub.spec.email:
            line, col = src.position(("code",))
            names = ", ".join(f"{py.programme} {py.year.label}" for py in runs)
            yield Problem(
                src.shown, line, col,
                f"{hub.code} runs {names} but has no email: its packs cannot say where to send the form",
                "hub.incomplete", "warning",
            )
