"""The blank PDF the static HTML form carries for "Download as PDF" (render/pdf/browserfill.py): ready
to be filled as one update, with a plan that names every box of the form. The browser's side is
tested in Chromium (test_pages_in_chromium.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from conftest import REPO

from packgen.forms import spec
from packgen.model.project import load_project
from packgen.render.pdf.browserfill import browser_fill
from packgen.resolve import resolve_pack


def test_the_plan_names_every_box_and_the_pdf_takes_an_update(forms_built: Path) -> None:
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == "teaching-for-mastery-development")
    answers = spec.answers(resolve_pack(project, py, project.hub("WM1")).form)
    blank = (forms_built / "2024-25/WM1/teaching-for-mastery-development/application-form.pdf").read_bytes()
    fill = browser_fill(blank)
    boxes = fill.plan["boxes"]
    assert set(boxes) == {w.name for f in answers for w in spec.widgets(f) if w.option is None} | {
        w.name for f in answers for w in spec.widgets(f) if w.option is not None and w.control == "checkbox"
    }
    radio = boxes["readiness.previous"]  # a parent field, a widget per answer, each with its "on" state
    assert radio["type"] == "radio" and [state[1] for widget in radio["widgets"] for state in widget[3]] == [
        "Yes",
        "No",
    ]
    assert boxes["readiness.done.1"]["type"] == "checkbox" and boxes["school.name"]["type"] == "text"
    assert set(boxes["school.type"]["drawn"]) >= {"Infant", "Other (please say)"}  # each answer drawn beforehand
    assert fill.plan["prev"] == int(fill.pdf.rsplit(b"startxref", 1)[1].split()[0])
    with pikepdf.open(io.BytesIO(fill.pdf)) as pdf:
        assert pdf.Root.AcroForm.NeedAppearances is True and "/ZaDb" in pdf.Root.AcroForm.DR.Font
        assert int(pdf.trailer.Size) == fill.plan["size"]
    assert browser_fill(blank) == fill  # the same bytes and plan every time: builds stay reproducible
