"""Debian's headless Chromium, driven by Playwright, and axe-core in it: what the browser tests
of the online form (tests/web) and of the built HTML pages (tests/render) share. The ``browser``
fixture (tests/conftest.py) is one browser per test module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "web" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def axe_violations(page: Any) -> list[str]:
    """What axe-core finds wrong with the page, one line per rule and element. Evaluated through the
    DevTools protocol, which the page's Content-Security-Policy does not govern."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => [v.id, v.help, v.nodes.map(n => n.target.join(' '))])"
    )
    return [f"{rule}: {words} at {', '.join(targets)}" for rule, words, targets in found]
