"""Reading GIAS's extract: the shipped sample and GIAS's full column set, both encodings, and every
way a file can be wrong reported at its row and column, with no register at all."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from packgen.schools import gias
from packgen.schools.register import fold

from .conftest import NEEDED, SAMPLE, gias_csv, school

ACCENTED = "École Saint-Étienne – Niño “Brontë” St Chloë’s"


def test_the_sample_reads_every_school_with_gias_full_column_set() -> None:
    header = SAMPLE.read_bytes().split(b"\r\n", 1)[0].decode("cp1252").split(",")
    assert len(header) == 139 and header[:5] == ['"URN"', '"LA (code)"', '"LA (name)"', '"EstablishmentNumber"',
                                               '"EstablishmentName"']  # fmt: skip
    with pytest.raises(UnicodeDecodeError):
        SAMPLE.read_bytes().decode("utf-8")  # Windows-1252, as GIAS publishes
    register = gias.read(SAMPLE)
    assert register.date == dt.date(2025, 9, 1) and register.source == SAMPLE.name
    assert len(register.schools) == 300
    statuses = Counter(s.status for s in register.schools)
    assert statuses["Closed"] > 10 and statuses["Open"] > 200
    phases = Counter(s.phase for s in register.schools)
    for phase in ("Primary", "Secondary", "All-through", "Middle deemed primary", "Middle deemed secondary"):
        assert phases[phase], phase
    types = Counter(s.type for s in register.schools)
    for kind in ("Other independent school", "Community special school", "Academy converter"):
        assert types[kind], kind
    assert {s.la_name for s in register.schools} >= {"Birmingham", "Sandwell", "Dudley"}
    names = " ".join(s.name for s in register.schools)
    for character in "éñë–“”’":
        assert character in names, character
    first = register.schools[0]
    assert first.urn == 800003 and first.la_code == "333" and first.la_name == "Sandwell"
    assert (
        first.name == "Oak Bank Academy" and first.phase == "Secondary" and (first.low_age, first.high_age) == (11, 18)
    )
    assert first.open_date == dt.date(1971, 9, 1) and first.close_date is None


def test_the_sample_generator_repeats_its_bytes(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_gias_sample", SAMPLE.parents[2] / "tools" / "make_gias_sample.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path / SAMPLE.name, 300)
    assert (tmp_path / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"], ids=["windows-1252", "utf-8", "utf-8 with BOM"])
def test_accents_dashes_and_curly_quotes_read_right_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    rows = [school(100001, ACCENTED, Street="1 Rue de l’Église", Town="Montañez – on – Sea")]
    path.write_bytes(gias_csv(rows).encode(encoding))
    (read,) = gias.read(path).schools
    assert read.name == ACCENTED
    assert read.street == "1 Rue de l’Église" and read.town == "Montañez – on – Sea"
    assert fold(read.name) == 'ecole saint-etienne - nino "bronte" st chloe\'s'


def test_only_the_needed_columns_in_another_order_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    rows = [school(100001, "Alpha Primary", OpenDate="01-09-2010"), school(100002, "Beta Academy")]
    path.write_text(gias_csv(rows, list(reversed(NEEDED))), encoding="cp1252")
    alpha, beta = gias.read(path).schools
    assert (alpha.urn, alpha.name, alpha.open_date, alpha.la_name) == (
        100001,
        "Alpha Primary",
        dt.date(2010, 9, 1),
        "Sandwell",
    )
    assert beta.headteacher == "Mrs Ada Example" and beta.low_age == 4


def test_a_truncated_file_is_located_at_its_last_row_and_gives_no_register(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    lines = data.split(b"\r\n")
    cut = tmp_path / SAMPLE.name
    cut.write_bytes(data[: data.rindex(b"\r\n", 0, len(data) - 2) + 2 + len(lines[-2]) // 3])  # the last row cut
    with pytest.raises(gias.GiasError) as caught:
        gias.read(cut)
    kept = lines[-2][: len(lines[-2]) // 3].decode("cp1252")  # what is left of the last row
    fields = len(next(csv.reader([kept])))
    header = next(csv.reader([lines[0].decode("cp1252")]))
    assert caught.value.problems == [
        f"{cut}:301: column {header[fields - 1]}: the file ends inside this field: "
        f"the row has {fields} of the header's 139 fields (is it cut short?)"
    ]


def test_a_row_cut_inside_a_quoted_field_is_located(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    text = gias_csv([school(100001, "Alpha"), school(100002, "Beta")])
    path.write_text(text[: text.rindex('"Beta"') + 3], encoding="cp1252")
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert caught.value.problems == [
        f"{path}:3: column EstablishmentName: the file ends inside this field: "
        "the row has 2 of the header's 25 fields (is it cut short?)"
    ]


def test_a_short_row_inside_the_file_names_its_first_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    text = gias_csv([school(100001, "Alpha"), school(100002, "Beta")])
    lines = text.split("\r\n")
    lines[1] = lines[1][: lines[1].index('"Sandwell"') - 1]  # row 2 stops before LA (name)
    path.write_text("\r\n".join(lines), encoding="cp1252")
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert caught.value.problems == [
        f"{path}:2: column LA (name): missing: the row has 9 of the header's 25 fields (is the file cut short?)"
    ]


def test_a_missing_column_is_named_at_the_header_row(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    columns = [c for c in NEEDED if c not in ("HeadLastName", "CloseDate")]
    path.write_text(gias_csv([school(100001, "Alpha")], columns), encoding="cp1252")
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert caught.value.problems == [
        f"{path}:1: column HeadLastName: missing from the header row",
        f"{path}:1: column CloseDate: missing from the header row",
    ]


def test_every_bad_value_is_reported_at_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    rows = [
        school(100001, "Good"),
        school(100002, "Bad date", OpenDate="31-02-2020"),
        {**school(0, "Bad URN"), "URN": "10000A"},
        school(100004, "Bad age", StatutoryHighAge="eleven"),
        school(100001, "Twice"),
    ]
    path.write_text(gias_csv(rows), encoding="cp1252")
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert caught.value.problems == [
        f"{path}:3: column OpenDate: '31-02-2020' is not a date (GIAS writes dates as DD-MM-YYYY)",
        f"{path}:4: column URN: '10000A' is not a URN (a whole number, six digits)",
        f"{path}:5: column StatutoryHighAge: 'eleven' is not an age in years",
        f"{path}:6: column URN: 100001 is also the URN of row 2",
    ]


def test_a_byte_neither_utf8_nor_windows_1252_is_located_at_its_column(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    data = gias_csv([school(100001, "Alpha"), school(100002, "Caf\u00e9 Beta")]).encode("cp1252")
    path.write_bytes(data.replace(b"Caf\xe9", b"Caf\x81"))
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert caught.value.problems == [
        f"{path}:3: column EstablishmentName: byte 0x81 is neither UTF-8 nor Windows-1252 text"
    ]


def test_a_file_that_says_it_is_utf8_by_its_mark_is_held_to_it(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    data = gias_csv([school(100001, "Alpha"), school(100002, "Beta", Town="Telford")]).encode("utf-8-sig")
    path.write_bytes(data.replace(b"Telford", b"T\xe9lford"))  # a Windows-1252 é in a UTF-8 file
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert caught.value.problems == [f"{path}:3: column Town: byte 0xE9 is not UTF-8 text, which the file says it is"]


def test_a_file_far_bigger_than_gias_whole_extract_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gias, "MAX_BYTES", 2**20)
    path = tmp_path / "edubasealldata20250102.csv"
    path.write_text(gias_csv([school(100000 + i, "X" * 1000) for i in range(1100)]), encoding="cp1252")
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert caught.value.problems == [
        f"{path}: the file is 1 MB; GIAS's whole extract is about 60 MB: is it the right file?"
    ]


def test_past_twenty_problems_the_rest_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250102.csv"
    path.write_text(gias_csv([school(100000 + i, "X", OpenDate="soon") for i in range(25)]), encoding="cp1252")
    with pytest.raises(gias.GiasError) as caught:
        gias.read(path)
    assert len(caught.value.problems) == 20 and caught.value.more == 5
    assert str(caught.value).endswith("… and 5 more")


def test_the_date_comes_from_the_file_name_or_is_given(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_text(gias_csv([school(100001, "Alpha")]), encoding="cp1252")
    with pytest.raises(gias.GiasError, match="cannot tell the register's date from the file's name"):
        gias.read(path)
    assert gias.read(path, dt.date(2025, 1, 2)).date == dt.date(2025, 1, 2)
    assert gias.date_of(Path("edubasealldata20240229.csv")) == dt.date(2024, 2, 29)
    assert gias.date_of(Path("edubasealldata20230229.csv")) is None
