"""hub.area (check/areas.py): a hub's and an offer's areas against the register's local authorities,
read from the database, else the project's GIAS file in data/schools/, else not checked (with a note)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, edit, line_of, run_cli

from packgen.check.areas import DEFAULT_DATABASE, NotChecked, find_authorities

GIAS = REPO / "data" / "schools" / "edubasealldata20250901.csv"


@pytest.fixture
def misspelt(sample: Path) -> Path:
    """The sample with WM9's areas set to Sandwell misspelt and Walsall, an offer's to a place no register
    names, and the shipped GIAS sample in data/schools/."""
    (sample / "data" / "schools").mkdir(parents=True)
    shutil.copy(GIAS, sample / "data" / "schools")
    edit(sample / "hubs/WM9.yaml", "areas: [Riverside, Hillford]", "areas: [Sandwel, Walsall]")
    edit(sample / "hubs/WM9.yaml", "      places: 12\n", "      places: 12\n      areas: [Walsall, Narnia]\n")
    return sample


def test_a_misspelt_area_is_an_error_at_its_place_with_the_fix(misspelt: Path) -> None:
    result = run_cli("check", "--project", str(misspelt), "--today", "2024-01-10")
    hub = misspelt / "hubs/WM9.yaml"
    area_line = line_of(hub, "areas: [Sandwel")
    offer_line = line_of(hub, "areas: [Walsall, Narnia]")
    lines = [line for line in result.stdout.splitlines() if "[hub.area]" in line]
    assert lines == [
        f"hubs/WM9.yaml:{area_line}:9: error: Sandwel is not a local authority: did you mean Sandwell? [hub.area]",
        f"hubs/WM9.yaml:{offer_line}:24: error: Narnia is not a local authority in the register of schools "
        "(data/schools/edubasealldata20250901.csv) [hub.area]",
    ]
    assert result.exit_code == 1
    assert "note:" not in result.stderr


def test_the_shipped_data_raises_no_alarm() -> None:
    found = find_authorities(REPO)
    assert not isinstance(found, NotChecked) and "Sandwell" in found.names
    result = run_cli("check", "--project", str(REPO), "--strict", "--today", "2024-01-10")
    assert result.stdout == "No problems found.\n" and result.exit_code == 0
    assert result.stderr == ""


def test_without_a_register_the_areas_are_not_checked_and_the_command_says_so(sample: Path) -> None:
    edit(sample / "hubs/WM9.yaml", "areas: [Riverside, Hillford]", "areas: [Sandwel]")
    result = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert "[hub.area]" not in result.stdout
    assert "note: hubs' areas were not checked against the register of schools: no register of schools" in (
        result.stderr
    )


def test_the_register_in_the_database_comes_first(misspelt: Path, tmp_path: Path) -> None:
    """A register imported into the project's default database is the one checked against, and a
    database named with --database is read the same way."""
    # A register with Walsall only: its Sandwell is no more, so "Sandwel" finds nothing close.
    small = tmp_path / "edubasealldata20250902.csv"
    rows = GIAS.read_bytes().splitlines(keepends=True)
    small.write_bytes(rows[0] + b"".join(r for r in rows[1:] if b'"Walsall"' in r or b",Walsall," in r))
    imported = run_cli("schools", "import", str(small), "--project", str(misspelt))
    assert imported.exit_code == 0, imported.output
    assert (misspelt / DEFAULT_DATABASE).is_file()
    result = run_cli("check", "--project", str(misspelt), "--today", "2024-01-10")
    assert (
        "Sandwel is not a local authority in the register of schools (the register in var/applications.sqlite3)"
        in result.stdout
    )
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert run_cli("schools", "import", str(GIAS), "--project", str(misspelt), "--database", other).exit_code == 0
    named = run_cli("check", "--project", str(misspelt), "--today", "2024-01-10", "--database", other)
    assert "Sandwel is not a local authority: did you mean Sandwell?" in named.stdout


def test_the_default_database_is_the_servers() -> None:
    from packgen.web.db import DEFAULT_FILE

    assert DEFAULT_DATABASE == DEFAULT_FILE
