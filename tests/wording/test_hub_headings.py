"""A hub's headings keep the level it gives them (issue 22, point 1): placed anywhere, a section
heading, a sub-heading and a sub-sub-heading are h2, h3 and h4 in HTML, H2, H3 and H4 in the
tagged PDF and Heading 1, 2 and 3 in Word's outline; and a heading directly before another is kept,
not dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from conftest import REPO, SAMPLE, run_cli
from docx.oxml.ns import qn
from lxml import etree
from pdftags import structure

from packgen import pack as p
from packgen.model.project import load_project
from packgen.resolve import resolve_pack

PAGES = "2024-25/SE9/number-sense/information"
PLACEMENTS = """\
      placements:
        - after: about
          blocks:
            - heading: Working with Harbour schools
              level: 1
            - heading: Our local offer
              level: 2
            - heading: Term dates
              level: 3
            - The first Harbour workshop is in September.
        - before: how-to-apply
          blocks:
            - heading: Contact the hub
            - heading: By email or telephone
            - Write to the hub at any time of year.
        - end_of: expectations
          blocks:
            - heading: Harbour's own commitment
              level: 2
            - Each school sends one report in July.
"""
HEADINGS = [
    ("Working with Harbour schools", 2),
    ("Our local offer", 3),
    ("Term dates", 4),
    ("Harbour's own commitment", 3),
    ("Contact the hub", 2),
    ("By email or telephone", 2),
]


def _with_headings(root: Path) -> Path:
    shutil.copytree(SAMPLE, root)
    shutil.copytree(REPO / "templates", root / "templates")
    hub = root / "hubs/SE9.yaml"
    hub.write_text(hub.read_text(encoding="utf-8") + PLACEMENTS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _with_headings(tmp_path_factory.mktemp("headings") / "sample")
    out = root / "build"
    result = run_cli("build", "--project", str(root), "--out", str(out), "--hub", "SE9", "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return out


def _ours(found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(text, level) for text, level in found if text in dict(HEADINGS)]


def test_the_pack_has_each_heading_at_its_level(tmp_path: Path) -> None:
    project = load_project(_with_headings(tmp_path / "sample"))
    pack = resolve_pack(project, project.programmes[0], project.hub("SE9"))
    found = [(b.text, b.level) for s in pack.sections for b in s.blocks if isinstance(b, p.Heading)]
    assert _ours(found) == HEADINGS


def test_html_has_h2_h3_and_h4(built: Path) -> None:
    page = etree.fromstring((built / f"{PAGES}.html").read_bytes(), etree.HTMLParser())
    found = [(" ".join("".join(h.itertext()).split()), int(h.tag[1])) for h in page.iter("h2", "h3", "h4")]
    assert _ours(found) == HEADINGS


def test_the_pdf_tags_h2_h3_and_h4(built: Path) -> None:
    tree = structure(built / f"{PAGES}.pdf")
    found = [(" ".join(e.all_text().split()), int(e.tag[1])) for e in tree.walk() if e.tag in ("H2", "H3", "H4")]
    assert _ours(found) == HEADINGS


def test_word_s_outline_has_heading_1_2_and_3(built: Path) -> None:
    document = docx.Document(str(built / f"{PAGES}.docx"))
    found = []
    for paragraph in document.paragraphs:
        style = paragraph.style
        if paragraph.text in dict(HEADINGS):
            outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            assert outline is not None, f"{style.name} is not in the outline"
            level = int(outline.get(qn("w:val"))) + 1
            assert style.name == f"Heading {level}"
            found.append((paragraph.text, level + 1))
    assert found == HEADINGS


def test_a_level_out_of_range_is_a_located_error(tmp_path: Path) -> None:
    root = _with_headings(tmp_path / "sample")
    hub = root / "hubs/SE9.yaml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("level: 3\n", "level: 4\n", 1), encoding="utf-8")
    result = run_cli("check", "--project", str(root), "--today", "2024-01-01")
    assert result.exit_code == 1
    line = next(i for i, t in enumerate(hub.read_text(encoding="utf-8").splitlines(), 1) if "level: 4" in t)
    assert f"hubs/SE9.yaml:{line}:" in result.output and "1, 2 or 3" in result.output, result.output


def test_a_heading_directly_before_another_is_kept(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    hub = root / "hubs/SE9.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8")
        + """\
      placements:
        - before: how-to-apply
          blocks:
            - heading: Contact the hub
            - heading: By email or telephone
            - Write to the hub at any time of year.
""",
        encoding="utf-8",
    )
    project = load_project(root)
    pack = resolve_pack(project, project.programmes[0], project.hub("SE9"))
    own = next(s for s in pack.sections if s.id is None)
    assert [(type(b).__name__, getattr(b, "text", None)) for b in own.blocks] == [
        ("Heading", "Contact the hub"),
        ("Heading", "By email or telephone"),
        ("Paragraph", None),
    ]


def test_a_heading_whose_wording_is_gated_out_for_the_hub_still_goes(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    hub = root / "hubs/SE9.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8")
        + """\
      placements:
        - end_of: about
          blocks:
            - heading: Places
              level: 2
            - "{% if offer.places %}We have {{ offer.places }} places.{% endif %}"
""",
        encoding="utf-8",
    )
    project = load_project(root)
    pack = resolve_pack(project, project.programmes[0], project.hub("SE9"))
    about = next(s for s in pack.sections if s.id == "about")
    assert not any(isinstance(b, p.Heading) for b in about.blocks), "nothing under it for this hub: left out"


def test_a_level_that_skips_one_is_a_located_error(tmp_path: Path) -> None:
    root = _with_headings(tmp_path / "sample")
    hub = root / "hubs/SE9.yaml"
    text = hub.read_text(encoding="utf-8")
    hub.write_text(text.replace("              level: 2\n", "              level: 3\n", 1), encoding="utf-8")
    result = run_cli("check", "--project", str(root), "--today", "2024-01-01")
    assert result.exit_code == 1
    line = next(i for i, t in enumerate(hub.read_text(encoding="utf-8").splitlines(), 1) if "level: 3" in t)
    assert (
        f"hubs/SE9.yaml:{line}:22: error: this heading's level 3 skips a level after the heading before it "
        "(Heading 1); give it level 2, or a heading of that level before it" in result.output
    ), result.output
