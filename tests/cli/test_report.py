"""`packgen report PROGRAMME YEAR --out report.xlsx`: the recruitment figures as a workbook (a
summary sheet and one per hub) with the numbers /admin shows, the same bytes for the same
figures, and its exit statuses for an unknown programme or year or a missing database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import run_cli
from openpyxl import load_workbook
from web.recruitment_rows import SE9_PER_DAY, WM9_PER_DAY, two_hubs

from packgen.web.db import make_engine, parse_url, upgrade


def _database(sample: Path) -> None:
    """The sample's default database, made and filled with two hubs' applications and decisions."""
    (sample / "var").mkdir(exist_ok=True)
    engine = make_engine(parse_url(None, sample))
    upgrade(engine)
    two_hubs(engine)
    engine.dispose()


def _report(sample: Path, out: Path, *more: str):
    return run_cli("report", "number-sense", "2024-25", "--project", str(sample), "--out", str(out), *more)


def test_the_workbook_holds_the_summary_and_a_sheet_per_hub_with_its_days(sample: Path, tmp_path: Path) -> None:
    _database(sample)
    out = tmp_path / "report.xlsx"
    result = _report(sample, out, "--today", "2024-03-01")
    assert result.exit_code == 0, result.output
    assert result.output == f"2 hubs, 7 applications, 3 offered, 2 waiting -> {out}\n"
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "SE9", "WM9"]
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    assert summary[0] == ["Number Sense Work Groups 2024/25: recruitment on 2024-03-01"] + [None] * 13
    assert summary[2][:6] == ["Hub", "Code", "Region", "Places", "Applications", "Online"]
    assert summary[3] == [
        "Harbour Maths Hub", "SE9", "South East", None, 2, 2, 0, 0, 1, 0, 0, 1, dt.datetime(2024, 3, 22), 21,
    ]  # fmt: skip
    assert summary[4] == [
        "Riverside Maths Hub", "WM9", "West Midlands", 12, 5, 3, 2, 3, 1, 1, 0, 0, dt.datetime(2024, 3, 8), 7,
    ]  # fmt: skip
    assert summary[5][:11] == ["All hubs", None, None, 12, 7, None, None, 3, 2, 1, 0]
    wm9 = {row[0].value: row[1].value for row in wb["WM9"].iter_rows(max_row=14)}
    assert wm9["Hub"] == "Riverside Maths Hub (WM9)"
    assert (wm9["Places"], wm9["Applications"], wm9["Returned forms"], wm9["Offered"]) == (12, 5, 2, 3)
    assert (wm9["Waiting"], wm9["Not offered"], wm9["Days to the closing date"]) == (1, 1, 7)
    for code, expected in (("WM9", WM9_PER_DAY), ("SE9", SE9_PER_DAY)):
        rows = [[c.value for c in row] for row in wb[code].iter_rows(min_row=16)]
        assert rows[0] == ["Day", "Applications"]
        assert {day.date().isoformat(): n for day, n in rows[1:]} == expected

    again = tmp_path / "again.xlsx"
    assert _report(sample, again, "--today", "2024-03-01").exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # the same figures, the same bytes
    later = tmp_path / "later.xlsx"
    assert _report(sample, later, "--today", "2024-03-23").exit_code == 0
    assert load_workbook(later)["Summary"]["N5"].value == -15  # WM9 closed 15 days before


def test_an_unknown_programme_or_year_exits_2_naming_the_known_ones(sample: Path, tmp_path: Path) -> None:
    _database(sample)
    out = tmp_path / "report.xlsx"
    result = run_cli("report", "numbers", "2024-25", "--project", str(sample), "--out", str(out))
    assert result.exit_code == 2
    assert "command line: error: unknown programme 'numbers'; known: number-sense [programme.unknown]" in result.output
    result = run_cli("report", "number-sense", "2030-31", "--project", str(sample), "--out", str(out))
    assert result.exit_code == 2
    assert "no year '2030-31' for number-sense (no programmes/number-sense/2030-31.yaml); known: 2024-25" in (
        result.output
    )
    assert not out.exists()


def test_without_a_database_or_an_xlsx_name_it_says_so(sample: Path, tmp_path: Path) -> None:
    result = _report(sample, tmp_path / "report.xlsx")
    assert result.exit_code == 1
    assert "error: there is no database at" in result.output
    assert not (tmp_path / "report.xlsx").exists()
    result = _report(sample, tmp_path / "report.csv")
    assert result.exit_code == 2 and "must end in .xlsx, not 'report.csv'" in result.output
