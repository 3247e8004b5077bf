"""`packgen letters`: a hub's confirmed decisions as letters and a summary, and what it says when it cannot."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from letters_sample import DECISIONS, add_decisions, sample_engine, with_letters


def _letters(sample: Path, out: Path, *args: str):
    return run_cli(
        "letters", "number-sense", "2024-25", "--hub", "WM9", "--out", str(out), "--project", str(sample), *args
    )


def test_letters_are_written_for_confirmed_decisions_only(sample: Path, tmp_path: Path) -> None:
    engine = sample_engine(with_letters(sample))
    add_decisions(engine, rows=DECISIONS[:2])
    add_decisions(engine, rows=DECISIONS[2:3], confirmed=False)
    out = tmp_path / "out"
    result = _letters(sample, out, "--today", "2024-03-15")
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 decision(s) not yet confirmed: they get no letter until they are.\n"
    assert result.stdout == (
        f"Wrote 2 letter(s) to {out} (PDF and DOCX each), with a summary in {out / 'letters.csv'}.\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        ".letters-manifest.json",
        "123456-offered.docx",
        "123456-offered.pdf",
        "234567-waiting.docx",
        "234567-waiting.pdf",
        "letters.csv",
    ]
    assert (out / "letters.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "WM9-AAAA-AAAA,Riverside Primary School,123456,Place offered,123456-offered.pdf,123456-offered.docx,"
        "office@riverside.example.org",
        "WM9-BBBB-BBBB,Hillford Infant School,234567,Waiting list,234567-waiting.pdf,234567-waiting.docx,"
        "head@hillford.example.org",
    ]


def test_a_letter_of_a_decision_since_changed_is_left_and_named(sample: Path, tmp_path: Path) -> None:
    """Run again after staff changed a decision, packgen writes the new letter, keeps the unchanged one,
    and names the old letter's files it leaves in the folder, so nobody sends them by mistake."""
    engine = sample_engine(with_letters(sample))
    add_decisions(engine, rows=DECISIONS[:2])
    out = tmp_path / "out"
    assert _letters(sample, out, "--today", "2024-03-15").exit_code == 0
    with engine.begin() as db:
        db.exec_driver_sql("UPDATE decisions SET outcome = 'not_offered' WHERE reference = 'WM9-AAAA-AAAA'")
    again = _letters(sample, out, "--today", "2024-03-15")
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"Wrote 1 letter(s) to {out} and kept 1 unchanged since the last run (PDF and DOCX each), with a summary "
        f"in {out / 'letters.csv'}.\n"
    )
    assert again.stderr == (
        f"warning: {out} also holds 2 file(s) that are no letter of these decisions, left as they are (a decision "
        "changed or withdrawn since?): 123456-offered.docx, 123456-offered.pdf\n"
    )
    assert (out / "123456-not-offered.pdf").exists() and (out / "123456-offered.pdf").exists()


def test_a_programme_year_without_letters_wording_names_the_file_and_key(sample: Path, tmp_path: Path) -> None:
    add_decisions(sample_engine(sample), rows=DECISIONS[:1])
    result = _letters(sample, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "programmes/number-sense/2024-25.yaml: error: programmes/number-sense/2024-25.yaml has no letters: key, so "
        "packgen has no wording for its decision letters; add letters: with offered, waiting, not_offered, "
        "place_freed (each a subject and a body of blocks) [letters.missing]",
        "1 error; nothing was written.",
    ]
    assert not (tmp_path / "out").exists()


def test_no_confirmed_decisions_writes_nothing_and_says_so(sample: Path, tmp_path: Path) -> None:
    sample_engine(with_letters(sample))
    result = _letters(sample, tmp_path / "out")
    assert result.exit_code == 0
    assert result.stdout == "No confirmed decisions for WM9 number-sense 2024-25: no letters written.\n"
    assert not (tmp_path / "out").exists()


def test_send_needs_a_mail_server(sample: Path, tmp_path: Path) -> None:
    result = _letters(with_letters(sample), tmp_path / "out", "--send")
    assert result.exit_code == 2
    assert "--send needs a mail server: --smtp URL or PACKGEN_SMTP_URL" in result.stderr
