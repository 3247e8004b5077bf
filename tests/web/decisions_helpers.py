"""A hub's applications to allocate, shared by the allocate command's tests and /admin's decisions
page: the sample's WM9 with 2 places given with priority to its areas and a waiting list of 1, a
schools register, six online applications and one returned form in collect's spreadsheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine

from packgen.collect.applications import Collection
from packgen.collect.sheet import write_sheet
from packgen.forms.applications import Application, FormKind
from packgen.forms.spec import Identity, answers
from packgen.model.project import load_project
from packgen.resolve import resolve_pack
from packgen.schools import store as schools
from packgen.schools.gias import Register
from packgen.schools.register import School
from packgen.web import store

from .web_helpers import GOOD

RULE = (
    "      places: 12\n",
    "      places: 2\n      allocation: {rule: priority_areas, waiting_list: 1}\n",
)
"""The edit to the sample's hubs/WM9.yaml (areas: Riverside, Hillford; closing 8th March 2024)."""

MARCH = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
SCHOOLS = {
    100001: ("Riverside", "Open"),
    100002: ("Elsewhere", "Open"),
    100003: ("Riverside", "Open"),
    100004: ("Riverside", "Closed"),
    100005: ("Hillford", "Open"),
    100006: ("Elsewhere", "Open"),
}
ONLINE = [  # (URN, hours after 9am on 1st March 2024)
    (100002, 0),  # not in the areas: the waiting list
    (100001, 1),  # in the areas: offered
    (100002, 2),  # the same school again: a duplicate
    (100004, 3),  # closed: not eligible
    (100005, 24 * 8),  # 9th March: after the closing date
    (100006, 4),  # not in the areas, the waiting list full: no place
]
RETURNED = (100003, 3)  # in the areas, by email at noon: offered


def school(urn: int) -> School:
    la, status = SCHOOLS[urn]
    return School(
        urn, f"School {urn}", "Community school", "Local authority maintained schools", status, "Primary", 4, 11,
        "999", la, "West Midlands", "1 High Street", "", "", "Riverton", "", "RV1 1AA", "", "", "Mrs", "Ada", "Head",
        "", None, None,
    )  # fmt: skip


def values(urn: int) -> dict[str, str]:
    return {**GOOD, "school.urn": str(urn), "school.name": f"School {urn}"}


def fill(engine: Engine, now: dt.datetime = MARCH) -> list[str]:
    """The register and the online applications; returns their references in ONLINE's order."""
    register = Register(dt.date(2024, 2, 1), "edubasealldata20240201.csv", tuple(school(u) for u in SCHOOLS))
    schools.replace(engine, register, now)
    refs = []
    identity = Identity("number-sense", "2024-25", "WM9")
    for i, (urn, hours) in enumerate(ONLINE):
        stored, _ = store.submit(
            engine, identity, values(urn), f"{urn:06d}", f"nonce-{i}", MARCH + dt.timedelta(hours=hours)
        )
        refs.append(stored.reference)
    return refs


def returned_sheet(project: Path, out: Path) -> Path:
    """collect's spreadsheet of one returned form, arrived at noon on 1st March (UK time)."""
    loaded = load_project(project)
    py = loaded.programmes[0]
    form = answers(resolve_pack(loaded, py, loaded.hub("WM9")).form)
    kind = FormKind(Identity("number-sense", "2024-25", "WM9"), "Riverside Maths Hub", form)
    urn, hours = RETURNED
    arrived = (MARCH + dt.timedelta(hours=hours)).replace(tzinfo=None)
    app = Application(Path("returned/School 100003.pdf"), arrived, kind, values(urn))
    write_sheet(Collection([app], [], tuple(values(urn)), None), out)
    return out
