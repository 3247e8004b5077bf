"""packgen collect reads files from outside: what they hold and what they are called cannot steer it."""

from __future__ import annotations

import importlib
import os
import stat
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from rich.console import Console
from test_collect import MR, filled, good_values, read_csv

from packgen.collect import Wanted, collect, write_sheet


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary table on a wide console that is not a terminal: no folding, no styles of its own."""
    module = importlib.import_module("packgen.cli.collect")  # the package's `collect` is the command
    monkeypatch.setattr(module, "out", Console(width=400, highlight=False))


def collect_cli(*args: str):
    return run_cli("collect", *args, "--project", str(REPO))


# --- printing untrusted text (1) --------------------------------------------------------------


def test_answers_are_printed_as_plain_text_not_rich_markup(forms_built: Path, tmp_path: Path, wide: None) -> None:
    school = "St [/] Mary [link=https://evil.example]click[/link] [bold]x"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "f.docx").write_bytes(
        filled(forms_built, MR, "docx", dict(good_values(*MR), **{"school.name": school}))
    )
    result = collect_cli(str(tmp_path / "in"), "--out", str(tmp_path / "a.csv"))
    assert result.exit_code == 0, result.output
    assert school in result.output
    assert read_csv(tmp_path / "a.csv")[0]["school.name"] == school


def test_control_characters_in_file_names_and_reasons_never_reach_the_terminal(tmp_path: Path, wide: None) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "evil\x1b[2J\x1b]8;;https:x.example\x07name\u202egpj.docx").write_bytes(b"not a form at all\n")
    result = collect_cli(str(inbox), "--out", str(tmp_path / "a.csv"))
    assert result.exit_code == 1
    assert not any(c in result.output for c in "\x1b\x07\u202e")
    assert "evil\\x1b[2J\\x1b]8;;https:x.example\\x07name\\u202egpj.docx" in result.output


# --- file names that are not UTF-8 (2) --------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_read_and_shown_safely(forms_built: Path, tmp_path: Path, wide: None) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    with open(os.fsencode(inbox) + b"/caf\xe9 form.docx", "wb") as fh:  # Latin-1, as an old mail client saves it
        fh.write(filled(forms_built, MR, "docx", good_values(*MR)))
    for out in ("a.csv", "a.xlsx"):
        result = collect_cli(str(inbox), "--out", str(tmp_path / out))
        assert result.exit_code == 0, result.output
        assert "caf\\xe9 form.docx" in result.output
    [row] = read_csv(tmp_path / "a.csv")
    assert row["source"].endswith("caf\\xe9 form.docx") and row["status"] == "ok"


# --- the spreadsheet's permissions (4) --------------------------------------------------------


@pytest.fixture
def umask():
    """Set a umask for the test, and put the old one back."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("mask,mode", [(0o022, 0o600), (0o077, 0o600), (0o277, 0o400)])
def test_a_new_sheet_is_private_within_the_umask(tmp_path: Path, umask, suffix: str, mask: int, mode: int) -> None:
    umask(mask)
    out = tmp_path / f"applications{suffix}"
    write_sheet(collect([], REPO), out)
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_an_existing_sheet_keeps_its_mode(forms_built: Path, tmp_path: Path, umask) -> None:
    out = tmp_path / "applications.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    (tmp_path / "f.docx").write_bytes(filled(forms_built, MR, "docx", good_values(*MR)))
    assert collect_cli(str(tmp_path / "f.docx"), "--out", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and read_csv(out)[0]["status"] == "ok"


# --- every skipped path listed; unknown --programme, --year, --hub (5) -------------------------


def test_hidden_files_folders_links_and_unreadable_folders_are_listed_with_a_reason(
    forms_built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wide: None
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / ".Trash").mkdir(parents=True)
    (inbox / ".Trash" / "old.docx").write_bytes(b"x")
    (inbox / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (inbox / "locked").mkdir()
    (inbox / "locked" / "form.docx").write_bytes(b"x")
    (inbox / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (inbox / "good.docx").write_bytes(filled(forms_built, MR, "docx", good_values(*MR)))
    # Root reads any folder whatever its mode, so refuse the listing itself as the OS would.
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(os.fsdecode(path)) == inbox / "locked":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "applications.csv"
    result = collect_cli(str(inbox), "--out", str(out))
    rows = {Path(r["source"]).name: (r["status"], r["problems"]) for r in read_csv(out)}
    assert rows == {
        "good.docx": ("ok", ""),
        ".DS_Store": ("skipped", "hidden file: not read"),
        ".Trash": ("skipped", "hidden folder: not read"),
        "elsewhere": ("skipped", "a link to a folder: not followed"),
        "locked": ("rejected", "folder cannot be read: Permission denied"),
    }
    assert result.exit_code == 1  # a folder that cannot be read may hold forms
    assert "5 files: 1 ok, 0 with problems, 1 rejected, 3 skipped" in result.output
    assert "hidden folder: not read" in result.output


def test_hidden_files_alone_do_not_fail_the_run(forms_built: Path, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".DS_Store").write_bytes(b"x")
    (tmp_path / "in" / "good.docx").write_bytes(filled(forms_built, MR, "docx", good_values(*MR)))
    assert collect_cli(str(tmp_path / "in"), "--out", str(tmp_path / "a.csv")).exit_code == 0


@pytest.mark.parametrize(
    "option,value,message",
    [
        (
            "--programme",
            "mastering-numbers",
            "no programme 'mastering-numbers' in this project (did you mean 'mastering-number'?)",
        ),
        ("--year", "2024-2025", "no year '2024-2025' in this project (did you mean '2024-25'?)"),
        ("--hub", "WM9", "no hub 'WM9' in this project"),
    ],
)
def test_an_unknown_programme_year_or_hub_is_a_usage_error(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    (tmp_path / "in").mkdir()
    result = collect_cli(str(tmp_path / "in"), "--out", str(tmp_path / "a.csv"), option, value)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "a.csv").exists()


def test_a_year_the_programme_does_not_have_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    result = collect_cli(
        str(tmp_path / "in"), "--out", str(tmp_path / "a.csv"), "--programme", "mastery-readiness", "--year", "2024-25"
    )
    assert result.exit_code == 2
    assert "mastery-readiness has no year 2024-25 in this project; it has 2021-22" in " ".join(result.output.split())


def test_wanted_is_checked_by_the_library_too() -> None:
    from packgen.collect import UnknownWanted

    with pytest.raises(UnknownWanted) as info:
        collect([], REPO, wanted=Wanted(programme="nope"))
    assert info.value.option == "--programme"


# --- answers longer than a spreadsheet cell (6) ------------------------------------------------


def test_an_answer_over_excels_cell_limit_flags_the_row_in_xlsx(forms_built: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    long = "A" * 40_000
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "f.docx").write_bytes(
        filled(forms_built, MR, "docx", dict(good_values(*MR), **{"headteacher_statement": long}))
    )
    result = collect_cli(str(tmp_path / "in"), "--out", str(tmp_path / "a.xlsx"))
    assert result.exit_code == 0, result.output
    ws = load_workbook(tmp_path / "a.xlsx").active
    row = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    assert len(row["headteacher_statement"]) == 32_767
    assert row["status"] == "problems"
    assert (
        "headteacher_statement: 40,000 characters, cut to 32,767 in this spreadsheet (a cell's limit); "
        "the CSV keeps every character" in row["problems"]
    )
    assert collect_cli(str(tmp_path / "in"), "--out", str(tmp_path / "a.csv")).exit_code == 0
    [csv_row] = read_csv(tmp_path / "a.csv")
    assert csv_row["headteacher_statement"] == long and csv_row["status"] == "problems"
    assert (
        csv_row["problems"].startswith("headteacher_statement: ") and "5,000 characters or less" in csv_row["problems"]
    )
