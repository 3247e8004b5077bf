"""How a build shows its progress: a bar with a percentage and the time left on a terminal, and
lines a log can keep (CI, ``| tee``) when there is none."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress


def progress_bar(console: Console) -> Progress:
    """The figures never shrink (an 80-column terminal keeps them whole); the bar and the document
    being made share what is left, the document's path cut short with an ellipsis."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Column

    def whole() -> Column:
        return Column(no_wrap=True)

    return Progress(
        TextColumn("[bold]building", table_column=whole()),
        BarColumn(bar_width=None, table_column=Column(ratio=1, min_width=10)),
        TaskProgressColumn(table_column=whole()),
        MofNCompleteColumn(table_column=whole()),
        TimeElapsedColumn(table_column=whole()),
        TextColumn("elapsed,", table_column=whole()),
        TimeRemainingColumn(table_column=whole()),
        TextColumn("left", table_column=whole()),
        TextColumn("{task.description}", table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis")),
        console=console,
        transient=True,
        expand=True,
    )


def elapsed(seconds: float) -> str:
    """12.3s, 4m05s, 1h02m."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def programme_year(path: str) -> str:
    """A document's programme-year from its path, ``2024-25/WM1/mastering-number/information.pdf``:
    ``mastering-number 2024-25``."""
    parts = path.split("/")
    return f"{parts[2]} {parts[0]}" if len(parts) == 4 else path


class ProgressLines:
    """One line each time every document of a programme-year is made, or another tenth of the
    build is done: how many documents of how many, the percentage and the time since the start."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.left: dict[str, int] = {}

    def start(self, paths: Sequence[str]) -> None:
        self.left = {}
        for path in paths:
            key = programme_year(path)
            self.left[key] = self.left.get(key, 0) + 1

    def done(self, path: str, done: int, total: int) -> str | None:
        """The line to print after ``path``, the ``done``-th of ``total`` documents, or None."""
        key = programme_year(path)
        finished = None
        if key in self.left:
            self.left[key] -= 1
            if self.left[key] == 0:
                finished = key
        tenth = done * 10 // total > (done - 1) * 10 // total
        if not finished and not tenth:
            return None
        line = f"{done} of {total} documents ({done * 100 // total}%), {elapsed(self.clock() - self.started)}"
        return f"{line}: {finished} done" if finished else line
