"""collect with the schools register (collect/register.py): the register's name and LA as columns of
the sheet, and a problem for an unknown URN, a closed school and a name that is not the URN's."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import REPO, run_cli
from test_collect import MR, filled, good_values

from packgen.collect import collect
from packgen.collect.register import same_name
from packgen.collect.sheet import header, to_csv
from packgen.schools import gias

GIAS = REPO / "data" / "schools" / "edubasealldata20250901.csv"


def _lookup():
    schools = {s.urn: s for s in gias.read(GIAS).schools}
    return schools.get


def test_the_registers_name_and_la_are_columns_and_a_wrong_name_is_flagged(forms_built: Path, tmp_path: Path) -> None:
    cases = {
        "right.pdf": ("800006", "Fern Heath Primary"),  # "School" left out: the same name
        "wrong.pdf": ("800003", "Fern Heath Primary School"),  # Oak Bank Academy's URN
        "closed.pdf": ("800082", "Kestrel Heath Primary Academy"),
        "unknown.pdf": ("999999", "Nowhere School"),
    }
    for name, (urn, school) in cases.items():
        values = dict(good_values(*MR, urn=urn), **{"school.name": school})
        (tmp_path / name).write_bytes(filled(forms_built, MR, "pdf", values))
    result = collect([tmp_path], REPO, schools=_lookup())
    assert header(result)[-5:] == ["register name", "register LA", "priority area", "status", "problems"]
    rows = {Path(r["source"]).name: r for r in csv.DictReader(io.StringIO(to_csv(result).decode("utf-8-sig")))}
    right = rows["right.pdf"]
    assert (right["register name"], right["register LA"], right["status"]) == (
        "Fern Heath Primary School",
        "Walsall",
        "ok",
    )
    wrong = rows["wrong.pdf"]
    assert wrong["register name"] == "Oak Bank Academy" and wrong["status"] == "problems"
    # WM1's mastery-readiness offer gives priority to Birmingham, Sandwell and Dudley: Oak Bank is in
    # Sandwell, Fern Heath in Walsall; an unknown school is neither.
    assert (wrong["priority area"], right["priority area"], rows["unknown.pdf"]["priority area"]) == ("yes", "no", "")
    assert "the school's name 'Fern Heath Primary School' is not the register's for URN 800003" in wrong["problems"]
    assert "Kestrel Heath Primary Academy is closed" in rows["closed.pdf"]["problems"]
    assert (
        rows["unknown.pdf"]["register name"] == "" and "No school has the URN 999999" in rows["unknown.pdf"]["problems"]
    )


def test_without_a_register_the_sheet_is_as_before(forms_built: Path, tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(filled(forms_built, MR, "pdf", good_values(*MR, urn="800006")))
    result = collect([tmp_path], REPO)
    assert "register name" not in header(result) and result.applications[0].problems == []


def test_the_cli_uses_the_register_in_the_database(forms_built: Path, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'apps.sqlite3'}"
    imported = run_cli("schools", "import", str(GIAS), "--database", database, "--project", str(REPO))
    assert imported.exit_code == 0, imported.output
    forms = tmp_path / "forms"
    forms.mkdir()
    values = dict(good_values(*MR, urn="800003"), **{"school.name": "Fern Heath Primary School"})
    (forms / "wrong.pdf").write_bytes(filled(forms_built, MR, "pdf", values))
    out = tmp_path / "out.csv"
    run_cli("collect", str(forms), "--out", str(out), "--project", str(REPO), "--database", database)
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert row["register name"] == "Oak Bank Academy" and row["register LA"] == "Sandwell"
    assert "is not the register's for URN 800003" in row["problems"]


def test_the_offers_areas_come_before_the_hubs(tmp_path: Path) -> None:
    """WM1's teaching-for-mastery-development offer names Birmingham and Sandwell only: Dudley, one of
    the hub's own areas, is not a priority there, and it is in the hub's other forms."""
    from packgen.collect.register import areas_of
    from packgen.model.project import load_project

    areas = areas_of(load_project(REPO))
    assert areas[("teaching-for-mastery-development", "2024-25", "WM1")] == ("Birmingham", "Sandwell")
    assert areas[("mastering-number", "2025-26", "WM1")] == ("Birmingham", "Sandwell", "Dudley")


def test_names_match_give_or_take_case_punctuation_and_school() -> None:
    assert same_name("st marys c of e primary", "St Mary's C of E Primary School")
    assert same_name("Fern Heath Primary", "Fern Heath Primary School")
    assert not same_name("Oak Bank Academy", "Fern Heath Primary School")
