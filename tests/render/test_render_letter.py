"""render/letter.py: each decision letter as a tagged PDF (PDF/UA), a DOCX Word opens, and an email's
text and HTML bodies, each naming the school and its decision."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE, docx_text, libreoffice_pdfs, pdf_text
from letters_sample import with_letters
from matterhorn import check
from pdftags import structure

from packgen.letter import Letter, resolve_letter
from packgen.model.project import load_project
from packgen.render.letter import LetterDocx, LetterEmail, LetterPdf
from packgen.wording.facts import DecisionView, SchoolView

SCHOOL = SchoolView("Riverside Primary School", "123456", ("1 River Road", "Riverside", "RV1 1AA"), "Ms H Head")
KINDS = {
    "offered": (DecisionView("offered", "WM9-AAAA-AAAA"), "Place offered"),
    "waiting": (DecisionView("waiting", "WM9-AAAA-AAAA", 4), "Waiting list"),
    "not_offered": (
        DecisionView("not_offered", "WM9-AAAA-AAAA", None, "The closing date had passed."),
        "Not offered a place",
    ),
    "place_freed": (DecisionView("offered", "WM9-AAAA-AAAA"), "Place offered from the waiting list"),
}


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Letter]]:
    """The sample project with letters wording (and WM9's placement), and each kind's letter for WM9."""
    root = tmp_path_factory.mktemp("letters") / "sample"
    shutil.copytree(SAMPLE, root)
    shutil.copytree(REPO / "templates", root / "templates")
    with_letters(root, placement=True)
    project = load_project(root)
    py, hub = project.programmes[0], project.hub("WM9")
    made = {
        kind: resolve_letter(project, py, hub, kind, SCHOOL, decision, dt.date(2024, 3, 15))
        for kind, (decision, _) in KINDS.items()
    }
    return root, made


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_letter_is_a_tagged_pdf_naming_the_school_and_decision(letters, kind: str, tmp_path: Path) -> None:
    root, made = letters
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(LetterPdf(root / "templates", root).render(made[kind]))
    text = _flat(pdf_text(path))
    label = KINDS[kind][1]
    assert f"Number Sense Work Groups 2024/25, Riverside Primary School: {label}." in text
    assert "Ms H Head Riverside Primary School 1 River Road Riverside RV1 1AA Friday 15th March 2024" in text
    assert "Dear Ms H Head," in text
    tree = structure(path)
    assert [(e.tag, _flat(e.all_text())) for e in tree.find("H1")] == [("H1", made[kind].subject)]
    assert check(path) == []
    if kind == "waiting":
        assert "Place on the waiting list: 4" in text
    if kind == "not_offered":
        assert "Reason: The closing date had passed." in text
    if kind == "offered":
        assert "Our first meeting is at the lead school: bring a laptop." in text  # WM9's own block


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_letter_is_a_docx_naming_the_school_and_decision(letters, kind: str, tmp_path: Path) -> None:
    root, made = letters
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(LetterDocx(root / "templates", root).render(made[kind]))
    text = docx_text(path)
    assert f"Number Sense Work Groups 2024/25, Riverside Primary School: {KINDS[kind][1]}." in text
    assert made[kind].subject in text.splitlines()


def test_every_letters_docx_opens_in_libreoffice(letters, tmp_path: Path) -> None:
    root, made = letters
    docs = []
    for kind, letter in made.items():
        docs.append(tmp_path / f"{kind}.docx")
        docs[-1].write_bytes(LetterDocx(root / "templates", root).render(letter))
    out = tmp_path / "converted"
    libreoffice_pdfs(docs, out)
    for kind, (_, label) in KINDS.items():
        assert f"Riverside Primary School: {label}." in _flat(pdf_text(out / f"{kind}.pdf")), kind


def test_the_email_bodies_say_the_decision_in_text_and_html(letters) -> None:
    root, made = letters
    email = LetterEmail(root / "templates", root)
    text = email.text(made["waiting"])
    assert text.startswith(
        "Dear Ms H Head,\n\nNumber Sense Work Groups 2024/25, Riverside Primary School: Waiting list."
    )
    assert "Place on the waiting list: 4" in text
    assert "Every place is taken, and Riverside Primary School is number 4 on the waiting list." in text
    html = email.html(made["waiting"])
    assert "<strong>Number Sense Work Groups 2024/25, Riverside Primary School: Waiting list.</strong>" in html
    assert "<p>Every place is taken, and Riverside Primary School is number 4 on the waiting list.</p>" in html
