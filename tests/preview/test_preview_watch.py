"""The watch reports saves to hubs/, programmes/, templates/, assets/ and packgen.toml, nothing
else in the project, and a watched folder made after it started."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from packgen.preview.watch import changes


def _saves(root: Path, *steps: tuple[str, str]) -> list[set[str]]:
    """The batches the watch reports while each (path, text) is written in turn."""

    async def run() -> list[set[str]]:
        stop = asyncio.Event()
        seen: list[set[str]] = []
        watch = changes(root, stop)

        async def collect() -> None:
            async for batch in watch:
                seen.append(batch)

        task = asyncio.create_task(collect())
        await asyncio.sleep(0.5)  # the watches are in place
        for path, text in steps:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
            await asyncio.sleep(0.6)
        stop.set()
        await asyncio.wait_for(task, 10)
        return seen

    # A thread of its own: Playwright's sync API keeps an event loop running in this one.
    result: list[list[set[str]]] = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(run())))
    thread.start()
    thread.join(timeout=60)
    return result[0]


def test_saves_to_the_data_are_reported_and_other_files_are_not(sample: Path) -> None:
    seen = _saves(
        sample,
        ("build/2024-25/WM9/number-sense/information.html", "<p>built</p>"),
        ("notes.txt", "not data"),
        ("hubs/WM9.yaml", (sample / "hubs/WM9.yaml").read_text() + "\n"),
        ("packgen.toml", "[check]\nignore = []\n"),
        ("templates/style.css", "body {}\n"),
    )
    assert seen == [{"hubs/WM9.yaml"}, {"packgen.toml"}, {"templates/style.css"}]


def test_a_watched_folder_made_later_is_watched(sample: Path) -> None:
    assert not (sample / "assets").exists()
    seen = _saves(sample, ("assets/logo.txt", "first"), ("assets/logo.txt", "second"))
    assert {"assets"} <= seen[0] | (seen[1] if len(seen) > 1 else set())
    assert seen[-1] == {"assets/logo.txt"}
