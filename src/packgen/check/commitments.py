"""commitments.mismatch: the form's confirmation list and the expectations list must agree.

Each confirmation item is paired with the expectation it repeats (its twin): the most alike
by words, at least 60% alike, each used once. A pair is reported when
- the two name different academic years ("by the end of 2020/21" against "2021/22");
- they differ in one small place only, a word or two, which is how a half-made edit looks
  ("will introduce have a vision" against "will introduce a vision");
- last year's file exists and one twin was reworded since while the other was not.
An item without a twin is reported when it names a year the other list never mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..errors import Problem
from ..model.project import ProgrammeYear
from ..model.yaml_reader import Loc
from ..wording.locate import Locator
from ..wording.walk import EXPECTATIONS, LIST_ITEMS, Piece, programme_pieces
from .base import CheckScope
from .years import YearRef, year_refs

TWIN_RATIO = 0.6
SMALL_EDIT = 2  # words changed, both sides counted, for an edit to look half-made
_TOKEN = re.compile(r"(?P<jinja>\{\{.*?\}\}|\{%.*?%\})|(?P<word>[^\W_]+(?:['’][^\W_]+)*)", re.S)


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int


@lru_cache(maxsize=8192)  # the preview asks again for every save, of wording that mostly did not change
def tokens(text: str) -> tuple[Token, ...]:
    """Words lower-cased, Jinja and academic years each one token, with their offsets."""
    out = [Token("<year>", r.start, r.end) for r in year_refs(text)]
    for m in _TOKEN.finditer(text):
        if any(t.start <= m.start() < t.end for t in out):
            continue
        norm = " ".join(m.group("jinja").split()) if m.group("jinja") else m.group("word").lower()
        out.append(Token(norm, m.start(), m.end()))
    return tuple(sorted(out, key=lambda t: t.start))


@lru_cache(maxsize=8192)
def _norms(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokens(text))


def lists(py: ProgrammeYear) -> tuple[list[Piece], list[Piece]]:
    """(expectations, confirmations) of a programme-year; either may be empty."""
    expectations, confirmations = [], []
    for w in programme_pieces(py):
        if w.part == EXPECTATIONS and w.role in LIST_ITEMS:
            expectations.append(w)
        elif w.role == "item":
            confirmations.append(w)
    return expectations, confirmations


def twins(expectations: list[Piece], confirmations: list[Piece]) -> list[tuple[Piece, Piece]]:
    """(expectation, confirmation) pairs, most alike first, each item in one pair at most."""
    scored = []
    for e in expectations:
        for c in confirmations:
            ratio = SequenceMatcher(None, _norms(e.text), _norms(c.text), autojunk=False).ratio()
            if ratio >= TWIN_RATIO:
                scored.append((ratio, e, c))
    scored.sort(key=lambda t: -t[0])
    pairs, used = [], set()
    for _ratio, e, c in scored:
        if e.loc not in used and c.loc not in used:
            used.update((e.loc, c.loc))
            pairs.append((e, c))
    return pairs


def _labels(refs: list[YearRef]) -> str:
    return ", ".join(dict.fromkeys(r.year.label for r in refs)) or "no year"


def _year_mismatch(e: Piece, c: Piece, locator: Locator, eline: int) -> Problem | None:
    e_refs, c_refs = list(year_refs(e.text)), list(year_refs(c.text))
    if {r.year for r in e_refs} == {r.year for r in c_refs}:
        return None
    odd = next((r for r in c_refs if r.year not in {x.year for x in e_refs}), None)
    return locator.problem(
        c,
        odd.start if odd else 0,
        f"this commitment says {_labels(c_refs)} but the expectation it repeats (line {eline}) says {_labels(e_refs)}",
        "commitments.mismatch",
        "warning",
    )


def _half_edit(e: Piece, c: Piece, locator: Locator, eline: int) -> Problem | None:
    et, ct = tokens(e.text), tokens(c.text)
    ops = [
        op
        for op in SequenceMatcher(None, [t.norm for t in et], [t.norm for t in ct], autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    if len(ops) != 1:
        return None
    _tag, i1, i2, j1, j2 = ops[0]
    if (i2 - i1) + (j2 - j1) > SMALL_EDIT:
        return None

    def phrase(text: str, toks: tuple[Token, ...], a: int, b: int) -> str:
        lo, hi = max(a - 1, 0), min(b + 1, len(toks))
        return text[toks[lo].start : toks[hi - 1].end] if hi > lo else ""

    at = ct[j1].start if j1 < len(ct) else len(c.text)
    return locator.problem(
        c,
        at,
        f"this commitment says '{phrase(c.text, ct, j1, j2)}' where the expectation it repeats (line {eline}) "
        f"says '{phrase(e.text, et, i1, i2)}': was one edited and not the other?",
        "commitments.mismatch",
        "warning",
    )


def _best(w: Piece, candidates: list[Piece]) -> Piece | None:
    scored = [
        (SequenceMatcher(None, _norms(w.text), _norms(x.text), autojunk=False).ratio(), i)
        for i, x in enumerate(candidates)
    ]
    ratio, i = max(scored, default=(0.0, -1))
    return candidates[i] if ratio >= TWIN_RATIO else None


def _since_last_year(e: Piece, c: Piece, last: tuple[list[Piece], list[Piece]], locator: Locator) -> Problem | None:
    e_then, c_then = _best(e, last[0]), _best(c, last[1])
    if e_then is None or c_then is None:
        return None
    e_changed = _norms(e.text) != _norms(e_then.text)
    c_changed = _norms(c.text) != _norms(c_then.text)
    if e_changed == c_changed:
        return None
    then = e.programme_year.year.previous.label
    if e_changed:
        eline = locator.position(e.source, e.loc, e.text)[0]
        return locator.problem(
            c,
            0,
            f"the expectation this commitment repeats (line {eline}) was reworded since {then}, but this commitment "
            f"was not",
            "commitments.mismatch",
            "warning",
        )
    cline = locator.position(c.source, c.loc, c.text)[0]
    return locator.problem(
        e,
        0,
        f"the commitment repeating this expectation (line {cline}) was reworded since {then}, but this expectation "
        f"was not",
        "commitments.mismatch",
        "warning",
    )


def _unpaired_years(
    others: list[Piece], items: list[Piece], paired: set[Loc], locator: Locator, kind: str, other_kind: str
) -> Iterator[Problem]:
    """An item without a twin must not name a year the other list never mentions."""
    known = {r.year for w in others for r in year_refs(w.text)}
    for w in items:
        if w.loc in paired:
            continue
        for ref in year_refs(w.text):
            if ref.year not in known:
                yield locator.problem(
                    w,
                    ref.start,
                    f"this {kind} says {ref.year.label}, which no {other_kind} mentions",
                    "commitments.mismatch",
                    "warning",
                )
                break


def check_commitments(scope: CheckScope) -> Iterator[Problem]:
    """commitments.mismatch for every programme-year with both lists."""
    by_key = {(py.programme, py.year): py for py in scope.project.programmes}
    for py in scope.programmes:
        expectations, confirmations = lists(py)
        if not expectations or not confirmations:
            continue
        previous = by_key.get((py.programme, py.year.previous))
        last = lists(previous) if previous else None
        pairs = twins(expectations, confirmations)
        for e, c in pairs:
            eline = scope.locator.position(e.source, e.loc, e.text)[0]
            found = [
                p for p in (_year_mismatch(e, c, scope.locator, eline), _half_edit(e, c, scope.locator, eline)) if p
            ]
            if not found and last and last[0] and last[1]:
                found = [p for p in (_since_last_year(e, c, last, scope.locator),) if p]
            yield from found
        paired = {w.loc for pair in pairs for w in pair}
        yield from _unpaired_years(expectations, confirmations, paired, scope.locator, "commitment", "expectation")
        yield from _unpaired_years(confirmations, expectations, paired, scope.locator, "expectation", "commitment")
