"""The charts of /admin's recruitment page, laid out as numbers a template draws as SVG: for the
national team, applications against places per hub (horizontal bars); for a hub, its
applications per day against the closing date (vertical bars). Only geometry here, from the
figures; the words and marks are the template's."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..dates import long_date
from .figures import Figures, HubFigures

WIDTH = 760


def _px(value: float) -> float:
    """A coordinate to a hundredth of a pixel: what a screen can show, and short in the SVG."""
    return round(value, 2)


@dataclass(frozen=True)
class Tick:
    """A line across the plot at ``at`` (px), read as ``label``."""

    at: float
    label: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", _px(self.at))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # what the bar shows, in words ("12 places", "3 applications on 1 March 2024")
    key: str = ""  # what it is of: a day's ISO date

    def __post_init__(self) -> None:
        for name, value in (("x", self.x), ("y", self.y), ("width", self.width), ("height", self.height)):
            object.__setattr__(self, name, _px(value))


@dataclass(frozen=True)
class HubRow:
    """One hub's two bars: its places (None: the offer states none) and its applications."""

    code: str
    name: str
    label_y: float
    places: Bar | None
    applications: Bar


@dataclass(frozen=True)
class PlacesChart:
    width: int
    height: int
    left: float  # where the plot starts: the hubs' names stand to its left
    right: float
    top: float
    bottom: float
    ticks: tuple[Tick, ...]
    rows: tuple[HubRow, ...]


@dataclass(frozen=True)
class DaysChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    ticks: tuple[Tick, ...]  # across: applications
    bars: tuple[Bar, ...]
    days: tuple[Tick, ...]  # along: the first and last day (and the closing date's)
    closing: Tick | None  # the closing date's line, when it falls within the days drawn


def nice_step(top: int, most: int = 5) -> int:
    """A step of 1, 2 or 5 times a power of ten that marks 0..top in at most ``most`` steps."""
    if top <= most:
        return 1
    power = 10 ** int(math.floor(math.log10(top / most)))
    for factor in (1, 2, 5, 10):
        if top / (factor * power) <= most:
            return factor * power
    return 10 * power


def _scale(top: int) -> tuple[int, int]:
    """(the axis's end, its step): the first step at or above ``top`` (at least 1)."""
    step = nice_step(max(top, 1))
    return step * math.ceil(max(top, 1) / step), step


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def places_chart(figures: Figures) -> PlacesChart:
    """Applications against places, a row per hub, on one scale."""
    left, right, top, row, bar = 280.0, WIDTH - 50.0, 20.0, 34.0, 12.0
    end, step = _scale(max([h.applications for h in figures.hubs] + [h.places or 0 for h in figures.hubs] + [1]))
    span = right - left

    def along(value: int) -> float:
        return left + span * value / end

    rows = []
    for i, h in enumerate(figures.hubs):
        y = top + i * row + 4
        places = (
            Bar(left, y, along(h.places) - left, bar, h.places, _plural(h.places, "place"))
            if h.places is not None
            else None
        )
        applications = Bar(
            left, y + bar + 1, along(h.applications) - left, bar, h.applications, _plural(h.applications, "application")
        )
        rows.append(HubRow(h.code, h.name, y + bar + 4, places, applications))
    bottom = top + len(rows) * row + 4
    ticks = tuple(Tick(along(v), str(v)) for v in range(0, end + 1, step))
    return PlacesChart(WIDTH, int(bottom + 56), left, right, top, bottom, ticks, tuple(rows))


def days_chart(hub: HubFigures) -> DaysChart | None:
    """A hub's applications per day, with its closing date marked; None before its first day."""
    if not hub.per_day:
        return None
    first, last = hub.per_day[0].day, hub.per_day[-1].day
    if hub.closes is not None and first <= hub.closes:
        last = max(last, hub.closes)  # the closing date stays in view before it comes
    count = (last - first).days + 1
    left, right, top, bottom = 50.0, WIDTH - 20.0, 20.0, 240.0
    width = (right - left) / count
    end, step = _scale(max(d.applications for d in hub.per_day))

    def up(value: int) -> float:
        return bottom - (bottom - top) * value / end

    def x_of(day: dt.date) -> float:
        return left + width * (day - first).days

    bars = tuple(
        Bar(
            x_of(d.day) + width * 0.1,
            up(d.applications),
            width * 0.8,
            bottom - up(d.applications),
            d.applications,
            f"{_plural(d.applications, 'application')} on {long_date(d.day)}",
            d.day.isoformat(),
        )
        for d in hub.per_day
    )
    ticks = tuple(Tick(up(v), str(v)) for v in range(0, end + 1, step))
    days = [Tick(x_of(first) + width / 2, long_date(first))]
    if last != first:
        days.append(Tick(x_of(last) + width / 2, long_date(last)))
    closing = None
    if hub.closes is not None and first <= hub.closes <= last:
        closing = Tick(x_of(hub.closes) + width, f"Closing date: {long_date(hub.closes)}")
    return DaysChart(WIDTH, int(bottom + 50), left, right, top, bottom, ticks, bars, tuple(days), closing)
