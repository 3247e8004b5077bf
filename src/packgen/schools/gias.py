"""Reading GIAS's establishment extract, `edubasealldataYYYYMMDD.csv`.

GIAS (Get Information about Schools, https://get-information-schools.service.gov.uk/Downloads)
publishes every establishment in England as one CSV of about 50,000 rows and 130+ columns,
encoded Windows-1252. packgen reads the columns in COLUMNS by their header names, in any order,
and ignores the rest. Anything wrong is a located message, `FILE:ROW: column NAME: what is
wrong`, every one found, and the file gives no register at all: nothing is half-read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .register import FIELDS, School

COLUMNS: dict[str, str] = {
    "URN": "urn",
    "EstablishmentName": "name",
    "TypeOfEstablishment (name)": "type",
    "EstablishmentTypeGroup (name)": "type_group",
    "EstablishmentStatus (name)": "status",
    "PhaseOfEducation (name)": "phase",
    "StatutoryLowAge": "low_age",
    "StatutoryHighAge": "high_age",
    "LA (code)": "la_code",
    "LA (name)": "la_name",
    "GOR (name)": "region",
    "Street": "street",
    "Locality": "locality",
    "Address3": "address3",
    "Town": "town",
    "County (name)": "county",
    "Postcode": "postcode",
    "TelephoneNum": "telephone",
    "SchoolWebsite": "website",
    "HeadTitle (name)": "head_title",
    "HeadFirstName": "head_first_name",
    "HeadLastName": "head_last_name",
    "Trusts (name)": "trust",
    "OpenDate": "open_date",
    "CloseDate": "close_date",
}
"""The GIAS column each School field is read from."""
assert sorted(COLUMNS.values()) == sorted(FIELDS), "every School field has its GIAS column"

FILE_NAME = re.compile(r"edubasealldata(\d{4})(\d{2})(\d{2})\.csv$", re.I)
UNDECODED = re.compile("[\udc80-\udcff]")  # a byte decode() could not read, kept as a lone surrogate
MAX_BYTES = 512 * 2**20  # GIAS's whole extract is about 60 MB; a file ten times that is not one
MAX_PROBLEMS = 20  # a wrong file would otherwise print 50,000 lines; the count says how many more


@dataclass(frozen=True)
class Register:
    """The schools of one GIAS file, and the day GIAS made it."""

    date: dt.date
    source: str  # the file's name
    schools: tuple[School, ...]


class GiasError(Exception):
    """A file that gives no register; ``problems`` are its located messages, ``more`` how many were not listed."""

    def __init__(self, problems: list[str], more: int = 0):
        self.problems = problems
        self.more = more
        tail = [f"… and {more} more"] if more else []
        super().__init__("\n".join(problems + tail))


def date_of(path: Path) -> dt.date | None:
    """The day in a GIAS file's name (edubasealldata20250901.csv -> 2025-09-01), or None."""
    found = FILE_NAME.search(path.name)
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def encoding_of(path: Path) -> str:
    """ "utf-8-sig" when the file is UTF-8 (with or without a byte order mark), read strictly, or says
    it is by starting with the mark; else "cp1252", as GIAS publishes. Read in pieces, so a 60 MB
    file is never held whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        if f.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"  # a byte that is not UTF-8 is then reported at its row
        f.seek(0)
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def read(path: Path, date: dt.date | None = None) -> Register:
    """The register in ``path``, dated ``date`` or by the file's name; raises GiasError.

    A byte Windows-1252 has no character for (0x81, 0x8D, 0x8F, 0x90, 0x9D) is read as a lone
    surrogate, for the row that holds it to report."""
    where = str(path)
    day = date or date_of(path)
    if day is None:
        raise GiasError(
            [f"{where}: cannot tell the register's date from the file's name (edubasealldataYYYYMMDD.csv): give --date"]
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise GiasError(
                [
                    f"{where}: the file is {size / 2**20:,.0f} MB; "
                    "GIAS's whole extract is about 60 MB: is it the right file?"
                ]
            )
        encoding = encoding_of(path)
        with path.open(encoding=encoding, errors="surrogateescape", newline="") as f:
            schools = parse(f, where, ENCODINGS[encoding])
    except OSError as exc:
        raise GiasError([f"{where}: cannot read the file: {exc.strerror or exc}"]) from None
    return Register(day, path.name, schools)


class _Lines:
    """The file's lines as the csv module takes them, noting whether the last one ended with a line
    end (only a file's last line may not: one that does not was cut short) and whether any held a
    byte that could not be read since the row before."""

    def __init__(self, lines: Iterable[str]):
        self.lines = iter(lines)
        self.ended = True
        self.undecoded = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.ended = line.endswith(("\n", "\r"))
        if UNDECODED.search(line):
            self.undecoded = True
        return line


def _text(value: str) -> str:
    return value.strip()


def _age(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 3:
        raise ValueError(f"{value!r} is not an age in years")
    return int(value)


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (GIAS writes dates as DD-MM-YYYY)")


def _urn(value: str) -> int:
    value = value.strip()
    if not value:
        raise ValueError("empty: every establishment has a URN")
    if not value.isdigit() or len(value) > 7:
        raise ValueError(f"{value!r} is not a URN (a whole number, six digits)")
    return int(value)


PARSERS: dict[str, Callable[[str], Any]] = {
    "urn": _urn,
    "low_age": _age,
    "high_age": _age,
    "open_date": _date,
    "close_date": _date,
}


ENCODINGS = {"cp1252": "neither UTF-8 nor Windows-1252 text", "utf-8-sig": "not UTF-8 text, which the file says it is"}
"""What a byte that could not be read is not, by the encoding it was read in."""


def parse(text: Iterable[str], where: str, unreadable: str = ENCODINGS["cp1252"]) -> tuple[School, ...]:
    """Every school in ``text``, a GIAS CSV's lines decoded; raises GiasError naming each bad row and
    column. ``unreadable`` says what a byte kept as a lone surrogate is not."""
    problems: list[str] = []
    count = 0

    def problem(row: int, column: str, what: str) -> None:
        nonlocal count
        count += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(f"{where}:{row}: column {column}: {what}")

    lines = _Lines(text)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise GiasError([f"{where}:1: the file is empty: a GIAS extract starts with its header row"]) from None
    except csv.Error as exc:
        raise GiasError([f"{where}:1: the header row is not CSV: {exc}"]) from None
    header = [h.strip() for h in header]
    if header:
        header[0] = header[0].lstrip("\ufeff")
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise GiasError([f"{where}:1: column {name}: missing from the header row" for name in missing])
    index = {name: header.index(name) for name in COLUMNS}
    width = len(header)
    plan = [(name, index[name], attr, PARSERS.get(attr, _text)) for name, attr in COLUMNS.items()]
    schools: list[School] = []
    seen: dict[int, int] = {}
    row_no = 1
    while True:
        try:
            fields_ = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem(reader.line_num, header[0], f"the row is not valid CSV: {exc}")
            break
        row_no = reader.line_num
        undecoded, lines.undecoded = lines.undecoded, False
        if not fields_:
            continue  # a blank line
        if len(fields_) != width:
            have = f"the row has {len(fields_)} of the header's {width} fields"
            if len(fields_) > width:
                problem(row_no, header[-1], f"the row has {len(fields_)} fields, the header {width}")
            elif not lines.ended:  # the file ends inside this row, maybe inside a quoted field
                problem(row_no, header[len(fields_) - 1], f"the file ends inside this field: {have} (is it cut short?)")
            else:
                problem(row_no, header[len(fields_)], f"missing: {have} (is the file cut short?)")
            continue
        if undecoded:
            bad = [(i, UNDECODED.search(value)) for i, value in enumerate(fields_)]
            found = [(i, m) for i, m in bad if m]
            if found:
                for i, m in found:
                    byte = ord(m.group()) - 0xDC00
                    problem(row_no, header[i], f"byte 0x{byte:02X} is {unreadable}")
                continue
        values: dict[str, Any] = {}
        good = True
        for name, i, attr, parser in plan:
            try:
                values[attr] = parser(fields_[i])
            except ValueError as exc:
                problem(row_no, name, str(exc))
                good = False
        if not good:
            continue
        school = School(**values)
        if school.urn in seen:
            problem(row_no, "URN", f"{school.urn} is also the URN of row {seen[school.urn]}")
            continue
        seen[school.urn] = row_no
        schools.append(school)
    if count:
        raise GiasError(problems, count - len(problems))
    return tuple(schools)
