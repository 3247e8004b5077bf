"""A build in two phases: plan and render everything, then write only if all of it worked."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from .check import KNOWN_CODES, blocking_problems, load_config
from .check.runner import summary_problems
from .errors import PackgenError, Problem
from .model.project import read_project
from .check.runner import partial_problems
from .plan import Output, plan
from .render import load_renderers
from .render.base import Renderer
from .selection import Selection
from .render.templating import TemplateFailure
from .writer import Writer

Progress = Callable[[str, int, int], None]
"""Called as progress(path, done, total) after each document is rendered."""


@dataclass
class BuildReport:
    out_dir: Path
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.built) + len(self.unchanged)


class BuildFailed(PackgenError):
    """Rendering failed; nothing was written. Carries the report for the summary."""

    def __init__(self, problems: list[Problem], report: BuildReport):
        super().__init__(problems)
        self.report = report


# --- worker side: renderers made once per process ---------------------------------------

_renderers: dict[tuple[str, str], Renderer | Problem] = {}


def _init_worker(templates: str, root: str) -> None:
    """Load every renderer once per process; one that cannot load is kept as its located problem."""
    loaded, failed = load_renderers(Path(templates), Path(root))
    _renderers.clear()
    _renderers.update(loaded)
    _renderers.update(failed)


def _render(output: Output) -> tuple[PurePosixPath, bytes | None, Problem | None]:
    try:
        renderer = _renderers[(output.document, output.format)]
        if isinstance(renderer, Problem):
            return output.path, None, renderer
        return output.path, renderer.render(output.pack), None
    except TemplateFailure as exc:
        return output.path, None, exc.problem
    except Exception as exc:  # noqa: BLE001 - one bad document must not hide the others
        return output.path, None, Problem(str(output.path), 0, 0, f"could not render: {type(exc).__name__}: {exc}", "render.failed")


def render_outputs(
    outputs: list[Output], templates: Path, root: Path, jobs: int, progress: Progress | None = None
) -> tuple[dict[PurePosixPath, bytes], list[Problem]]:
    """Render every output, in worker processes when that pays. Returns bytes and problems."""
    done: dict[PurePosixPath, bytes] = {}
    problems: list[Problem] = []

    def collect(result: tuple[PurePosixPath, bytes | None, Problem | None]) -> None:
        path, data, problem = result
        if problem is not None:
            problems.append(problem)
        elif data is not None:
            done[path] = data
        if progress:
            progress(str(path), len(done) + len(problems), len(outputs))

    if jobs <= 1 or len(outputs) < 8:
        _init_worker(str(templates), str(root))
        for output in outputs:
            collect(_render(output))
        return done, problems
    # spawn, not fork: the parent may run a progress thread, and forking threads can deadlock.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(str(templates), str(root))) as pool:
        futures = [pool.submit(_render, o) for o in outputs]
        for future in as_completed(futures):
            collect(future.result())
    return done, problems


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def build(
    root: Path,
    *,
    out: Path | None = None,
    selection: Selection = Selection(),
    jobs: int | None = None,
    progress: Progress | None = None,
    on_start: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> BuildReport:
    """Build the selected documents of the project at ``root`` into ``out`` (default root/build).

    Raises PackgenError for bad input, BuildFailed when a document cannot be rendered;
    in both cases the output folder is left exactly as it was. With ``today``, the report's
    warnings include closing dates already past on that day (date.past); the documents do
    not depend on it.
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
    # Error-level checks first (a wrong weekday, a TBC…): nothing is built from data that has them.
    blocking = blocking_problems(project, config, selection)
    if blocking:
        raise PackgenError(blocking)
    templates = project.templates_dir
    if not templates.is_dir():
        raise PackgenError([Problem(str(templates), 0, 0, "the project has no templates/ folder", "project.layout")])
    outputs = plan(project, selection)
    writer = Writer(out_dir)
    todo = [o for o in outputs if not writer.is_current(o.path, o.digest)]
    report = BuildReport(out_dir=out_dir, warnings=summary_problems(project, config, selection, today))
    report.unchanged = [str(o.path) for o in outputs if o not in todo]
    if on_start:
        on_start(len(todo), len(outputs))
    rendered, problems = render_outputs(todo, templates, root, jobs or default_jobs(), progress)
    if problems:
        report.failed = len(problems)
        report.seconds = time.perf_counter() - started
        raise BuildFailed(problems, report)
    digests = {o.path: o.digest for o in todo}
    written, same = writer.write({path: (data, digests[path]) for path, data in rendered.items()})
    report.built = written
    report.unchanged += same
    report.seconds = time.perf_counter() - started
    return report
