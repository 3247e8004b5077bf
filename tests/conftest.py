"""Shared fixtures: a copy of the repo's data to break, one build of the repo's packs, text extractors.

The suite runs in parallel (pytest-xdist, ``-n auto --dist worksteal`` in pyproject.toml; three
workers for every two cores, ``pytest_xdist_auto_num_workers`` below). Each
worker has its own temporary folder (``tmp_path``), so LibreOffice profiles, PostgreSQL servers and
private builds never meet. The builds and conversions many tests read (the session builds below, a
module's own build) are made once for the whole run, by whichever worker asks first, and read by
the others (``shared``); worksteal hands each worker a contiguous run of tests, so a module's
cheap module-scoped fixtures (a browser) are seldom made on both workers."""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from subprocess_coverage.font_folders import forget_font_folders

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"  # a copy of ../shared/seeds/
SAMPLE = FIXTURES / "sample"  # a small project: two hubs, one programme-year
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_slipcover = sys.modules.get("slipcover.pytest_plugin")
if _slipcover is not None and _slipcover._slipcover_instance is not None:
    # This xdist worker is measured by slipcover's plugin, made without [tool.slipcover]'s options.
    # Its default mode swaps code objects found by walking every thread's frames, which raised
    # "dictionary changed size during iteration" in a server's thread (a 500 in a test): patch each
    # line's probe in place instead, as `immediate` does. Set before this file imports packgen.
    _slipcover._slipcover_instance.immediate = True

if os.environ.get("SLIPCOVER_COVERAGE_DIR") and os.environ.get("PYTEST_XDIST_WORKER"):
    # Under `python -m slipcover -m pytest` (README, .ci/run): the processes this worker starts
    # measure packgen too (tests/subprocess_coverage/sitecustomize.py). Set here, in the worker, so
    # the worker itself (measured by slipcover's plugin) does not load it a second time.
    os.environ["COVERAGE_CHILDREN_DIR"] = os.environ["SLIPCOVER_COVERAGE_DIR"]
    os.environ["COVERAGE_CHILDREN_SOURCE"] = str(REPO / "src" / "packgen")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).parent / "subprocess_coverage"), os.environ.get("PYTHONPATH")])
    )


atexit.register(forget_font_folders)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: three workers for every two cores. A worker spends about a fifth of its time
    waiting on a process of its own (Chromium, LibreOffice, a server, PostgreSQL); on two cores the
    suite took 362 s with three workers and 390 s with two (without coverage, 6 December 2026)."""
    return max(1, len(os.sched_getaffinity(0)) * 3 // 2)


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder ``make(folder)`` fills once for the whole run: the first worker to ask makes it under
    a lock in the run's shared temporary folder, the others wait for it and read the same folder.
    Without xdist it is simply made. A ``make`` that fails leaves no mark, so each asker fails alike."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-N/, which every worker's popen-gwK/ is in
    folder = base / f"shared-{name}"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / f"shared-{name}.done"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.write_text(json.dumps({"by": os.environ.get("PYTEST_XDIST_WORKER", "master")}), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def builds_render_in_the_tests_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build a test runs in its own process (``build(...)``, ``run_cli("build", ...)``) renders there,
    as a build of fewer than ``MIN_FOR_WORKERS`` documents does, instead of spawning worker processes:
    each xdist worker already has a core, and spawning two workers that import packgen and WeasyPrint
    doubles the CPU of a build of the sample (3 s -> 6.5 s). The documents are the same bytes either way
    (tests/test_build_processes.py). A test whose build asks for worker processes (``--jobs 2`` to
    test them) is marked ``workers`` and gets them; builds in a subprocess (``python -m packgen
    build``) and the session and module builds (made before this fixture) are untouched."""
    if request.node.get_closest_marker("workers") is None:
        monkeypatch.setattr("packgen.build.MIN_FOR_WORKERS", sys.maxsize)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright (tests/chromium.py), one per test module and
    closed after it, so later tests that count this process's children (the build's workers) do
    not meet Playwright's."""
    from chromium import AXE, CHROMIUM, FLAGS

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh --test")
    if not AXE.exists():
        pytest.fail("axe-core is not installed in tests/web/node_modules: run scripts/setup.sh --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the repo's hubs/, programmes/, templates/ and assets/ that a test may edit."""
    root = tmp_path / "project"
    for name in ("hubs", "programmes", "templates", "assets"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the small sample project (two hubs, one programme-year) with the repo's templates."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


@pytest.fixture
def built_sample(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """built_sample(*build_args) -> a private copy of the sample project (as ``sample`` gives) with
    build/ made by ``packgen build --project <copy> --quiet *build_args``, which must succeed. That
    build is made once per run for each set of arguments and copied with its files' times, so the
    copy's next build sees what a second build in the same folder sees."""

    def make(*args: str) -> Path:
        def first_build(folder: Path) -> None:
            root = folder / "sample"
            shutil.copytree(SAMPLE, root)
            shutil.copytree(REPO / "templates", root / "templates")
            result = run_cli("build", "--project", str(root), "--quiet", *args)
            assert result.exit_code == 0, result.output

        key = hashlib.sha256("\0".join(args).encode()).hexdigest()[:12]
        root = tmp_path / "sample"
        shutil.copytree(shared(tmp_path_factory, f"sample-built-{key}", first_build) / "sample", root)
        return root

    return make


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's own data: every hub's information pack for every programme-year in every
    format, built once per session. Application forms are in ``forms_built``. The session's builds
    render in the test worker, which has the libraries loaded: the three took 8.9 s of CPU so, and
    13.5 s (9.7 s of wall time against 8.9) in two worker processes that each load them again."""
    from packgen.build import build
    from packgen.selection import Selection

    def make(out: Path) -> None:
        report = build(REPO, out=out, selection=Selection(documents=("information",)), jobs=1)
        assert report.built, "the session build wrote nothing"

    return shared(tmp_path_factory, "build", make)


@pytest.fixture(scope="session")
def forms_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WM1's application forms for every programme-year, in every format, built once."""
    from packgen.build import build
    from packgen.selection import Selection

    def make(out: Path) -> None:
        build(REPO, out=out, selection=Selection(hubs=("WM1",), documents=("application-form",)), jobs=1)

    return shared(tmp_path_factory, "forms", make)


@pytest.fixture(scope="session")
def form_pdfs_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every hub's fillable PDF form for every programme-year (with ``built``: every PDF of a full build)."""
    from packgen.build import build
    from packgen.selection import Selection

    def make(out: Path) -> None:
        build(REPO, out=out, selection=Selection(documents=("application-form",), formats=("pdf",)), jobs=1)

    return shared(tmp_path_factory, "form-pdfs", make)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file with ``new``; the test fails if ``old`` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of a file containing ``needle``."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def run_cli(*args: str) -> CliRunner.invoke:
    from packgen.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def docx_xml(path: Path, part: str = "word/document.xml") -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return zf.read(part)


def docx_text(path: Path) -> str:
    """Every paragraph of the body, tables included, in document order, one per line."""
    root = etree.fromstring(docx_xml(path))
    lines = []
    for p in root.iter(f"{W}p"):
        lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(lines)


def libreoffice_pdfs(docs: list[Path], out: Path) -> list[Path]:
    """Each document converted to PDF by LibreOffice, all in one run with a profile of its own under ``out``:
    the PDFs, in the order of ``docs``."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return [out / f"{doc.stem}.pdf" for doc in docs]


def pdf_text(path: Path) -> str:
    """Text as a PDF reader sees it (poppler's pdftotext), page footers removed."""
    # -raw keeps content-stream order and real hyphens at line ends ("cross-" / "fertilisation").
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    keep = [line for line in text.splitlines() if not re.match(r"^(Page \d+ of \d+|.* · .*)$", line.strip())]
    return re.sub(r"(?<=\w-)\n(?=\w)", "", "\n".join(keep))


def html_text(path: Path) -> str:
    root = etree.fromstring(path.read_bytes(), etree.HTMLParser())
    for bad in list(root.iter("style", "title", "script")):
        bad.getparent().remove(bad)
    for block in root.iter("p", "li", "h1", "h2", "h3", "th", "td"):
        block.tail = "\n" + (block.tail or "")
    return "".join(root.itertext())


def words(text: str) -> list[str]:
    """Normalise for comparison: Unicode NFKC, no Word bookmarks, no bullet characters, words only."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\[bookmark: [^\]]*\]", " ", text)
    text = re.sub(r"[·•\u2022\uf0b7]", " ", text)
    return text.split()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """One PostgreSQL server per test process, started in a temporary folder, shared by the web's
    and the register's tests (each test takes a new database on it)."""
    from web.web_helpers import start_postgres

    server, stop = start_postgres()
    try:
        yield server
    finally:
        stop()
