"""text.placeholder, text.repeated-word and form.word-limit: wording that is not finished.

Placeholders (TBC, TBA, TBD, TODO, XXX, "[insert …]", lorem ipsum) are looked for in the
wording as written; unrendered ``{{ }}`` or ``{% %}`` in what each hub's pack would show.
A repeated word ("the the") is looked for in both, so "to the {{ hub.name }}" is caught
for a hub whose name begins "The". "had had" and "that that" are English and left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import astuple

from ..errors import Problem
from ..model.project import Hub
from ..wording.locate import Locator
from ..wording.walk import Piece
from .base import CheckScope
from .messages import hub_list, snippet

PLACEHOLDER = re.compile(
    r"\b(?:TBC|TBA|TBD|TODO|FIXME)\b|\b[Xx]{3,}\b|\[\s*insert\b[^\]]*\]|<\s*insert\b[^>]*>|\blorem ipsum\b",
    re.I,
)
_CASE_SENSITIVE = {"TODO", "FIXME"}  # "todo" in running text is a word, not a marker
UNRENDERED = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\}\}|\{%|%\}", re.S)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
REPEATED = re.compile(r"\b([A-Za-z]+)\s+(\1)\b", re.I)
FINE_TWICE = frozenset({"had", "that"})
WORD_LIMIT = re.compile(
    r"\b(?:up to|no more than|not more than|maximum of|max(?:imum)?\.?|at most|limit of|limited to)\s+"
    r"(?P<n>\d[\d,]*)\s+words\b"
    r"|\b(?P<m>\d[\d,]*)[\s-]+words?\s+(?:maximum|max|limit)\b",
    re.I,
)


def placeholders(w: Piece, locator: Locator) -> Iterator[Problem]:
    for m in PLACEHOLDER.finditer(_JINJA.sub(lambda j: " " * len(j.group()), w.text)):
        word = m.group(0)
        if word.upper() in _CASE_SENSITIVE and word != word.upper():
            continue
        yield locator.problem(
            w,
            m.start(),
            f"placeholder left in the wording: '{snippet(w.text, m.start(), m.end(), 3)}'",
            "text.placeholder",
        )


def repeated_words(text: str) -> Iterator[re.Match[str]]:
    """Each word written twice in a row, Jinja blocks breaking the run."""
    blanked = _JINJA.sub(lambda j: "\0" * len(j.group()), text)
    for m in REPEATED.finditer(blanked):
        if m.group(1).lower() not in FINE_TWICE:
            yield m


def _data(scope: CheckScope, w: Piece, hub: Hub) -> str:
    """The hub facts wording may insert, as one lower-cased text: "North North West" is a name."""
    facts = scope.facts(w.programme_year, hub)
    values = [*astuple(facts["hub"]), *astuple(facts["offer"]), *(h.name for h in facts["hubs"])]
    return "\n".join(str(v) for v in values if v).lower()


def check_text(scope: CheckScope) -> Iterator[Problem]:
    """text.placeholder and text.repeated-word, as written and as each hub's pack shows it."""
    for w in scope.wordings:
        yield from placeholders(w, scope.locator)
        written = set()
        for m in repeated_words(w.text):
            written.add(m.group(0).lower())
            yield scope.locator.problem(
                w,
                m.start(),
                f"repeated word: '{snippet(w.text, m.start(), m.end(), 2)}'",
                "text.repeated-word",
                "warning",
            )
        unrendered: dict[str, list[str]] = {}
        doubled: dict[str, list[str]] = {}
        hubs = set()
        for hub, shown in scope.rendered(w):
            hubs.add(hub.code)
            m = UNRENDERED.search(shown)
            if m:
                unrendered.setdefault(snippet(shown, m.start(), m.end(), 2, 2), []).append(hub.code)
            for m in REPEATED.finditer(shown):
                pair = m.group(0).lower()
                if m.group(1).lower() not in FINE_TWICE and pair not in written and pair not in _data(scope, w, hub):
                    doubled.setdefault(snippet(shown, m.start(), m.end(), 2), []).append(hub.code)
        for text, codes in unrendered.items():
            yield scope.locator.problem(
                w,
                0,
                f"the pack shows unrendered template markup for {hub_list(codes, len(hubs))}: '{text}'",
                "text.placeholder",
            )
        for text, codes in doubled.items():
            yield scope.locator.problem(
                w,
                0,
                f"repeated word in the pack for {hub_list(codes, len(hubs))}: '{text}'",
                "text.repeated-word",
                "warning",
            )


def check_word_limits(scope: CheckScope) -> Iterator[Problem]:
    """form.word-limit: a prompt that states a word limit must match the field's word_limit."""
    for w in scope.wordings:
        f = w.field
        if f is None or w.role not in ("label", "hint"):
            continue
        for m in WORD_LIMIT.finditer(w.text):
            said = int((m.group("n") or m.group("m")).replace(",", ""))
            if said == f.word_limit:
                continue
            limit = f"word_limit is {f.word_limit}" if f.word_limit else "has no word_limit"
            yield scope.locator.problem(
                w, m.start(), f"the prompt says '{m.group(0)}' but the field {f.name!r} {limit}", "form.word-limit"
            )
