"""What importing GIAS's register costs: a 50,000-row file in GIAS's full column set (139 columns,
Windows-1252, made by tools/make_gias_sample.py), read and stored, then a newer one over it.

    python benchmarks/schools.py [--rows 50000] [--database URL]

Without --database the register goes into a new SQLite file (WAL, synchronous=FULL, as packgen
serve's); give postgresql://… to time a server. The whole command, as a person runs it
(`packgen schools import`, a new process), is timed last. Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from packgen.schools import gias, store
from packgen.web.db import make_engine, parse_url, upgrade

REPO = Path(__file__).resolve().parents[1]


def sample_maker():
    spec = importlib.util.spec_from_file_location("make_gias_sample", REPO / "tools" / "make_gias_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    maker = sample_maker()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        first, second = root / "edubasealldata20250901.csv", root / "edubasealldata20251001.csv"
        started = time.perf_counter()
        maker.write(first, args.rows, seed=1)
        maker.write(second, args.rows, seed=2)  # other names, statuses and LAs for the same URNs: many changes
        print(
            f"made two files of {args.rows:,} rows, {first.stat().st_size / 2**20:.1f} MiB each, "
            f"in {time.perf_counter() - started:.1f} s"
        )
        url = parse_url(args.database or f"sqlite:///{root / 'var' / 'applications.sqlite3'}", root)
        engine = make_engine(url)
        upgrade(engine)
        now = dt.datetime.now(dt.UTC)
        for label, path in (("first import ", first), ("newer import ", second)):
            started = time.perf_counter()
            register = gias.read(path)
            read = time.perf_counter() - started
            changes = store.replace(engine, register, now)
            total = time.perf_counter() - started
            counts = (
                ", ".join(f"{k} {v:,}" for k, v in changes.counts.items()) if changes.previous else "no register before"
            )
            print(
                f"{label}: {len(register.schools):,} schools in {total:.1f} s "
                f"(reading {read:.1f} s, storing {total - read:.1f} s) = "
                f"{len(register.schools) / total:,.0f} rows/s; {counts}"
            )
        started = time.perf_counter()
        found, matched = store.find(engine, "oak primary", 20)
        print(
            f"find 'oak primary': {matched:,} matches, "
            f"first {len(found)} in {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        engine.dispose()
        project = root / "project"
        for name in ("hubs", "programmes"):
            (project / name).mkdir(parents=True)
        third = root / "edubasealldata20251101.csv"
        maker.write(third, args.rows, seed=3)
        database = args.database or f"sqlite:///{root / 'var' / 'applications.sqlite3'}"
        command = [
            sys.executable,
            "-m",
            "packgen",
            "schools",
            "import",
            str(third),
            "--project",
            str(project),
            "--database",
            database,
        ]
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=True, capture_output=True, env={**os.environ})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(
            f"packgen schools import (a new process, {args.rows:,} rows over {args.rows:,}): "
            f"{time.perf_counter() - started:.1f} s wall, {cpu:.1f} s CPU, peak memory {after.ru_maxrss / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
