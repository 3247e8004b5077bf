"""year.stale: an academic year earlier than the pack's own, in wording that does not look back.

An academic-year reference is two consecutive years in any style people write them:
2020/21, 2020-21, 2020–21, 2020/2021, 2020-2021, 2020 to 2021. A lone calendar year
("Since 2014", "in 2024") is not an academic year and is never flagged.

Whether wording looks back is read from the words around the reference, in this order:
1. A forward phrase decides at once that it looks ahead: "by (the end of) 2020/21",
   "until 2020/21", "ready for 2020/21", "2020/21 and beyond", "2020/21 onwards".
2. A backward phrase decides that it looks back: "since 2020/21", "last/previous
   (academic) year 2020/21", "2020/21 ago"… nothing to flag.
3. Otherwise the nearest tense cue in the sentence decides, first before the reference and
   then after it: a past-tense verb (was, were, had, has/have been, brought, took, ran,
   joined…, but not a participle after "be" as in "will be used") means it looks back;
   "will" or "shall" means it looks ahead.
4. With no cue at all ("Information and Application 2020/21", "teaching groups in 2020/21")
   the reference is read as naming the pack's year, and an earlier year is flagged.

So "the many benefits that brought during 2020/21" in a 2021/22 pack is left alone, while
"Mastery Ready by the end of 2020/21" and "In 2020/21, Maths Hubs will be running…" are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..dates import AcademicYear
from ..errors import Problem
from .base import CheckScope
from ..wording.locate import Locator
from ..wording.walk import Piece
from .messages import snippet

YEAR_REF = re.compile(r"(?<![\d/.])((?:19|20)\d\d)(?:\s*[/\-–—]\s*|\s+to\s+)(\d{4}|\d\d)(?![\d/])")


@dataclass(frozen=True)
class YearRef:
    """An academic-year reference found in text, and where."""

    year: AcademicYear
    start: int
    end: int
    text: str


def year_refs(text: str) -> Iterator[YearRef]:
    """Every academic-year reference in ``text``: the second year must follow the first."""
    for m in YEAR_REF.finditer(text):
        first, second = int(m.group(1)), m.group(2)
        follows = int(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100
        if follows:
            yield YearRef(AcademicYear(first), m.start(), m.end(), m.group(0))


_FORWARD_BEFORE = re.compile(
    r"\b(?:by|before|until|till|ready for)\s+(?:the\s+)?"
    r"(?:(?:end|start|beginning|autumn|spring|summer)(?:\s+term)?\s+of\s+)?(?:the\s+)?"
    r"(?:(?:academic|school)\s+)?(?:years?\s+)?$",
    re.I,
)
_FORWARD_AFTER = re.compile(r"^\s*(?:(?:and|or)\s+(?:beyond|after|later)|onwards?)\b", re.I)
_BACKWARD_BEFORE = re.compile(
    r"\b(?:since|last|previous|previously|prior to|earlier)\s+(?:the\s+)?(?:(?:academic|school)\s+)?(?:years?\s+)?$", re.I
)
_BACKWARD_AFTER = re.compile(r"^\s*ago\b", re.I)
_SENTENCE_END = re.compile(r"[.!?;:](?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")

PAST = frozenset(
    "was were had did been brought took ran began saw became showed went gave got made joined "
    "participated completed worked started finished ended happened achieved received used learned "
    "learnt found grew improved benefited benefitted attended delivered trained engaged".split()
)
FUTURE = frozenset({"will", "shall", "won't", "won’t"})
_PASSIVE = frozenset({"be", "being"})


def _cue(words: list[str], order: Iterable[int]) -> str | None:
    """'past' or 'future' for the first tense cue met, visiting ``words`` in ``order``."""
    for i in order:
        w = words[i]
        if w in FUTURE or w.endswith(("'ll", "’ll")):
            return "future"
        # "will be used": a participle after "be" is not the past tense.
        if w in PAST and (w == "been" or i == 0 or words[i - 1] not in _PASSIVE):
            return "past"
    return None


def looks_back(text: str, ref: YearRef) -> bool:
    """Whether the wording around ``ref`` speaks of the past (see the module docstring)."""
    before, after = text[: ref.start], text[ref.end :]
    if _FORWARD_BEFORE.search(before) or _FORWARD_AFTER.match(after):
        return False
    if _BACKWARD_BEFORE.search(before) or _BACKWARD_AFTER.match(after):
        return True
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    sentence_before = before[ends[-1] :] if ends else before
    m = _SENTENCE_END.search(after)
    sentence_after = after[: m.start()] if m else after
    words_before = [w.lower() for w in _WORD.findall(sentence_before)]
    words_after = [w.lower() for w in _WORD.findall(sentence_after)]
    cue = _cue(words_before, reversed(range(len(words_before)))) or _cue(words_after, range(len(words_after)))
    return cue == "past"


def stale_years(w: Piece, locator: Locator) -> Iterator[Problem]:
    """year.stale for one wording string."""
    own = w.programme_year.year
    for ref in year_refs(w.text):
        if ref.year < own and not looks_back(w.text, ref):
            context = snippet(w.text, ref.start, ref.end, before=4)
            yield locator.problem(
                w, ref.start,
                f"{ref.text} is before this pack's year {own.label} and the wording does not look back: '{context}'",
                "year.stale", "warning",
            )


def check_years(scope: CheckScope) -> Iterator[Problem]:
    """year.stale across every wording string."""
    for w in scope.wordings:
        yield from stale_years(w, scope.locator)
