"""`packgen build`."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from ..build import BuildFailed, build as run_build
from ..errors import PackgenError
from ..render import FORMATS
from ..selection import Selection
from .output import err, report_problems, project_option, today_option

if TYPE_CHECKING:
    from rich.progress import Progress


class Terminated(KeyboardInterrupt):
    """SIGTERM, stopped the way Ctrl-C stops a build: workers ended, nothing written."""


def _progress_bar() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"), console=err, transient=True)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@click.command()
@project_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Output folder [default: PROJECT/build].")
@click.option("--year", "years", multiple=True, help="Only this academic year, e.g. 2024-25 (repeatable).")
@click.option("--hub", "hubs", multiple=True, help="Only this hub code, e.g. WM1 (repeatable).")
@click.option("--programme", "programmes", multiple=True, help="Only this programme, e.g. mastering-number (repeatable).")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Only this format (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes [default and most: the cores available, and no more than the documents].")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@today_option
def build(project: Path, out: Path | None, years: tuple[str, ...], hubs: tuple[str, ...], programmes: tuple[str, ...], formats: tuple[str, ...], jobs: int | None, quiet: bool, today: dt.datetime | None) -> None:
    """Build every hub's pack for every programme-year into build/<year>/<hub>/<programme>/."""
    selection = Selection(years=years, hubs=tuple(h.upper() for h in hubs), programmes=programmes, formats=formats)
    bar = _progress_bar() if not quiet and err.is_terminal else None
    task = bar.add_task("", total=None) if bar else None
    out_dir = out if out is not None else project / "build"
    in_main = threading.current_thread() is threading.main_thread()  # only there may a handler be set
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        with bar or contextlib.nullcontext():
            report = run_build(
                project, out=out, selection=selection, jobs=jobs, today=today.date() if today else dt.date.today(),
                on_start=(lambda todo, total: bar.update(task, total=todo)) if bar else None,
                on_wait=lambda: click.echo(f"Another build is writing to {out_dir}; waiting for it to finish…", err=True),
                progress=(lambda path, done, total: bar.update(task, completed=done, description=path)) if bar else None,
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
    if not report.rendered:
        click.echo(f"Nothing to rebuild: all {report.total} documents in {report.out_dir} are up to date ({report.seconds:.1f}s).")
    else:
        same = len(report.rendered) - len(report.built)
        again = f" ({same} of them made again, with the same bytes)" if same else ""
        click.echo(f"{len(report.built)} built, {len(report.unchanged)} unchanged{again}, 0 failed, in {report.seconds:.1f}s -> {report.out_dir}")
