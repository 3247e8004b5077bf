"""resolve.py: one hub's pack from the sample project's wording, rendered once and laid out once."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SAMPLE, edit

from packgen import pack as p
from packgen.errors import PackgenError
from packgen.model.project import Hub, Project, load_project
from packgen.resolve import APPLY_SECTION, FORM_FILES, as_runs, lay_out, resolve, resolve_pack


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(SAMPLE)


def hub(project: Project, code: str) -> Hub:
    return next(h for h in project.hubs if h.code == code)


def section(pack: p.Pack, section_id: str) -> p.Section:
    return next(s for s in pack.sections if s.id == section_id)


def test_wording_is_rendered_with_the_hub_s_facts(project: Project) -> None:
    pack = resolve_pack(project, project.programmes[0], hub(project, "WM9"))
    assert (pack.hub_code, pack.hub_name, pack.title) == ("WM9", "Riverside Maths Hub", "Number Sense Work Groups")
    notice = section(pack, "notice")
    assert notice.style == "notice"
    assert p.plain(notice.blocks[0].runs) == "Riverside Maths Hub has 12 places this year."


def test_wording_that_renders_empty_for_a_hub_is_left_out(project: Project) -> None:
    """SE9 gives no places: the paragraph that names them is not in its pack, not even empty."""
    notice = section(resolve_pack(project, project.programmes[0], hub(project, "SE9")), "notice")
    assert [p.plain(b.runs) for b in notice.blocks] == ["Schools may apply once per year."]


def test_a_hub_s_extra_paragraph_and_the_form_links_stand_in_how_to_apply(project: Project) -> None:
    apply = section(resolve_pack(project, project.programmes[0], hub(project, "WM9")), APPLY_SECTION)
    texts = [p.plain(b.runs) for b in apply.blocks if isinstance(b, p.Paragraph)]
    assert texts[0].startswith("Complete the form and send it to Riverside Maths Hub at")
    assert texts[1].startswith("To fill in the application form on a computer, download it as")
    assert texts[-1] == "Our open morning is on Tuesday 13th February 2024 at the lead school."
    links = [r.href for r in apply.blocks[1].runs if r.href]
    assert links == [file for _, file in FORM_FILES]


def test_a_repeated_group_is_laid_out_once_per_role_with_its_own_names(project: Project) -> None:
    form = resolve_pack(project, project.programmes[0], hub(project, "WM9")).form
    headings = [g.heading for g in form.groups]
    assert "Lead teacher (Reception)" in headings and "Lead teacher (Year 1)" in headings
    names = [f.name for f in form.fields]
    assert "lead_teacher.reception.name" in names and "lead_teacher.year_1.name" in names
    assert len(names) == len(set(names)), "one name per answer"


def test_the_resolution_keeps_every_piece_as_rendered_in_reading_order(project: Project) -> None:
    py = project.programmes[0]
    resolution = resolve(project, py, hub(project, "WM9"))
    roles = [r.piece.role for r in resolution.wording]
    assert roles[:3] == ["title", "subtitle", "heading"]
    assert roles.count("role-label") == 2
    labels = [r.text for r in resolution.wording if r.piece.role == "heading" and r.role is not None]
    assert labels == ["Lead teacher (Reception)", "Lead teacher (Year 1)"]
    assert lay_out(project, py, hub(project, "WM9"), resolution.walked, resolution.wording) == resolution.pack


def test_the_preview_s_marked_wording_is_laid_out_in_the_same_pass_over_the_tree(project: Project) -> None:
    """``lay_out`` builds the pack from the resolution's tree with the texts it is given (the preview's marks)."""
    py, wm9 = project.programmes[0], hub(project, "WM9")
    resolution = resolve(project, py, wm9)
    at = next(i for i, r in enumerate(resolution.wording) if r.text == "Schools may apply once per year.")
    marked = list(resolution.wording)
    marked[at] = replace(marked[at], text="Schools may apply **once** per year.")
    notice = section(lay_out(project, py, wm9, resolution.walked, marked), "notice")
    assert [run.bold for run in notice.blocks[-1].runs] == [False, True, False]


def test_every_bad_line_is_reported_at_once(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    yaml = root / "programmes/number-sense/2024-25.yaml"
    edit(yaml, "- Schools may apply once per year.", "- Schools may apply {{ hub.nmae }}.")
    edit(yaml, "Three workshops during the year", "Three [workshops](javascript:alert(1)) during the year")
    project = load_project(root)
    with pytest.raises(PackgenError) as caught:
        resolve(project, project.programmes[0], hub(project, "WM9"))
    codes = sorted(problem.code for problem in caught.value.problems)
    assert codes == ["template.undefined", "wording.link"]
    undefined = next(pr for pr in caught.value.problems if pr.code == "template.undefined")
    assert "'hub' has no attribute 'nmae'" in undefined.message
    assert undefined.line == 11


def test_as_runs_folds_spaces_and_reads_inline_markup() -> None:
    runs = as_runs("  **Bold**  and\n [a link](https://example.org)  ")
    assert p.plain(runs) == "Bold and a link"
    assert runs[0].bold and runs[-1].href == "https://example.org"
