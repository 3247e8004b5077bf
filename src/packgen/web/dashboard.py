"""/admin/recruitment: recruitment at a glance. A national account sees, per programme-year, every
hub's places, applications, decisions and days to the closing date, and a chart of applications
against places, filtered by region; a hub's account sees its own row and a chart of its
applications per day against its closing date. The figures are packgen.recruitment's, read
through web/counts.py, the same as `packgen report` writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..model.project import ProgrammeYear
from ..recruitment import Figures, london_today
from ..recruitment.chart import DaysChart, PlacesChart, days_chart, places_chart
from . import counts
from .admin import admin_only
from .common import page, threaded, web
from .store import User


@dataclass(frozen=True)
class Section:
    """One programme-year on the page: its figures (the rows shown) and their chart."""

    figures: Figures
    places: PlacesChart | None  # a national account's chart
    days: DaysChart | None  # a hub's chart


def _sections(
    request: Request, user: User, pys: list[ProgrammeYear], region: str | None, today: dt.date
) -> list[Section]:
    w = web(request)
    sections = []
    for py in pys:
        f = counts.figures_of(w.engine, w.site.project, py, today)
        f = f.only(user.hub) if user.hub is not None else f.in_region(region)
        if not f.hubs:
            continue
        if user.hub is None:
            sections.append(Section(f, places_chart(f), None))
        else:
            sections.append(Section(f, None, days_chart(f.hubs[0])))
    return sections


@admin_only
async def recruitment(request: Request, user: User) -> Response:
    """The figures of every programme-year (or the one asked for), for the user's hubs; an unknown
    programme-year or region is 404, as /admin's filters are."""
    w = web(request)
    pys = w.site.programme_years()
    form_key = request.query_params.get("form", "")
    if form_key:
        pys = [py for py in pys if f"{py.year.id}/{py.programme}" == form_key]
        if not pys:
            raise HTTPException(404)
    regions = sorted({h.spec.region for h in w.site.project.hubs if any(h.spec.offers.values())})
    region = request.query_params.get("region") or None
    if user.hub is not None:
        region = None  # a hub sees its own row, whatever the address asks
    elif region is not None and region not in regions:
        raise HTTPException(404)
    today = london_today(w.settings.clock())
    sections = await threaded(_sections, request, user, pys, region, today)
    return page(
        request,
        "admin/recruitment.html.j2",
        user=user,
        sections=sections,
        regions=regions,
        region=region or "",
        programme_years=w.site.programme_years(),
        form_key=form_key,
        today=today,
    )
