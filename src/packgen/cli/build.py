"""`packgen build`."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from ..build import BuildFailed, Start
from ..build import build as run_build
from ..errors import PackgenError
from ..render import FORMATS
from ..selection import Selection
from .output import err, project_option, report_problems, today_option
from .progress import ProgressLines, progress_bar

if TYPE_CHECKING:
    from rich.progress import Progress


class Terminated(KeyboardInterrupt):
    """SIGTERM, stopped the way Ctrl-C stops a build: workers ended, nothing written."""


def _progress(quiet: bool) -> tuple[Progress | None, Start | None, Callable[[str, int, int], None] | None]:
    """On a terminal a bar with the percentage and time left; else a line per programme-year or tenth done."""
    if quiet:
        return None, None, None
    if err.is_terminal:
        bar = progress_bar(err)
        task = bar.add_task("", total=None)

        def start_bar(todo: list[str], total: int) -> None:
            bar.update(task, total=len(todo))

        def advance(path: str, done: int, total: int) -> None:
            bar.update(task, completed=done, description=path)

        return bar, start_bar, advance
    lines = ProgressLines()

    def log(path: str, done: int, total: int) -> None:
        line = lines.done(path, done, total)
        if line:
            click.echo(line, err=True)

    return None, lambda todo, total: lines.start(todo), log


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@click.command()
@project_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Output folder [default: PROJECT/build].")
@click.option("--year", "years", multiple=True, help="Only this academic year, e.g. 2024-25 (repeatable).")
@click.option("--hub", "hubs", multiple=True, help="Only this hub code, e.g. WM1 (repeatable).")
@click.option(
    "--programme", "programmes", multiple=True, help="Only this programme, e.g. mastering-number (repeatable)."
)
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Only this format (repeatable).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default and most: the cores available, and no more than the documents].",
)
@click.option(
    "--keep-stale",
    is_flag=True,
    help="Keep the outputs of hubs, programme-years and formats no longer in the data (by default they are removed).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress: no bar on a terminal, no progress lines otherwise.")
@today_option
def build(
    project: Path,
    out: Path | None,
    years: tuple[str, ...],
    hubs: tuple[str, ...],
    programmes: tuple[str, ...],
    formats: tuple[str, ...],
    jobs: int | None,
    keep_stale: bool,
    quiet: bool,
    today: dt.datetime | None,
) -> None:
    """Build every hub's pack for every programme-year into build/<year>/<hub>/<programme>/, and the
    site that lists them (build/index.html, build/<year>/index.html)."""
    selection = Selection(years=years, hubs=tuple(h.upper() for h in hubs), programmes=programmes, formats=formats)
    bar, on_start, progress = _progress(quiet)
    out_dir = out if out is not None else project / "build"
    in_main = threading.current_thread() is threading.main_thread()  # only there may a handler be set
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        with bar or contextlib.nullcontext():
            report = run_build(
                project,
                out=out,
                selection=selection,
                jobs=jobs,
                today=today.date() if today else dt.date.today(),
                on_start=on_start,
                progress=progress,
                prune=not keep_stale,
                on_wait=lambda: click.echo(
                    f"Another build is writing to {out_dir}; waiting for it to finish…", err=True
                ),
            )
    except BuildFailed as exc:
        report_problems(exc.problems)
        click.echo(f"0 built, {exc.report.failed} failed, in {exc.report.seconds:.1f}s", err=True)
        sys.exit(1)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    except KeyboardInterrupt as exc:
        how = "terminated" if isinstance(exc, Terminated) else "interrupted"
        click.echo(f"Build {how}; nothing was written.", err=True)
        sys.exit(143 if isinstance(exc, Terminated) else 130)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    report_problems(report.warnings)
    for line in report.no_pack:
        click.echo(line)
    for line in _by_folder("Removed {} stale file{}, no longer in the data:", report.removed):
        click.echo(line)
    for line in _by_folder("Kept {} stale file{} (--keep-stale), no longer in the data:", report.stale):
        click.echo(line)
    if not report.rendered:
        click.echo(
            f"Nothing to rebuild: all {report.total} documents in {report.out_dir} are up to date "
            f"({report.seconds:.1f}s)."
        )
    else:
        same = len(report.rendered) - len(report.built)
        again = f" ({same} of them made again, with the same bytes)" if same else ""
        click.echo(
            f"{len(report.built)} built, {len(report.unchanged)} unchanged{again}, 0 failed, "
            f"in {report.seconds:.1f}s -> {report.out_dir}"
        )
    if report.site:
        pages = len(report.site)
        written = f"{len(report.site_built)} written" if report.site_built else "up to date"
        click.echo(f"The site: {report.out_dir / 'index.html'} ({pages} page{'s' if pages != 1 else ''}, {written})")


def _by_folder(head: str, paths: Iterable[str]) -> list[str]:
    """Stale outputs as the summary lists them: a count, then one line per folder with its files."""
    folders: dict[str, list[str]] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        folders.setdefault(folder, []).append(name)
    count = sum(len(names) for names in folders.values())
    if not count:
        return []
    return [head.format(count, "s" if count != 1 else "")] + [
        f"  {folder + '/' if folder else ''}{', '.join(names)}" for folder, names in folders.items()
    ]
