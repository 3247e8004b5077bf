"""Collect returned forms into applications: read each file, match it to its form, check every answer.

Every input file ends up either as an Application (read; its answers checked against the
form specification) or as a Rejected file with the reason in words. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..resolve import resolve_pack
from ..forms import spec
from ..forms.spec import Identity
from ..model.pack import FormField
from ..model.project import Project, load_project
from .read import Limits, Returned, Unreadable, read_form
from .validate import check_answers, flag_same_school


@dataclass(frozen=True)
class FormKind:
    """The form a returned file was made from: its identity, its hub's name and its answers."""

    identity: Identity
    hub_name: str
    answers: tuple[FormField, ...]


@dataclass
class Application:
    source: Path
    modified: dt.datetime
    kind: FormKind
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "problems" if self.problems else "ok"


@dataclass(frozen=True)
class Rejected:
    source: Path
    modified: dt.datetime | None
    reason: str
    other_form: bool = False  # a readable form, but not of the programme, year or hub collected
    status: str = "rejected"


@dataclass
class Collection:
    applications: list[Application]
    rejected: list[Rejected]
    columns: tuple[str, ...]  # every field name, in form order
    programme_year: tuple[str, str] | None  # what was collected, unless any programme was taken

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


def expand(paths: Iterable[Path], skip: Iterable[Path] = ()) -> list[Path]:
    """Files as given and every file under folders (hidden ones left out), each once, in order."""
    skipped = {p.resolve() for p in skip}
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(folder) / f for f in sorted(files) if not f.startswith(".")]
        else:
            found.append(path)
    seen: set[Path] = set()
    out = []
    for p in found:
        key = p.resolve()
        if key not in seen and key not in skipped:
            seen.add(key)
            out.append(p)
    return out


def _modified(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
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
        py = next((p for p in self.project.programmes if p.programme == identity.programme and p.year.id == identity.year), None)
        if py is None:
            return f"a form for {identity.programme} {identity.year}, which this project does not have"
        hub = next((h for h in self.project.hubs_running(py) if h.code == identity.hub), None)
        if hub is None:
            return f"a form for hub {identity.hub}, which does not run {identity.programme} {identity.year} in this project"
        pack = resolve_pack(self.project, py, hub)
        return FormKind(identity, pack.hub_name, spec.answers(pack.form))


def collect(
    paths: Sequence[Path],
    root: Path,
    *,
    wanted: Wanted = Wanted(),
    limits: Limits = Limits(),
    skip: Iterable[Path] = (),
) -> Collection:
    """Read every returned form under ``paths`` against the project at ``root``.

    Raises PackgenError only when the project itself cannot be loaded; a bad file is a Rejected.
    """
    forms = _Forms(load_project(root))
    read: list[tuple[Path, dt.datetime | None, FormKind, Returned]] = []
    rejected: list[Rejected] = []
    for path in expand(paths, skip):
        modified = _modified(path)
        if not path.exists():
            rejected.append(Rejected(path, None, "no such file or folder"))
            continue
        try:
            returned = read_form(path, limits)
        except Unreadable as exc:
            rejected.append(Rejected(path, modified, exc.reason))
            continue
        if returned.identity is None:
            rejected.append(Rejected(path, modified, f"a {returned.kind.upper()} with form fields but no packgen form identity (programme, year, hub)"))
            continue
        kind = forms.get(returned.identity)
        if isinstance(kind, str):
            rejected.append(Rejected(path, modified, kind))
            continue
        read.append((path, modified, kind, returned))

    chosen = _choose(wanted, [k.identity for _, _, k, _ in read])
    applications = []
    for path, modified, kind, returned in read:
        why = _unwanted(kind.identity, wanted, chosen)
        if why:
            rejected.append(Rejected(path, modified, why, other_form=True))
            continue
        values, problems = check_answers(returned.controls, kind.answers)
        applications.append(Application(path, modified or dt.datetime.fromtimestamp(0), kind, values, problems))
    flag_same_school(applications)
    columns = tuple(dict.fromkeys(f.name for a in applications for f in a.kind.answers if spec.kind(f).prefilled is None))
    return Collection(applications, rejected, columns, chosen)


def _choose(wanted: Wanted, identities: list[Identity]) -> tuple[str, str] | None:
    """The one programme-year this run collects: as asked, else the one most forms are for."""
    if wanted.any_programme:
        return None
    counts = Counter(
        (i.programme, i.year) for i in identities
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
