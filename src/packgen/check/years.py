"""year.stale: wording that names a year as if it were the pack's own, or its own year as if it were over.

A pack describes its own academic year ahead of it. Academic years are found by
``textdates.year_refs`` (2020/21, 2020-21, 2020–21, 2020/2021, 2020-2021, 2020 to 2021) and
whether wording looks back by ``tense.read_time`` (forward and backward phrases, page
metadata, then the tense of the nearest verbs, past forms from lemminflect's tables). A lone
calendar year ("Since 2014", "in 2024") is never flagged.

Flagged, each as a warning:

1. An academic year before the pack's own in wording that does not look back: "Mastery Ready
   by the end of 2020/21" or "In 2016/17 all Maths Hubs are participating" in a 2021/22 or
   2017/18 pack. "In 2015-16, each Maths Hub identified…" or "Teachers visited Shanghai in
   2015-16" look back (past tense) and are history, not stale.
2. The pack's own year in the past tense: "In 2020 and continuing throughout 2021/22, Maths
   Hubs ran …" in the 2021/22 pack is a page kept up after its year. Only the tense of a verb
   counts here, not "since" or "last".
3. An implied year: a start ("beginning", "starting", "commencing", "launching", "from the
   start of", optionally "in"/"on") dated before the first day of the pack's year and not in
   wording that looks back: "beginning in December 2016" in a 2017/18 pack. Recruitment dates
   (closing dates and the like) come before the pack's year and are not starts.
4. A relative year that cannot be right:
   a. "last year", "last academic year" or "the previous year" next to an academic year (in
      brackets, after a comma, or straight after it) that is not the year before the pack's:
      "last year (2021/22)" in the 2021/22 pack. Next to the right year it is fine.
   b. "last year", "the previous year" or "N years ago" in a sentence that stands word for word
      in the same programme's file for the year before: copied unedited, it now means a year
      further back. A programme new this year has no such file, so "Beginning last year" in it
      is left alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator

from ..dates import AcademicYear, long_date
from ..errors import Problem
from ..text.tense import participle, read_time
from ..text.textdates import YearRef, find_dates, year_refs
from ..wording.locate import Locator
from ..wording.walk import Piece, programme_pieces
from .base import CheckScope
from .messages import snippet

__all__ = ["YearRef", "year_refs", "looks_back", "stale_findings", "stale_years", "check_years"]

_START = re.compile(
    r"\b(?:beginning|begins|starting|starts|commencing|commences|launching|launches|from the start "
    r"of)\s+(?:in\s+|on\s+)?$",
    re.I,
)
_LAST = r"(?:last|previous)\s+(?:academic\s+|school\s+)?year"
_LAST_NEXT_TO_YEAR = re.compile(
    # last year (2021/22) / last year, 2021/22 / last year 2021/22
    rf"\b(?:the\s+)?{_LAST}\s*(?:\(\s*|,\s*|\s)(?=(?:19|20)\d\d)"
    rf"|(?<=\d)\s*(?:\(\s*{_LAST}\s*\)|,\s*{_LAST}\b)",  # 2021/22 (last year) / 2021/22, last year
    re.I,
)
_RELATIVE = re.compile(rf"\b(?:{_LAST}|(?:a|one|two|three|four|five|\d+)\s+years?\s+ago)\b", re.I)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
# a year that names a group of schools rather than the time of the sentence: "the 2018-19 cohort"
_NAME_AFTER = re.compile(r"\s*(?:cohorts?|intakes?|schools|participants|starters)\b", re.I)
# wording that speaks of what happened in that year: "schools taking part in 2019/20", "the
# benefits seen in 2020/21", "following the success of the programme in 2022/23"
_WHO_BEFORE = re.compile(
    r"\b(?:(?:taking|took|taken|take)\s+part|participat\w*|involved|engaged|enrolled)\s+(?:in|during)\s+(?:the\s+)?$"
    r"|\b(?:following|after|building\s+on|success\s+of|results\s+of|evaluation\s+of)\b[^.!?;]{0,60}$",
    re.I,
)
_PARTICIPLE_IN = re.compile(r"\b([a-z]+)\s+(?:in|during)\s+$")
_LONE_YEAR = re.compile(r"\s*((?:19|20)\d\d)\b(?![/–—-]\d)")


_LONE_START = re.compile(
    r"\b(?:beginning|begins|began|starting|starts|commencing|commences|launching|launches|from the start of)"
    r"\s+(?:in\s+)?((?:19|20)\d\d)\b(?![/–—-]\d)",
    re.I,
)


def _about_then(text: str, ref: YearRef) -> bool:
    """Whether ``ref`` names a group ("the 2018-19 cohort") or what happened in it ("schools taking part in
    2019/20", "the benefits seen in 2020/21", "following the success … in 2022/23")."""
    if _NAME_AFTER.match(text, ref.end):
        return True
    before = text[max(0, ref.start - 100) : ref.start]
    if _WHO_BEFORE.search(before):
        return True
    m = _PARTICIPLE_IN.search(before)
    return bool(
        m
        and m.group(1) not in ("is", "are", "be")
        and m.group(1).endswith(("ed", "en", "wn", "ght"))
        and participle(m.group(1))
    )


def looks_back(text: str, ref: YearRef) -> bool:
    """Whether the wording around ``ref`` speaks of the past (see ``tense``)."""
    return read_time(text, ref.start, ref.end).back


def _sentence(text: str, at: int) -> str:
    for m in _SENTENCE.finditer(text):
        if m.start() <= at < m.end():
            return " ".join(m.group().split())
    return ""


def stale_findings(text: str, own: AcademicYear, earlier: Collection[str] = ()) -> list[tuple[int, int, str]]:
    """(start, end, message) of everything year.stale finds in ``text`` of a pack for ``own``.

    ``earlier`` holds the sentences of the same programme's file for the year before, spaces
    normalised (rule 4b); empty when the programme is new this year.
    """
    found: list[tuple[int, int, str]] = []
    refs = list(year_refs(text))
    for ref in refs:
        reading = read_time(text, ref.start, ref.end)
        if ref.year < own and not reading.back and not _about_then(text, ref):
            context = snippet(text, ref.start, ref.end, before=4)
            found.append(
                (
                    ref.start,
                    ref.end,
                    f"{ref.text} is before this pack's year {own.label} and the wording does not look back: "
                    f"'{context}'",
                )
            )
        elif ref.year == own and reading.back and reading.why.startswith("past tense"):
            context = snippet(text, ref.start, ref.end, before=4, after=4)
            word = reading.why.split("'")[1]
            found.append(
                (
                    ref.start,
                    ref.end,
                    f"this pack's own year {own.label} is spoken of in the past tense ('{word}'): a pack describes "
                    f"its year ahead: '{context}'",
                )
            )
    covered = [(r.start, r.end) for r in refs] + [(d.start, d.end) for d in find_dates(text)]
    for m in _LONE_START.finditer(text):
        year = int(m.group(1))
        at = m.start(1)
        if year >= own.first_day.year or any(a <= at < b for a, b in covered) or read_time(text, at, m.end(1)).back:
            continue
        found.append(
            (
                at,
                m.end(1),
                f"'{' '.join(m.group().split())}' is before this pack's year {own.label} begins "
                f"({long_date(own.first_day)}) and the wording does not look back",
            )
        )
    for td in find_dates(text):
        start = _START.search(text, 0, td.start)
        if not start or start.end() != td.start:
            continue
        day = td.date or (dt.date(td.year, td.month, 1) if td.day is None and td.year else None)  # "December 2016"
        if day is None or day >= own.first_day or read_time(text, td.start, td.end).back:
            continue
        context = snippet(text, start.start(), td.end, before=0)
        found.append(
            (
                td.start,
                td.end,
                f"'{context}' is before this pack's year {own.label} begins ({long_date(own.first_day)}) and the "
                f"wording does not look back",
            )
        )
    for m in _LAST_NEXT_TO_YEAR.finditer(text):
        ref = next(
            (
                r
                for r in refs
                if r.start <= m.end() + 1 and r.end >= m.start() - 1 and (r.start >= m.start() or r.end <= m.end() + 1)
            ),
            None,
        )
        if ref is None or ref.year == own.previous:
            continue
        lo, hi = min(m.start(), ref.start), max(m.end(), ref.end)
        hi += text[hi:].startswith(")") and "(" in text[lo:hi]
        context = " ".join(text[lo:hi].split()).rstrip(" (,")
        found.append((lo, hi, f"'{context}': last year of a {own.label} pack is {own.previous.label}"))
    if earlier:
        for m in _RELATIVE.finditer(text):
            if _sentence(text, m.start()) in earlier:
                found.append(
                    (
                        m.start(),
                        m.end(),
                        f"'{m.group()}' stands in a sentence copied word for word from the {own.previous.label} file: "
                        f"what it dates is now a year further back: '{snippet(text, m.start(), m.end(), 1, 3)}'",
                    )
                )
    return sorted(set(found))


def stale_years(w: Piece, locator: Locator, earlier: Collection[str] = ()) -> Iterator[Problem]:
    """year.stale for one wording string."""
    for start, _end, message in stale_findings(w.text, w.programme_year.year, earlier):
        yield locator.problem(w, start, message, "year.stale", "warning")


def sentences(texts: Collection[str]) -> frozenset[str]:
    """Every sentence of ``texts``, spaces normalised."""
    return frozenset(" ".join(m.group().split()) for t in texts for m in _SENTENCE.finditer(t))


def check_years(scope: CheckScope) -> Iterator[Problem]:
    """year.stale across every wording string."""
    by_key = {(py.programme, py.year): py for py in scope.project.programmes}
    earlier: dict[str, frozenset[str]] = {}
    for py in scope.programmes:
        before = by_key.get((py.programme, py.year.previous))
        earlier[py.key] = sentences([w.text for w in programme_pieces(before)]) if before else frozenset()
    for w in scope.wordings:
        yield from stale_years(w, scope.locator, earlier.get(w.programme_year.key, frozenset()))
