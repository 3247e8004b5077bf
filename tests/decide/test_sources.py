"""The applications the engine reads from collect's spreadsheet: returned forms with their arrival
time as UK time, a stable reference from the file's name, online rows as online."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from packgen.collect.applications import Collection
from packgen.collect.sheet import write_sheet
from packgen.decide.sources import SheetError, read_sheet, returned
from packgen.forms.applications import Application, FormKind
from packgen.forms.spec import Identity, answers
from packgen.model.project import load_project
from packgen.resolve import resolve_pack


def sheet_of(sample: Path, tmp_path: Path, suffix: str) -> tuple[Path, tuple]:
    project = load_project(sample)
    py = project.programmes[0]
    form = answers(resolve_pack(project, py, project.hub("WM9")).form)
    kind = FormKind(Identity("number-sense", "2024-25", "WM9"), "Riverside Maths Hub", form)
    values = {"school.name": "Riverside Primary", "school.urn": "123456", "school.email": "=office@example.org"}
    apps = [
        Application(Path("in/Riverside form.pdf"), dt.datetime(2024, 3, 1, 16, 30, 5), kind, dict(values)),
        Application("online:WM9-K7Q3-M9XD", dt.datetime(2024, 3, 2, 9, 0), kind, {**values, "school.urn": "654321"}),
    ]
    out = tmp_path / f"all{suffix}"
    write_sheet(Collection(apps, [], ("school.name", "school.urn", "school.email"), None), out)
    return out, form


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_sheet_gives_returned_and_online_applicants(sample: Path, tmp_path: Path, suffix: str) -> None:
    path, form = sheet_of(sample, tmp_path, suffix)
    got = list(returned(read_sheet(path), "number-sense", "2024-25", "WM9", form))
    assert [(a.reference, a.source, a.urn, a.school_name) for a in got] == [
        ("Riverside form.pdf", "returned", "123456", "Riverside Primary"),
        ("WM9-K7Q3-M9XD", "online", "654321", "Riverside Primary"),
    ]
    # The arrival time is read as UK time (GMT in March); the defused formula is an address again.
    assert got[0].received_at == dt.datetime(2024, 3, 1, 16, 30, 5, tzinfo=dt.UTC)
    assert got[0].email == "=office@example.org"
    assert list(returned(read_sheet(path), "number-sense", "2024-25", "SE9", form)) == []


def test_a_spreadsheet_without_collects_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,urn\nA,123456\n", encoding="utf-8")
    with pytest.raises(SheetError, match="not a spreadsheet of packgen collect"):
        read_sheet(path)
