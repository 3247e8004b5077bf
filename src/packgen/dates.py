"""Academic years and British date wording."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")  # England's clock (GMT, or BST in summer): the dates packgen shows and judges

_YEAR_ID = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class AcademicYear:
    """An academic year, September to August: id ``2024-25``, shown as ``2024/25``."""

    start: int

    @classmethod
    def parse(cls, year_id: str) -> AcademicYear:
        m = _YEAR_ID.match(year_id)
        if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            raise ValueError(f"{year_id!r} is not an academic year like 2024-25")
        return cls(int(m.group(1)))

    @property
    def id(self) -> str:
        return f"{self.start}-{(self.start + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def span(self) -> str:
        """Both calendar years in full, as in "academic year 2024-2025"."""
        return f"{self.start}-{self.start + 1}"

    @property
    def end(self) -> int:
        return self.start + 1

    @property
    def next(self) -> AcademicYear:
        return AcademicYear(self.start + 1)

    @property
    def previous(self) -> AcademicYear:
        return AcademicYear(self.start - 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start, 9, 1)

    def __str__(self) -> str:
        return self.label


def ordinal(n: int) -> str:
    """1 -> 1st, 2 -> 2nd, 11 -> 11th, 23 -> 23rd."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def long_date(day: dt.date) -> str:
    """British long form with weekday: Friday 1st March 2024."""
    return f"{day:%A} {ordinal(day.day)} {day:%B %Y}"
