"""A command line that starts at once: --help, check and a build with nothing to do import none of the
libraries that lay out documents (issue 13)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

HEAVY = ("weasyprint", "docx", "docxtpl", "pypdf", "fitz", "openpyxl")
PROBE = """
import sys
from packgen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print("IMPORTED", ",".join(sorted({m.split(".")[0] for m in sys.modules} & set(%r))))
""" % (HEAVY,)


def imported_by(*args: str) -> tuple[str, str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=600)
    line = next(l for l in result.stdout.splitlines() if l.startswith("IMPORTED"))
    return line.removeprefix("IMPORTED").strip(), result.stdout + result.stderr


@pytest.mark.parametrize("args", [("--help",), ("build", "--help")])
def test_help_imports_no_document_library(args: tuple[str, ...]) -> None:
    heavy, output = imported_by(*args)
    assert heavy == "", output
    assert "Usage:" in output


def test_check_imports_no_document_library(sample: Path) -> None:
    heavy, output = imported_by("check", "--project", str(sample), "--today", "2024-01-10")
    assert heavy == "", output
    assert "No problems found." in output


def test_a_build_with_nothing_to_do_imports_no_document_library(sample: Path) -> None:
    assert run_cli("build", "--project", str(sample), "--quiet").exit_code == 0
    heavy, output = imported_by("build", "--project", str(sample), "--quiet")
    assert heavy == "", output
    assert "Nothing to rebuild: all 12 documents" in output
    (sample / "build/2024-25/WM9/number-sense/information.pdf").unlink()
    heavy, output = imported_by("build", "--project", str(sample), "--quiet", "--jobs", "1")
    assert "1 built, 11 unchanged" in output
    assert heavy == "weasyprint", output  # an information PDF to lay out: WeasyPrint now, and only it
