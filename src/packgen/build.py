"""A build in two phases: plan and render everything into a staging folder, then swap in only if all of it worked."""

from __future__ import annotations

import ctypes
import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from .check import KNOWN_CODES, load_config
from .check.runner import check_project, partial_problems, summary_problems
from .errors import PackgenError, Problem
from .model.project import Project, read_project
from .plan import EVERYTHING, Output, in_scope, input_stamp, is_site_page, plan
from .render import Documents, documents
from .selection import Selection
from .site import page_path, site_pages
from .writer import Staged, WriteError, Writer, file_sha256, sha256, stage, write_problem

Progress = Callable[[str, int, int], None]
"""Called as progress(path, done, total) after each document is rendered."""
Start = Callable[[list[str], int], None]
"""Called as on_start(paths to make, outputs in all) before the documents are rendered."""

MIN_FOR_WORKERS = 8
"""Fewer documents than this are rendered in the build's own process: starting workers costs more."""
PR_SET_PDEATHSIG = 1


@dataclass
class BuildReport:
    out_dir: Path
    built: list[str] = field(default_factory=list)  # documents written: their bytes changed
    unchanged: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # documents made again (written or not) because an input changed
    site: list[str] = field(default_factory=list)  # the site's pages: index.html and each <year>/index.html
    site_built: list[str] = field(default_factory=list)  # those written: their bytes changed
    removed: list[str] = field(default_factory=list)  # stale outputs deleted: no longer in the data
    stale: list[str] = field(default_factory=list)  # stale outputs kept (prune=False)
    failed: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    jobs: int = 0  # worker processes used (0: rendered in the build's own process, or nothing to render)
    no_pack: list[str] = field(default_factory=list)  # per programme-year: how many hubs got no pack, and why

    @property
    def total(self) -> int:
        return len(self.built) + len(self.unchanged)


class BuildFailed(PackgenError):
    """Rendering failed; nothing was written. Carries the report for the summary."""

    def __init__(self, problems: list[Problem], report: BuildReport):
        super().__init__(problems)
        self.report = report


@dataclass(frozen=True)
class _Result:
    path: PurePosixPath
    staged: Staged | None = None
    problem: Problem | None = None  # the document could not be made
    write_error: OSError | None = None  # it was made but could not be written to the staging folder


# --- worker side: one document service per process ----------------------------------------

_documents: list[Documents] = []  # the worker's service: its renderers, loaded once each
_staging: list[Path] = []


def _die_with(parent: int) -> None:
    """End this worker when the build that started it ends, however it ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="packgen-parent-watch", daemon=True).start()


def _init_worker(templates: str, root: str, staging: str, parent: int | None = None) -> None:
    """Make the process's document service: each renderer is loaded once, when its first document is
    made (a build of PDFs alone never imports docxtpl), and one that cannot load is kept as its problem.

    In a worker process (``parent`` given) Ctrl-C is left to the build, which stops the workers
    itself, and the worker ends when the build's process does.
    """
    if parent is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with(parent)
    _documents[:] = [documents(Path(templates), Path(root))]
    _staging[:] = [Path(staging)]


def _render(output: Output) -> _Result:
    made = _documents[0].attempt(output.pack, (output.document, output.format))
    if isinstance(made, Problem):
        return _Result(output.path, problem=made)
    try:
        digest = stage(_staging[0], output.path, made.data)
    except OSError as exc:
        return _Result(output.path, write_error=exc)
    return _Result(output.path, staged=Staged(output.path, digest, made.fetched))


def _render_group(outputs: list[Output]) -> list[_Result]:
    """One pack's documents in one worker, PDFs first: the HTML form carries the form PDF just made
    (the document service keeps it) instead of laying it out again."""
    return [_render(output) for output in outputs]


def by_pack(outputs: list[Output]) -> list[list[Output]]:
    """The outputs grouped by the pack they render, each group's PDFs first, in plan order otherwise."""
    groups: dict[int, list[Output]] = {}
    for output in outputs:
        groups.setdefault(id(output.pack), []).append(output)
    return [sorted(group, key=lambda o: o.format != "pdf") for group in groups.values()]


def _engine_warnings() -> list[Problem]:
    """What the PDF engine lacks that makes it slow, said once (in a worker, where it is loaded)."""
    from .render.pdf.engine import engine_warnings

    return engine_warnings()


def _with(warnings: list[Problem], more: list[Problem]) -> list[Problem]:
    """``warnings`` and those of ``more`` not already among them, in order."""
    return warnings + [p for p in more if p not in warnings]


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends, then act as they would have.

    A spawned worker reads its start-up data from a pipe its parent writes just after starting it;
    a signal that stops the parent between the two leaves the worker reading an empty pipe, and it
    prints EOFError before it dies. Holding the signals while workers are started closes that gap.
    Only the main thread may set handlers; elsewhere nothing is held.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda sig, _frame: held.append(sig)) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for sig in dict.fromkeys(held):
            signal.raise_signal(sig)


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


default_jobs = available_cores


def worker_count(asked: int | None, documents: int) -> int:
    """Worker processes for ``documents``: never more than asked, than the cores, or than the documents."""
    return max(1, min(asked or available_cores(), available_cores(), documents))


def render_outputs(
    outputs: list[Output], templates: Path, root: Path, jobs: int, staging: Path, progress: Progress | None = None
) -> tuple[list[Staged], list[Problem], list[Problem], int]:
    """Render every output into ``staging``, in worker processes when that pays.

    Returns (staged documents, problems, warnings, worker processes used). A document that cannot
    be written to the staging folder stops the rendering at once with a WriteError.
    """
    done: list[Staged] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    jobs = worker_count(jobs, len(outputs))
    wants_pdf = any(o.format == "pdf" for o in outputs)

    def collect(result: _Result) -> None:
        if result.write_error is not None:
            raise WriteError([write_problem(staging.parent, result.write_error, "could not write", name_file=True)])
        if result.problem is not None:
            problems.append(result.problem)
        elif result.staged is not None:
            done.append(result.staged)
        if progress:
            progress(str(result.path), len(done) + len(problems), len(outputs))

    if jobs <= 1 or len(outputs) < MIN_FOR_WORKERS:
        _init_worker(str(templates), str(root), str(staging))
        if wants_pdf:
            warnings = _engine_warnings()
        for group in by_pack(outputs):
            for result in _render_group(group):
                collect(result)
        return done, problems, warnings, 0
    # spawn, not fork: the parent may run a progress thread, and forking threads can deadlock.
    ctx = multiprocessing.get_context("spawn")
    pool: ProcessPoolExecutor | None = None
    try:
        with _signals_held():  # workers are started while submitting: none is left half-started
            pool = ProcessPoolExecutor(
                jobs,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(str(templates), str(root), str(staging), os.getpid()),
            )
            engine: Future[list[Problem]] | None = pool.submit(_engine_warnings) if wants_pdf else None
            pending: set[Future[list[_Result]]] = {pool.submit(_render_group, group) for group in by_pack(outputs)}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                for result in future.result():
                    collect(result)
        if engine is not None:
            warnings = engine.result()
    except BaseException:
        # Ctrl-C, SIGTERM or a failed write: drop the documents not started, let the running ones end.
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return done, problems, warnings, jobs


def without_pack(project: Project, selection: Selection) -> list[str]:
    """One line per selected programme-year without a ``hubs:`` key: how many of the selected hubs
    get no pack of it, as they have no offer for it, and how to give them one."""
    lines = []
    for py in selection.programme_years(project):
        if py.spec.hubs is not None:
            continue
        running = {h.code for h in project.hubs_running(py)}
        left = [h for h in project.hubs if h.code not in running and (not selection.hubs or h.code in selection.hubs)]
        if len(left) == 1:  # a build narrowed to one hub: name it and its file
            lines.append(
                f"{left[0].code} has no offer for {py.programme} {py.year.label}, so no pack of it; add one in "
                f"{left[0].source.shown} or write `hubs: all` in {py.source.shown}"
            )
        elif left:
            lines.append(
                f"{len(left)} hubs have no offer for {py.programme} {py.year.label}, so no pack of it; add one in "
                f"hubs/<CODE>.yaml or write `hubs: all` in {py.source.shown}"
            )
    return lines


def _current_outside(
    project: Project,
    selection: Selection,
    outputs: tuple[Output, ...],
    writer: Writer,
    fetched_digest: Callable[[str], str | None],
) -> tuple[Output, ...]:
    """The outputs of the whole project outside ``selection`` that are in the output folder as
    current (the manifest's digest is theirs now): the site lists them beside the selection's."""
    if selection == EVERYTHING:
        return ()
    try:
        everything = plan(project, EVERYTHING)
    except PackgenError:  # a pack outside the selection does not resolve: it cannot be current
        return ()
    mine = {o.path for o in outputs}
    return tuple(o for o in everything if o.path not in mine and writer.is_current(o.path, o.digest, fetched_digest))


def build(
    root: Path,
    *,
    out: Path | None = None,
    selection: Selection = EVERYTHING,
    jobs: int | None = None,
    progress: Progress | None = None,
    on_start: Start | None = None,
    on_wait: Callable[[], None] | None = None,
    today: dt.date | None = None,
    prune: bool = True,
) -> BuildReport:
    """Build the selected documents of the project at ``root`` into ``out`` (default root/build),
    with the site's pages that list them (site.py).

    Outputs packgen wrote earlier (those in the manifest) that the selection would make but the
    data no longer has are deleted, unless ``prune`` is False; nothing outside the selection is.

    Raises PackgenError for bad input, BuildFailed when a document cannot be rendered, WriteError
    when the output folder cannot be written; in every case the output folder is left exactly as
    it was. Another build writing to the same folder is waited for (``on_wait`` is called first).
    With ``today``, the report's warnings include closing dates already past on that day
    (date.past); the documents do not depend on it.
    """
    started = time.perf_counter()
    root = Path(root)
    out_dir = Path(out) if out is not None else root / "build"
    project, problems = read_project(root)
    if project is None or problems:
        try:
            config = load_config(root, KNOWN_CODES)
        except PackgenError as exc:
            raise PackgenError(problems + exc.problems) from None
        # What loaded is still checked for template and markup errors, so all come in one run.
        raise PackgenError(problems + partial_problems(project, config))
    config = load_config(root, KNOWN_CODES)
    # The summary's warnings: loading's, a pack with nowhere to send the form or no closing date, and
    # with ``today`` closing dates already past.
    report = BuildReport(out_dir=out_dir, warnings=summary_problems(project, config, selection, today))
    report.no_pack = without_pack(project, selection)
    stamp = input_stamp(root, selection)
    with Writer(out_dir).open(on_wait) as writer:
        # Nothing read has changed since this selection last built, and every output is as written:
        # the checks it passed and the digests it made are the same, so there is nothing to do.
        def scope(rel: str) -> bool:
            return in_scope(selection, rel)

        # A year's page is stale only when the data has no such year: a narrowed build may not list it.
        years = [str(page_path(py.year.id)) for py in project.programmes]
        same = writer.unchanged_since(repr(selection), stamp)
        stale = writer.stale(scope, same + years) if same is not None else []
        if same is not None and (not stale or not prune):  # else go on: the commit removes them
            report.unchanged = [rel for rel in same if not is_site_page(rel)]
            report.site = [rel for rel in same if is_site_page(rel)]
            report.stale = stale
            report.warnings = _with(report.warnings, writer.warnings_of(repr(selection)))
            report.seconds = time.perf_counter() - started
            return report
        # The checks first: nothing is built from data with an error (a wrong weekday, a TBC…), and
        # their warnings (a stale year, a typed fact that agrees) go in the summary, as check says them.
        checked = check_project(project, config, selection, render=False)
        blocking = [p for p in checked if p.severity == "error"]
        if blocking:
            raise PackgenError(blocking)
        check_warnings = [p for p in checked if p.severity == "warning" and p not in project.warnings]
        report.warnings = _with(report.warnings, check_warnings)
        templates = project.templates_dir
        if not templates.is_dir():
            raise PackgenError(
                [Problem(str(templates), 0, 0, "the project has no templates/ folder", "project.layout")]
            )
        outputs = plan(project, selection)

        @cache
        def fetched_digest(rel: str) -> str | None:
            try:
                return file_sha256(root / rel)
            except OSError:
                return None

        # The site's pages are cheap: made every time, and current when their bytes are. They list
        # everything in the output folder that is current, whichever selection this build makes.
        listed = outputs + _current_outside(project, selection, outputs, writer, fetched_digest)
        pages = {page.path: page.data for page in site_pages(project, listed)}
        page_digests = {path: sha256(data) for path, data in pages.items()}
        made = [str(o.path) for o in outputs] + [str(path) for path in pages]
        stale = writer.stale(scope, made + years)
        todo = [o for o in outputs if not writer.is_current(o.path, o.digest, fetched_digest)]
        site_todo = [path for path in pages if not writer.is_current(path, page_digests[path])]
        redo = {o.path for o in todo}
        report.unchanged = [str(o.path) for o in outputs if o.path not in redo]
        report.rendered = [str(o.path) for o in todo]
        report.site = [str(path) for path in pages]
        if on_start:
            on_start([str(o.path) for o in todo], len(outputs))
        assert writer.staging is not None
        try:
            site_staged = [Staged(path, stage(writer.staging, path, pages[path])) for path in site_todo]
        except OSError as exc:
            raise WriteError([write_problem(out_dir, exc, "could not write", name_file=True)]) from None
        staged, problems, engine, report.jobs = render_outputs(
            todo, templates, root, jobs or available_cores(), writer.staging, progress
        )
        report.warnings += engine
        if problems:
            report.failed = len(problems)
            report.seconds = time.perf_counter() - started
            raise BuildFailed(problems, report)
        stamped = (repr(selection), stamp, made)
        digests = {o.path: o.digest for o in todo} | {path: page_digests[path] for path in site_todo}
        committed = writer.commit(
            staged + site_staged,
            digests,
            fetched_digest,
            stamped,
            remove=stale if prune else (),
            warnings=check_warnings,
            # The site's pages as this build made them: when another build writes them differently
            # (it saw other outputs current), this selection is no longer up to date and looks again.
            pinned={str(path): digest for path, digest in page_digests.items()},
        )
    site = set(report.site)
    report.built = [rel for rel in committed.written if rel not in site]
    report.site_built = [rel for rel in committed.written if rel in site]
    report.unchanged += [rel for rel in committed.unchanged if rel not in site]
    report.removed = committed.removed
    report.stale = [] if prune else stale
    report.warnings += [
        Problem(
            (out_dir / rel).as_posix(),
            0,
            0,
            "stale (no longer in the data) but not removed: it was changed after packgen wrote it",
            "build.stale",
            "warning",
        )
        for rel in committed.kept
    ]
    report.seconds = time.perf_counter() - started
    return report
