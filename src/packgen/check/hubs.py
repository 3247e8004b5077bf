"""hub.unknown, hub.incomplete and offer.incomplete: an offer reaches a pack, and a hub's pack says
where to send the form and by when; offer.no-closing-date: an offer that names no closing date, and
does not say ``closing_date: none`` on purpose, takes no applications online; offer.allocation-words:
an offer whose allocation is words, not a rule packgen allocate can apply.

A hub runs a programme-year (gets its pack) as ``Project.hubs_running`` says: the programme-year's
``hubs:`` list, every hub for ``hubs: all``, and without the key the hubs with an offer for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..model.project import Hub, ProgrammeYear
from ..model.schema import RULE_WORDS
from ..wording.facts import apply_link, form_of, offer_of
from ..wording.uses import wording_facts
from .base import CheckScope
from .messages import hub_list

READINESS = ("hub.incomplete", "offer.incomplete")
"""The warnings a build's summary repeats: a pack that cannot say where to send the form or by when."""


def check_hubs(scope: CheckScope) -> Iterator[Problem]:
    by_key = {(py.programme, py.year.id): py for py in scope.programmes}
    for hub in scope.hubs:
        src = hub.source
        for programme, years in hub.spec.offers.items():
            for year_id in years:
                py = by_key.get((programme, year_id))
                if py is None:
                    continue  # no such programme-year: load_project warns (offer.unknown)
                if isinstance(py.spec.hubs, list) and hub.code not in py.spec.hubs:
                    line, col = src.position(("offers", programme, year_id, "__key__"))
                    yield Problem(
                        src.shown,
                        line,
                        col,
                        f"offer for {programme} {year_id}, but the hubs list of {py.source.shown} does not name "
                        f"{hub.code}, "
                        "so no pack uses it",
                        "hub.unknown",
                    )
    yield from check_readiness(scope)


def check_readiness(scope: CheckScope) -> Iterator[Problem]:
    """hub.incomplete: a hub whose pack asks for the form by email has no email; offer.incomplete:
    a hub's pack has no closing date. Each names the hub; a build's summary repeats them."""
    runs: dict[str, list[ProgrammeYear]] = {}
    hubs: dict[str, Hub] = {}
    for py in scope.programmes:
        for hub in scope.hubs_for(py):
            hubs[hub.code] = hub
            runs.setdefault(hub.code, []).append(py)
            yield from _closing_date(hub, py)
    for code, pys in runs.items():
        hub = hubs[code]
        asking = [py for py in pys if "hub.email" in wording_facts(py, hub)]
        if asking and not hub.spec.email:
            line, col = hub.source.position(("code",))
            names = ", ".join(f"{py.programme} {py.year.label}" for py in asking)
            yield Problem(
                hub.source.shown,
                line,
                col,
                f"{code} ({hub.spec.name}) has no email, but its {names} pack{'s' * (len(asking) > 1)} "
                f"ask{'s' * (len(asking) == 1)} schools to email the form to {hub.spec.name}: add email: to "
                f"{hub.source.shown}",
                "hub.incomplete",
                "warning",
            )


def _closing_date(hub: Hub, py: ProgrammeYear) -> Iterator[Problem]:
    offer = offer_of(hub, py)
    if offer is not None and offer.closing_date is not None:
        return
    src = hub.source
    if offer is None:
        line, col = src.position(("code",))
        how = f"{py.source.shown} names it in hubs: but {src.shown} has no offer for {py.programme} {py.year.id}"
    else:
        line, col = src.position(("offers", py.programme, py.year.id, "__key__"))
        how = "add closing_date: to its offer"
    yield Problem(
        src.shown,
        line,
        col,
        f"{hub.code} ({hub.spec.name}) has no closing date for {py.programme} {py.year.label}: "
        f"its pack cannot say by when to apply ({how})",
        "offer.incomplete",
        "warning",
    )


def check_closing(scope: CheckScope) -> Iterator[Problem]:
    """offer.no-closing-date: the online form (packgen serve) stays closed for an offer without a
    closing date, unless the offer says ``closing_date: none``."""
    for py in scope.programmes:
        for hub in scope.hubs_for(py):
            offer = offer_of(hub, py)
            if offer is None or offer.closing_date is not None or form_of(hub, py) is None:
                continue  # a pack without a form has no online form to open or close
            line, col = hub.source.position(("offers", py.programme, py.year.id, "__key__"))
            yield Problem(
                hub.source.shown,
                line,
                col,
                f"{hub.code}'s offer for {py.programme} {py.year.label} has no closing date, so the online form "
                "(packgen serve) takes no applications for it: add closing_date: with the last day, or write "
                "closing_date: none if it takes applications with no closing date",
                "offer.no-closing-date",
                "warning",
            )


def check_allocation(scope: CheckScope) -> Iterator[Problem]:
    """offer.allocation-words: an offer whose ``allocation:`` is words of its own, not a rule. The
    pack shows the words as before, but packgen allocate reads them as review (staff decide every
    place); the fix names the rule the words say, when they say one."""
    said = {words: rule for rule, words in RULE_WORDS.items()}
    for py in scope.programmes:
        for hub in scope.hubs_for(py):
            offer = offer_of(hub, py)
            if offer is None or not isinstance(offer.allocation, str):
                continue
            rule = said.get(" ".join(offer.allocation.split()).lower())
            fix = (
                f"write allocation: {rule}, which the pack says in the same words"
                if rule
                else "write the rule: allocation: first_come, priority_areas or review, or with a waiting list and "
                "a cap, allocation: {rule: first_come, waiting_list: 10, cap: {per: local_authority, places: 5}}"
            )
            line, col = hub.source.position(("offers", py.programme, py.year.id, "allocation"))
            yield Problem(
                hub.source.shown,
                line,
                col,
                f"{hub.code}'s offer for {py.programme} {py.year.label} gives allocation as words "
                f"({offer.allocation!r}), which packgen allocate reads as review: the hub decides every place; "
                f"{fix}",
                "offer.allocation-words",
                "warning",
            )


def check_no_apply(scope: CheckScope) -> Iterator[Problem]:
    """programme.no-apply: a pack with neither an application form nor an apply: link says nothing of how
    to apply. Right for an expression of interest; a slip otherwise."""
    for py in scope.programmes:
        if py.spec.form is not None or py.spec.apply is not None:
            continue
        running = scope.project.hubs_running(py)
        bare = [hub.code for hub in running if apply_link(hub, py) is None]
        if not bare:
            continue  # every hub's offer links to where its schools apply
        line, col = py.source.position(("title",))
        who = f" for {hub_list(bare, len(running))}" if len(bare) < len(running) else ""
        yield Problem(
            py.source.shown,
            line,
            col,
            f"{py.programme} {py.year.label} has no application form and no apply: link{who}, so its pack says "
            "nothing of how to apply: add form:, or apply: {url: ..., label: ...} here or in a hub's offer; for an "
            "expression of interest that takes no applications, write "
            "# packgen: ignore[programme.no-apply] after its title",
            "programme.no-apply",
            "warning",
        )
