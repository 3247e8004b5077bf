"""wording.typed: a hub fact typed into wording when the hub file holds it.

The README promises hub facts are drawn from the data, never typed in. In wording as written
(``{{ … }}`` and ``{% … %}`` aside), each of these is compared with the hub files:

- a hub's name or email address: in a hub's own paragraphs, another hub's is an error (its
  pack would send schools elsewhere) and its own a warning (write ``{{ hub.name }}`` /
  ``{{ hub.email }}``); in national wording, any hub's is an error when other hubs run the
  programme-year (their packs would show it), else a warning;
- a closing date ("closing date", "closes", "deadline" before it in its clause) or a
  confirmation date ("confirmation", "confirm", "hear" before it): for each hub whose pack
  shows the wording and whose offer gives that date, an error when the typed date differs
  (naming the hub and its date), else a warning to write ``{{ offer.closing_date }}`` /
  ``{{ offer.confirmation_date }}``; a date told in the past ("the closing date … was") is
  history and left alone;
- a places figure ("N places"): the same against the offer's ``places``.
Wording that is not rendered through Jinja cannot use a variable and is left alone, and so is
a hub's own logo text in its own file (the hub file itself is the data).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..dates import long_date
from ..errors import Problem, Severity
from ..model.project import Hub
from ..text.tense import read_time
from ..text.textdates import find_dates
from ..wording.facts import offer_of
from .base import CheckScope

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CLOSING = re.compile(r"\b(?:closing\s+date|clos(?:e|es|ing)|deadline)\b[^.!?;]{0,40}$", re.I)
_CONFIRM = re.compile(r"\b(?:confirmation(?:\s+date)?|confirm(?:ed|s)?|hear)\b[^.!?;]{0,40}$", re.I)
_PLACES = re.compile(r"(?<![\w£$.,-])(\d{1,4})\s+places\b", re.I)


def _blank(text: str) -> str:
    """The text with its Jinja blanked out, offsets kept."""
    return _JINJA.sub(lambda m: " " * len(m.group()), text)


@functools.lru_cache(maxsize=8)
def _finders(hubs: tuple[tuple[str, str, str], ...]) -> dict[str, tuple[re.Pattern[str], dict[str, list[int]]]]:
    """For "name" and "email": one pattern finding every hub's value as a whole word (a name as
    written, an email in any case; the longest first where one holds another), and the hubs (by
    index) each value found belongs to. One pattern, not one per hub: check runs it on every piece."""
    finders = {}
    for fact, at, flags in (("name", 1, 0), ("email", 2, re.I)):
        owners: dict[str, list[int]] = {}
        for i, hub in enumerate(hubs):
            if hub[at]:
                owners.setdefault(str(hub[at]).lower() if flags else str(hub[at]), []).append(i)
        if owners:
            values = "|".join(re.escape(v) for v in sorted(owners, key=lambda v: (-len(v), v)))
            finders[fact] = (re.compile(rf"(?<![\w@.])(?:{values})(?![\w@])", flags), owners)
    return finders


def typed_findings(
    text: str, hub: Hub | None, hubs: list[Hub], running: list[Hub], offers: dict[str, object]
) -> list[tuple[int, str, Severity]]:
    """(offset, message, severity) of each hub fact typed into ``text``.

    ``hub`` is the hub whose own paragraph this is (None for national wording), ``hubs`` every
    hub of the project, ``running`` the hubs whose packs show the text, ``offers`` their offers by hub code.
    """
    plain = _blank(text)
    found: list[tuple[int, str, Severity]] = []
    matches = [
        (m, h, fact)
        for fact, (pattern, owners) in _finders(tuple((h.code, h.spec.name, h.spec.email) for h in hubs)).items()
        for m in pattern.finditer(plain)
        for h in (hubs[i] for i in owners[m.group().lower() if fact == "email" else m.group()])
    ]
    # "North East Maths Hub" inside "London North East Maths Hub" is the longer hub's name
    matches = [
        (m, h, fact)
        for m, h, fact in matches
        if not any(o.start() <= m.start() and m.end() <= o.end() and o.span() != m.span() for o, _h, _f in matches)
    ]
    for m, h, fact in matches:
        if hub is not None and h.code != hub.code:
            found.append(
                (
                    m.start(),
                    f"'{m.group()}' is {h.spec.name}'s {fact}, in {hub.spec.name}'s own paragraph: "
                    f"write {{{{ hub.{fact} }}}}",
                    "error",
                )
            )
        elif hub is not None:
            found.append(
                (
                    m.start(),
                    f"'{m.group()}' typed: write {{{{ hub.{fact} }}}}, drawn from the hub file",
                    "warning",
                )
            )
        else:
            others = [r.code for r in running if r.code != h.code]
            severity: Severity = "error" if others else "warning"
            found.append(
                (
                    m.start(),
                    f"'{m.group()}' ({h.code}'s {fact}) typed into national wording"
                    + (f" that {', '.join(others)} also show" if others else "")
                    + f": write {{{{ hub.{fact} }}}}",
                    severity,
                )
            )
    for td in find_dates(plain):
        if td.date is None or read_time(plain, td.start, td.end).back:  # "the closing date … was": history
            continue
        if _CLOSING.search(plain, 0, td.start):
            key = "closing_date"
        elif _CONFIRM.search(plain, 0, td.start):
            key = "confirmation_date"
        else:
            continue
        found += _against(td.start, f"'{td.text.strip()}'", td.date, key, running, offers, long_date)
    for m in _PLACES.finditer(plain):
        found += _against(m.start(), f"'{m.group()}'", int(m.group(1)), "places", running, offers, str)
    return sorted(found)


def _against(
    at: int,
    said: str,
    value: object,
    key: str,
    running: list[Hub],
    offers: dict[str, object],
    show: Callable[[Any], str],
) -> list[tuple[int, str, Severity]]:
    given = [(h, getattr(offers.get(h.code), key, None)) for h in running]
    given = [(h, v) for h, v in given if v is not None and v != "none"]  # closing_date: none names no day
    if not given:
        return []
    wrong = [(h, v) for h, v in given if v != value]
    if wrong:
        where = "; ".join(f"{h.code}'s offer says {show(v)}" for h, v in wrong)
        return [(at, f"{said} typed, but {where}: write {{{{ offer.{key} }}}}", "error")]
    return [
        (
            at,
            f"{said} typed: it agrees with the hub file; write {{{{ offer.{key} }}}} so it follows the data",
            "warning",
        )
    ]


def check_typed(scope: CheckScope) -> Iterator[Problem]:
    """wording.typed for every wording string."""
    hubs = list(scope.project.hubs)
    for w in scope.wordings:
        if not w.templated or not w.written or (w.hub is not None and w.part == "masthead"):
            continue  # not rendered, filled in by the field's type, or the hub's own logo in its own file
        running = [w.hub] if w.hub is not None else list(scope.project.hubs_running(w.programme_year))
        offers = {h.code: offer_of(h, w.programme_year) for h in running}
        for offset, message, severity in typed_findings(w.text, w.hub, hubs, running, offers):
            yield scope.locator.problem(w, offset, message, "wording.typed", severity)
