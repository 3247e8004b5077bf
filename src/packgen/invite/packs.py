"""Each invited school's pack: its application form pre-filled from the register (PDF and Word, still
fillable), its personal link to the online form, and a summary of who was invited and who was not.

Two phases, as a build: ``plan`` chooses the schools (every refusal a listed Skipped, never a silent
drop) and ``make`` renders the blank forms once, fills a copy per school and writes

    <out>/invitations/<year>/<hub>/<programme>/<URN>/application-form.pdf, .docx, link.txt
    <out>/invitations/<year>/<hub>/<programme>/invitations.csv

each file atomically and readable by its owner only (the links are personal). The register comes
in as a lookup and a list, so nothing here opens a database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..collect.register import priority_words
from ..collect.sheet import write_private
from ..dates import LONDON, long_date
from ..errors import display_path
from ..forms import spec
from ..forms.fill import fill_docx, fill_pdf
from ..forms.prefill import details, school_group
from ..model.project import Hub, ProgrammeYear, Project
from ..pack import Pack, one_line
from ..render import documents
from ..resolve import resolve_pack
from ..schools.areas import in_priority_areas, priority_areas
from ..schools.eligibility import Rule, check, rule_of
from ..schools.register import School
from ..wording.facts import offer_of
from .links import Invitation, link, make_token

DEFAULT_DAYS = 60  # how long a link lasts when the offer's closing date does not say
FOLDER = "invitations"
SUMMARY = "invitations.csv"
FORMS = (("application-form", "pdf"), ("application-form", "docx"))
Lookup = Callable[[int], School | None]


class InviteError(Exception):
    """Nothing can be invited: no such form, or no list of schools; the message says which."""


@dataclass(frozen=True)
class Skipped:
    """A school asked for but not invited, and why."""

    urn: str
    name: str
    reason: str


@dataclass(frozen=True)
class Target:
    """The hub's form of a programme-year that schools are invited to."""

    py: ProgrammeYear
    hub: Hub
    pack: Pack

    @property
    def rule(self) -> Rule:
        return rule_of(self.py.spec.eligible) or Rule()

    @property
    def areas(self) -> tuple[str, ...]:
        offer = offer_of(self.hub, self.py)
        return priority_areas(self.hub.spec.areas, offer.areas if offer is not None else None)

    def folder(self, out: Path) -> Path:
        return out / FOLDER / self.py.year.id / self.hub.code / self.py.programme


@dataclass(frozen=True)
class Made:
    """One invited school's pack."""

    school: School
    folder: Path
    link: str
    priority: bool | None


def email_content(target: Target, made: Made, base_url: str) -> dict[str, str]:
    """What a school's invitation email says (web/mail.py's invitation): its link and the pack's page."""
    offer = offer_of(target.hub, target.py)
    closing = offer.closing_date if offer is not None and isinstance(offer.closing_date, dt.date) else None
    return {
        "school": made.school.name,
        "hub_name": target.pack.hub_name,
        "title": f"{one_line(target.pack.title)} {target.pack.year_label}",
        "link": made.link,
        "pack": f"{base_url.rstrip('/')}/{target.py.year.id}/{target.hub.code}/{target.py.programme}",
        "closing": long_date(closing) if closing else "",
    }


@dataclass(frozen=True)
class Result:
    made: tuple[Made, ...]
    skipped: tuple[Skipped, ...]
    summary: Path


def target(project: Project, programme: str, year: str, hub_code: str) -> Target:
    """The hub's form of the programme-year; raises InviteError when there is none to invite to."""
    py = next((p for p in project.programmes if p.programme == programme and p.year.id == year), None)
    if py is None:
        raise InviteError(f"no programme-year {programme} {year} in this project")
    hub = next((h for h in project.hubs_running(py) if h.code == hub_code), None)
    if hub is None or offer_of(hub, py) is None:
        raise InviteError(f"hub {hub_code} has no offer for {programme} {year}: its form takes no applications")
    pack = resolve_pack(project, py, hub)
    if pack.form is None or school_group(spec.answers(pack.form)) is None:
        raise InviteError(f"the form of {programme} {year} asks for no school URN: there is nothing to pre-fill")
    return Target(py, hub, pack)


def read_list(path: Path) -> tuple[list[str], dict[str, str]]:
    """The URNs a CSV lists, as written (the column headed URN, any case, else the first column; a
    first row that is a heading left out), and each school's email address by its URN where a column
    headed email gives one (for --send). Raises InviteError when the file cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InviteError(f"{display_path(path)}: cannot read the list of schools: {exc}") from None
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        return [], {}
    header = [cell.strip().casefold() for cell in rows[0]]
    column = header.index("urn") if "urn" in header else 0
    email = header.index("email") if "email" in header else None
    has_header = "urn" in header or not rows[0][0].strip().isdigit()
    urns, emails = [], {}
    for row in rows[1 if has_header else 0 :]:
        urn = row[column].strip() if column < len(row) else ""
        urns.append(urn)
        if email is not None and email < len(row) and row[email].strip():
            emails[urn.replace(" ", "")] = row[email].strip()
    return urns, emails


def plan(requested: Iterable[str], lookup: Lookup, rule: Rule) -> tuple[list[School], list[Skipped]]:
    """The schools to invite of those ``requested`` (URNs as written), in order, and each one that is
    not with its reason: not a URN, listed twice, unknown, closed or not eligible for the programme."""
    chosen: list[School] = []
    skipped: list[Skipped] = []
    seen: set[int] = set()
    for text in requested:
        digits = text.replace(" ", "")
        if not (digits.isdigit() and len(digits) == 6):
            skipped.append(Skipped(text, "", f"{text!r} is not a URN (six digits)"))
            continue
        urn = int(digits)
        if urn in seen:
            skipped.append(Skipped(digits, "", "listed more than once: invited once"))
            continue
        seen.add(urn)
        school = lookup(urn)
        reasons = check(school, rule, urn)
        if reasons:
            skipped.append(Skipped(digits, school.name if school else "", "; ".join(r.message for r in reasons)))
        else:
            assert school is not None
            chosen.append(school)
    return chosen, skipped


def plan_area(schools: Sequence[School], rule: Rule) -> tuple[list[School], list[Skipped]]:
    """Every school of a local authority's list that may apply, by name; the others listed with why."""
    ordered = sorted(schools, key=lambda s: (s.name, s.urn))
    return plan((f"{s.urn:06d}" for s in ordered), {s.urn: s for s in ordered}.get, rule)


def default_expiry(target: Target, now: dt.datetime) -> dt.datetime:
    """The end of the offer's closing day (in England) when that is still to come, else DEFAULT_DAYS on."""
    offer = offer_of(target.hub, target.py)
    closing = offer.closing_date if offer is not None else None
    if isinstance(closing, dt.date):
        end = dt.datetime.combine(closing + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)
        if end > now:
            return end
    return now + dt.timedelta(days=DEFAULT_DAYS)


def make(
    project: Project,
    target: Target,
    schools: Sequence[School],
    skipped: Sequence[Skipped],
    *,
    secret: str,
    base_url: str,
    expires: dt.datetime,
    out: Path,
) -> Result:
    """Render the hub's blank forms once, then write each school's filled copies and link, and the summary."""
    service = documents(project.templates_dir, project.root)
    blank = {fmt: service.render(target.pack, (document, fmt)) for document, fmt in FORMS}
    answers = spec.answers(target.pack.form)
    folder = target.folder(out)
    made = []
    for school in schools:
        values = details(answers, school)
        invitation = Invitation(school.urn, target.py.programme, target.py.year.id, target.hub.code, expires)
        url = link(base_url, invitation, make_token(secret, invitation))
        mine = folder / f"{school.urn:06d}"
        write_private(mine / "application-form.pdf", fill_pdf(blank["pdf"], answers, values))
        write_private(mine / "application-form.docx", fill_docx(blank["docx"], answers, values))
        write_private(mine / "link.txt", (url + "\n").encode("utf-8"))
        made.append(Made(school, mine, url, in_priority_areas(school, target.areas)))
    summary = folder / SUMMARY
    write_private(summary, summary_csv(made, skipped, expires))
    return Result(tuple(made), tuple(skipped), summary)


def summary_csv(made: Sequence[Made], skipped: Sequence[Skipped], expires: dt.datetime) -> bytes:
    """One row per school asked for: invited (with its link and folder) or skipped (with why)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["URN", "school", "local authority", "priority area", "status", "reason", "link", "expires"])
    for m in made:
        s = m.school
        row = [f"{s.urn:06d}", s.name, s.la_name, priority_words(m.priority), "invited", "", m.link]
        writer.writerow([*row, expires.isoformat()])
    for k in skipped:
        writer.writerow([k.urn, k.name, "", "", "skipped", k.reason, "", ""])
    return buf.getvalue().encode("utf-8-sig")
