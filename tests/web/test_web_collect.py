"""`packgen collect inbox/ --database URL`: emailed forms and online applications in one sheet,
a school that applied both ways flagged in both rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import run_cli
from formfill import fill_pdf
from openpyxl import load_workbook

from web.web_helpers import FORM, GOOD, apply, reference_of


def database_url(server) -> str:
    return server.database or f"sqlite:///{server.project / 'var' / 'applications.sqlite3'}"


def test_emailed_and_online_applications_in_one_sheet_with_duplicates_flagged_across_both(
    server, tmp_path: Path
) -> None:
    client = server.client()
    reference = reference_of(apply(client))
    other = reference_of(apply(client, {**GOOD, "school.urn": "999999", "school.name": "Hillford Infants"}))
    # The same school also emailed the PDF form, filled in by another program.
    blank = client.get(f"{FORM}/application-form.pdf").content
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "riverside.pdf").write_bytes(
        fill_pdf(blank, {**GOOD, "plans.previous": "No"}, radio=frozenset({"plans.previous"}))
    )
    out = tmp_path / "all.xlsx"
    result = run_cli(
        "collect", str(inbox), "--database", database_url(server), "--out", str(out), "--project", str(server.project)
    )
    assert result.exit_code == 0, result.output
    assert "1 files and 2 online applications: 1 ok, 2 with problems, 0 rejected" in result.output
    sheet = load_workbook(out).active
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    head = rows[0]
    by_source = {row[0]: dict(zip(head, row, strict=True)) for row in rows[1:]}
    assert set(by_source) == {str(inbox / "riverside.pdf"), f"online:{reference}", f"online:{other}"}
    emailed, online = by_source[str(inbox / "riverside.pdf")], by_source[f"online:{reference}"]
    assert emailed["problems"] == f"same school (URN 123456) as online:{reference}"
    assert online["problems"] == f"same school (URN 123456) as {inbox / 'riverside.pdf'}"
    assert by_source[f"online:{other}"]["status"] == "ok"
    assert online["school.name"] == emailed["school.name"] == GOOD["school.name"]
    assert online["hub"] == "WM9" and online["year"] == "2024-25" and online["programme"] == "number-sense"


def test_online_applications_alone_and_a_hub_at_a_time(server, tmp_path: Path) -> None:
    client = server.client()
    reference_of(apply(client))
    reference_of(apply(client, {**GOOD, "school.urn": "654321"}, form="/2024-25/SE9/number-sense"))
    out = tmp_path / "se9.csv"
    result = run_cli(
        "collect",
        "--database",
        database_url(server),
        "--hub",
        "SE9",
        "--out",
        str(out),
        "--project",
        str(server.project),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [(r["hub"], r["school.urn"], r["status"]) for r in rows] == [("SE9", "654321", "ok")]
    assert (
        "Left out 1 online application of other programme-years or hubs: 1 of number-sense 2024-25 (WM9); "
        "use --programme/--year/--hub or --any-programme to take them." in result.output
    )


def test_a_database_packgen_serve_never_made_is_a_usage_error_and_is_not_created(sample: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "applications.sqlite3"
    result = run_cli(
        "collect", "--database", f"sqlite:///{missing}", "--out", str(tmp_path / "x.csv"), "--project", str(sample)
    )
    assert result.exit_code == 2 and "there is no database at" in result.output
    assert not missing.parent.exists() and not (tmp_path / "x.csv").exists()
    result = run_cli("collect", "--out", str(tmp_path / "x.csv"), "--project", str(sample))
    assert result.exit_code == 2 and "give the returned forms (files or folders), --database, or both" in result.output
