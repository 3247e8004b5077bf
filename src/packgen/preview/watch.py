"""Saves to the files a preview reads: hubs/, programmes/, templates/, assets/ and packgen.toml.

The four folders are watched with all they hold; the project folder itself only for
packgen.toml and for one of the folders appearing or going (the watch then starts again over
the folders there are), so a large folder beside them (build/, .venv/) costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from ..settings import CONFIG_FILE

FOLDERS = ("hubs", "programmes", "templates", "assets")
STEP_MS = 10  # a batch ends once nothing has changed for this long: an editor's save (a write, or a
# temporary file renamed) takes well under it, and a save that straddles two batches is only read twice.
# At 50 ms a save took 85 ms to be seen, at 10 ms 17 ms (benchmarks/preview.py).


class _Filter(DefaultFilter):
    """The watch's own paths only, without editors' temporary files (DefaultFilter's rules)."""

    def __init__(self, root: Path):
        super().__init__()
        self.root = root

    def __call__(self, change: Change, path: str) -> bool:
        try:
            parts = Path(path).relative_to(self.root).parts
        except ValueError:
            return False
        if parts == (CONFIG_FILE,) or (parts and parts[0] in FOLDERS):
            return super().__call__(change, path)
        return False


async def changes(root: Path, stop: asyncio.Event) -> AsyncIterator[set[str]]:
    """Each batch of changed paths (relative to ``root``), until ``stop`` is set."""
    root = root.resolve()
    keep = _Filter(root)
    batches: asyncio.Queue[set[str]] = asyncio.Queue()
    restart = asyncio.Event()

    async def folders() -> None:
        while not stop.is_set():
            restart.clear()
            there = [root / name for name in FOLDERS if (root / name).is_dir()]
            if not there:
                await _either(stop, restart)
                continue
            async for found in awatch(*there, watch_filter=keep, step=STEP_MS, stop_event=_Either(stop, restart)):
                await batches.put({Path(p).relative_to(root).as_posix() for _, p in found})

    async def top() -> None:
        async for found in awatch(root, watch_filter=keep, step=STEP_MS, stop_event=stop, recursive=False):
            names = {Path(p).relative_to(root).as_posix() for _, p in found}
            if names & set(FOLDERS):
                restart.set()
            await batches.put(names)

    tasks = [asyncio.create_task(folders()), asyncio.create_task(top())]
    try:
        while not stop.is_set():
            waiting = asyncio.create_task(batches.get())
            stopping = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if waiting not in done:
                waiting.cancel()
                break
            found = waiting.result()
            while not batches.empty():  # what the two watches saw of one save comes as one batch
                found |= batches.get_nowait()
            yield found
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


class _Either:
    """Set when either event is: how the folders' watch is stopped to start again."""

    def __init__(self, a: asyncio.Event, b: asyncio.Event):
        self.a, self.b = a, b

    def is_set(self) -> bool:
        return self.a.is_set() or self.b.is_set()

    def set(self) -> None:  # awatch sets its stop event when it is cancelled
        self.b.set()

    async def wait(self) -> bool:
        await _either(self.a, self.b)
        return True


async def _either(a: asyncio.Event, b: asyncio.Event) -> None:
    waits = [asyncio.create_task(a.wait()), asyncio.create_task(b.wait())]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()
