"""Time `packgen diff` (every hub, each format) and rollover planning on the repo's data.

PYTHONPATH=src python benchmarks/diff_rollover.py
"""

from __future__ import annotations

import time
from pathlib import Path

from packgen.diff import diff_years
from packgen.diff.docx import render_docx
from packgen.diff.html import render_html
from packgen.diff.text import render_text
from packgen.model.project import load_project
from packgen.rollover import plan_rollover

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str, runs: int, work) -> None:
    start = time.perf_counter()
    for _ in range(runs):
        work()
    per = (time.perf_counter() - start) / runs
    print(f"{label:<48} {per * 1000:8.1f} ms")


def main() -> None:
    project = load_project(ROOT)
    hubs = [h.code for h in project.hubs]
    print(f"mastering-number 2024-25 -> 2025-26, {len(hubs)} hubs")
    timed("compare, one hub (WM1)", 20, lambda: diff_years(project, "mastering-number", "2024-25", "2025-26", "WM1"))
    d = diff_years(project, "mastering-number", "2024-25", "2025-26", "WM1")
    timed("render text", 20, lambda: render_text(d))
    timed("render html", 20, lambda: render_html(d))
    timed("render docx (tracked changes)", 5, lambda: render_docx(d, ROOT / "templates"))
    timed(
        f"compare, every hub ({len(hubs)})",
        1,
        lambda: [diff_years(project, "mastering-number", "2024-25", "2025-26", h) for h in hubs],
    )
    timed(
        "plan rollover mastering-number 2025-26 -> 2026-27",
        3,
        lambda: plan_rollover(ROOT, "mastering-number", "2025-26", "2026-27"),
    )


if __name__ == "__main__":
    main()
