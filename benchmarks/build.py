"""Time packgen's build of the repo's own data, every programme-year run by all 40 hubs (a national
team's build, about 740 documents), and print the figures, in one run.

    .venv/bin/python benchmarks/build.py [--samples N] [--skip-large]

Prints:
- the full build (documents, seconds, documents per second) with 1 and with 2 worker processes,
  run from the command line as a user runs it, with the peak memory of the whole process tree;
- the median milliseconds per document of each kind (one process, renderers warm);
- packgen's time per information PDF and per form PDF against raw WeasyPrint laying out the same
  HTML with the same stylesheets (the overhead ratio), and WeasyPrint's time for the same pages
  with no stylesheet at all (the engine's floor for this content);
- the incremental table: a no-op build, one hub's email, one sentence of one programme-year's
  wording and templates/style.css, each with the documents made again, the documents whose bytes
  changed, and its time as a share of the full build;
- peak tree memory at about 2,000 documents (a temporary project with five more programmes, each a
  copy of a programme-year).

CPU-bound figures move with the load on the machine: when it is shared, compare the ratios, which
are each taken in one run, rather than the absolute times.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("hubs", "programmes", "templates", "assets")


# --- running a build from the command line, with its process tree's memory ---------------------


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, todo = set(), [pid]
    while todo:
        current = todo.pop()
        tree.add(current)
        todo += [child for child, parent in parents.items() if parent == current and child not in tree]
    return sum(rss.get(p, 0) for p in tree)


SUMMARY = re.compile(
    r"(\d+) built, (\d+) unchanged(?: \((\d+) of them made again)?|Nothing to rebuild: all (\d+) documents"
)


def run_build(project: Path, out: Path, jobs: int) -> tuple[float, int, dict[str, int]]:
    """One `packgen build` from the command line: wall seconds, peak memory of its process tree,
    and the documents built (bytes changed), made again and in all."""
    command = [
        sys.executable,
        "-m",
        "packgen",
        "build",
        "--project",
        str(project),
        "--out",
        str(out),
        "--quiet",
        "--jobs",
        str(jobs),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    found = SUMMARY.search(stdout)
    if process.returncode != 0 or not found:
        raise SystemExit(f"build failed:\n{stdout}{stderr}")
    if found.group(4):
        return seconds, peak, {"built": 0, "rendered": 0, "total": int(found.group(4))}
    built, unchanged, same = int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)
    return seconds, peak, {"built": built, "rendered": built + same, "total": built + unchanged}


def copy_project(into: Path) -> Path:
    """The repo's data at a national team's scale: every programme-year that does not list its hubs
    is run by all 40 (the shipped data gives most hubs no offer, so they get no pack)."""
    for name in PROJECT_PARTS:
        shutil.copytree(ROOT / name, into / name)
    for year in (into / "programmes").glob("*/*.yaml"):
        text = year.read_text(encoding="utf-8")
        if not re.search(r"^hubs:", text, re.M):
            year.write_text(text.rstrip("\n") + "\nhubs: all\n", encoding="utf-8")
    return into


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".packgen")
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- per-document times in one process ---------------------------------------------------------


def per_kind_ms(samples: int) -> tuple[dict[tuple[str, str], float], list]:
    """Median milliseconds per document for each (document, format), renderers warm."""
    from packgen.model.project import load_project
    from packgen.plan import plan
    from packgen.render import RENDERERS, documents

    project = load_project(ROOT)
    outputs = plan(project)
    service = documents(project.templates_dir, ROOT, cache_size=0)  # nothing kept: each document laid out
    medians = {}
    for key in sorted(RENDERERS):
        chosen = [o for o in outputs if (o.document, o.format) == key][: samples + 1]
        service.render(chosen[0].pack, key)  # warm: fonts, parsed stylesheets
        times = []
        for output in chosen[1:]:
            started = time.process_time()
            service.render(output.pack, key)
            times.append((time.process_time() - started) * 1000)
        medians[key] = statistics.median(times)
    return medians, outputs


def overhead(outputs: list, samples: int) -> list[tuple[str, float, float, float]]:
    """packgen's PDF against raw WeasyPrint on the same HTML and stylesheets, samples interleaved."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from packgen.render import load_renderers

    renderers, _ = load_renderers(ROOT / "templates", ROOT)
    rows = []
    for document in ("information", "application-form"):
        renderer = renderers[(document, "pdf")]
        forms = document == "application-form"
        fonts = FontConfiguration()
        sheets = [
            CSS(string=str(s), base_url=(ROOT / "templates").as_uri() + "/", font_config=fonts)
            for s in renderer.html.stylesheets
        ]
        bare = [CSS(string="@page { size: A4; margin: 2cm }", font_config=fonts)]
        chosen = [o for o in outputs if (o.document, o.format) == (document, "pdf")][: samples + 1]
        ours, raw, floor = [], [], []
        for number, output in enumerate(chosen):
            source = renderer.source(output.pack)
            started = time.process_time()
            renderer.render(output.pack)
            middle = time.process_time()
            HTML(string=source).render(stylesheets=sheets, font_config=fonts, pdf_forms=forms).write_pdf(
                pdf_variant="pdf/ua-1", pdf_forms=forms
            )
            late = time.process_time()
            HTML(string=source).render(stylesheets=bare, font_config=fonts, pdf_forms=forms).write_pdf(
                pdf_variant="pdf/ua-1", pdf_forms=forms
            )
            end = time.process_time()
            if number:  # the first is a warm-up
                ours.append(middle - started)
                raw.append(late - middle)
                floor.append(end - late)
        rows.append(
            (document, statistics.median(ours) * 1000, statistics.median(raw) * 1000, statistics.median(floor) * 1000)
        )
    return rows


# --- the run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--samples", type=int, default=15, help="documents per kind for the medians and the overhead ratios"
    )
    parser.add_argument("--skip-large", action="store_true", help="leave out the build of about 2,000 documents")
    args = parser.parse_args()
    with open("/proc/loadavg") as fh:
        print(f"load average at the start: {fh.read().split()[0]} on {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        full = {}
        national = copy_project(tmp_path / "national")
        for jobs in (1, 2):
            seconds, peak, report = run_build(national, tmp_path / f"jobs-{jobs}", jobs)
            full[jobs] = seconds
            print(
                f"full build, {jobs} job{'s' if jobs > 1 else ''}  : {report['built']} documents in {seconds:6.1f} s = "
                f"{report['built'] / seconds:5.1f} documents/s; peak tree memory {peak / 2**20:.0f} MiB"
            )
        print(f"speed-up with 2 jobs : {full[1] / full[2]:.2f}x")

        medians, outputs = per_kind_ms(args.samples)
        for (document, fmt), ms in medians.items():
            print(f"median {document + ' ' + fmt:<22}: {ms:7.1f} ms per document (CPU, one process)")
        for document, ours, raw, floor in overhead(outputs, args.samples):
            print(
                f"{document} PDF: packgen {ours:5.0f} ms, raw WeasyPrint on the same HTML {raw:5.0f} ms "
                f"= {ours / raw:.2f}x; the same pages with no stylesheet {floor:5.0f} ms"
            )

        # The incremental table, on a copy of the project built with 2 jobs.
        project = copy_project(tmp_path / "project")
        out = tmp_path / "incremental"
        base, _, _ = run_build(project, out, 2)
        edits = [
            ("nothing (no-op)", None),
            (
                "one hub's email",
                ("hubs/WM1.yaml", "mathshub@bishopchalloner.bham.sch.uk", "maths.hub@bishopchalloner.bham.sch.uk"),
            ),
            (
                "one sentence of one programme-year's wording",
                (
                    "programmes/mastering-number/2024-25.yaml",
                    "Thousands of schools have benefited.",
                    "Many thousands of schools have benefited.",
                ),
            ),
            ("templates/style.css", ("templates/style.css", "line-height: 1.45;", "line-height: 1.5;")),
        ]
        print(f"\n| change | files whose bytes changed | files made again | time vs full build ({base:.1f} s) |")
        print("|---|---|---|---|")
        for label, change in edits:
            before = files(out)
            if change:
                edit(project / change[0], change[1], change[2])
            seconds, _, report = run_build(project, out, 2)
            after = files(out)
            changed = sum(1 for path in after if after[path] != before.get(path))
            print(f"| {label} | {changed} | {report['rendered']} | {seconds / base:.3f} ({seconds:.2f} s) |")

        if not args.skip_large:
            large = copy_project(tmp_path / "large")
            source = large / "programmes/mastering-number/2024-25.yaml"
            for number in range(1, 6):
                (large / f"programmes/extra-{number}").mkdir()
                shutil.copy(source, large / f"programmes/extra-{number}/2024-25.yaml")
            seconds, peak, report = run_build(large, tmp_path / "large-build", 2)
            print(
                f"\n{report['built']} documents, 2 jobs: {seconds:.1f} s = {report['built'] / seconds:.1f} documents/s;"
                f" peak tree memory {peak / 2**20:.0f} MiB"
            )
    with open("/proc/loadavg") as fh:
        print(f"load average at the end: {fh.read().split()[0]}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
