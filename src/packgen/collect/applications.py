"""Collect returned forms into applications: read each file, match it to its form, check every answer.

Every input file ends up either as an Application (read; its answers checked against the
form specification) or as a Rejected file with the reason in words. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import LONDON
from ..forms import spec
from ..forms.applications import Application, FormKind, Online, columns_of, flag_same_school, online_application
from ..forms.spec import Identity
from ..model.project import Project, did_you_mean, load_project, year_suggestion
from ..resolve import resolve_pack
from ..schools.eligibility import rule_of
from .read import DEFAULT_LIMITS, Limits, Returned, Unreadable, read_form
from .register import COLUMNS as REGISTER_COLUMNS
from .register import Lookup, add_register, areas_of
from .validate import check_answers


@dataclass(frozen=True)
class Rejected:
    source: Path | str
    modified: dt.datetime | None
    reason: str
    other_form: bool = False  # a readable form, but not of the programme, year or hub collected
    status: str = "rejected"  # or "skipped": a hidden file or folder, a link to a folder, the output itself


@dataclass
class Collection:
    applications: list[Application]
    rejected: list[Rejected]
    columns: tuple[str, ...]  # every field name, in form order
    programme_year: tuple[str, str] | None  # what was collected, unless any programme was taken
    skipped: list[Rejected] = field(default_factory=list)  # listed with the reason, not read; not a failure
    extra_columns: tuple[str, ...] = ()  # the register's columns, when collect had a register (collect/register.py)
    online_left_out: tuple[Identity, ...] = ()  # the online applications of other programme-years or hubs, left out

    @property
    def all_read(self) -> bool:
        return not self.rejected


@dataclass(frozen=True)
class Wanted:
    """Which forms a run takes; None means "any" (programme and year: the most common one)."""

    programme: str | None = None
    year: str | None = None
    hub: str | None = None
    any_programme: bool = False


class UnknownWanted(ValueError):
    """--programme, --year or --hub names something the project does not have."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


def check_wanted(project: Project, wanted: Wanted) -> None:
    """Raise UnknownWanted unless every programme, year and hub asked for is in the project."""
    programmes = sorted({p.programme for p in project.programmes})
    years = sorted({p.year.id for p in project.programmes})
    hubs = [h.code for h in project.hubs]

    def unknown(option: str, what: str, value: str, known: list[str], meant: str | None = None) -> UnknownWanted:
        hint = f" (did you mean {meant!r}?)" if meant in known else did_you_mean(value, known)
        return UnknownWanted(option, f"no {what} {value!r} in this project{hint or '; it has ' + ', '.join(known)}")

    if wanted.programme is not None and wanted.programme not in programmes:
        raise unknown("--programme", "programme", wanted.programme, programmes)
    if wanted.year is not None and wanted.year not in years:
        raise unknown("--year", "year", wanted.year, years, year_suggestion(wanted.year))
    if wanted.hub is not None and wanted.hub not in hubs:
        raise unknown("--hub", "hub", wanted.hub, hubs)
    if wanted.programme is not None and wanted.year is not None:
        has = sorted(p.year.id for p in project.programmes if p.programme == wanted.programme)
        if wanted.year not in has:
            raise UnknownWanted(
                "--year", f"{wanted.programme} has no year {wanted.year} in this project; it has {', '.join(has)}"
            )


@dataclass
class Found:
    """What the paths given hold: files to read, and paths listed but not read."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Rejected] = field(default_factory=list)
    unreadable: list[Rejected] = field(default_factory=list)


def _walk(folder: Path, found: Found) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        found.unreadable.append(Rejected(folder, None, f"folder cannot be read: {exc.strerror or exc}"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_link = entry.is_symlink()
        except OSError as exc:
            found.unreadable.append(Rejected(path, None, f"cannot be read: {exc.strerror or exc}"))
            continue
        if entry.name.startswith("."):
            found.skipped.append(
                Rejected(path, None, f"hidden {'folder' if is_dir else 'file'}: not read", status="skipped")
            )
        elif is_dir and is_link:
            found.skipped.append(Rejected(path, None, "a link to a folder: not followed", status="skipped"))
        elif is_dir:
            _walk(path, found)
        else:
            found.files.append(path)


def expand(paths: Iterable[Path], skip: Iterable[Path] = ()) -> Found:
    """Files as given and every file under folders, each once, in order; hidden files and folders
    and links to folders inside a folder are listed as skipped, and so is anything in ``skip``."""
    skipped = {p.resolve() for p in skip}
    found = Found()
    for path in paths:
        if path.is_dir():
            _walk(path, found)
        else:
            found.files.append(path)
    seen: set[Path] = set()
    files = []
    for p in found.files:
        key = p.resolve()
        if key in skipped:
            found.skipped.append(Rejected(p, None, "the spreadsheet this run writes: not read", status="skipped"))
        elif key not in seen:
            seen.add(key)
            files.append(p)
    found.files = files
    return found


def _modified(path: Path) -> dt.datetime | None:
    """When the file was last changed, as a clock in England shows it (whatever this machine's zone):
    what the sheet's ``modified`` means, and allocate reads as a returned form's arrival."""
    try:
        moment = dt.datetime.fromtimestamp(path.stat().st_mtime, LONDON)
        return moment.replace(tzinfo=None, microsecond=0)
    except OSError:
        return None


class _Forms:
    """The project's forms, resolved on first use: (programme, year, hub) -> FormKind."""

    def __init__(self, project: Project):
        self.project = project
        self.cache: dict[Identity, FormKind | str] = {}

    def get(self, identity: Identity) -> FormKind | str:
        """The form, or why the project has no such form."""
        if identity not in self.cache:
            self.cache[identity] = self._resolve(identity)
        return self.cache[identity]

    def _resolve(self, identity: Identity) -> FormKind | str:
        py = next(
            (p for p in self.project.programmes if p.programme == identity.programme and p.year.id == identity.year),
            None,
        )
        if py is None:
            return f"a form for {identity.programme} {identity.year}, which this project does not have"
        hub = next((h for h in self.project.hubs_running(py) if h.code == identity.hub), None)
        if hub is None:
            running = f"{identity.programme} {identity.year}"
            return f"a form for hub {identity.hub}, which does not run {running} in this project"
        pack = resolve_pack(self.project, py, hub)
        if pack.form is None:
            return f"a form for hub {identity.hub}, whose pack of {identity.programme} {identity.year} takes no form"
        return FormKind(identity, pack.hub_name, spec.answers(pack.form))


def collect(
    paths: Sequence[Path],
    root: Path,
    *,
    wanted: Wanted = Wanted(),
    limits: Limits = DEFAULT_LIMITS,
    skip: Iterable[Path] = (),
    online: Sequence[Online] = (),
    schools: Lookup | None = None,
) -> Collection:
    """Read every returned form under ``paths`` against the project at ``root``, together with the
    applications made ``online``: one checked list, a school that applied twice flagged across both.
    An online application of another programme, year or hub than the one collected is left out;
    one whose form the project no longer has is listed as rejected.

    Raises PackgenError only when the project itself cannot be loaded, UnknownWanted when
    ``wanted`` names a programme, year or hub it does not have; a bad file is a Rejected. With
    ``schools`` (a lookup in the schools register), each URN is looked up: the register's name and
    LA become columns, with whether the school is in the form's priority areas (collect/register.py),
    and an unknown, closed, ineligible or misnamed school a problem.
    """
    project = load_project(root)
    check_wanted(project, wanted)
    forms = _Forms(project)
    read: list[tuple[Path, dt.datetime | None, FormKind, Returned]] = []
    found = expand(paths, skip)
    rejected: list[Rejected] = list(found.unreadable)
    for path in found.files:
        modified = _modified(path)
        if not path.exists():
            rejected.append(Rejected(path, None, "no such file or folder"))
            continue
        try:
            returned = read_form(path, limits)
        except Unreadable as exc:
            rejected.append(Rejected(path, modified, exc.reason))
            continue
        kind = _form_of(returned, wanted, forms)
        if isinstance(kind, str):
            rejected.append(Rejected(path, modified, kind))
            continue
        read.append((path, modified, kind, returned))

    made_online: list[tuple[Online, FormKind]] = []
    for item in online:
        kind = forms.get(item.identity)
        if isinstance(kind, str):
            rejected.append(Rejected(item.source, item.modified, kind))
        else:
            made_online.append((item, kind))

    chosen = _choose(wanted, [k.identity for _, _, k, _ in read] + [k.identity for _, k in made_online])
    applications = []
    for path, modified, kind, returned in read:
        why = _unwanted(kind.identity, wanted, chosen)
        if why:
            rejected.append(Rejected(path, modified, why, other_form=True))
            continue
        checked = check_answers(returned.controls, kind.answers)
        applications.append(
            Application(path, modified or dt.datetime.fromtimestamp(0), kind, checked.values, checked.messages())
        )
    applications += [
        online_application(item, kind) for item, kind in made_online if not _unwanted(kind.identity, wanted, chosen)
    ]
    left_out = tuple(kind.identity for _, kind in made_online if _unwanted(kind.identity, wanted, chosen))
    flag_same_school(applications)
    if schools is not None:
        add_register(
            applications,
            schools,
            {(py.programme, py.year.id): rule_of(py.spec.eligible) for py in project.programmes},
            areas_of(project),
        )
    return Collection(
        applications,
        rejected,
        columns_of(applications),
        chosen,
        found.skipped,
        REGISTER_COLUMNS if schools is not None else (),
        left_out,
    )


def _form_of(returned: Returned, wanted: Wanted, forms: _Forms) -> FormKind | str:
    """The form a file was made on, or why it cannot be read: the identity it carries, else (a program
    stripped its metadata) the form --programme, --year and --hub name, when its fields are that form's."""
    if returned.identity is not None:
        return forms.get(returned.identity)
    lost = f"a {returned.kind.upper()} with form fields but no packgen form identity (programme, year, hub)"
    if not (wanted.programme and wanted.year and wanted.hub):
        return f"{lost}; name its form with --programme, --year and --hub to read it"
    kind = forms.get(Identity(wanted.programme, wanted.year, wanted.hub))
    if isinstance(kind, str):
        return kind
    names = {w.name for w in spec.all_widgets(list(kind.answers))}
    foreign = sorted({c.name for c in returned.controls if c.name and c.name not in names})
    if foreign or not any(c.name for c in returned.controls):
        some = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "") if foreign else "no field has a name"
        named = f"{wanted.hub} {wanted.programme} {wanted.year}"
        return f"{lost}, and its fields are not those of the form for {named} ({some})"
    return kind


def _choose(wanted: Wanted, identities: list[Identity]) -> tuple[str, str] | None:
    """The one programme-year this run collects: as asked, else the one most forms are for."""
    if wanted.any_programme:
        return None
    counts = Counter(
        (i.programme, i.year)
        for i in identities
        if (wanted.programme in (None, i.programme)) and (wanted.year in (None, i.year))
    )
    if not counts:
        return (wanted.programme, wanted.year) if wanted.programme and wanted.year else None
    # Most forms first; on a tie the latest year, then the programme's name.
    return max(counts, key=lambda py: (counts[py], py[1], py[0]))


def _unwanted(identity: Identity, wanted: Wanted, chosen: tuple[str, str] | None) -> str | None:
    if wanted.hub and identity.hub != wanted.hub:
        return f"a form for hub {identity.hub}, not {wanted.hub}"
    if wanted.programme and identity.programme != wanted.programme:
        return f"a form for {identity.programme} {identity.year}, not {wanted.programme}"
    if wanted.year and identity.year != wanted.year:
        return f"a form for {identity.programme} {identity.year}, not {wanted.year}"
    if chosen and (identity.programme, identity.year) != chosen:
        return f"a form for {identity.programme} {identity.year}; this run collects {chosen[0]} {chosen[1]}"
    return None
