"""Phrases that date something relative to the year a pack is read in: shared by rollover and check.

"a year ago", "two years ago", "last year", "the previous academic year", "this academic
year", "this year", "next year", "in the last three years", "over the past two years", "for
the first time this year", "new this year". Each is found with what it implies:

- ``years_back``: how many years before the pack's own year the phrase places something
  ("two years ago": 2; "last year": 1; "this year", "for the first time": 0; "next year": -1);
- ``span``: for "in the last N years", N (the phrase covers years, it does not date one);
- ``first``: the phrase says something happens for the first time ("for the first time
  this year", "new this year", "new for this year", "this is the first year");
- ``start``: the phrase dates a beginning: a start verb ("introduced", "launched", "began",
  "started", "set up", "first ran") stands before it in the same clause ("was introduced a
  year ago", "began last year").

Rollover lists every one for review; check warns when the project's data shows one cannot be
true (check/relative.py). "The following year" and "the year before" date from another event
in their sentence, not from the pack's year, and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_N = r"(?:a|an|one|two|three|four|five|six|seven|eight|\d)"
_YEAR = r"(?:academic\s+|school\s+)?year"
PHRASE = re.compile(
    rf"\b(?:(?P<first>for\s+the\s+first\s+time(?:\s+(?:this|in\s+this)\s+{_YEAR})?"
    rf"|new\s+(?:for\s+)?this\s+{_YEAR}|this\s+is\s+the\s+first\s+{_YEAR})"
    rf"|(?P<ago>{_N})\s+years?\s+ago"
    rf"|(?:in|over|during|across)\s+the\s+(?:last|past|previous)\s+(?P<span>{_N})\s+(?:academic\s+|school\s+)?years"
    rf"|(?P<last>(?:last|previous)\s+{_YEAR})"
    rf"|(?P<this>this\s+{_YEAR})"
    rf"|(?P<next>next\s+{_YEAR}))\b",
    re.I,
)
_START = re.compile(
    r"\b(?:introduced|launched|began|begun|started|set\s+up|established|created|first\s+(?:ran|run|offered)"
    r"|piloted|beginning|starting)\b[^,;:.!?]*$",
    re.I,
)


@dataclass(frozen=True)
class Relative:
    """One relative-time phrase in wording and what it implies."""

    start: int
    end: int
    text: str
    years_back: int | None  # None for a span ("in the last three years")
    span: int | None = None
    first: bool = False
    start_of: bool = False  # dates a beginning: "introduced a year ago"


def _n(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def relative_phrases(text: str) -> Iterator[Relative]:
    """Every relative-time phrase of ``text`` (see the module docstring), in order."""
    for m in PHRASE.finditer(text):
        said = " ".join(m.group().split())
        begins = bool(_START.search(text, max(0, m.start() - 80), m.start()))
        if m.group("first"):
            yield Relative(m.start(), m.end(), said, 0, first=True, start_of=begins)
        elif m.group("ago"):
            yield Relative(m.start(), m.end(), said, _n(m.group("ago")), start_of=begins)
        elif m.group("span"):
            yield Relative(m.start(), m.end(), said, None, span=_n(m.group("span")))
        elif m.group("last"):
            yield Relative(m.start(), m.end(), said, 1, start_of=begins)
        elif m.group("this"):
            yield Relative(m.start(), m.end(), said, 0, start_of=begins)
        else:
            yield Relative(m.start(), m.end(), said, -1)
