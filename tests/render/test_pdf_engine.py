"""The PDF engine: a build says once when WeasyPrint cannot subset fonts with HarfBuzz (PDFs 2-3x slower)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli


def test_no_warning_when_harfbuzz_subset_is_there(sample: Path) -> None:
    from weasyprint.text import ffi

    assert ffi.harfbuzz_subset is not None  # scripts/setup.sh installs libharfbuzz-subset0
    result = run_cli("build", "--project", str(sample), "--quiet", "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 0
    assert "build.slow" not in result.output


def test_a_build_warns_once_when_weasyprint_runs_without_harfbuzz_subset(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)  # what WeasyPrint sets when the library is missing
    result = run_cli("build", "--project", str(sample), "--quiet", "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "[build.slow]" in line]
    assert warnings == [
        "WeasyPrint: warning: WeasyPrint cannot use HarfBuzz's font subsetter (install libharfbuzz-subset0, as "
        "scripts/setup.sh does): PDFs are written two to three times slower [build.slow]"
    ]
    assert "4 built" in result.output
    again = run_cli("build", "--project", str(sample), "--quiet", "--format", "html", "--jobs", "1")
    assert "build.slow" not in again.output  # no PDF to lay out, nothing to say
