"""How long `packgen check` and a build's pre-flight checks take on the repo's data.

PYTHONPATH=src python benchmarks/check.py [PROJECT]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from packgen.check import KNOWN_CODES, blocking_problems, check_project, load_config
from packgen.model.project import load_project


def timed(label: str, run: Callable[[], object], repeat: int = 3) -> None:
    best = min(_once(run) for _ in range(repeat))
    print(f"{label:<42} {best * 1000:8.0f} ms")


def _once(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
    project = load_project(root)
    config = load_config(root, KNOWN_CODES)
    pairs = sum(len(project.hubs_running(py)) for py in project.programmes)
    print(f"{len(project.hubs)} hubs, {len(project.programmes)} programme-years, {pairs} packs")
    timed("load_project", lambda: load_project(root))
    timed("check_project (all checks, every template)", lambda: check_project(project, config))
    timed("blocking_problems (what build runs first)", lambda: blocking_problems(project, config))


if __name__ == "__main__":
    main()
