"""`packgen allocate`: online and returned applications allocated together by the offer's rule,
printed as a table, stored only with --apply, the same every run, staff's changes kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import edit, run_cli
from sqlalchemy import update
from web.decisions_helpers import RULE, fill, returned_sheet

from packgen.cli.output import out
from packgen.web import allocation, store
from packgen.web.db import make_engine, parse_url, upgrade
from packgen.web.models import DecisionRow


@pytest.fixture
def hub(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    edit(sample / "hubs/WM9.yaml", *RULE)
    engine = make_engine(parse_url(None, sample))
    upgrade(engine)
    refs = fill(engine)
    sheet = returned_sheet(sample, tmp_path / "all.xlsx")
    monkeypatch.setattr(out, "width", 250)  # the whole table on one line per application
    yield sample, engine, refs, sheet
    engine.dispose()


def allocate(sample: Path, sheet: Path, *more: str):
    return run_cli(
        "allocate", "number-sense", "2024-25", "--hub", "WM9", "--project", str(sample), "--sheet", str(sheet), *more
    )


def outcomes(engine) -> dict[str, tuple[str, int | None, str]]:
    return {
        d.reference: (d.outcome, d.rank, d.proposed)
        for d in allocation.decisions(engine, "number-sense", "2024-25", "WM9")
    }


def test_without_apply_it_prints_the_table_and_writes_nothing(hub) -> None:
    sample, engine, refs, sheet = hub
    result = allocate(sample, sheet)
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines() if line.count("│") > 5}
    assert "School 100001" in lines[refs[1]] and "Riverside" in lines[refs[1]] and "offered" in lines[refs[1]]
    assert "2024-03-01 10:00:00" in lines[refs[1]]  # 9am UTC is 9am in England in March; one hour later
    assert "waiting list" in lines[refs[0]] and "│ 1 " in lines[refs[0]]
    assert "Another application from the same school" in lines[refs[2]]
    assert "not offered" in lines[refs[3]] and "School 100004 is closed" in lines[refs[3]]
    assert "Received after the closing date, Friday 8th March 2024." in lines[refs[4]]
    assert "No place" in lines[refs[5]]
    assert "offered" in lines["School 100003.pdf"] and "yes" in lines["School 100003.pdf"]
    assert (
        "7 applications, 2 places, rule priority_areas: 2 offered, 1 on the waiting list, 4 not offered."
        in result.output
    )
    assert "Nothing written: 7 decisions would be stored with --apply." in result.output
    assert outcomes(engine) == {}
    assert store.audit_log(engine) == []


def test_apply_stores_the_decisions_and_a_rerun_keeps_staffs_changes(hub) -> None:
    sample, engine, refs, sheet = hub
    first = allocate(sample, sheet, "--apply")
    assert first.exit_code == 0 and "7 decisions stored." in first.output
    assert [(a.action, a.actor, a.address, a.target, a.detail) for a in store.audit_log(engine)] == [
        ("decisions proposed", None, "command line", "WM9 number-sense 2024-25", "7 decisions by the rule")
    ]
    stored = outcomes(engine)
    assert stored == {
        refs[0]: ("waiting", 1, "waiting"),
        refs[1]: ("offered", None, "offered"),
        refs[2]: ("not_offered", None, "not_offered"),
        refs[3]: ("not_offered", None, "not_offered"),
        refs[4]: ("not_offered", None, "not_offered"),
        refs[5]: ("not_offered", None, "not_offered"),
        "School 100003.pdf": ("offered", None, "offered"),
    }
    # The same input gives the same decisions: a second run has nothing to write.
    assert "Nothing written: 0 decisions would be stored" in allocate(sample, sheet).output
    assert "0 decisions stored." in allocate(sample, sheet, "--apply").output
    # Staff offer the late school a place; a re-run (without the sheet, too) keeps it and the returned form.
    entry = store.Entry(_now(), "a@b.org", "decision changed", "10.0.0.1")
    allocation.change(engine, "number-sense", "2024-25", "WM9", refs[4], "offered", "Agreed by phone.", entry)
    rerun = run_cli("allocate", "number-sense", "2024-25", "--hub", "WM9", "--project", str(sample), "--apply")
    assert rerun.exit_code == 0, rerun.output
    after = outcomes(engine)
    assert after[refs[4]] == ("offered", None, "not_offered")
    # Staff's offer takes one of the two places: the first in-area school has the other, the returned
    # form (read back from the table, without the sheet) goes onto the list, and the list was full.
    assert after[refs[1]] == ("offered", None, "offered")
    assert after["School 100003.pdf"] == ("waiting", 1, "waiting")
    assert after[refs[0]] == ("not_offered", None, "not_offered")
    with engine.begin() as connection:
        connection.execute(update(DecisionRow).values(confirmed_at=_now()))
    assert "0 decisions stored." in allocate(sample, sheet, "--apply").output


def _now() -> dt.datetime:
    return dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)


def test_an_unknown_hub_or_programme_year_is_a_usage_error(hub) -> None:
    sample, _, _, sheet = hub
    unknown = allocate(sample, sheet, "--hub", "XX1")
    assert unknown.exit_code == 2 and "XX1 does not run number-sense 2024-25" in unknown.output
    wrong = run_cli("allocate", "number-sense", "2030-31", "--hub", "WM9", "--project", str(sample))
    assert wrong.exit_code == 2 and "no programme-year number-sense 2030-31" in wrong.output


def test_a_sheet_alone_is_allocated_without_a_database_but_not_stored(sample: Path, tmp_path: Path) -> None:
    edit(sample / "hubs/WM9.yaml", *RULE)
    sheet = returned_sheet(sample, tmp_path / "all.csv")
    shown = allocate(sample, sheet)
    assert shown.exit_code == 0, shown.output
    assert "1 application, 2 places, rule priority_areas: 1 offered" in shown.output
    assert "No schools register in the database: eligibility and priority areas were not checked." in shown.output
    refused = allocate(sample, sheet, "--apply")
    assert refused.exit_code == 2 and "there is no database at" in refused.output
    assert not (sample / "var").exists()
