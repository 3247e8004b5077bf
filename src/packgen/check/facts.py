"""hub.unshown: a fact a hub file gives that no pack shows, so nobody types data that goes nowhere.

A hub fact (email, lead school, areas, website, logo) is shown when a pack the hub gets shows it:
the layout shows some wherever it names the hub (resolve.SHOWN_BY_LAYOUT), wording the others
(``{{ hub.email }}``, also in a condition). An offer's fact is shown when the wording of its
programme-year uses it, or the layout does; the opening and closing dates are also the online
form's (packgen serve takes applications between them), so they never go nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..model.project import Hub, ProgrammeYear
from ..resolve import SHOWN_BY_LAYOUT
from ..wording.facts import offer_of
from ..wording.uses import wording_facts
from .base import CheckScope

HUB_FACTS = ("email", "lead_school", "areas", "website", "logo")
OFFER_FACTS = ("places", "allocation", "confirmation_date", "areas")
"""The facts of an offer only packs show; its dates also open and close the online form, its placements are wording."""


def _given(value: Any) -> bool:
    return value is not None and value != [] and value != ()


def _at(hub: Hub, loc: tuple[Any, ...]) -> tuple[int, int]:
    return hub.source.positions.get(loc + ("__key__",), hub.source.position(loc))


def check_unshown(scope: CheckScope) -> Iterator[Problem]:
    project = scope.project
    running: dict[str, list[ProgrammeYear]] = {h.code: [] for h in project.hubs}
    for py in project.programmes:
        for hub in project.hubs_running(py):
            running[hub.code].append(py)
    every_hub = {  # facts wording shows of every hub ({% for h in hubs %}), in packs somebody gets
        "hub." + fact.removeprefix("hubs.")
        for py in project.programmes
        if project.hubs_running(py)
        for fact in wording_facts(py)
        if fact.startswith("hubs.")
    }
    for hub in scope.hubs:
        given = dict(hub.spec)
        pys = running[hub.code]
        shown = (
            {fact for py in pys for fact in wording_facts(py, hub)} | every_hub | (SHOWN_BY_LAYOUT if pys else set())
        )
        for fact in HUB_FACTS:
            if _given(given[fact]) and f"hub.{fact}" not in shown:
                line, col = _at(hub, (fact,))
                why = (
                    f"no wording of {', '.join(f'{py.programme} {py.year.label}' for py in pys)} uses hub.{fact}"
                    if pys
                    else f"{hub.code} gets no pack (it has no offer, and no programme-year's hubs: names it)"
                )
                yield Problem(
                    hub.source.shown,
                    line,
                    col,
                    f"{hub.code} gives {fact}, but no pack shows it: {why}",
                    "hub.unshown",
                    "warning",
                )
        for py in pys:
            offer = offer_of(hub, py)
            if offer is None:
                continue
            facts = wording_facts(py, hub) | SHOWN_BY_LAYOUT
            offered = dict(offer)
            for fact in OFFER_FACTS:
                if _given(offered[fact]) and f"offer.{fact}" not in facts:
                    line, col = _at(hub, ("offers", py.programme, py.year.id, fact))
                    yield Problem(
                        hub.source.shown,
                        line,
                        col,
                        f"{hub.code}'s offer for {py.programme} {py.year.id} gives {fact}, but no pack shows it: "
                        f"no wording of {py.programme} {py.year.label} uses offer.{fact}",
                        "hub.unshown",
                        "warning",
                    )
