"""packgen/letters.py: a hub's letters made (all before any is written), their files' names and the summary."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import pdf_text
from letters_sample import with_letters

from packgen.errors import PackgenError
from packgen.letters import (
    Decided,
    LetterFiles,
    LetterMaker,
    Made,
    find_hub,
    find_programme_year,
    make_letters,
    write_letters,
)
from packgen.model.project import load_project
from packgen.wording.facts import SchoolView


def _decided(reference: str, outcome: str, urn: str | None, proposed: str | None = None) -> Decided:
    school = SchoolView(f"School {reference}", urn)
    return Decided(reference, outcome, proposed or outcome, school, email=f"{reference.lower()}@example.org")


def test_letters_are_written_by_urn_or_reference_with_a_summary(sample: Path, tmp_path: Path) -> None:
    project = load_project(with_letters(sample))
    py = find_programme_year(project, "number-sense", "2024-25")
    hub = find_hub(project, py, "WM9")
    decided = [
        _decided("WM9-AAAA-AAAA", "offered", "123456"),
        _decided("returned-3", "not_offered", None),
        _decided("WM9-BBBB-BBBB", "offered", "234567", proposed="waiting"),
        _decided("WM9-CCCC-CCCC", "withdrawn", "345678"),
    ]
    files = make_letters(LetterMaker(project), py, hub, decided, dt.date(2024, 3, 15))
    out = tmp_path / "letters"
    write_letters(out, files)
    assert sorted(p.name for p in out.iterdir()) == [
        ".letters-manifest.json",
        "123456-offered.docx",
        "123456-offered.pdf",
        "234567-place-freed.docx",
        "234567-place-freed.pdf",
        "letters.csv",
        "returned-3-not-offered.docx",
        "returned-3-not-offered.pdf",
    ]
    rows = list(csv.DictReader((out / "letters.csv").open(encoding="utf-8")))
    assert [(r["reference"], r["school"], r["decision"], r["pdf"]) for r in rows] == [
        ("WM9-AAAA-AAAA", "School WM9-AAAA-AAAA", "Place offered", "123456-offered.pdf"),
        ("returned-3", "School returned-3", "Not offered a place", "returned-3-not-offered.pdf"),
        ("WM9-BBBB-BBBB", "School WM9-BBBB-BBBB", "Place offered from the waiting list", "234567-place-freed.pdf"),
    ]
    text = " ".join(pdf_text(out / "234567-place-freed.pdf").split())
    assert "School WM9-BBBB-BBBB: Place offered from the waiting list." in text


def test_unknown_programme_year_or_hub_is_a_problem_with_a_hint(sample: Path) -> None:
    project = load_project(sample)
    with pytest.raises(PackgenError, match="no programme-year number-sence 2024-25 .did you mean 'number-sense"):
        find_programme_year(project, "number-sence", "2024-25")
    py = find_programme_year(project, "number-sense", "2024-25")
    with pytest.raises(PackgenError, match="hub WM1 does not run number-sense 2024-25 .did you mean 'WM9'"):
        find_hub(project, py, "WM1")


def test_two_letters_to_one_school_write_nothing(sample: Path) -> None:
    project = load_project(with_letters(sample))
    py = project.programmes[0]
    twice = [_decided("WM9-AAAA-AAAA", "offered", "123456"), _decided("WM9-DDDD-DDDD", "offered", "123456")]
    with pytest.raises(PackgenError, match="would write the same letter 123456-offered"):
        make_letters(LetterMaker(project), py, project.hub("WM9"), twice, dt.date(2024, 3, 15))


def test_a_letter_already_emailed_keeps_the_date_it_was_sent_with(sample: Path) -> None:
    """Made again a day later (``packgen letters`` run again), a letter the school was already sent is
    the same letter, dated as sent; one not yet sent bears the new day."""
    project = load_project(with_letters(sample))
    py = find_programme_year(project, "number-sense", "2024-25")
    hub = find_hub(project, py, "WM9")
    sent = replace(_decided("WM9-AAAA-AAAA", "offered", "123456"), sent_on=dt.date(2024, 7, 12))
    new = _decided("WM9-BBBB-BBBB", "not_offered", "234567")
    first, second = make_letters(LetterMaker(project), py, hub, [sent, new], dt.date(2024, 7, 13))
    assert (first.letter.dated, second.letter.dated) == (dt.date(2024, 7, 12), dt.date(2024, 7, 13))
    (again,) = make_letters(LetterMaker(project), py, hub, [sent], dt.date(2024, 7, 12))
    assert again.pdf == first.pdf and again.docx == first.docx


def test_a_letter_unchanged_since_its_files_were_written_is_not_laid_out_again(sample: Path, tmp_path: Path) -> None:
    """Run again, ``packgen letters`` takes each letter from the folder when its wording, templates and
    packgen are as they were and its files as written; what changed, or was changed by hand, is made again."""
    root = with_letters(sample)
    project = load_project(root)
    py = find_programme_year(project, "number-sense", "2024-25")
    hub = find_hub(project, py, "WM9")
    decided = [_decided("WM9-AAAA-AAAA", "offered", "123456"), _decided("WM9-BBBB-BBBB", "not_offered", "234567")]
    day, out = dt.date(2024, 3, 15), tmp_path / "letters"
    write_letters(out, make_letters(LetterMaker(project), py, hub, decided, day, Made(out)))
    written = {p.name: p.read_bytes() for p in out.iterdir()}

    class NoLayout(LetterMaker):
        def files(self, *args: Any, **kwargs: Any) -> LetterFiles:
            made = super().files(*args, **kwargs)
            assert made.again, f"{made.letter.file_stem} was laid out again"
            return made

    again = make_letters(NoLayout(project), py, hub, decided, day, Made(out))
    write_letters(out, again)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == written

    (out / "234567-not-offered.docx").write_bytes(b"edited by hand")
    changed = [replace(decided[0], school=SchoolView("Riverside Primary School", "123456")), decided[1]]
    made = make_letters(LetterMaker(project), py, hub, changed, day, Made(out))
    assert [(f.letter.file_stem, f.again) for f in made] == [("123456-offered", False), ("234567-not-offered", False)]
    write_letters(out, made)
    assert (out / "234567-not-offered.docx").read_bytes() == written["234567-not-offered.docx"]
    assert "Riverside Primary School" in pdf_text(out / "123456-offered.pdf")

    assert [f.again for f in make_letters(LetterMaker(project), py, hub, changed, day, Made(out))] == [True, True]
    css = root / "templates/letters/letter.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* a house style change */\n", encoding="utf-8")
    edited = make_letters(LetterMaker(load_project(root)), py, hub, changed, day, Made(out))
    assert [f.again for f in edited] == [False, False]


def test_a_letter_whose_stylesheet_picture_changed_is_laid_out_again(sample: Path, tmp_path: Path) -> None:
    """A file the PDF reads through a stylesheet (a picture or font under assets/) is in no digest of the
    letter: the manifest records it as read, and a letter whose file changed since is laid out again."""
    from PIL import Image

    root = with_letters(sample)
    (root / "assets").mkdir(exist_ok=True)
    Image.new("RGB", (4, 4), (200, 30, 30)).save(root / "assets/paper.png", format="PNG")
    css = root / "templates/letters/letter.css"
    css.write_text(css.read_text(encoding="utf-8") + '\nbody { background: url("../assets/paper.png"); }\n')
    project = load_project(root)
    py = find_programme_year(project, "number-sense", "2024-25")
    hub = find_hub(project, py, "WM9")
    decided, day, out = [_decided("WM9-AAAA-AAAA", "offered", "123456")], dt.date(2024, 3, 15), tmp_path / "letters"
    (first,) = make_letters(LetterMaker(project), py, hub, decided, day, Made(out))
    assert first.fetched == (
        ("assets/paper.png", hashlib.sha256((root / "assets/paper.png").read_bytes()).hexdigest()),
    )
    write_letters(out, [first])
    assert [f.again for f in make_letters(LetterMaker(project), py, hub, decided, day, Made(out))] == [True]
    Image.new("RGB", (4, 4), (30, 30, 200)).save(root / "assets/paper.png", format="PNG")
    (again,) = make_letters(LetterMaker(project), py, hub, decided, day, Made(out))
    assert not again.again and again.pdf != first.pdf
