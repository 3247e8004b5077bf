"""wording.numbers, wording.dates and wording.eligibility (see check/eligibility.py): one pack that says a thing
two ways.

wording.numbers: the same thing stated with different numbers in two places of one pack.

"these schools will continue … for two further years" in one section and "for at least three
further years" in another is a commitment a school cannot meet both ways. Each number in
the wording (figures or words, one to a hundred, or a range "10 to 15") is read with the
words that follow it, up to three, stopping at a little word ("and", "of", "to", "in"…), at
punctuation, or at an -ing word after the first ("two teachers attending"): that phrase, its
last word made singular, is what the number counts ("further year", "live session", "school").
Two mentions of the same phrase with different numbers are reported, at the later one, unless
- they stand in the same sentence (a sentence contrasting "two teachers … three teachers"
  means it);
- one is a lower bound and the other an upper one ("at least 6 schools", "up to 10
  schools"), or one is a bound the other lies within ("up to 12 teachers" allows "two
  teachers");
- they count different things: "two teachers per school" (or "from each school") counts
  "teacher per school", not "teacher"; "two days of release time" and "three days of supply
  cover" count different days;
- the number is a label, not a count ("Year 2", "Key Stage 1", "Category 5/6", "£1000",
  "50%", a date or a year) or "N years ago" / "N years old".
Figures and words compare as numbers: "3 live sessions" and "three live sessions" agree.
Sums of money are compared by what they pay for: "a grant of £1000" and "a £500 grant".
Sentences end as ``text.sentences`` reads them: "i.e.", "e.g.", "etc." do not end one.
wording.dates: the same event given two dates in one pack ("the information session is on
Wednesday 3rd July 2024" here, "on 10th July 2024" there): a full date with the event named
before it in its clause (a session, meeting, webinar, workshop, briefing, launch, the closing
or confirmation date, with "first", "information", "headteacher"… kept: "first workshop" is
not "second workshop"; a bare "briefing" in a sentence that names its audience, headteachers, governors or parents,
is that audience's briefing), compared as counts are, not within one sentence, not an event told
in the past ("was on 3rd July 2023").
"one more year" counts as "one further year" ("for one more year" / "for two further years").
The national wording of a programme-year is compared with itself; a hub's own paragraphs and
placements with the national wording of the same pack and with each other (reported in the
hub file, at the later of the two).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..text.sentences import spans
from ..text.tense import read_time
from ..text.textdates import find_dates, year_refs
from ..wording.walk import Piece
from .base import CheckScope
from .eligibility import eligibility_conflicts

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_N = rf"(?:\d{{1,4}}|{'|'.join(WORDS)})"
_LOWER = r"at\s+least|more\s+than|over|a\s+minimum\s+of|minimum\s+of|no\s+fewer\s+than|no\s+less\s+than"
_UPPER = r"up\s+to|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|a\s+maximum\s+of|maximum\s+of"
_COUNT = re.compile(
    rf"(?:(?P<lower>{_LOWER})|(?P<upper>{_UPPER}))?\s*(?<![\w£$/.%-])(?P<n>{_N})"
    rf"(?:\s*(?:to|-|–|or)\s*(?P<n2>{_N}))?(?![\w/%.]|\.\d)(?P<rest>(?:\s+[A-Za-z][\w’'-]*){{1,3}})",
    re.I,
)
STOP = frozenset(
    "and or of to in for with the a an per each who which that will as at on by from is are be been have has can "
    "should must may during across throughout over into than more less before after within including were was it "
    "they their this these those its whom where when while so but not also only such all both other another "
    "we you our your us them".split()
)
_LABEL_BEFORE = re.compile(
    r"\b(?:year|years|stage|ks|category|page|section|step|level|tier|number|no|module|unit|part|room|question"
    r"|item|appendix|session|group|cohort|phase|version|table|figure)\s*$",
    re.I,
)
_AFTER = frozenset({"ago", "old", "olds"})
# "two teachers per school", "two teachers from each school": what is counted is "teacher per school"
_PER = re.compile(r"\s+(?:per|from\s+each|for\s+each|in\s+each|each|a)\s+([a-z][\w-]*)", re.I)
_PER_NOUNS = frozenset("school hub group trust class session term year week day month visit workshop".split())
# "days of release time" / "days of supply cover": the thing after "of" tells two kinds of day apart
_OF = re.compile(r"\s+of\s+((?:[a-z][\w-]*)(?:\s+[a-z][\w-]*)?)", re.I)
_OF_HEADS = frozenset("day week hour term half-day".split())
_MONEY_NOUNS = r"grant|bursary|payment|funding|fee|contribution|allowance|budget|subsidy|stipend"
_MONEY = re.compile(
    rf"\b(?P<what>{_MONEY_NOUNS})\s+of\s+(?:(?P<upper>up\s+to)\s+)?£(?P<n>\d[\d,]*)(?![\d.])"
    rf"|£(?P<n2>\d[\d,]*)(?![\d.])\s+(?P<what2>{_MONEY_NOUNS})\b",
    re.I,
)


@dataclass(frozen=True)
class Count:
    """A number in wording and what it counts."""

    start: int
    end: int
    text: str  # as written, qualifier and phrase included: "at least three further years"
    value: tuple[int, ...]
    what: str  # the phrase normalised: "further year"
    bound: str  # lower, upper or exact
    sentence: int  # which sentence of its string


def _value(word: str) -> int:
    return int(word) if word.isdigit() else WORDS[word.lower()]


def counts(text: str) -> list[Count]:
    """Every count in ``text`` (see the module docstring)."""
    skip = [(d.start, d.end) for d in find_dates(text)] + [(r.start, r.end) for r in year_refs(text)]
    ends = [b for _a, b in spans(text)]
    found = []
    for m in _COUNT.finditer(text):
        n_at = m.start("n")
        if any(a <= n_at < b for a, b in skip) or _LABEL_BEFORE.search(text, 0, n_at):
            continue
        words = m.group("rest").split()
        if words and words[0].lower().strip("’'") in _AFTER or (len(words) > 1 and words[1].lower() in _AFTER):
            continue
        phrase = []
        for w in words:
            plain = w.lower().strip("’'")
            if not phrase and plain in ("more", "additional", "extra"):  # "one more year" is "one further year"
                plain = "further"
            if plain in STOP or not plain.isalpha() and "-" not in plain or (phrase and plain.endswith("ing")):
                break
            phrase.append(plain)
            if w != w.rstrip(",;:"):
                break
        if not phrase or (m.group("n").isdigit() and len(m.group("n")) == 4):
            continue
        if phrase[-1].endswith("s") and not phrase[-1].endswith("ss"):
            phrase[-1] = phrase[-1][:-1]
        n_words = len(phrase)
        last = words[n_words - 1]
        tail_at = m.start("rest") + m.group("rest").find(last) + len(last)
        if last == last.rstrip(",;:"):
            of = _OF.match(text, tail_at) if phrase[-1] in _OF_HEADS else None
            if of:
                kept = [w for w in of.group(1).lower().split() if w not in STOP]
                if kept:
                    phrase += ["of", *kept]
            per = _PER.match(text, tail_at)
            if per and per.group(1).lower().rstrip("s") in _PER_NOUNS:
                phrase += ["per", per.group(1).lower().rstrip("s")]
        value = (_value(m.group("n")),) + ((_value(m.group("n2")),) if m.group("n2") else ())
        bound = "lower" if m.group("lower") else "upper" if m.group("upper") else "exact"
        start = m.start("lower") if m.group("lower") else m.start("upper") if m.group("upper") else n_at
        phrase_end = m.start("rest") + m.group("rest").find(words[n_words - 1]) + len(words[n_words - 1].rstrip(",;:"))
        sentence = next((i for i, e in enumerate(ends) if n_at < e), len(ends))
        found.append(
            Count(start, phrase_end, " ".join(text[start:phrase_end].split()), value, " ".join(phrase), bound, sentence)
        )
    for m in _MONEY.finditer(text):
        n, what = (m.group("n"), m.group("what")) if m.group("n") else (m.group("n2"), m.group("what2"))
        sentence = next((i for i, e in enumerate(ends) if m.start() < e), len(ends))
        bound = "upper" if m.group("upper") else "exact"
        value = (int(n.replace(",", "")),)
        found.append(
            Count(m.start(), m.end(), " ".join(m.group().split()), value, f"£ {what.lower()}", bound, sentence)
        )
    return sorted(found, key=lambda c: c.start)


def _within(bound: Count, exact: Count) -> bool:
    """Whether an exact count lies inside a bound: "up to 12 teachers" allows "two teachers"."""
    if bound.bound == "upper":
        return max(exact.value) <= max(bound.value)
    return min(exact.value) >= min(bound.value)


def _clash(a: Count, b: Count) -> bool:
    if a.what != b.what or a.value == b.value or {a.bound, b.bound} == {"lower", "upper"}:
        return False
    if a.bound != b.bound and "exact" in (a.bound, b.bound):
        bound, exact = (a, b) if a.bound != "exact" else (b, a)
        return not _within(bound, exact)
    return True


def number_conflicts(texts: Sequence[str]) -> list[tuple[int, Count, int, Count]]:
    """(i, count, j, first) for each count in ``texts[i]`` that clashes with an earlier ``first`` in ``texts[j]``."""
    seen: list[tuple[int, Count]] = []
    found = []
    for i, text in enumerate(texts):
        for c in counts(text):
            first = next(((j, f) for j, f in seen if _clash(f, c) and not (j == i and f.sentence == c.sentence)), None)
            if first is not None:
                found.append((i, c, first[0], first[1]))
            seen.append((i, c))
    return found


_EVENT = re.compile(
    r"\b(?P<key>(?:(?:first|second|third|final|last|launch|information|headteachers?'?|introductory|briefing|twilight"
    r"|online|celebration)\s+)?(?:session|meeting|event|webinar|workshop|conference|briefing|launch)"
    r"|closing\s+date|deadline|confirmation\s+date)s?\b(?P<gap>[^.!?;]{0,40})$",
    re.I,
)


_AUDIENCE = re.compile(r"\b(headteacher|governor|parent)s?\b", re.I)


@dataclass(frozen=True)
class EventDate:
    """A full date in wording and the event it dates ("information session", "closing date")."""

    start: int
    text: str
    day: object
    event: str
    sentence: int


def event_dates(text: str) -> list[EventDate]:
    """Each full date of ``text`` with the event named before it in its sentence and clause."""
    ends = [b for _a, b in spans(text)]
    found = []
    for td in find_dates(text):
        if td.date is None:
            continue
        sentence = next((i for i, e in enumerate(ends) if td.start < e), len(ends))
        begin = ends[sentence - 1] if sentence else 0
        m = _EVENT.search(text, begin, td.start)
        if m is None or re.search(r"\b(?:and|or|to|until|then)\b", m.group("gap"), re.I):
            continue
        if read_time(text, td.start, td.end).back:  # "the information session was on 3rd July 2023": history
            continue
        event = " ".join(
            m.group("key")
            .lower()
            .replace("headteachers'", "headteacher")
            .replace("headteachers", "headteacher")
            .split()
        )
        if " " not in event:  # "headteachers are invited to the briefing": the audience named qualifies it
            audience = _AUDIENCE.search(text, begin, ends[sentence] if sentence < len(ends) else len(text))
            if audience:
                event = f"{audience.group(1).lower()} {event}"
        found.append(EventDate(td.start, td.text.strip(), td.date, event, sentence))
    return found


def date_conflicts(texts: Sequence[str]) -> list[tuple[int, EventDate, int, EventDate]]:
    """(i, date, j, first) for each dated event in ``texts[i]`` dated differently by an earlier ``first`` in
    ``texts[j]``, not in the same sentence."""
    seen: list[tuple[int, EventDate]] = []
    found = []
    for i, text in enumerate(texts):
        for d in event_dates(text):
            first = next(
                (
                    (j, f)
                    for j, f in seen
                    if f.event == d.event and f.day != d.day and not (j == i and f.sentence == d.sentence)
                ),
                None,
            )
            if first is not None:
                found.append((i, d, first[0], first[1]))
            seen.append((i, d))
    return found


Found = tuple[int, Any, int, Any]  # (i, what, j, first): ``what`` at texts[i] disagrees with ``first`` at texts[j]


def _report(
    scope: CheckScope,
    wordings: list[Piece],
    found: list[Found],
    code: str,
    say: Callable[[Any, Any, str], str],
    only: set[int] | None = None,
) -> Iterator[Problem]:
    """A warning at each later place of a disagreement, naming where the first place is."""
    for i, what, j, first in found:
        w, other = wordings[i], wordings[j]
        if only is not None and id(w) not in only:
            continue
        line = scope.locator.position(other.source, other.loc, other.text, first.start)[0]
        where = f"line {line}" if other.source.shown == w.source.shown else f"{other.source.shown}:{line}"
        yield scope.locator.problem(w, what.start, say(what, first, where), code, "warning")


def _disagreements(scope: CheckScope, wordings: list[Piece], only: set[int] | None = None) -> Iterator[Problem]:
    texts = [w.text for w in wordings]
    yield from _report(
        scope,
        wordings,
        number_conflicts(texts),
        "wording.numbers",
        lambda c, first, where: (
            f"'{c.text}' here, but '{first.text}' at {where}: the same thing with different numbers?"
        ),
        only,
    )
    yield from _report(
        scope,
        wordings,
        date_conflicts(texts),
        "wording.dates",
        lambda d, first, where: (
            f"the {d.event} is on '{d.text}' here, but on '{first.text}' at {where}: give one date in both places"
        ),
        only,
    )
    yield from _report(
        scope,
        wordings,
        eligibility_conflicts(texts),
        "wording.eligibility",
        lambda r, first, where: (
            f"'{r.text}' here, but '{first.text}' at {where}: these say different things about who may apply;"
            " make them agree"
        ),
        only,
    )


def check_numbers(scope: CheckScope) -> Iterator[Problem]:
    """wording.numbers, .dates and .eligibility for the national wording of each programme-year, and each hub's
    pack: its own paragraphs against the national wording and against each other."""
    national: dict[str, list[Piece]] = {}
    extras: dict[tuple[str, str], list[Piece]] = {}
    for w in scope.wordings:
        if w.hub is None:
            national.setdefault(w.programme_year.key, []).append(w)
        else:
            extras.setdefault((w.programme_year.key, w.hub.code), []).append(w)
    for wordings in national.values():
        yield from _disagreements(scope, wordings)
    for (key, _hub), own in extras.items():
        yield from _disagreements(scope, national.get(key, []) + own, only=set(map(id, own)))
