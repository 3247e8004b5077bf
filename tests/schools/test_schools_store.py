"""The register in the database, on SQLite and PostgreSQL: made by the migrations, replaced whole in
one transaction, the changes between two registers counted, and found by any word."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from packgen.schools import gias, store
from packgen.web.db import make_engine, parse_url, upgrade
from packgen.web.models import Base

from .conftest import SAMPLE, gias_csv, school

NOW = dt.datetime(2025, 9, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def engine(database: str, tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(parse_url(database, tmp_path))
    upgrade(engine)
    yield engine
    engine.dispose()


def register_of(tmp_path: Path, day: str, rows: list[dict[str, str]]) -> gias.Register:
    path = tmp_path / f"edubasealldata{day}.csv"
    path.write_text(gias_csv(rows), encoding="cp1252")
    return gias.read(path)


def test_the_migrations_make_the_register_tables_exactly(engine: Engine) -> None:
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert {"schools", "school_register"} <= set(Base.metadata.tables)


def test_the_sample_is_stored_value_for_value(engine: Engine) -> None:
    register = gias.read(SAMPLE)
    changes = store.replace(engine, register, NOW)
    assert changes.previous is None
    assert store.info(engine) == store.Info(dt.date(2025, 9, 1), SAMPLE.name, 300, NOW)
    for school_ in register.schools[::37]:
        assert store.get(engine, school_.urn) == school_
    assert store.get(engine, 123456) is None
    assert store.la_names(engine) == {s.la_name for s in register.schools}


def test_a_newer_register_replaces_the_old_and_says_what_changed(engine: Engine, tmp_path: Path) -> None:
    old = register_of(
        tmp_path,
        "20250101",
        [
            school(100001, "Alpha Primary"),
            school(100002, "Beta Primary"),
            school(100003, "Gamma Primary"),
            school(100004, "Delta Primary"),
            school(100005, "Epsilon Primary", **{"EstablishmentStatus (name)": "Proposed to open"}),
        ],
    )
    store.replace(engine, old, NOW)
    new = register_of(
        tmp_path,
        "20250201",
        [
            school(100001, "Alpha Primary"),
            school(100002, "Beta Primary", **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-01-2025"}),
            school(100003, "Gamma Church Primary"),
            school(100004, "Delta Primary", **{"LA (code)": "332", "LA (name)": "Dudley"}),
            school(100005, "Epsilon Primary"),
            school(100006, "Zeta Academy"),
        ],
    )
    changes = store.replace(engine, new, NOW)
    assert changes.previous is not None and changes.previous.date == dt.date(2025, 1, 1)
    assert changes.counts == {"opened": 2, "closed": 1, "renamed": 1, "moved LA": 1}
    assert changes.examples["opened"] == [(100005, "Epsilon Primary", "Sandwell"), (100006, "Zeta Academy", "Sandwell")]
    assert changes.examples["closed"] == [(100002, "Beta Primary", "Sandwell")]
    assert changes.examples["renamed"] == [(100003, "Gamma Church Primary", "was Gamma Primary")]
    assert changes.examples["moved LA"] == [(100004, "Delta Primary", "Sandwell -> Dudley")]
    assert store.info(engine).date == dt.date(2025, 2, 1)
    assert store.get(engine, 100002).close_date == dt.date(2025, 1, 31)
    gone = register_of(tmp_path, "20250301", [school(100001, "Alpha Primary")])
    changes = store.replace(engine, gone, NOW)
    assert changes.counts["closed"] == 4  # the open ones no longer listed
    assert (100006, "Zeta Academy", "no longer in the register") in changes.examples["closed"]
    assert store.get(engine, 100006) is None


def test_an_older_file_is_refused_unless_allowed(engine: Engine, tmp_path: Path) -> None:
    store.replace(engine, register_of(tmp_path, "20250201", [school(100001, "New")]), NOW)
    older = register_of(tmp_path, "20250101", [school(100001, "Old")])
    with pytest.raises(store.OlderRegister, match="already from 2025-02-01"):
        store.replace(engine, older, NOW)
    assert store.get(engine, 100001).name == "New"
    store.replace(engine, older, NOW, allow_older=True)
    assert store.get(engine, 100001).name == "Old"


def test_a_failed_import_leaves_the_previous_register_whole(engine: Engine, tmp_path: Path) -> None:
    store.replace(engine, register_of(tmp_path, "20250101", [school(100001, "Alpha"), school(100002, "Beta")]), NOW)
    good = register_of(tmp_path, "20250201", [school(100003, "Gamma"), school(100004, "Delta")])
    twice = dataclasses.replace(good, schools=(*good.schools, good.schools[0]))  # the database refuses it
    with pytest.raises(IntegrityError):
        store.replace(engine, twice, NOW)
    assert store.info(engine).date == dt.date(2025, 1, 1)
    assert [store.get(engine, u) is not None for u in (100001, 100002, 100003)] == [True, True, False]


def test_two_imports_at_once_take_turns(engine: Engine, tmp_path: Path) -> None:
    """The same newer file imported twice at once: one replaces the register, the other finds it
    already that new and is refused, and the register is whole."""
    store.replace(engine, register_of(tmp_path, "20250101", [school(100001, "Alpha")]), NOW)
    newer = register_of(tmp_path, "20250201", [school(100000 + i, f"School {i}") for i in range(2000)])
    outcomes: list[str] = []

    def run() -> None:
        try:
            store.replace(engine, newer, NOW)
            outcomes.append("replaced")
        except store.OlderRegister:
            outcomes.append("refused")
        except Exception as exc:  # whatever else went wrong, shown in the assertion
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "replaced"]
    assert store.info(engine).schools == 2000 and store.get(engine, 101999).name == "School 1999"


def test_find_ignores_case_and_accents_and_puts_open_schools_first(engine: Engine, tmp_path: Path) -> None:
    rows = [
        school(100001, "École Sainte-Thérèse", Town="Dudley", Postcode="DY1 1AA"),
        school(100002, "Ecole Road Primary", **{"EstablishmentStatus (name)": "Closed"}),
        school(100003, "Brontë Academy", **{"LA (name)": "Wolverhampton"}),
        school(100004, "100% Primary_School"),
        school(100005, "Ecole Annexe"),
    ]
    store.replace(engine, register_of(tmp_path, "20250101", rows), NOW)

    def urns(text: str, limit: int = 20) -> list[int]:
        return [s.urn for s in store.find(engine, text, limit)[0]]

    assert urns("ECOLE") == [100005, 100001, 100002]  # open first, then by name
    assert urns("ecole therese") == [100001]
    assert urns("bronte") == urns("BRONTË") == [100003]
    assert urns("dy11aa") == urns("dy1 1aa") == [100001]
    assert urns("wolverhampton") == [100003]
    assert urns("100%") == [100004] and urns("_") == [100004]  # LIKE's wildcards are letters here
    assert store.find(engine, "ecole", 1) == ([store.get(engine, 100005)], 3)
    assert urns("   ") == []


def test_a_server_sees_a_register_another_process_imports_within_absent_seconds(
    engine: Engine, database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of the form asks whether there is a register: "none" is believed for
    ABSENT_SECONDS and then asked again; an import through the same engine is seen at once."""
    other = make_engine(parse_url(database, tmp_path))  # `packgen schools import`, beside the server
    try:
        assert store.known_imported(engine) is None  # not asked yet: a query (the server's, in a thread)
        assert store.imported(engine) is False
        store.replace(other, gias.read(SAMPLE), NOW)
        assert store.imported(other) is True
        assert store.imported(engine) is False  # believed a little longer
        assert store.known_imported(engine) is False  # so known without a query, on the event loop
        monkeypatch.setattr(store, "ABSENT_SECONDS", 0.0)
        assert store.known_imported(engine) is None
        assert store.imported(engine) is True
        assert store.known_imported(engine) is True  # for good: nothing removes a register
    finally:
        other.dispose()
