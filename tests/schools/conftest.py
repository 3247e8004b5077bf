"""The register's tests run on SQLite and on a real PostgreSQL, started as the web tests start theirs,
and read GIAS files written here: the shipped sample, or small ones in GIAS's format."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from web.web_helpers import Postgres

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "schools" / "edubasealldata20250901.csv"

NEEDED = [
    "URN", "EstablishmentName", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "LA (code)", "LA (name)", "GOR (name)", "Street", "Locality", "Address3", "Town", "County (name)",
    "Postcode", "TelephoneNum", "SchoolWebsite", "HeadTitle (name)", "HeadFirstName", "HeadLastName",
    "Trusts (name)", "OpenDate", "CloseDate",
]  # fmt: skip


def school(urn: int, name: str, **values: str) -> dict[str, str]:
    """A row of a GIAS file with only the columns packgen reads: an open primary in Sandwell unless told."""
    row = {column: "" for column in NEEDED}
    row.update(
        {
            "URN": str(urn),
            "EstablishmentName": name,
            "TypeOfEstablishment (name)": "Community school",
            "EstablishmentTypeGroup (name)": "Local authority maintained schools",
            "EstablishmentStatus (name)": "Open",
            "PhaseOfEducation (name)": "Primary",
            "StatutoryLowAge": "4",
            "StatutoryHighAge": "11",
            "LA (code)": "333",
            "LA (name)": "Sandwell",
            "GOR (name)": "West Midlands",
            "Town": "West Bromwich",
            "Postcode": "B70 1AA",
            "HeadTitle (name)": "Mrs",
            "HeadFirstName": "Ada",
            "HeadLastName": "Example",
        }
    )
    row.update(values)
    return row


def gias_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    """The text of a GIAS file with ``columns`` (default: the needed ones), every field quoted, CRLF."""
    columns = columns or NEEDED
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'applications.sqlite3'}"
        return
    server: Postgres = request.getfixturevalue("postgres")
    url = server.new_database()
    try:
        yield url
    finally:
        server.drop(url)
