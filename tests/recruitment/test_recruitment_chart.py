"""The charts' geometry: applications against places on one scale, with ticks a reader can
count; a hub's days with its closing date's line at the end of that day."""

from __future__ import annotations

import datetime as dt

import pytest

from packgen.recruitment import Day, Figures, HubFigures
from packgen.recruitment.chart import days_chart, nice_step, places_chart


def _hub(code: str, places: int | None, online: int, per_day: tuple[Day, ...] = (), closes: dt.date | None = None):
    return HubFigures(
        code=code,
        name=f"{code} Maths Hub",
        region="North",
        places=places,
        online=online,
        returned=0,
        offered=0,
        waiting=0,
        not_offered=0,
        withdrawn=0,
        opens=None,
        closes=closes,
        open_ended=False,
        days_to_close=None,
        per_day=per_day,
    )


def _figures(*hubs: HubFigures) -> Figures:
    return Figures("p", "2024-25", "P", "2024/25", dt.date(2024, 3, 1), hubs)


@pytest.mark.parametrize(("top", "step"), [(1, 1), (5, 1), (6, 2), (12, 5), (30, 10), (170, 50), (999, 200)])
def test_a_nice_step(top: int, step: int) -> None:
    assert nice_step(top) == step


def test_applications_and_places_share_one_scale() -> None:
    chart = places_chart(_figures(_hub("AA1", 30, 12), _hub("BB1", None, 41)))
    a, b = chart.rows
    assert [t.label for t in chart.ticks] == ["0", "10", "20", "30", "40", "50"]
    span = chart.right - chart.left
    assert a.places.width == pytest.approx(span * 30 / 50, abs=0.01)
    assert a.applications.width == pytest.approx(span * 12 / 50, abs=0.01)
    assert b.places is None and b.applications.value == 41
    assert (a.places.label, b.applications.label) == ("30 places", "41 applications")
    assert a.applications.y > a.places.y and b.label_y > a.label_y and chart.height > chart.bottom


def test_a_hubs_days_reach_its_closing_date_and_mark_it() -> None:
    days = (Day(dt.date(2024, 3, 1), 2), Day(dt.date(2024, 3, 2), 0), Day(dt.date(2024, 3, 3), 4))
    chart = days_chart(_hub("AA1", 10, 6, days, closes=dt.date(2024, 3, 10)))
    assert [b.key for b in chart.bars] == ["2024-03-01", "2024-03-02", "2024-03-03"]
    assert [b.value for b in chart.bars] == [2, 0, 4]
    assert chart.bars[2].height == pytest.approx(2 * chart.bars[0].height) and chart.bars[1].height == 0
    assert chart.closing.label == "Closing date: Sunday 10th March 2024"
    assert chart.closing.at == pytest.approx(chart.right, abs=0.01)  # the end of the last day drawn
    assert [d.label for d in chart.days] == ["Friday 1st March 2024", "Sunday 10th March 2024"]
    assert chart.bars[0].label == "2 applications on Friday 1st March 2024"
    assert days_chart(_hub("AA1", 10, 0)) is None
