"""packgen preview: from a save to the reloaded page showing it, for the HTML view of one pack.

    .venv/bin/python benchmarks/preview.py [EDITS]

Copies the repo's data (40 hubs, every programme) to a temporary folder, starts `packgen preview`
on it as its own process (WM1's Mastering Number 2025/26), opens the page in Debian's headless
Chromium (Playwright) and then, EDITS times each (default 10, after one warm-up of each), saves
a new word into the national wording (programmes/mastering-number/2025-26.yaml) and into
WM1's name (hubs/WM1.yaml). Each latency runs from just before the file is written to the
moment the page, updated by itself, shows the new word; the page is not touched in between.
Prints the median and the largest for each kind of save (issue 16's goal: under a second).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
PACKGEN = Path(sys.executable).parent / "packgen"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WORDS = [
    "Alder",
    "Birch",
    "Cedar",
    "Damson",
    "Elder",
    "Fir",
    "Gorse",
    "Hazel",
    "Ivy",
    "Juniper",
    "Larch",
    "Maple",
    "Nettle",
    "Oak",
    "Pine",
    "Quince",
    "Rowan",
    "Spruce",
    "Teasel",
    "Walnut",
    "Willow",
    "Yew",
]
SAVES = {
    "national wording": (
        "programmes/mastering-number/2025-26.yaml",
        "This document gives information",
        "This document ({word} draft) gives information",
    ),
    "hub's details": ("hubs/WM1.yaml", "name: Central Maths Hub", "name: Central {word} Maths Hub"),
}


def copy_project(into: Path) -> Path:
    root = into / "project"
    for name in ("hubs", "programmes", "templates", "assets"):
        shutil.copytree(REPO / name, root / name)
    return root


def save(root: Path, path: str, old: str, new: str) -> None:
    """Write the file with ``old`` (as first written) replaced by ``new``, as an editor saves it."""
    original = (REPO / path).read_text(encoding="utf-8")
    assert old in original, f"{old!r} is not in {path}"
    (root / path).write_text(original.replace(old, new, 1), encoding="utf-8")


def main(edits: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp))
        process = subprocess.Popen(
            [
                str(PACKGEN),
                "preview",
                "--project",
                str(root),
                "--hub",
                "WM1",
                "--programme",
                "mastering-number",
                "--year",
                "2025-26",
                "--port",
                "0",
                "--today",
                "2025-03-01",
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            line = process.stdout.readline()
            address = line.split(" at ")[1].split()[0]
            print(line.strip())
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                page = browser.new_page(viewport={"width": 1000, "height": 800})
                page.goto(address)
                page.evaluate("window.scrollTo(0, 1500)")
                words = iter(WORDS * (2 * edits // len(WORDS) + 2))
                times: dict[str, list[float]] = {kind: [] for kind in SAVES}
                for round_ in range(edits + 1):
                    for kind, (path, old, new) in SAVES.items():
                        word = next(words)
                        page.wait_for_timeout(1500)  # as between two saves: the server is idle, the page listening
                        started = time.perf_counter()
                        save(root, path, old, new.format(word=word))
                        page.wait_for_function(
                            "w => document.body && document.body.innerText.includes(w)",
                            arg=word,
                            polling=10,
                            timeout=30_000,
                        )
                        took = time.perf_counter() - started
                        if page.evaluate("window.scrollY") != 1500:
                            raise SystemExit(f"the page lost its place after saving the {kind}")
                        if round_:  # the first round warms up
                            times[kind].append(took)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"save -> reloaded page showing it, {edits} saves each (seconds):")
    for kind, seconds in times.items():
        print(f"  {kind:<18} median {statistics.median(seconds):.3f}   max {max(seconds):.3f}")
    every = [s for seconds in times.values() for s in seconds]
    print(f"  {'all':<18} median {statistics.median(every):.3f}   max {max(every):.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
