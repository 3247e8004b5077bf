"""programme.phase: wording of the other phase in a programme that declares its own.

A programme-year file may say ``phase: primary`` or ``phase: secondary``. Its wording is then
searched for what names the other phase:

- primary: "primary school(s)" and primary teachers, pupils, maths, phase, sector…;
  Key Stage 1 or 2, KS1, KS2, EYFS, the early years, Reception classes, teachers or children;
- secondary: "secondary school(s)" and secondary teachers, pupils, students, maths, phase,
  sector…; Key Stage 3, 4 or 5, KS3, KS4, KS5, GCSE, A level, sixth form, post-16.

A sentence that also names the programme's own phase, or speaks of moving between phases
("transition", "cross-phase", "feeder", "all-through", "move on to", "both phases"), is
about both and is left alone. So is a sentence that
- names a year group of its own phase ("Year 7" to "Year 13" in a secondary pack, "Reception"
  to "Year 6" in a primary one): "pupils arriving from primary school in Year 7";
- keeps the other phase out ("not part of", "not open to", "not eligible", "excluded",
  "rather than", "instead of"), though not a "not" about something else ("…that has NOT YET
  engaged…"):
  "Secondary-aged pupils are not part of this programme";
- tells the programme's history: the other phase or its programme spoken of in the past ("The programme began
  in primary schools in 2016", "Following the primary programme's success…"), or anything
  about where pupils come from ("arriving from", "coming from"). History is not the pack's phase.
Each other mention is a warning: a sentence carried over from another programme's pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from ..errors import Problem
from ..text.sentences import spans
from ..text.tense import read_time
from .base import CheckScope

Phase = Literal["primary", "secondary"]

_NOUNS = (
    r"(?:schools?|phase|sector|teachers?|colleagues|pupils|students|children|maths|mathematics|classes|classrooms?"
    r"|settings?|headteachers?|leaders?|curriculum|specialists?|practitioners?)"
)
MARKERS: dict[str, re.Pattern[str]] = {
    "primary": re.compile(
        rf"\bprimary[- ]{_NOUNS}\b|\bprimary-aged\b|\bkey\s+stages?\s+(?:1|2|one|two)\b|\bKS\s?[12]\b|\bEYFS\b"
        r"|\bearly\s+years\b|\breception\s+(?:class(?:es)?|teachers?|children|pupils|year)\b",
        re.I,
    ),
    "secondary": re.compile(
        rf"\bsecondary[- ]{_NOUNS}\b|\bsecondary-aged\b|\bkey\s+stages?\s+(?:3|4|5|three|four|five)\b|\bKS\s?[345]\b"
        r"|\bGCSEs?\b|\bA[- ]levels?\b|\bsixth[- ]form\b|\bpost-16\b",
        re.I,
    ),
}
OTHER: dict[str, str] = {"primary": "secondary", "secondary": "primary"}
_BOTH = re.compile(
    r"\btransition|\bcross[- ]phase\b|\bfeeder\b|\ball[- "
    r"]through\b|\bmov(?:e|es|ing)\s+(?:on|up)\s+to\b|\bboth\s+phases\b|\bphases\b",
    re.I,
)
# how a programme's background tells its start: "began in primary schools", "was first developed with…"
_STORY = re.compile(
    r"\b(?:began|begun|started|introduced|launched|developed|established|piloted|originally|first\s+ran|was|were)\b",
    re.I,
)
OWN_YEARS: dict[str, re.Pattern[str]] = {
    "primary": re.compile(r"\bYears?\s+[1-6]\b|\bReception\b"),
    "secondary": re.compile(r"\bYears?\s+(?:[7-9]|1[0-3])\b"),
}
_KEPT_OUT = re.compile(
    r"\b(?:not|never)\s+(?:\w+\s+)?(?:part\s+of|open\s+to|eligible|included|suitable|intended|aimed|for)\b"
    r"|\bno\s+(?:primary|secondary)\b|\b(?:excluded?|excluding|except|rather\s+than|instead\s+of|other\s+than)\b",
    re.I,
)
_HISTORY = re.compile(
    r"\b(?:arriv(?:e|es|ing)|com(?:e|es|ing)|join(?:s|ing)?|transferr?(?:ing|ed)?)\s+(?:from|up\s+from)\b"
    r"|\bfollowing\b|\bbuil(?:ds|t|ding)\s+on\b|\bsuccess\s+of\b|\boriginally\b|\bfirst\s+(?:ran|developed)\b",
    re.I,
)


def phase_findings(text: str, phase: str) -> list[tuple[int, str]]:
    """(offset, what was said) for each mention of the phase other than ``phase`` in ``text``."""
    other = OTHER[phase]
    found = []
    for a, b in spans(text):
        sentence = text[a:b]
        if (
            MARKERS[phase].search(sentence)
            or re.search(rf"\b{phase}\b", sentence, re.I)
            or _BOTH.search(sentence)
            or OWN_YEARS[phase].search(sentence)
            or _KEPT_OUT.search(sentence)
            or _HISTORY.search(sentence)
        ):
            continue
        for m in MARKERS[other].finditer(sentence):
            if _STORY.search(sentence) and read_time(text, a + m.start(), a + m.end()).back:
                continue
            found.append((a + m.start(), m.group()))
    return found


def check_phase(scope: CheckScope) -> Iterator[Problem]:
    """programme.phase for every programme-year that declares its phase."""
    for w in scope.wordings:
        phase = w.programme_year.spec.phase
        if phase is None:
            continue
        for offset, said in phase_findings(w.text, phase):
            yield scope.locator.problem(
                w,
                offset,
                f"'{said}' in a {phase} programme (its file says phase: {phase}): a sentence from another programme's "
                f"pack?",
                "programme.phase",
                "warning",
            )
