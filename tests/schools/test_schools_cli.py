"""`packgen schools import`, `show` and `find` as people run them: what they print and their exit status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from packgen.cli import main

from .conftest import SAMPLE, gias_csv, school


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project (hubs/ and programmes/), whose default database is var/applications.sqlite3."""
    for name in ("hubs", "programmes"):
        (tmp_path / "project" / name).mkdir(parents=True)
    return tmp_path / "project"


def run(project: Path, *args: str, database: str | None = None) -> tuple[int, str, str]:
    extra = ["--database", database] if database else []
    result = CliRunner().invoke(main, ["schools", *args, "--project", str(project), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_import_show_and_find_on_the_sample_in_the_default_database(project: Path) -> None:
    code, out, err = run(project, "import", str(SAMPLE))
    assert code == 0, err
    assert out.startswith(
        "Imported 300 schools (268 open) from edubasealldata20250901.csv, GIAS's register of 2025-09-01, in "
    )
    assert (project / "var" / "applications.sqlite3").is_file()
    code, out, err = run(project, "show", "800003")
    assert code == 0
    assert out.splitlines()[:5] == [
        "URN:             800003",
        "Name:            Oak Bank Academy",
        "Status:          Open",
        "Type:            Academy converter (Academies)",
        "Phase:           Secondary",
    ]
    assert "Local authority: Sandwell (333)\n" in out and "Register:        GIAS, 2025-09-01" in out
    code, out, err = run(project, "find", "montanez")
    assert (code, out) == (0, "800127  Montañez House School, Walsall, WS52 3FQ  Walsall  Primary\n")
    code, out, err = run(project, "find", "sandwell", "-n", "2")
    assert code == 0 and len(out.splitlines()) == 2 and "Sandwell" in out
    assert err.startswith("… ") and "more: narrow the search, or give --limit" in err


def test_show_and_find_say_plainly_when_there_is_nothing(project: Path) -> None:
    code, out, err = run(project, "show", "800003")
    assert (code, out) == (1, "")
    assert err == "error: there is no school register yet: run packgen schools import edubasealldataYYYYMMDD.csv\n"
    assert not (project / "var").exists()  # looking made no database
    run(project, "import", str(SAMPLE))
    assert run(project, "show", "123456") == (1, "", "No school has the URN 123456 in the register of 2025-09-01.\n")
    assert run(project, "find", "no such school") == (1, "", "No school matches 'no such school'.\n")
    code, _, err = run(project, "show", "12x")
    assert code == 2 and "'12x' is not a URN" in err


def test_a_bad_file_is_reported_and_the_previous_register_stays(project: Path, tmp_path: Path) -> None:
    assert run(project, "import", str(SAMPLE))[0] == 0
    newer = tmp_path / "edubasealldata20251001.csv"
    data = SAMPLE.read_bytes()
    newer.write_bytes(data[: len(data) - 200])  # cut in the last row
    code, out, err = run(project, "import", str(newer))
    assert code == 1 and out == ""
    first, last = err.splitlines()[0], err.splitlines()[-1]
    assert first.startswith(f"{newer}:301: column ") and "the file ends inside this field" in first
    assert last == "Nothing was imported; the register is as it was."
    assert "Register:        GIAS, 2025-09-01" in run(project, "show", "800003")[1]
    missing = tmp_path / "edubasealldata20251101.csv"
    missing.write_text(gias_csv([school(100001, "Alpha")]).replace('"Postcode",', ""), encoding="cp1252")
    code, out, err = run(project, "import", str(missing))
    assert code == 1
    assert err.splitlines()[0] == f"{missing}:1: column Postcode: missing from the header row"
    assert run(project, "find", "alpha")[0] == 1


def test_a_newer_file_reports_what_changed(project: Path, tmp_path: Path, database: str) -> None:
    first = tmp_path / "edubasealldata20250101.csv"
    first.write_text(gias_csv([school(100000 + i, f"School {i}") for i in range(8)]), encoding="cp1252")
    assert run(project, "import", str(first), database=database)[0] == 0
    second = tmp_path / "second.csv"
    rows = [school(100000 + i, f"School {i}") for i in range(1, 8)] + [school(100008, "Élan Free School")]
    rows[0]["EstablishmentName"] = "Renamed School"
    second.write_text(gias_csv(rows), encoding="utf-8-sig")
    code, out, err = run(project, "import", str(second), "--date", "2025-02-01", database=database)
    assert code == 0, err
    assert out.splitlines()[1:] == [
        "Since the register of 2025-01-01 (edubasealldata20250101.csv):",
        "  opened: 1",
        "    100008 Élan Free School (Sandwell)",
        "  closed: 1",
        "    100000 School 0 (no longer in the register)",
        "  renamed: 1",
        "    100001 Renamed School (was School 1)",
        "  moved LA: 0",
    ]
    code, out, err = run(project, "import", str(first), database=database)
    assert code == 1
    assert err == (
        "error: the register is already from 2025-02-01 (second.csv); this file is from 2025-01-01: "
        "nothing was imported (--allow-older imports it all the same)\n"
    )


def test_the_headteachers_name_is_shown_but_never_in_an_imports_report(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "edubasealldata20250101.csv"
    first.write_text(gias_csv([school(100001, "Alpha", HeadLastName="Quarrington")]), encoding="cp1252")
    second = tmp_path / "edubasealldata20250201.csv"
    second.write_text(gias_csv([school(100002, "Beta", HeadLastName="Quarrington")]), encoding="cp1252")
    outputs = [run(project, "import", str(path)) for path in (first, second)]
    assert all(code == 0 for code, _, _ in outputs)
    assert not any("Quarrington" in out + err for _, out, err in outputs)
    assert "Headteacher:     Mrs Ada Quarrington" in run(project, "show", "100002")[1]


def test_the_sample_imports_from_a_copy_under_any_name_with_date(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "gias.csv"
    shutil.copy(SAMPLE, copy)
    code, out, err = run(project, "import", str(copy))
    assert code == 1 and "cannot tell the register's date" in err
    code, out, err = run(project, "import", str(copy), "--date", "2025-09-01")
    assert code == 0 and "from gias.csv, GIAS's register of 2025-09-01" in out
