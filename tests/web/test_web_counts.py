"""The recruitment figures read from the database: online applications, returned forms recorded
as decisions, and each decision's outcome, for two hubs (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from packgen.recruitment import programme_year
from packgen.web import counts
from web.recruitment_rows import SE9_PER_DAY, WM9_PER_DAY, two_hubs


def test_the_figures_of_two_hubs_from_their_applications_and_decisions(server) -> None:
    two_hubs(server.web.engine)
    project = server.web.site.project
    py = programme_year(project, "number-sense", "2024-25")
    f = counts.figures_of(server.web.engine, project, py, dt.date(2024, 3, 1))
    wm9, se9 = (next(h for h in f.hubs if h.code == code) for code in ("WM9", "SE9"))
    assert (wm9.places, wm9.online, wm9.returned, wm9.applications) == (12, 3, 2, 5)
    assert (wm9.offered, wm9.waiting, wm9.not_offered, wm9.undecided) == (3, 1, 1, 0)
    assert (wm9.closes, wm9.days_to_close, wm9.closing) == (dt.date(2024, 3, 8), 7, "7 days")
    assert {d.day.isoformat(): d.applications for d in wm9.per_day} == WM9_PER_DAY
    assert (se9.places, se9.applications, se9.offered, se9.waiting, se9.undecided) == (None, 2, 0, 1, 1)
    assert se9.days_to_close == 21
    per_day = {d.day.isoformat(): d.applications for d in se9.per_day}
    assert per_day == SE9_PER_DAY
    assert (f.totals.places, f.totals.applications, f.totals.offered, f.totals.waiting) == (12, 7, 3, 2)


def test_an_empty_database_gives_every_hub_with_an_offer_and_no_applications(server) -> None:
    project = server.web.site.project
    py = programme_year(project, "number-sense", "2024-25")
    f = counts.figures_of(server.web.engine, project, py, dt.date(2024, 3, 23))
    assert [(h.code, h.applications, h.per_day, h.closing) for h in f.hubs] == [
        ("SE9", 0, (), "closed yesterday"),
        ("WM9", 0, (), "closed 15 days ago"),
    ]
