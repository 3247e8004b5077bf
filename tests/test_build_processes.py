"""A build's processes: workers that end with their build, SIGTERM handled like Ctrl-C, outputs that do
not depend on hash seeds or on what a worker rendered before, no more workers than cores or documents
(issue 12, points 16, 17b and 18)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from packgen.build import available_cores, build
from packgen.model.project import load_project
from packgen.plan import plan
from packgen.render import load_renderers
from packgen.selection import Selection
from packgen.writer import STAGING_PREFIX


def children_of(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_build(project: Path, *args: str) -> subprocess.Popen:
    """A build in worker processes, to be killed. Without coverage measurement (COVERAGE_CHILDREN_*,
    tests/subprocess_coverage): coverage starting in each spawned worker slowed their start-up enough
    that a worker still starting when the build is stopped printed an EOFError traceback after "Build
    terminated" (about one run in two with coverage.py on a loaded machine, never seen without it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "packgen", "build", "--project", str(project), "--quiet", "--jobs", "2", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={name: value for name, value in os.environ.items() if not name.startswith("COVERAGE_")},
    )


def wait_for_workers(process: subprocess.Popen, project: Path) -> set[int]:
    """The build's worker processes, once they have started rendering (a staged file exists)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        workers = children_of(process.pid)
        staged = [p for p in (project / "build").glob(f"{STAGING_PREFIX}*/**/*") if p.is_file()]
        if len(workers) >= 2 and staged:
            return workers
        time.sleep(0.05)
    raise AssertionError("the build's workers never started")


def wait_gone(pids: set[int]) -> set[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.1)
    return {pid for pid in pids if alive(pid)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_build_is_killed_and_the_next_build_clears_up(sample: Path) -> None:
    process = start_build(sample)
    workers = wait_for_workers(process, sample)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert wait_gone(workers) == set()
    assert any((sample / "build").glob(f"{STAGING_PREFIX}*"))  # what kill -9 left behind
    result = run_cli("build", "--project", str(sample), "--quiet")
    assert result.exit_code == 0, result.output
    assert "12 built" in result.output
    assert not any((sample / "build").glob(f"{STAGING_PREFIX}*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_a_build_like_ctrl_c(built_sample: Callable[..., Path]) -> None:
    sample = built_sample("--format", "html")  # built once for the run, copied with its times
    before = sorted(p.name for p in (sample / "build").rglob("*"))
    process = start_build(sample)
    workers = wait_for_workers(process, sample)
    os.kill(process.pid, signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert stderr.strip().splitlines()[-1] == "Build terminated; nothing was written."
    assert "Traceback" not in stderr
    assert wait_gone(workers) == set()
    assert sorted(p.name for p in (sample / "build").rglob("*")) == before


def test_builds_with_different_hash_seeds_are_byte_identical(built_sample: Any, tmp_path: Path) -> None:
    """The run's shared build of the sample (this process's seed, and its build workers' own)
    against a build in its own process (``--jobs 1``) with a seed of its own: one build fewer
    than two of our own, and still two seeds."""
    shared = built_sample()
    seed = "0" if os.environ.get("PYTHONHASHSEED") == "4242" else "4242"
    out = tmp_path / f"seed-{seed}"
    subprocess.run(
        [sys.executable, "-m", "packgen", "build", "--project", str(shared), "--out", str(out), "--quiet"]
        + ["--jobs", "1"],
        check=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
    )
    digests = [
        {str(p.relative_to(f)): hashlib.sha256(p.read_bytes()).hexdigest() for p in f.rglob("*") if p.is_file()}
        for f in (shared / "build", out)
    ]
    assert len(digests[0]) == 16  # 12 documents, the site's 2 pages, the manifest and the lock
    assert digests[0] == digests[1]


def test_a_document_does_not_depend_on_what_its_worker_rendered_before(sample: Path) -> None:
    project = load_project(sample)
    outputs = plan(project, Selection(formats=("pdf", "docx")))
    first, *others = sorted(outputs, key=lambda o: (o.path.parts[1] != "WM9", o.document != "application-form"))
    fresh, _ = load_renderers(project.templates_dir, sample)
    alone = fresh[(first.document, first.format)].render(first.pack)
    worn, _ = load_renderers(project.templates_dir, sample)
    for output in others:
        worn[(output.document, output.format)].render(output.pack)
    assert worn[(first.document, first.format)].render(first.pack) == alone


def workers_of_this_process() -> set[int]:
    return {
        pid for pid in children_of(os.getpid()) if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    }


@pytest.mark.workers
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_jobs_are_capped_at_the_cores_and_the_documents(sample: Path) -> None:
    seen: set[int] = set()
    report = build(
        sample,
        jobs=100,
        selection=Selection(formats=("html", "docx")),
        progress=lambda *_: seen.update(workers_of_this_process()),
    )
    assert len(report.built) == 8
    assert len(seen) == report.jobs == min(available_cores(), 8)
    seen.clear()
    few = build(
        sample,
        out=sample / "few",
        jobs=100,
        selection=Selection(hubs=("WM9",), formats=("html",)),
        progress=lambda *_: seen.update(workers_of_this_process()),
    )
    assert len(few.built) == 2 and few.jobs == 0 and not seen  # rendered in the build's own process


def test_a_packs_form_is_laid_out_once_for_its_pdf_and_its_html_page(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packgen.render.form_pdf import ApplicationFormPdf

    laid_out: list[str] = []
    real = ApplicationFormPdf.pdf
    monkeypatch.setattr(
        ApplicationFormPdf, "pdf", lambda self, pack, **kw: laid_out.append(pack.hub_code) or real(self, pack, **kw)
    )
    report = build(sample, jobs=1, selection=Selection(documents=("application-form",), formats=("html", "pdf")))
    assert sorted(report.built) == sorted(
        f"2024-25/{hub}/number-sense/application-form.{fmt}" for hub in ("SE9", "WM9") for fmt in ("html", "pdf")
    )
    assert sorted(laid_out) == ["SE9", "WM9"]
