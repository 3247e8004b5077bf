"""A school as the register keeps it: the GIAS columns packgen reads, and how text is compared."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, fields

OPEN_STATUSES = ("Open", "Open, but proposed to close")
"""GIAS's EstablishmentStatus (name) values of a school that is open today; the others are
"Closed" and "Proposed to open"."""


@dataclass(frozen=True)
class School:
    """One establishment of the register. Text is as GIAS gives it; "" where GIAS has nothing."""

    urn: int
    name: str
    type: str  # TypeOfEstablishment (name), e.g. "Community school", "Other independent school"
    type_group: str  # EstablishmentTypeGroup (name), e.g. "Local authority maintained schools"
    status: str  # EstablishmentStatus (name): Open, Closed, Open but proposed to close, Proposed to open
    phase: str  # PhaseOfEducation (name): Primary, Secondary, All-through, Middle deemed primary…
    low_age: int | None
    high_age: int | None
    la_code: str
    la_name: str
    region: str  # GOR (name)
    street: str
    locality: str
    address3: str
    town: str
    county: str
    postcode: str
    telephone: str
    website: str
    head_title: str
    head_first_name: str
    head_last_name: str
    trust: str
    open_date: dt.date | None
    close_date: dt.date | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def address(self) -> list[str]:
        """The address lines GIAS gives, in order, blanks left out."""
        parts = (self.street, self.locality, self.address3, self.town, self.county, self.postcode)
        return [p for p in parts if p]

    @property
    def headteacher(self) -> str:
        return " ".join(p for p in (self.head_title, self.head_first_name, self.head_last_name) if p)

    @property
    def search_text(self) -> str:
        """What `find` matches against: name, town, postcode (with and without its space) and LA, folded."""
        return fold(" | ".join((self.name, self.town, self.postcode, self.postcode.replace(" ", ""), self.la_name)))


FIELDS = tuple(f.name for f in fields(School))

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    """Text as searches compare it: accents dropped, case folded, curly quotes and dashes made plain,
    runs of spaces made one: "St Mary’s – Église" -> "st mary's - eglise"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain.casefold()).strip()
