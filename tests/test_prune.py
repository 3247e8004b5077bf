"""A build removes what it no longer makes (issue 16): the outputs of a hub, programme-year or
format gone from the data, only files packgen wrote (the manifest's), listed in the summary, all or
nothing with the rest of the commit; --keep-stale keeps them; a narrowed build prunes nothing
outside its selection."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from packgen import writer as writer_module
from packgen.build import build
from packgen.plan import in_scope
from packgen.selection import Selection
from packgen.writer import LOCK, MANIFEST, WriteError

SE9 = [
    f"2024-25/SE9/number-sense/{doc}.{fmt}" for doc in ("application-form", "information") for fmt in ("html", "docx")
]


def cli_build(project: Path, *args: str):
    return run_cli("build", "--project", str(project), "--quiet", "--today", "2024-01-01", *args)


def files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name not in (LOCK, MANIFEST)
    }


def manifest(folder: Path) -> dict[str, object]:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def test_a_hub_removed_from_the_data_loses_its_outputs_and_the_summary_lists_them(sample: Path) -> None:
    out = sample / "build"
    assert cli_build(sample, "--format", "html", "--format", "docx").exit_code == 0
    (out / "README.txt").write_text("the hub's own notes: not packgen's\n", encoding="utf-8")
    (sample / "hubs/SE9.yaml").unlink()
    result = cli_build(sample, "--format", "html", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Removed 4 stale files, no longer in the data:",
        "  2024-25/SE9/number-sense/application-form.docx, application-form.html, information.docx, information.html",
    ]
    assert not (out / "2024-25/SE9").exists()  # the folders it left empty go too
    assert files(out) == {
        f"2024-25/WM9/number-sense/{doc}.{fmt}"
        for doc in ("application-form", "information")
        for fmt in ("html", "docx")
    } | {"index.html", "2024-25/index.html", "README.txt"}
    assert not set(SE9) & set(manifest(out))
    assert "SE9" not in (out / "index.html").read_text(encoding="utf-8")


def test_keep_stale_keeps_them_until_a_build_without_it(sample: Path) -> None:
    out = sample / "build"
    assert cli_build(sample, "--format", "html", "--format", "docx").exit_code == 0
    (sample / "hubs/SE9.yaml").unlink()
    kept = cli_build(sample, "--format", "html", "--format", "docx", "--keep-stale")
    assert kept.exit_code == 0
    assert kept.output.splitlines()[0] == "Kept 4 stale files (--keep-stale), no longer in the data:"
    assert set(SE9) <= files(out) and set(SE9) <= set(manifest(out))
    # Nothing read has changed since: the build that follows takes the no-op path, and still prunes.
    pruned = cli_build(sample, "--format", "html", "--format", "docx")
    assert pruned.output.splitlines()[0] == "Removed 4 stale files, no longer in the data:"
    assert "Nothing to rebuild: all 4 documents" in pruned.output
    assert not set(SE9) & files(out)
    assert "Removed" not in cli_build(sample, "--format", "html", "--format", "docx").output


def test_a_programme_year_removed_takes_its_year_page_with_it(sample: Path) -> None:
    assert run_cli("rollover", "number-sense", "2024-25", "2025-26", "--project", str(sample)).exit_code == 0
    out = sample / "build"
    assert cli_build(sample, "--format", "html").exit_code == 0
    assert (out / "2025-26/index.html").is_file()
    (sample / "programmes/number-sense/2025-26.yaml").unlink()
    result = cli_build(sample, "--format", "html")
    assert result.exit_code == 0, result.output
    assert "  2025-26/index.html" in result.output.splitlines()
    assert not (out / "2025-26").exists()
    assert "2025-26" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_hub_only_build_keeps_the_page_of_a_year_it_does_not_list(sample: Path) -> None:
    programme = sample / "programmes/number-sense"
    (programme / "2025-26.yaml").write_text(
        "hubs: [SE9]\n" + (programme / "2024-25.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = sample / "build"
    assert cli_build(sample, "--format", "html").exit_code == 0
    year_page = (out / "2025-26/index.html").read_bytes()
    result = cli_build(sample, "--format", "html", "--hub", "WM9")  # WM9 does not run 2025-26
    assert result.exit_code == 0 and "Removed" not in result.output
    assert (out / "2025-26/index.html").read_bytes() == year_page
    assert "2025-26/index.html" in (out / "index.html").read_text(encoding="utf-8")  # the site lists all current


def test_a_file_changed_by_hand_is_left_warned_of_once_and_forgotten(sample: Path) -> None:
    out = sample / "build"
    assert cli_build(sample, "--format", "html").exit_code == 0
    page = out / "2024-25/SE9/number-sense/information.html"
    page.write_text("our own edit", encoding="utf-8")
    (sample / "hubs/SE9.yaml").unlink()
    result = cli_build(sample, "--format", "html")
    assert result.exit_code == 0
    assert (
        f"{page.as_posix()}: warning: stale (no longer in the data) but not removed:"
        " it was changed after packgen wrote it [build.stale]" in result.output
    )
    assert "Removed 1 stale file, no longer in the data:" in result.output  # the form, as packgen wrote it
    assert page.read_text(encoding="utf-8") == "our own edit"
    assert str(page.relative_to(out)) not in manifest(out)
    assert "build.stale" not in cli_build(sample, "--format", "html").output


def test_a_narrowed_build_prunes_nothing_outside_its_selection(sample: Path) -> None:
    out = sample / "build"
    assert cli_build(sample).exit_code == 0
    everything = files(out)
    (sample / "hubs/SE9.yaml").unlink()
    # Another hub, another year: SE9's outputs are outside the selection.
    assert "Removed" not in cli_build(sample, "--hub", "WM9").output
    assert cli_build(sample, "--year", "2024-25", "--hub", "WM9", "--format", "pdf").exit_code == 0
    assert files(out) == everything
    # One format: SE9's pages in that format go, its PDFs and Word files stay.
    result = cli_build(sample, "--format", "html")
    assert "  2024-25/SE9/number-sense/application-form.html, information.html" in result.output.splitlines()
    assert files(out) == everything - {
        "2024-25/SE9/number-sense/application-form.html",
        "2024-25/SE9/number-sense/information.html",
    }


def test_a_format_packgen_no_longer_makes_goes_in_a_build_of_everything_only(sample: Path) -> None:
    out = sample / "build"
    assert cli_build(sample, "--format", "html", "--format", "docx").exit_code == 0
    # What an older packgen's retired renderer wrote, recorded in the manifest as packgen writes.
    odt = out / "2024-25/WM9/number-sense/information.odt"
    odt.write_bytes(b"an OpenDocument pack")
    record = manifest(out)
    record[str(odt.relative_to(out))] = {"inputs": "old", "sha256": hashlib.sha256(odt.read_bytes()).hexdigest()}
    (out / MANIFEST).write_text(json.dumps(record), encoding="utf-8")
    assert "Removed" not in cli_build(sample, "--format", "html").output
    assert odt.exists()
    result = cli_build(sample)
    assert "  2024-25/WM9/number-sense/information.odt" in result.output.splitlines()
    assert not odt.exists()


def test_a_failed_commit_puts_the_removed_files_back(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = sample / "build"
    assert cli_build(sample, "--format", "html").exit_code == 0
    before = {rel: (out / rel).read_bytes() for rel in files(out)}
    (sample / "hubs/SE9.yaml").unlink()
    real_replace = os.replace

    def failing_replace(source, target) -> None:
        if Path(target).name == MANIFEST:  # the stale files are aside, the pages in: the last step fails
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(writer_module.os, "replace", failing_replace)
    with pytest.raises(WriteError):
        build(sample, selection=Selection(formats=("html",)), jobs=1)
    assert {rel: (out / rel).read_bytes() for rel in files(out)} == before


def test_a_copy_of_an_old_build_without_a_manifest_is_never_pruned(sample: Path, tmp_path: Path) -> None:
    out = sample / "build"
    assert cli_build(sample, "--format", "html").exit_code == 0
    (out / MANIFEST).unlink()  # a folder packgen keeps no record of: every file in it is a stranger's
    shutil.copy(out / "index.html", out / "old-index.html")
    (sample / "hubs/SE9.yaml").unlink()
    result = cli_build(sample, "--format", "html")
    assert "Removed" not in result.output
    assert (out / "2024-25/SE9/number-sense/information.html").exists() and (out / "old-index.html").exists()


@pytest.mark.parametrize(
    "rel, selection, inside",
    [
        ("2024-25/WM9/number-sense/information.pdf", Selection(), True),
        ("2024-25/WM9/number-sense/information.pdf", Selection(hubs=("WM9",), formats=("pdf",)), True),
        ("2024-25/WM9/number-sense/information.pdf", Selection(hubs=("SE9",)), False),
        ("2024-25/WM9/number-sense/information.pdf", Selection(years=("2025-26",)), False),
        ("2024-25/WM9/number-sense/information.pdf", Selection(programmes=("other",)), False),
        ("2024-25/WM9/number-sense/information.pdf", Selection(documents=("application-form",)), False),
        ("2024-25/index.html", Selection(), True),
        ("2024-25/index.html", Selection(years=("2024-25",)), True),
        ("2024-25/index.html", Selection(years=("2025-26",)), False),
        ("2024-25/index.html", Selection(hubs=("WM9",)), True),  # removed only when the data has no 2024-25
        ("2024-25/index.html", Selection(formats=("pdf",)), True),
        ("index.html", Selection(hubs=("WM9",)), True),  # always made: never stale
        ("notes/readme.txt", Selection(), True),  # in the manifest yet in no layout packgen knows: a full build's
        ("notes/readme.txt", Selection(years=("2024-25",)), False),
    ],
)
def test_what_a_selection_may_prune(rel: str, selection: Selection, inside: bool) -> None:
    assert in_scope(selection, rel) is inside
