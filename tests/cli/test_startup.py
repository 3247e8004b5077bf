"""A command line that starts at once: --help, check and a build with nothing to do import none of the
libraries that lay out documents, finish PDFs, read pictures or serve the web forms (issue 13)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, edit, run_cli

HEAVY = (
    "weasyprint",
    "docx",
    "docxtpl",
    "pypdf",
    "fitz",
    "openpyxl",
    "pikepdf",
    "fontTools",
    "PIL",
    "lxml",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "argon2",
    "psycopg",
    "packgen.web",
)
PROBE = """
import sys
from packgen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
heavy = {name for name in HEAVY for m in sys.modules if m == name or m.startswith(name + ".")}
print("IMPORTED", ",".join(sorted(heavy)))
""".replace("HEAVY", repr(HEAVY))
PROGRAMME = "programmes/number-sense/2024-25.yaml"


@pytest.fixture
def pictured(sample: Path) -> Path:
    """The sample project with a hub logo and a picture in the wording, as the real packs have."""
    shutil.copytree(REPO / "assets", sample / "assets")
    edit(
        sample / "hubs/WM9.yaml",
        "region: West Midlands\n",
        "region: West Midlands\nlogo: {src: assets/north-mids-maths-hub-logo.png, alt: WM9's logo}\n",
    )
    edit(
        sample / PROGRAMME,
        "      - bullets:\n",
        "      - {image: assets/bar-model.png, alt: A bar model of 12 as 7 and 5}\n      - bullets:\n",
    )
    return sample


def imported_by(*args: str) -> tuple[str, str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=600)
    line = next(out for out in result.stdout.splitlines() if out.startswith("IMPORTED"))
    return line.removeprefix("IMPORTED").strip(), result.stdout + result.stderr


@pytest.mark.parametrize("args", [("--help",), ("build", "--help")])
def test_help_imports_no_document_library(args: tuple[str, ...]) -> None:
    heavy, output = imported_by(*args)
    assert heavy == "", output
    assert "Usage:" in output


def test_check_imports_no_document_library(pictured: Path) -> None:
    heavy, output = imported_by("check", "--project", str(pictured), "--today", "2024-01-10")
    # check fills the Word templates and parses what they give (lxml), and loading a Word template
    # runs docxtpl's own clean-up of its tags, so imports docxtpl and python-docx (issue 20: issue 13's
    # copy of that one method out of docxtpl's source is gone). With lxml already loaded that costs
    # 40-160 ms of `packgen check` (python -X importtime, 4 runs on a busy 2-core machine).
    assert heavy == "docx,docxtpl,lxml", output
    assert "No problems found." in output


def test_a_build_with_nothing_to_do_imports_no_document_library(pictured: Path) -> None:
    assert run_cli("build", "--project", str(pictured), "--quiet").exit_code == 0
    heavy, output = imported_by("build", "--project", str(pictured), "--quiet")
    assert heavy == "", output
    assert "Nothing to rebuild: all 12 documents" in output
    (pictured / "build/2024-25/WM9/number-sense/information.pdf").unlink()
    heavy, output = imported_by("build", "--project", str(pictured), "--quiet", "--jobs", "1")
    assert "1 built, 11 unchanged" in output
    # An information PDF to lay out: WeasyPrint (which itself imports Pillow, fontTools and lxml)
    # and the pikepdf post-pass; nothing the Word files, the form's reading back or the web need.
    assert heavy == "PIL,fontTools,lxml,pikepdf,weasyprint", output


def test_a_server_loads_no_document_library_until_it_fills_a_form(sample: Path) -> None:
    """Each process of `packgen serve` holds what it imports (pypdf with the fontTools and Pillow it
    brings is about 9 MiB): the app, made and serving a question page, needs none of these."""
    probe = f"""
import sys
from starlette.testclient import TestClient
from packgen.web.app import create_app
from packgen.web.config import Settings
with TestClient(create_app(Settings(project=sys.argv[1]))) as client:
    assert client.get("/").status_code == 200
heavy = {{name for name in {HEAVY!r} for m in sys.modules if m == name or m.startswith(name + ".")}}
print("IMPORTED", ",".join(sorted(heavy)))
"""
    result = subprocess.run([sys.executable, "-c", probe, str(sample)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # lxml: the Word form's filling and the HTML checks read XML; the web and its database by design
    assert result.stdout.split()[-1] == "alembic,argon2,lxml,packgen.web,sqlalchemy,starlette", result.stdout
