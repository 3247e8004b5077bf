"""Dates and academic years as people write them in wording: one recogniser for rollover and check.

Dates, in any case ("THURSDAY 17th MAY 2018", "friday 1 march 2024"):

- long: an optional weekday before ("Friday", "Fri.", "Friday,", "Friday the"), a day with or
  without its ordinal, an optional "of", a month (full or short), an optional comma and year,
  and optionally the weekday after in brackets: "14th December 2017 (Friday)";
- month first: "March 1st, 2024", "Friday, March 1 2024" (a weekday, an ordinal or a year
  must come with it, so "in March 10 schools" is no date);
- numeric, British day first: "1/3/2024", "01.03.2024", "1-3-2024", with an optional weekday;
- ISO: "2024-03-01";
- a month and year alone: "December 2016" (``day`` is None).

A date without a year ("Wednesday 8th June", "on 5th July") has ``year`` None. Nothing is
validated here: "30th February 2024" is found, and its ``date`` is None.

Academic years: two consecutive years in any style, 2020/21, 2020-21, 2020–21, 2020/2021,
2020-2021, 2020 to 2021; the second must follow the first (2014-2019 is a span of years).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..dates import AcademicYear, ordinal

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)} | {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}


def _names(table: dict[str, int], full: tuple[str, ...]) -> str:
    """Full names, or short ones with an optional full stop ("Fri.", "Sept."), longest first."""
    longest = sorted(table, key=len, reverse=True)
    whole = [n for n in longest if n in {f.lower() for f in full}]
    short = [n for n in longest if n not in whole]
    return rf"(?:{'|'.join(whole)})\b|(?:{'|'.join(short)})\b\.?"


_WD = _names(_WEEKDAYS, WEEKDAY_NAMES)
_MO = _names(_MONTHS, MONTH_NAMES)
_EDGE = r"(?<![\w/.–—£$-])"  # not glued to a word, path, decimal or amount before it
_END = r"(?![\w/–—]|-\d)"

_DATE = re.compile(
    rf"""
    (?P<iso>{_EDGE}(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}}){_END})
  | (?P<num>{_EDGE}(?:(?P<num_wd>\b(?:{_WD}))(?P<num_s0>,?\s+))?
        (?P<num_d>\d{{1,2}})(?P<num_sep>[/.-])(?P<num_m>\d{{1,2}})(?P=num_sep)(?P<num_y>\d{{4}}){_END})
  | (?P<long>\b(?:(?P<wd>{_WD})(?P<s0>,?\s+(?:the\s+)?))?(?<![\d.])
        (?P<d>\d{{1,2}})(?P<ord>st|nd|rd|th)?(?P<s1>\s+(?:of\s+)?)(?P<m>{_MO})
        (?:(?P<s2>,?\s+)(?P<y>\d{{4}})(?![\d/–—]|-\d))?
        (?:(?P<s3>\s*\(\s*)(?P<wd_after>{_WD})\s*\))?)
  | (?P<mfirst>\b(?:(?P<mf_wd>{_WD})(?P<mf_s0>,?\s+))?(?P<mf_m>{_MO})(?P<mf_s1>\s+)
        (?P<mf_d>\d{{1,2}})(?P<mf_ord>st|nd|rd|th)?\b(?:(?P<mf_s2>,?\s+)(?P<mf_y>\d{{4}})(?![\d/–—]|-\d))?)
  | (?P<my>\b(?P<my_m>{_MO})(?P<my_s>,?\s+)(?P<my_y>\d{{4}})(?![\d/–—]|-\d))
    """,
    re.X | re.I,
)


@dataclass(frozen=True)
class TextDate:
    """A date found in text: what it says, where, and the span of each part for restyling."""

    start: int
    end: int
    text: str
    style: str  # long, month-first, numeric, iso, month-year
    day: int | None
    month: int
    year: int | None
    weekday: int | None  # the weekday as written, before or after the date
    parts: tuple[tuple[str, int, int], ...]  # (part, start, end) within text: weekday, day, ordinal, month, year

    @property
    def date(self) -> dt.date | None:
        """The date, when it has a day and a year and exists."""
        if self.day is None or self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def part(self, name: str) -> str | None:
        return next((self.text[a:b] for n, a, b in self.parts if n == name), None)


def _parts(m: re.Match[str], names: dict[str, str]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for group, part in names.items():
        if m.group(group) is not None:
            out.append((part, m.start(group) - m.start(), m.end(group) - m.start()))
    return tuple(sorted(out, key=lambda p: p[1]))


def _key(table: dict[str, int], name: str) -> int:
    return table[name.rstrip(".").lower()]


def _month_ok(word: str, has_day: bool, has_weekday: bool) -> bool:
    """ "may" in lower case is a verb unless a day or weekday makes it a date; so is "march"."""
    return has_day or has_weekday or word != word.lower() or word.lower() not in ("may", "march")


LINK = re.compile(r"https?://\S+|\]\([^)]*\)")
"""A link's address, bare or in [text](address): what it says is not wording."""


def find_dates(text: str) -> Iterator[TextDate]:
    """Every date in ``text``, left to right, none overlapping, none inside a link's address."""
    yield from _dates(text)


@lru_cache(maxsize=8192)  # every check reads the same wording again, and the preview on every save
def _dates(text: str) -> tuple[TextDate, ...]:
    return tuple(_scan(text))


def _scan(text: str) -> Iterator[TextDate]:
    links = [m.span() for m in LINK.finditer(text)]
    for m in _DATE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in links):
            continue
        g = m.groupdict()
        s, whole = m.start(), m.group(0)
        if g["iso"]:
            yield TextDate(
                s,
                m.end(),
                whole,
                "iso",
                int(g["iso_d"]),
                int(g["iso_m"]),
                int(g["iso_y"]),
                None,
                _parts(m, {"iso_y": "year", "iso_m": "month", "iso_d": "day"}),
            )
        elif g["num"]:
            month = int(g["num_m"])
            if not 1 <= month <= 12:
                continue
            wd = _key(_WEEKDAYS, g["num_wd"]) if g["num_wd"] else None
            yield TextDate(
                s,
                m.end(),
                whole,
                "numeric",
                int(g["num_d"]),
                month,
                int(g["num_y"]),
                wd,
                _parts(m, {"num_wd": "weekday", "num_d": "day", "num_m": "month", "num_y": "year"}),
            )
        elif g["long"]:
            said = g["wd"] or g["wd_after"]
            yield TextDate(
                s,
                m.end(),
                whole,
                "long",
                int(g["d"]),
                _key(_MONTHS, g["m"]),
                int(g["y"]) if g["y"] else None,
                _key(_WEEKDAYS, said) if said else None,
                _parts(
                    m, {"wd": "weekday", "d": "day", "ord": "ordinal", "m": "month", "y": "year", "wd_after": "weekday"}
                ),
            )
        elif g["mfirst"]:
            if not (g["mf_wd"] or g["mf_ord"] or g["mf_y"]) or not _month_ok(g["mf_m"], True, bool(g["mf_wd"])):
                continue
            yield TextDate(
                s,
                m.end(),
                whole,
                "month-first",
                int(g["mf_d"]),
                _key(_MONTHS, g["mf_m"]),
                int(g["mf_y"]) if g["mf_y"] else None,
                _key(_WEEKDAYS, g["mf_wd"]) if g["mf_wd"] else None,
                _parts(m, {"mf_wd": "weekday", "mf_m": "month", "mf_d": "day", "mf_ord": "ordinal", "mf_y": "year"}),
            )
        elif g["my"]:
            if not _month_ok(g["my_m"], False, False):
                continue
            yield TextDate(
                s,
                m.end(),
                whole,
                "month-year",
                None,
                _key(_MONTHS, g["my_m"]),
                int(g["my_y"]),
                None,
                _parts(m, {"my_m": "month", "my_y": "year"}),
            )


def _cased(word: str, like: str) -> str:
    """``word`` in the case of ``like``: UPPER, lower or Title."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like.islower():
        return word.lower()
    return word[:1].upper() + word[1:].lower()


def _name(full: str, like: str) -> str:
    """A month or weekday name, as long as ``like`` was (full, or short as in "Sept", "Thurs")."""
    plain = like.rstrip(".").lower()
    dot = "." if like.endswith(".") else ""
    if plain in (n.lower() for n in MONTH_NAMES + WEEKDAY_NAMES):
        return full
    if plain in ("sept", "tues", "thur", "thurs") and full[: len(plain)].lower() == plain:
        return full[: len(plain)] + dot
    return full[:3] + dot


def restyle(td: TextDate, new: dt.date) -> str:
    """``td`` rewritten to say ``new``, in its own style and case:
    "THURSDAY 17th MAY 2018" -> "THURSDAY 16th MAY 2019"."""
    out, at = [], 0
    for part, a, b in td.parts:
        old = td.text[a:b]
        if part == "weekday":
            rep = _cased(_name(WEEKDAY_NAMES[new.weekday()], old), old)
        elif part == "month":
            rep = f"{new.month:0{len(old)}d}" if old.isdigit() else _cased(_name(MONTH_NAMES[new.month - 1], old), old)
        elif part == "day":
            rep = f"{new.day:0{len(old)}d}" if len(old) == 2 and old.startswith("0") else str(new.day)
        elif part == "ordinal":
            rep = ordinal(new.day)[len(str(new.day)) :]
            rep = rep.upper() if old.isupper() else rep
        else:  # year
            rep = str(new.year)
        out.append(td.text[at:a] + rep)
        at = b
    return "".join(out) + td.text[at:]


# --- academic years ---------------------------------------------------------------------

YEAR_REF = re.compile(r"(?<![\w/.–—£$-])((?:19|20)\d\d)(\s+to\s+|\s?[/\-–—]\s?)(\d{4}|\d\d)(?![\w/–—]|-\d)")


@dataclass(frozen=True)
class YearRef:
    """An academic-year reference found in text, and where."""

    year: AcademicYear
    start: int
    end: int
    text: str
    separator: str = "/"
    full: bool = False  # the second year written in full: 2020/2021


def year_refs(text: str) -> Iterator[YearRef]:
    """Every academic-year reference in ``text``: the second year must follow the first."""
    for m in YEAR_REF.finditer(text):
        first, second = int(m.group(1)), m.group(3)
        follows = int(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100
        if follows:
            yield YearRef(AcademicYear(first), m.start(), m.end(), m.group(0), m.group(2), len(second) == 4)


def restyle_year(ref: YearRef, new: AcademicYear) -> str:
    """``ref`` naming ``new`` in its own style: 2024-2025 -> 2025-2026, 2024 to 2025 -> 2025 to 2026."""
    end = str(new.end) if ref.full else f"{new.end % 100:02d}"
    return f"{new.start}{ref.separator}{end}"


def academic_year_of(day: dt.date) -> AcademicYear:
    """The academic year (September to August) a date falls in."""
    return AcademicYear(day.year if day.month >= 9 else day.year - 1)


def yearless_candidates(td: TextDate, first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates a yearless ``td`` can be between ``first`` and ``last`` whose weekday fits, if it names one."""
    found = []
    for year in range(first.year, last.year + 1):
        try:
            day = dt.date(year, td.month, td.day or 1)
        except ValueError:
            continue
        if first <= day <= last and (td.weekday is None or day.weekday() == td.weekday):
            found.append(day)
    return found
