"""scripts/setup.sh installs what building needs; --test adds what only the tests need (issue 16)."""

from __future__ import annotations

import subprocess

from conftest import REPO

TEST_ONLY = {
    "poppler-utils",
    "libreoffice-writer-nogui",
    "chromium",
    "chromium-driver",
    "postgresql",
    "default-jre-headless",
    "nginx",
}
BUILD = {"libharfbuzz-subset0", "libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation2", "fonts-dejavu-core"}


def dry_run(*args: str) -> dict[str, str]:
    result = subprocess.run(
        ["bash", str(REPO / "scripts/setup.sh"), *args, "--dry-run"], capture_output=True, text=True, check=True
    )
    return dict(line.split(": ", 1) for line in result.stdout.splitlines())


def test_setup_installs_only_what_building_needs() -> None:
    plan = dry_run()
    assert set(plan["system packages"].split()) == BUILD
    assert plan["python"] == ".venv with packgen from . (installed by uv)"
    assert "npm" not in plan


def test_setup_for_the_tests_adds_what_only_the_tests_need() -> None:
    plan = dry_run("--test")
    assert set(plan["system packages"].split()) == BUILD | TEST_ONLY
    assert plan["python"] == ".venv with packgen from .[test] (installed by uv)"
    assert plan["npm"] == "axe-core into tests/web/node_modules"


def test_an_unknown_option_is_refused() -> None:
    result = subprocess.run(["bash", str(REPO / "scripts/setup.sh"), "--tests"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == "setup.sh: unknown option --tests (known: --test, --dry-run)\n"
