"""What the site costs a build: laying out index.html and every <year>/index.html for the repo's
data (every output a full build makes), best of five, and the pages' size.

    python benchmarks/site.py [PROJECT]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from packgen.model.project import load_project
from packgen.plan import plan
from packgen.site import site_pages


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
    project = load_project(root)
    outputs = plan(project)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        pages = site_pages(project, outputs)
        times.append(time.perf_counter() - started)
    size = sum(len(page.data) for page in pages)
    print(
        f"site of {len(outputs)} outputs: {len(pages)} pages, {size / 1024:.0f} KiB, {min(times) * 1000:.0f} ms"
        f" (best of 5; the first, with the template compiled cold, {times[0] * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
