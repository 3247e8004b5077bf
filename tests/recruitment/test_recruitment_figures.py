"""The recruitment figures as values: which hubs count, what each figure counts, days to the
closing date in every state, and the days of applications per day (in England's dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from packgen.errors import PackgenError
from packgen.model.project import load_project
from packgen.recruitment import Decided, Received, closing_words, figures, programme_year

UTC = dt.UTC


def _project(sample: Path, wm9_offer: str | None = None, extra_hub: bool = False):
    """The sample, WM9's offer rewritten as given, and a hub NE9 with no offer when asked."""
    if wm9_offer is not None:
        path = sample / "hubs" / "WM9.yaml"
        text = path.read_text(encoding="utf-8")
        start = text.index("    2024-25:\n")
        end = text.index("      extra:")
        path.write_text(text[:start] + "    2024-25:\n" + wm9_offer + text[end:], encoding="utf-8")
    if extra_hub:
        (sample / "hubs" / "NE9.yaml").write_text(
            "code: NE9\nname: Northern Maths Hub\nregion: North East\n", encoding="utf-8"
        )
    project = load_project(sample)
    return project, programme_year(project, "number-sense", "2024-25")


def test_each_figure_counts_its_own_and_a_hub_without_an_offer_is_left_out(sample: Path) -> None:
    project, py = _project(sample, extra_hub=True)
    received = [
        Received("WM9", dt.datetime(2024, 2, 26, 9, tzinfo=UTC)),
        Received("WM9", dt.datetime(2024, 2, 27, 9, tzinfo=UTC), "returned"),
        Received("NE9", dt.datetime(2024, 2, 27, 9, tzinfo=UTC)),  # no offer: not counted
        Received("SE9", dt.datetime(2024, 2, 28, 9, tzinfo=UTC)),
    ]
    decided = [Decided("WM9", "offered"), Decided("WM9", "withdrawn"), Decided("SE9", "not_offered")]
    f = figures(project, py, received, decided, dt.date(2024, 3, 1))
    assert [h.code for h in f.hubs] == ["SE9", "WM9"]
    se9, wm9 = f.hubs
    assert (wm9.places, wm9.online, wm9.returned, wm9.applications) == (12, 1, 1, 2)
    assert (wm9.offered, wm9.waiting, wm9.not_offered, wm9.withdrawn, wm9.undecided) == (1, 0, 0, 1, 0)
    assert (se9.places, se9.applications, se9.not_offered, se9.undecided) == (None, 1, 1, 0)
    assert (wm9.region, se9.region, f.regions) == ("West Midlands", "South East", ("South East", "West Midlands"))
    assert [h.code for h in f.in_region("South East").hubs] == ["SE9"]
    assert [h.code for h in f.only("WM9").hubs] == ["WM9"] and f.only("NE9").hubs == ()
    assert (f.title, f.year_label, f.totals.places, f.totals.applications) == (
        "Number Sense Work Groups",
        "2024/25",
        12,
        3,
    )


@pytest.mark.parametrize(
    ("today", "days", "words"),
    [
        (dt.date(2024, 3, 1), 7, "7 days"),
        (dt.date(2024, 3, 7), 1, "1 day"),
        (dt.date(2024, 3, 8), 0, "closes today"),
        (dt.date(2024, 3, 9), -1, "closed yesterday"),
        (dt.date(2024, 3, 20), -12, "closed 12 days ago"),
    ],
)
def test_days_to_the_closing_date(sample: Path, today: dt.date, days: int, words: str) -> None:
    project, py = _project(sample)
    wm9 = figures(project, py, [], [], today).only("WM9").hubs[0]
    assert (wm9.days_to_close, wm9.closing) == (days, words)


def test_an_offer_with_no_closing_date_on_purpose_or_none_given(sample: Path) -> None:
    project, py = _project(sample, "      places: 5\n      closing_date: none\n")
    wm9 = figures(project, py, [], [], dt.date(2024, 3, 1)).only("WM9").hubs[0]
    assert (wm9.closes, wm9.open_ended, wm9.days_to_close, wm9.closing) == (None, True, None, "no closing date")
    assert closing_words(None, False) == "not set"


def test_applications_per_day_run_from_the_opening_date_to_today_in_englands_dates(sample: Path) -> None:
    project, py = _project(sample, "      opening_date: 2024-03-28\n      closing_date: 2024-04-12\n")
    received = [
        Received("WM9", dt.datetime(2024, 3, 29, 12, tzinfo=UTC)),
        Received("WM9", dt.datetime(2024, 3, 31, 23, 30, tzinfo=UTC)),  # 00:30 on 1 April, British Summer Time
    ]
    wm9 = figures(project, py, received, [], dt.date(2024, 4, 2)).only("WM9").hubs[0]
    assert [(d.day.isoformat(), d.applications) for d in wm9.per_day] == [
        ("2024-03-28", 0),
        ("2024-03-29", 1),
        ("2024-03-30", 0),
        ("2024-03-31", 0),
        ("2024-04-01", 1),
        ("2024-04-02", 0),
    ]
    # After the closing date the days stop there, unless a form came later.
    closed = figures(project, py, received, [], dt.date(2024, 5, 1)).only("WM9").hubs[0]
    assert closed.per_day[-1].day == dt.date(2024, 4, 12)
    late = [*received, Received("WM9", dt.datetime(2024, 4, 15, 9, tzinfo=UTC), "returned")]
    after = figures(project, py, late, [], dt.date(2024, 5, 1)).only("WM9").hubs[0]
    assert (after.per_day[-1].day, after.per_day[-1].applications) == (dt.date(2024, 4, 15), 1)
    # Before the form opens and with nothing received, there are no days yet.
    assert figures(project, py, [], [], dt.date(2024, 3, 1)).only("WM9").hubs[0].per_day == ()


def test_an_unknown_programme_or_year_names_the_known_ones(sample: Path) -> None:
    project = load_project(sample)
    with pytest.raises(PackgenError) as unknown:
        programme_year(project, "numbers", "2024-25")
    assert [str(p) for p in unknown.value.problems] == [
        "command line: error: unknown programme 'numbers'; known: number-sense [programme.unknown]"
    ]
    with pytest.raises(PackgenError) as no_year:
        programme_year(project, "number-sense", "2030-31")
    assert [p.code for p in no_year.value.problems] == ["year.unknown"]
