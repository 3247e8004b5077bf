"""Blocks for layout (issue 22, point 5): a table without a header row (a text beside a link, or beside
a picture that links), a picture that links to a larger version, and a link to a video with its title,
each in HTML, the tagged PDF (a Table with no TH, a Figure with its Alt inside a Link, in a TD for a
cell's picture; Link annotations with /Contents), Word (hyperlinks; a cell's inline picture with its
description) and LibreOffice; a cell's picture's alt text is wording the walk, the checks and the diff
read; and a one-row table's or a bad cell's error says what is wrong with it."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pymupdf
import pytest
from conftest import REPO, W, edit, libreoffice_pdfs, line_of, pdf_text, run_cli
from lxml import etree
from matterhorn import check as matterhorn
from pdftags import structure

from packgen.build import build
from packgen.diff import compare
from packgen.diff.text import render_text
from packgen.model.project import load_project
from packgen.resolve import resolve
from packgen.selection import Selection
from packgen.wording.walk import programme_pieces

PROGRAMME = "programmes/number-sense/2024-25.yaml"
PAGES = "2024-25/WM9/number-sense/information"
FILM = "https://www.ncetm.org.uk/videos/"
LARGER = "https://www.ncetm.org.uk/bar-model-large"
VIDEO = "https://www.youtube.com/watch?v=abc123"
ALT = "A bar model splitting 12 into 7 and 5"
BESIDE = "The bar model, larger"
CELL_ALT = "A small bar model of 12 as 7 and 5"
CELL_LINK = "https://www.ncetm.org.uk/bar-model-cell"
BLOCKS = f"""      - table:
          - ["Watch a lesson", "[the NCETM's film]({FILM})"]
          - ["Read the guide", "Sent to every school"]
        header: false
      - table:
          - ["{BESIDE}", {{image: assets/bar-model.png, alt: {CELL_ALT}, width: 25, link: "{CELL_LINK}"}}]
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
    [table] = [t for t in about.xpath(".//table") if "Watch a lesson" in "".join(t.itertext())]
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


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
NETWORKS = "programmes/number-sense-networks/2026-27.yaml"
NETWORKS_ALT = "A small bar model splitting 12 into 7 and 5"
NETWORKS_LINK = "https://www.ncetm.org.uk/classroom-resources/"


def _cell_pictures(page: etree._Element) -> list[tuple[str, str, str]]:
    """(text of the row, the link's address, the alt text) of each picture inside a link inside a td."""
    return [
        ("".join(img.getparent().getparent().getparent().itertext()), img.getparent().get("href"), img.get("alt"))
        for img in page.xpath("//table//td/a/img")
    ]


def _tagged_cell_pictures(pdf: Path) -> list[str]:
    """The alt text of each Figure inside a Link inside a TD of the PDF's tags."""
    return [f.alt for td in structure(pdf).find("TD") for link in td.find("Link") for f in link.find("Figure")]


def _word_cell_pictures(docx: Path) -> list[tuple[str, str]]:
    """(the hyperlink's target, the picture's description) of each picture inside a hyperlink in a table cell."""
    with zipfile.ZipFile(docx) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    return [
        (targets[link.get(f"{R}id")], pr.get("descr"))
        for cell in body.iter(f"{W}tc")
        for link in cell.iter(f"{W}hyperlink")
        for pr in link.iter(f"{WP}docPr")
    ]


def test_html_shows_a_cells_picture_with_its_alt_text_inside_its_link(built: Path) -> None:
    page = etree.fromstring((built / f"{PAGES}.html").read_bytes(), etree.HTMLParser())
    assert _cell_pictures(page) == [(BESIDE, CELL_LINK, CELL_ALT)]
    [td] = page.xpath("//td[a/img]")
    assert td.get("style") == "width: 25%", "its column is as wide as the picture's width says"


def test_the_tagged_pdf_has_a_cells_picture_as_a_figure_with_alt_inside_a_link_in_a_td(built: Path) -> None:
    pdf = built / f"{PAGES}.pdf"
    assert _tagged_cell_pictures(pdf) == [CELL_ALT]
    [table] = [t for t in structure(pdf).find("Table") if BESIDE in t.all_text()]
    assert not table.find("TH") and len(table.find("TD")) == 2
    with pikepdf.open(pdf) as doc:
        links = [a for page in doc.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        contents = [str(a.get("/Contents", "")) for a in links if "/A" in a and str(a.A.get("/URI")) == CELL_LINK]
    assert contents and all(contents), "the picture's link is an annotation with /Contents, as the image block's"
    assert matterhorn(pdf) == []


def test_word_has_a_cells_picture_with_its_description_inside_a_hyperlink(built: Path) -> None:
    docx = built / f"{PAGES}.docx"
    assert _word_cell_pictures(docx) == [(CELL_LINK, CELL_ALT)]
    with zipfile.ZipFile(docx) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    [table] = [t for t in body.iter(f"{W}tbl") if BESIDE in "".join(t.itertext())]
    widths = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
    assert widths[1] == 9638 * 25 // 100 and sum(widths) == 9638, "the picture's column is a quarter of the text"


def test_libreoffice_lays_out_a_cells_picture_beside_its_text_with_its_link(built: Path, tmp_path: Path) -> None:
    [pdf] = libreoffice_pdfs([built / f"{PAGES}.docx"], tmp_path)
    assert BESIDE in pdf_text(pdf)
    with pymupdf.open(pdf) as doc:
        [(page, text)] = [(page, r) for page in doc for r in page.search_for(BESIDE)]
        beside = [i["bbox"] for i in page.get_image_info() if i["bbox"][0] > text.x1 and i["bbox"][1] < text.y1]
        links = [link["from"] for link in page.get_links() if link.get("uri") == CELL_LINK]
    assert beside, "the picture stands to the right of its text, in the same row"
    assert links and any(pymupdf.Rect(b).intersects(link) for b in beside for link in links), "and it links"


@pytest.mark.parametrize(
    "table,needle,message",
    [
        (
            "          - - Beside it\n            - image: assets/bar-model.png\n              width: 25\n",
            "- image: assets/bar-model.png",
            "table.0.1: an image needs alt text: add alt: saying what it shows",
        ),
        (
            "          - - Beside it\n            - alt: A bar model\n",
            "- alt: A bar model",
            "table.0.1: a table's cell is text, or a picture: a mapping of image: assets/<file>.png with alt:",
        ),
        (
            "          - - Beside it\n            - image: assets/nothing.png\n              alt: A bar model\n",
            "- image: assets/nothing.png",
            "no file assets/nothing.png",
        ),
    ],
)
def test_a_bad_cell_is_a_located_error_that_says_what_to_write(
    sample: Path, table: str, needle: str, message: str
) -> None:
    shutil.copytree(REPO / "assets", sample / "assets")
    edit(
        sample / PROGRAMME,
        "      - bullets:\n          - Three workshops during the year",
        f"      - table:\n{table}        header: false\n      - bullets:\n          - Three workshops during the year",
    )
    result = run_cli("check", "--project", str(sample), "--format", "json")
    found = [p for p in json.loads(result.stdout)["problems"] if p["path"].endswith(PROGRAMME)]
    assert [(p["line"], message in p["message"]) for p in found] == [(line_of(sample / PROGRAMME, needle), True)], found


def test_a_picture_cannot_head_a_column(sample: Path) -> None:
    shutil.copytree(REPO / "assets", sample / "assets")
    edit(
        sample / PROGRAMME,
        "      - bullets:\n          - Three workshops during the year",
        "      - table:\n          - [{image: assets/bar-model.png, alt: A bar model}, Heading]\n"
        "          - [Beside it, And this]\n      - bullets:\n          - Three workshops during the year",
    )
    result = run_cli("check", "--project", str(sample), "--format", "json")
    [problem] = [p for p in json.loads(result.stdout)["problems"] if p["path"].endswith(PROGRAMME)]
    assert problem["line"] == line_of(sample / PROGRAMME, "- table:")
    assert "column headings, which are text" in problem["message"] and "header: false" in problem["message"]


def test_a_cells_picture_with_alt_text_passes_check(sample: Path) -> None:
    shutil.copytree(REPO / "assets", sample / "assets")
    edit(sample / PROGRAMME, "      - bullets:\n          - Three workshops during the year", BLOCKS)
    result = run_cli("check", "--project", str(sample), "--format", "json")
    assert [p for p in json.loads(result.stdout)["problems"] if p["path"].endswith(PROGRAMME)] == [], result.output


def test_a_cells_alt_text_is_wording_the_walk_the_checks_and_the_diff_read(project: Path) -> None:
    py = next(py for py in load_project(REPO).programmes if py.programme == "number-sense-networks")
    [piece] = [w for w in programme_pieces(py) if w.text == NETWORKS_ALT]
    assert (piece.role, piece.part, piece.loc[-4:]) == ("alt", "resources", ("table", 0, 1, "alt"))
    assert piece.source.position(piece.loc)[0] == line_of(REPO / NETWORKS, f"alt: {NETWORKS_ALT}")

    edit(project / NETWORKS, f"alt: {NETWORKS_ALT}", "alt: A tiny bar model splitting 12 into 7 and 5 TODO")
    result = run_cli("check", "--project", str(project), "--format", "json")
    found = [(p["line"], p["code"]) for p in json.loads(result.stdout)["problems"] if p["path"] == NETWORKS]
    assert (line_of(project / NETWORKS, "TODO"), "text.placeholder") in found

    old, new = load_project(REPO), load_project(project)
    old_py, new_py = (next(py for py in pr.programmes if py.programme == "number-sense-networks") for pr in (old, new))
    text = render_text(compare(resolve(old, old_py, old.hub("NE1")), resolve(new, new_py, new.hub("NE1"))))
    assert "Picture: A [-small-]{+tiny+} bar model" in text, text


def test_the_fourth_sample_builds_a_text_beside_a_linked_picture(tmp_path: Path) -> None:
    build(REPO, out=tmp_path, selection=Selection(programmes=("number-sense-networks",)), jobs=1)
    pages = tmp_path / "2026-27/NE1/number-sense-networks/information"
    page = etree.fromstring(pages.with_suffix(".html").read_bytes(), etree.HTMLParser())
    beside = "More pictures like this one, ready for the classroom (select the picture)"
    assert _cell_pictures(page) == [(beside, NETWORKS_LINK, NETWORKS_ALT)]
    assert _tagged_cell_pictures(pages.with_suffix(".pdf")) == [NETWORKS_ALT]
    assert _word_cell_pictures(pages.with_suffix(".docx")) == [(NETWORKS_LINK, NETWORKS_ALT)]


def test_a_new_cell_picture_rebuilds_the_documents_that_show_it(sample: Path) -> None:
    (sample / "assets").mkdir()
    shutil.copy(REPO / "assets/bar-model.png", sample / "assets/cell.png")
    edit(
        sample / PROGRAMME,
        "      - bullets:\n          - Three workshops during the year",
        "      - table:\n          - [Beside it, {image: assets/cell.png, alt: A bar model}]\n        header: false\n"
        "      - bullets:\n          - Three workshops during the year",
    )
    args = ("build", "--project", str(sample), "--hub", "WM9", "--jobs", "1", "--quiet")
    assert run_cli(*args).exit_code == 0
    shutil.copy(REPO / "assets/north-mids-maths-hub-logo.png", sample / "assets/cell.png")
    again = run_cli(*args)
    # the information pack's three formats show it and are built again; the forms, which do not, are not
    assert again.exit_code == 0 and "3 built, 3 unchanged" in again.output, again.output


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
