"""The applications the engine reads: a form's answers as an Applicant, and the returned forms of
`packgen collect`'s spreadsheet (CSV or XLSX), each with its recorded arrival time.

A returned form's reference is its file's name as the sheet gives it (what staff see in the
folder), kept to 64 characters: the same file gives the same reference on every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..dates import LONDON
from ..forms.applications import school_name, school_urn
from ..forms.kinds import kind_of
from ..pack import FormField
from ..schools.register import School
from .engine import Applicant

ONLINE = "online:"
REFERENCE_MOST = 64
Lookup = Callable[[int], School | None]


def contact_email(answers: Sequence[FormField], values: Mapping[str, str]) -> str | None:
    """The first contact answer that holds an address: where the school's letter goes."""
    for field in answers:
        value = values.get(field.name, "").strip()
        if kind_of(field).contact and "@" in value and " " not in value:
            return value
    return None


def applicant(
    reference: str,
    source: str,
    answers: Sequence[FormField],
    values: Mapping[str, str],
    received_at: dt.datetime,
    schools: Lookup | None = None,
    application_id: int | None = None,
) -> Applicant:
    """One application's answers, read by the form it was made on, with the register's school."""
    urn = school_urn(answers, values)
    school = schools(int(urn)) if schools is not None and urn else None
    return Applicant(
        reference,
        source,
        urn,
        school_name(answers, values),
        contact_email(answers, values),
        received_at,
        school,
        application_id,
    )


@dataclass(frozen=True)
class SheetRow:
    """One application row of collect's spreadsheet."""

    source: str  # the file as the sheet names it, or online:<reference>
    received_at: dt.datetime  # the "modified" column, read as UK time
    programme: str
    year: str
    hub: str
    values: dict[str, str]

    @property
    def online(self) -> bool:
        return self.source.startswith(ONLINE)

    @property
    def reference(self) -> str:
        """online:WM1-K7Q3-M9XD -> WM1-K7Q3-M9XD; a returned form's file name, at most 64 characters."""
        if self.online:
            return self.source[len(ONLINE) :]
        name = PureWindowsPath(PurePosixPath(self.source).name).name
        if len(name) <= REFERENCE_MOST:
            return name
        digest = hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:8]
        return name[: REFERENCE_MOST - 9] + "~" + digest


class SheetError(ValueError):
    """A spreadsheet that is not one `packgen collect` wrote."""


def _undefused(value: str) -> str:
    """A cell as collect had it before defusing a formula (collect/sheet.py's _defused)."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def _table(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        return [[_undefused(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise SheetError(f"{path.name} is not a spreadsheet packgen can read ({type(exc).__name__})") from None
        try:
            sheet = book["Applications"] if "Applications" in book.sheetnames else book.worksheets[0]
            return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    raise SheetError(f"{path.name}: a spreadsheet of packgen collect ends in .csv or .xlsx")


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.strip()).replace(tzinfo=LONDON)


def read_sheet(path: Path) -> list[SheetRow]:
    """The application rows of a spreadsheet `packgen collect` wrote (rejected and skipped files left
    out). Raises SheetError for one without collect's columns, OSError when it cannot be read."""
    table = _table(path)
    if not table:
        raise SheetError(f"{path.name} is empty")
    head = table[0]
    wanted = ("source", "modified", "programme", "year", "hub", "status")
    if any(name not in head for name in wanted):
        raise SheetError(f"{path.name} is not a spreadsheet of packgen collect: it has no {', '.join(wanted)} columns")
    at = {name: head.index(name) for name in head}
    rows = []
    for i, row in enumerate(table[1:], start=2):
        row = row + [""] * (len(head) - len(row))
        status = row[at["status"]]
        if status not in ("ok", "problems"):
            continue
        try:
            received = _moment(row[at["modified"]])
        except ValueError:
            raise SheetError(f"{path.name}, row {i}: {row[at['modified']]!r} is not a time") from None
        rows.append(
            SheetRow(
                row[at["source"]],
                received,
                row[at["programme"]],
                row[at["year"]],
                row[at["hub"]],
                {name: row[j] for name, j in at.items()},
            )
        )
    return rows


def returned(
    rows: Sequence[SheetRow],
    programme: str,
    year: str,
    hub: str,
    answers: Sequence[FormField],
    schools: Lookup | None = None,
) -> Iterator[Applicant]:
    """The sheet's applications to ``hub`` for the programme-year as applicants; an online row of
    the sheet is online (its reference), every other row a returned form."""
    seen: set[str] = set()
    for row in rows:
        if (row.programme, row.year, row.hub) != (programme, year, hub):
            continue
        reference = row.reference
        if reference in seen:  # the same file name in two folders: told apart by the path's digest
            reference = reference[: REFERENCE_MOST - 9] + "~" + hashlib.sha256(row.source.encode()).hexdigest()[:8]
        seen.add(reference)
        yield applicant(
            reference, "online" if row.online else "returned", answers, row.values, row.received_at, schools
        )
