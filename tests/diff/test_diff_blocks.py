"""The diff sees the newer wording through the walk: table rows, footnotes, pictures' alt text,
sub-headings, numbered items and a hub's placed blocks; and the checks read them too."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, edit

from packgen.check import check_project
from packgen.diff import diff_hubs
from packgen.diff.docx import render_docx
from packgen.diff.html import render_html
from packgen.diff.text import render_text
from packgen.model.project import load_project

TFM = "teaching-for-mastery-development"


def test_a_hubs_placed_notice_and_the_national_blocks_show_in_the_diff() -> None:
    diff = diff_hubs(load_project(REPO), TFM, "2024-25", "WM1", "YH2")
    text = render_text(diff)
    assert "@@ (Hub after eligibility): added\n+ ## {+Schools in a multi-academy trust+}" in text
    assert "+ • {+Name the other schools in your headteacher statement+}" in text
    assert "@@ [-Priority areas-]: removed" in text  # WM1's gated notice, which YH2 does not have
    parts = {p.key: p for p in diff.parts}
    eligibility = [(i.kind, len(i.cells)) for i in parts["eligibility"].items]
    assert ("numbered", 1) in eligibility and ("header-row", 3) in eligibility and eligibility.count(("row", 3)) == 3
    assert ("footnote", 1) in eligibility, "a note called in a table cell follows the national wording"
    background = [(i.kind, "".join(p.text for p in i.cells[0])) for i in parts["background"].items]
    assert (
        "picture",
        "Picture: A bar model: a whole bar labelled 12 above two parts labelled 7 and 5, showing that 7 and 5 make 12.",
    ) in background
    assert any(kind == "footnote" and t.startswith("The Five Big Ideas") for kind, t in background)
    assert [i.kind for i in parts["what-is-involved"].items][:2] == ["subheading", "paragraph"]
    html = render_html(diff).decode()
    assert "<th>School situation</th><th>Eligible for</th><th>Funding</th>" in html
    assert render_docx(diff, REPO / "templates")[:2] == b"PK"


def test_the_checks_read_table_cells_alt_text_and_placed_blocks(project: Path) -> None:
    path = project / f"programmes/{TFM}/2024-25.yaml"
    edit(path, "[Completed Mastery Readiness, ", "[Completed Mastery Readiness TBC, ")
    edit(
        path,
        "alt: Teaching for Mastery Development Work Groups logo",
        "alt: Teaching for Mastery Development Work Groups logo TODO",
    )
    edit(
        project / "hubs/YH2.yaml",
        "Send all the forms by the closing date",
        "Send all the forms by the the closing date",
    )
    found = {(p.path, p.code) for p in check_project(load_project(project), render=False)}
    assert (f"programmes/{TFM}/2024-25.yaml", "text.placeholder") in found
    assert ("hubs/YH2.yaml", "text.repeated-word") in found
    problems = [p for p in check_project(load_project(project), render=False) if p.code == "text.placeholder"]
    assert len(problems) == 2
