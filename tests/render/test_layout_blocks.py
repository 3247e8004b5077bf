"""Blocks for layout (issue 22, point 5): a table without a header row (a text beside a link), a
picture that links to a larger version, and a link to a video with its title, each in HTML, the
tagged PDF (a Table with no TH, a Figure with its Alt inside a Link, Link annotations with
/Contents) and Word (hyperlinks); and a one-row table's error says what is wrong with it."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, W, edit, line_of, run_cli
from lxml import etree
from matterhorn import check as matterhorn
from pdftags import structure

PROGRAMME = "programmes/number-sense/2024-25.yaml"
PAGES = "2024-25/WM9/number-sense/information"
FILM = "https://www.ncetm.org.uk/videos/"
LARGER = "https://www.ncetm.org.uk/bar-model-large"
VIDEO = "https://www.youtube.com/watch?v=abc123"
ALT = "A bar model splitting 12 into 7 and 5"
BLOCKS = f"""      - table:
          - ["Watch a lesson", "[the NCETM's film]({FILM})"]
          - ["Read the guide", "Sent to every school"]
        header: false
      - image: assets/bar-model.png
        alt: {ALT}
        link: {LARGER}
      - video: {VIDEO}
        title: Number sense in a Year 1 classroom
      - bullets:
          - Three workshops during the year"""
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with the three blocks in its about section, WM9's information pack built."""
    root = tmp_path_factory.mktemp("layout") / "sample"
    shutil.copytree(REPO / "tests/fixtures/sample", root)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "assets").mkdir()
    shutil.copy(REPO / "assets/bar-model.png", root / "assets")
    edit(root / PROGRAMME, "      - bullets:\n          - Three workshops during the year", BLOCKS)
    result = run_cli(
        "build", "--project", str(root), "--out", str(root / "out"), "--hub", "WM9", "--jobs", "1", "--quiet"
    )
    assert result.exit_code == 0, result.output
    return root / "out"


def test_html_has_a_table_without_a_header_row_a_linked_picture_and_a_video_link(built: Path) -> None:
    page = etree.fromstring((built / f"{PAGES}.html").read_bytes(), etree.HTMLParser())
    [about] = page.xpath("//section[@id='about']")
    [table] = about.xpath(".//table")
    assert not table.xpath(".//th") and not table.xpath(".//thead")
    rows = [["".join(td.itertext()) for td in tr.xpath("td")] for tr in table.xpath(".//tr")]
    assert rows == [["Watch a lesson", "the NCETM's film"], ["Read the guide", "Sent to every school"]]
    assert table.xpath(".//a/@href") == [FILM]
    [img] = about.xpath(".//figure/a/img")
    assert img.getparent().get("href") == LARGER and img.get("alt") == ALT
    [video] = about.xpath(".//p[@class='video']/a")
    assert video.get("href") == VIDEO and video.text == "Video: Number sense in a Year 1 classroom"


def test_the_tagged_pdf_has_a_table_without_th_a_figure_inside_a_link_and_links_with_contents(built: Path) -> None:
    pdf = built / f"{PAGES}.pdf"
    tree = structure(pdf)
    tables = [t for t in tree.find("Table") if "Watch a lesson" in t.all_text()]
    assert len(tables) == 1 and not tables[0].find("TH") and len(tables[0].find("TR")) == 2
    figures = [link for link in tree.find("Link") if any(f.alt == ALT for f in link.find("Figure"))]
    assert figures, "the picture is a Figure, with its alt text, inside a Link"
    assert any("Video: Number sense in a Year 1 classroom" in link.all_text() for link in tree.find("Link"))
    with pikepdf.open(pdf) as doc:
        links = [a for page in doc.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        targets = {str(a.A.URI): str(a.get("/Contents", "")) for a in links if "/A" in a and "/URI" in a.A}
    assert {FILM, LARGER, VIDEO} <= set(targets)
    assert all(targets[url] for url in (FILM, LARGER, VIDEO)), "each link annotation has /Contents"
    assert matterhorn(pdf) == []


def test_word_has_a_table_without_a_header_row_a_linked_picture_and_a_video_link(built: Path) -> None:
    docx = built / f"{PAGES}.docx"
    with zipfile.ZipFile(docx) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    [table] = [t for t in body.iter(f"{W}tbl") if "Watch a lesson" in "".join(t.itertext())]
    assert table.find(f".//{W}tblHeader") is None
    assert table.find(f"{W}tblPr/{W}tblLook").get(f"{W}firstRow") == "0"
    links = {targets[h.get(f"{R}id")]: h for h in body.iter(f"{W}hyperlink")}
    assert links[LARGER].find(f".//{W}drawing") is not None, "the picture is inside its hyperlink"
    assert "".join(links[VIDEO].itertext()) == "Video: Number sense in a Year 1 classroom"
    assert "".join(links[FILM].itertext()) == "the NCETM's film"


def test_a_one_row_table_says_it_has_only_its_heading_row(sample: Path) -> None:
    edit(
        sample / PROGRAMME,
        "      - bullets:\n          - Three workshops during the year",
        '      - table:\n          - ["Term", "Dates"]\n      - bullets:\n          - Three workshops during the year',
    )
    result = run_cli("check", "--project", str(sample), "--format", "json")
    found = [p for p in json.loads(result.stdout)["problems"] if p["path"].endswith(PROGRAMME)]
    [problem] = [p for p in found if "table" in p["message"]]
    assert problem["line"] == line_of(sample / PROGRAMME, "- table:")
    assert "must not be empty" not in problem["message"]
    assert "only its heading row" in problem["message"] and "header: false" in problem["message"]


def test_a_one_row_table_without_a_header_is_a_table(sample: Path) -> None:
    edit(
        sample / PROGRAMME,
        "      - bullets:\n          - Three workshops during the year",
        '      - table:\n          - ["Term", "Dates"]\n        header: false\n'
        "      - bullets:\n          - Three workshops during the year",
    )
    result = run_cli("check", "--project", str(sample), "--format", "json")
    assert not [p for p in json.loads(result.stdout)["problems"] if "table" in p["message"]], result.output
