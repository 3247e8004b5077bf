"""Time packgen's build of the repo's own data and print the figures.

    .venv/bin/python benchmarks/build.py [--jobs N] [--samples N]

Prints: the full build (documents, seconds, documents per second), the median milliseconds
per document for each format (one process, renderers warm), the time of a second, no-op
build, and peak memory of the build process and of its worker processes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from packgen.build import build, default_jobs
from packgen.plan import plan
from packgen.model.project import load_project
from packgen.render import load_renderers

ROOT = Path(__file__).resolve().parents[1]


def per_format_ms(samples: int) -> dict[tuple[str, str], float]:
    """Median milliseconds per document for each (document, format), renderers warm."""
    project = load_project(ROOT)
    outputs = plan(project)
    renderers, _ = load_renderers(project.templates_dir, ROOT)
    medians = {}
    for key, renderer in sorted(renderers.items()):
        chosen = [o for o in outputs if (o.document, o.format) == key][:samples]
        times = []
        for output in chosen:
            started = time.perf_counter()
            renderer.render(output.pack)
            times.append((time.perf_counter() - started) * 1000)
        medians[key] = statistics.median(times)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--samples", type=int, default=20, help="documents per format for the per-document median")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        started = time.perf_counter()
        first = build(ROOT, out=out, jobs=args.jobs)
        full = time.perf_counter() - started
        started = time.perf_counter()
        second = build(ROOT, out=out, jobs=args.jobs)
        noop = time.perf_counter() - started
    docs = len(first.built)
    print(f"full build      : {docs} documents in {full:.2f} s with {args.jobs} worker(s) = {docs / full:.1f} documents/s")
    print(f"no-op rebuild   : {noop * 1000:.0f} ms ({len(second.built)} rebuilt, {len(second.unchanged)} unchanged)")
    for (document, fmt), ms in per_format_ms(args.samples).items():
        print(f"median {document} {fmt:<4}: {ms:7.1f} ms per document (one process, {args.samples} documents)")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory     : {me:.0f} MiB this process, {workers:.0f} MiB largest worker")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
