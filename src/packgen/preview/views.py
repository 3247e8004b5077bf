"""What `packgen preview` shows: one hub's pack of one programme-year as a web page or a PDF, or
what changed since the year before, with every problem `packgen check` finds in it.

The Previewer keeps the project as last read and what it rendered, so a save re-reads only the
file that changed and re-renders only a pack whose data or templates did: a rendered document is
kept under a digest of the resolved pack and of the templates and assets, which is all it reads.
When the data no longer renders, the last page that did is kept to show under the problems.
It reads the project and never writes to it. Nothing here knows about HTTP.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..check import KNOWN_CODES, CheckConfig, check_project, load_config
from ..check.runner import partial_problems
from ..diff.compare import compare
from ..diff.html import render_html
from ..errors import PackgenError, Problem
from ..model.base import SLUG
from ..model.project import DATA_SUFFIXES, Hub, Kept, ProgrammeYear, Project, read_project
from ..model.schema import YEAR_ID
from ..model.yaml_reader import LocatedData, read_yaml
from ..pack import Pack
from ..render import RENDERERS, Documents
from ..render import documents as document_service
from ..render.pdf.engine import served_folders
from ..resolve import Resolution, lay_out, resolve
from ..selection import Selection
from ..wording.locate import Locator
from .marks import flag, marked, places

SHOWN = ("html", "pdf")
"""The formats the preview shows: those a browser displays."""
DOCUMENTS = RENDERERS.document_titles()
FORMATS = {fmt: title for fmt, title in RENDERERS.format_titles().items() if fmt in SHOWN}
KEEP = 48  # rendered documents kept in memory


@dataclass(frozen=True)
class ViewKey:
    """What a page shows: a hub's document of a programme-year in a format, or what changed in it."""

    hub: str
    programme: str
    year: str
    document: str = "information"
    format: str = "html"
    changes: bool = False

    def query(self, **override: Any) -> dict[str, str]:
        """The page's query parameters (``override`` changes some)."""
        values = {**dataclasses.asdict(self), **override}
        query = {k: str(values[k]) for k in ("hub", "programme", "year", "document", "format")}
        if values["changes"]:
            query["changes"] = "1"
        return query


@dataclass(frozen=True)
class View:
    """A page's content and problems, as the data on disk stands."""

    key: ViewKey
    title: str
    page: bytes | None  # the HTML document shown (the pack, the form or the diff); None for a PDF, or nothing
    pdf: str | None  # a PDF's version, for its address; fetch it with Previewer.pdf
    problems: tuple[Problem, ...]
    anchors: Mapping[int, str]  # problem number (1-based) -> id of its wording in ``page``
    stale: bool  # ``page`` is the last that rendered: the data as it stands does not
    note: str | None  # why nothing, or not all that was asked for, is shown
    previous: str | None  # the year "What changed" compares with, if there is one
    fingerprint: str  # changes whenever what the page shows does


@dataclass(frozen=True)
class Options:
    """What the switcher offers: hubs by code, each programme's years, the hubs that run each."""

    hubs: Mapping[str, str]
    years: Mapping[str, tuple[str, ...]]
    running: Mapping[tuple[str, str], tuple[str, ...]]


@dataclass
class _State:
    """The project as read after the last save, and the document service of its templates."""

    generation: int
    project: Project | None
    problems: list[Problem]  # loading's and packgen.toml's
    config: CheckConfig
    templates: str  # digest of templates/ and assets/
    documents: Documents  # kept while templates/ and assets/ stay the same


@dataclass(frozen=True)
class _Good:
    """The last pack of a view that rendered, and what it was rendered from."""

    project: Project
    py: ProgrammeYear
    hub: Hub
    resolution: Resolution
    page: bytes | None
    pdf: str | None


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def templates_digest(root: Path) -> str:
    """A digest of every file under templates/ and assets/: what turns a pack into a document."""
    h = hashlib.sha256()
    for folder in served_folders(root):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                h.update(path.relative_to(root).as_posix().encode() + b"\0")
                try:
                    h.update(path.read_bytes())
                except OSError:
                    h.update(b"\1unreadable")
    return h.hexdigest()


class Previewer:
    """The project at ``root`` as `packgen preview` shows it; ``today`` judges date.past, as in check.

    Safe to call from several threads: one call works at a time.
    """

    def __init__(self, root: Path, *, today: dt.date | None = None):
        self.root = Path(root)
        self.today = today
        self._retired = 0  # documents rendered by the services of templates since changed
        self._lock = threading.RLock()
        self._files: dict[Path, tuple[str, LocatedData | PackgenError]] = {}
        self._models: Kept = {}  # each file's model while its parse is kept
        self._dirty = True
        self._state: _State | None = None
        self._views: dict[ViewKey, tuple[int, View]] = {}
        self._good: dict[ViewKey, _Good] = {}
        self._packs: dict[ViewKey, tuple[str, Resolution]] = {}  # each view's pack as it stands, and its digest
        self._deep_lock = threading.Lock()
        self._deep_documents: tuple[str, Documents] | None = None
        self._deep: dict[tuple[str, str], tuple[Problem, ...]] = {}
        self._hubs: dict[str, str] = {}

    @property
    def renders(self) -> int:
        """Documents rendered so far (a test's and a benchmark's count); those `deepen` checks are not."""
        with self._lock:
            return self._retired + (self._state.documents.renders if self._state is not None else 0)

    # --- reading the project --------------------------------------------------------------

    def touch(self) -> None:
        """Files changed: read the project again before the next view."""
        with self._lock:
            self._dirty = True

    def _read(self, path: Path, shown: str) -> LocatedData:
        """read_yaml, kept while the file's bytes stay the same."""
        try:
            before = path.read_bytes()
        except OSError:
            return read_yaml(path, shown)
        digest = _digest(shown, before)
        kept = self._files.get(path)
        if kept is None or kept[0] != digest:
            try:
                result: LocatedData | PackgenError = read_yaml(path, shown)
            except PackgenError as exc:
                result = exc
            try:
                unchanged = path.read_bytes() == before
            except OSError:
                unchanged = False
            if not unchanged:  # saved again while being read: keep nothing, the next save reads it
                if isinstance(result, PackgenError):
                    raise result
                return result
            kept = (digest, result)
            self._files[path] = kept
        if isinstance(kept[1], PackgenError):
            raise kept[1]
        return kept[1]

    def _load(self) -> _State:
        if self._state is not None and not self._dirty:
            return self._state
        self._dirty = False
        project, problems = read_project(self.root, read=self._read, kept=self._models)
        try:
            config = load_config(self.root, KNOWN_CODES)
        except PackgenError as exc:
            config = CheckConfig()
            problems = problems + [p for p in exc.problems if p not in problems]
        templates = templates_digest(self.root)
        old = self._state
        if old is not None and old.templates == templates:
            documents = old.documents
        else:
            self._retired += old.documents.renders if old is not None else 0
            documents = document_service(self.root / "templates", self.root, cache_size=KEEP)
        self._state = _State((old.generation + 1) if old else 1, project, problems, config, templates, documents)
        if project is not None:
            self._hubs.update({h.code: h.spec.name for h in project.hubs})
        return self._state

    def loading_problems(self) -> list[Problem]:
        """What reading the project and packgen.toml found wrong, as the files stand."""
        with self._lock:
            return list(self._load().problems)

    # --- what the switcher offers ----------------------------------------------------------

    def options(self) -> Options:
        """The hubs, programmes and years to choose from, as the project stands."""
        with self._lock:
            state = self._load()
            years: dict[str, list[str]] = {}
            running: dict[tuple[str, str], tuple[str, ...]] = {}
            if state.project is not None:
                for py in sorted(state.project.programmes, key=lambda py: (py.programme, py.year)):
                    years.setdefault(py.programme, []).append(py.year.id)
                    running[(py.programme, py.year.id)] = tuple(h.code for h in state.project.hubs_running(py))
            return Options(dict(self._hubs), {k: tuple(v) for k, v in years.items()}, running)

    def problems_with(self, hub: str | None, programme: str | None, year: str | None) -> list[Problem]:
        """A problem for each of a hub, programme or year asked for that the project does not have."""
        with self._lock:
            project = self._load().project
            if project is None:
                return []
            return Selection(
                years=(year,) if year else (),
                hubs=(hub.upper(),) if hub else (),
                programmes=(programme,) if programme else (),
            ).unknown(project, (), ())

    def key(
        self,
        hub: str | None = None,
        programme: str | None = None,
        year: str | None = None,
        document: str | None = None,
        fmt: str | None = None,
        changes: bool = False,
    ) -> ViewKey | None:
        """The view nearest to what is asked: a hub, programme or year not given (or unknown)
        becomes the first there is, the latest year of a programme the hub runs; None when the
        project has no hub or programme-year at all."""
        options = self.options()
        hub = (hub or "").upper()
        if hub not in options.hubs:
            hub = next(iter(options.hubs), "")
        runs = [pair for pair, codes in options.running.items() if hub in codes]
        if programme not in options.years and not self._on_disk(programme, year):
            programme = runs[0][0] if runs else next(iter(options.years), None)
        if not hub or programme is None:
            return None
        if year not in options.years.get(programme, ()) and not self._on_disk(programme, year):
            mine = [y for p, y in runs if p == programme]
            year = (mine or list(options.years[programme]))[-1]
        return ViewKey(
            hub,
            programme,
            year,
            document if document in DOCUMENTS else "information",
            fmt if fmt in FORMATS else "html",
            changes,
        )

    def _on_disk(self, programme: str | None, year: str | None) -> bool:
        """Whether programmes/<programme>/<year>.yaml is there, loaded or not: a year whose file
        has an error is still the one asked for, shown with its problems over its last good render."""
        if not (programme and year and re.fullmatch(SLUG, programme) and re.fullmatch(YEAR_ID, year)):
            return False
        folder = self.root / "programmes" / programme
        return any((folder / f"{year}{suffix}").is_file() for suffix in DATA_SUFFIXES)

    # --- views ------------------------------------------------------------------------------

    def view(self, key: ViewKey) -> View:
        """What the page for ``key`` shows now."""
        with self._lock:
            state = self._load()
            kept = self._views.get(key)
            if kept is not None and kept[0] == state.generation:
                return kept[1]
            view = self._compute(state, key)
            self._views[key] = (state.generation, view)
            return view

    def refresh(self, keys: Iterable[ViewKey]) -> list[ViewKey]:
        """Files changed: read the project again, and say which of ``keys`` now show something else."""
        with self._lock:
            before = {key: self._views[key][1].fingerprint for key in keys if key in self._views}
            self.touch()
            return [key for key in keys if self.view(key).fingerprint != before.get(key)]

    def deepen(self, key: ViewKey) -> bool:
        """Lay the view's pack out in every other document and format too, as `packgen check`
        does, for the templates' problems the view's own document does not meet; True when that
        found a problem the page did not yet show. Slower than a view, so done after one is shown,
        with renderers of its own and without holding up the views meanwhile."""
        with self._lock:
            state = self._load()
            current = self._packs.get(key)
            if current is None or (state.templates, current[0]) in self._deep:
                return False
            templates, (digest, resolution) = state.templates, current
        with self._deep_lock:
            if self._deep_documents is None or self._deep_documents[0] != templates:
                self._deep_documents = (templates, document_service(self.root / "templates", self.root))
            service = self._deep_documents[1]
            found: list[Problem] = []
            for document, fmt in RENDERERS:
                found += service.file_problems((document, fmt))  # what packgen check says of its files alone
                if (document, fmt) == (key.document, key.format) and not key.changes:
                    continue  # the view itself rendered (or, for a PDF, checked) this one
                if not RENDERERS[(document, fmt)].makes(resolution.pack):
                    continue
                problem = service.check(resolution.pack, (document, fmt))
                if problem is not None:
                    found.append(problem)
        with self._lock:
            self._deep[(templates, digest)] = tuple(sorted(set(found)))
            kept = self._views.get(key)
            if kept is None or not set(found) - set(kept[1].problems):
                return False
            del self._views[key]
            return self.view(key).fingerprint != kept[1].fingerprint

    def pdf(self, key: ViewKey) -> bytes | None:
        """The PDF of the view's pack as last rendered, made on first asking."""
        with self._lock:
            state = self._load()
            good = self._good.get(key)
            if good is None:
                return None
            made = state.documents.attempt(good.resolution.pack, (key.document, "pdf"))
            return None if isinstance(made, Problem) else made.data

    def _compute(self, state: _State, key: ViewKey) -> View:
        project = state.project
        problems = list(state.problems)
        py = hub = None
        note: str | None = None
        title = f"{key.hub}: {key.programme} {key.year}"
        if project is not None:
            py = next((p for p in project.programmes if p.programme == key.programme and p.year.id == key.year), None)
            hub = next((h for h in project.hubs if h.code == key.hub), None)
            selection = Selection(years=(key.year,), hubs=(key.hub,), programmes=(key.programme,))
            if not state.problems:
                problems += check_project(project, state.config, selection, render=False, today=self.today)
            else:
                problems += partial_problems(project, state.config, render=False)
        if py is not None and hub is not None and hub not in project.hubs_running(py):
            note = f"{hub.code} does not run {key.programme} in {key.year}."
            py = None
        resolution = None
        if py is not None and hub is not None:
            try:
                resolution = resolve(project, py, hub)
            except PackgenError as exc:
                problems += exc.problems
        pack_digest = ""
        if resolution is not None:
            title = resolution.pack.document_title
            pack_digest = _digest(repr(resolution.pack))
            self._packs[key] = (pack_digest, resolution)
            problems += self._deep.get((state.templates, pack_digest), ())
        else:
            self._packs.pop(key, None)

        page = pdf = None
        earlier = self._earlier(project, key)
        previous = earlier.year.id if earlier else None
        if (
            resolution is not None
            and not key.changes
            and not RENDERERS[(key.document, key.format)].makes(resolution.pack)
        ):
            note = note or _not_made(resolution.pack)
            resolution = None  # nothing to lay out: the pack has no such document
        if key.changes:
            page, more, why = self._changes(project, key, earlier, resolution)
            problems += more
            note = note or why
        elif resolution is not None and key.format == "pdf":  # checked now, laid out when the page asks (pdf())
            problem = state.documents.check(resolution.pack, (key.document, key.format))
            if problem is None:
                pdf = _digest(state.templates, pack_digest)
            else:
                problems.append(problem)
        elif resolution is not None:
            made = state.documents.attempt(resolution.pack, (key.document, key.format))
            if isinstance(made, Problem):
                problems.append(made)
            else:
                page = made.data
        if page is not None or pdf is not None:
            if resolution is not None:
                self._good[key] = _Good(project, py, hub, resolution, page, pdf)

        stale = False
        good = self._good.get(key)
        if page is None and pdf is None and good is not None and note is None:
            page, pdf, stale = good.page, good.pdf, True
            title = good.resolution.pack.document_title
        listed = tuple(sorted(set(problems)))
        anchors: dict[int, str] = {}
        if listed and page is not None and not key.changes and key.format == "html" and good is not None:
            page, anchors = self._marked(state, key, good, listed, page, stale)
        fingerprint = _digest(page or b"", pdf or "", repr(listed), str(stale), note or "", previous or "")
        return View(key, title, page, pdf, listed, anchors, stale, note, previous, fingerprint)

    def _marked(
        self, state: _State, key: ViewKey, good: _Good, problems: tuple[Problem, ...], page: bytes, stale: bool
    ) -> tuple[bytes, dict[int, str]]:
        """The page with the wording each problem stands on highlighted, where it has a place."""
        found = places(problems, good.resolution.wording, Locator())
        if not found:
            return page, {}
        try:
            wording = marked(good.resolution.wording, found, words=not stale)
            pack = lay_out(good.project, good.py, good.hub, good.resolution.walked, wording)
            made = state.documents.attempt(pack, (key.document, key.format))
            return (page, {}) if isinstance(made, Problem) else flag(made.data)
        except Exception:  # a page that cannot be marked is shown unmarked
            return page, {}

    @staticmethod
    def _earlier(project: Project | None, key: ViewKey) -> ProgrammeYear | None:
        """The programme's year before the view's, which "What changed" compares with."""
        years = [
            py
            for py in (project.programmes if project else ())
            if py.programme == key.programme and py.year.id < key.year
        ]
        return max(years, key=lambda py: py.year) if years else None

    def _changes(
        self, project: Project | None, key: ViewKey, earlier: ProgrammeYear | None, new: Resolution | None
    ) -> tuple[bytes | None, list[Problem], str | None]:
        """What changed since the year before: the diff page, the problems of that year's pack,
        and why there is nothing to show."""
        if project is None:
            return None, [], None
        if earlier is None:
            return None, [], f"There is no year of {key.programme} before {key.year} to compare with."
        hub = next((h for h in project.hubs if h.code == key.hub), None)
        if hub is None or hub not in project.hubs_running(earlier):
            return (
                None,
                [],
                f"{key.hub} did not run {key.programme} in {earlier.year.id}, so there is nothing to compare with.",
            )
        if new is None:
            return None, [], None
        try:
            old = resolve(project, earlier, hub)
        except PackgenError as exc:
            return None, list(exc.problems), None
        return render_html(compare(old, new)), [], None


def _not_made(pack: Pack) -> str:
    """What the preview says for a document the pack does not have: the application form of a pack without one."""
    if pack.apply is not None:
        where = f"{pack.apply.label} ({pack.apply.url})"
        return f"{pack.hub_name}'s pack has no application form: schools apply through {where}."
    return f"{pack.hub_name}'s pack has no application form: the programme-year takes no applications."
