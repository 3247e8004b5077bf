"""Every kind of block, in every format, as a reader meets it: the third programme's packs
(programmes/teaching-for-mastery-development/2024-25.yaml) use each one.

HTML: heading levels, ol/ul nesting, th scope, img alt, the note list. Word: Heading styles,
numbering definitions with levels, a repeating header row, the footnotes part, pictures with
descriptions. PDF: the structure tree (H2/H3, L/LI nesting, Table/TR/TH/TD with headers,
Figure with Alt, Note) and pdftotext's reading order.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
from conftest import W, html_text, pdf_text
from lxml import etree
from pdftags import structure

from packgen.selection import Selection

TFM = "2024-25/{hub}/teaching-for-mastery-development/information.{fmt}"
ALT_FIGURE = "A bar model: a whole bar labelled 12 above two parts labelled 7 and 5, showing that 7 and 5 make 12."
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def path(built: Path, hub: str, fmt: str) -> Path:
    return built / TFM.format(hub=hub, fmt=fmt)


def html(built: Path, hub: str = "WM1") -> etree._Element:
    return etree.fromstring(path(built, hub, "html").read_bytes(), etree.HTMLParser())


def text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def squash(text: str) -> str:
    return " ".join(text.split())


# --- HTML ---------------------------------------------------------------------------------------


def test_html_headings_are_real_and_nested_by_level(built: Path) -> None:
    root = html(built)
    headings = [(h.tag, text_of(h)) for h in root.iter("h1", "h2", "h3", "h4")]
    assert headings[0] == ("h1", "Primary Teaching for Mastery Development Work Groups")
    assert root.find(".//h1/br") is not None, "the title's line break is a <br>"
    start = headings.index(("h2", "What is involved?"))
    assert headings[start : start + 4] == [
        ("h2", "What is involved?"),
        ("h3", "The central programme"),
        ("h3", "Local Work Groups"),
        ("h2", "Who can apply?"),
    ]
    section = root.find(".//section[@id='what-is-involved']")
    assert [c.tag for c in section][:2] == ["h2", "h3"], "a heading with no body of its own, then its sub-heading"
    masthead = root.find(".//header")
    assert [p.get("class") for p in masthead.iter("p")] == ["hub-name", "hub-details", "tagline", "subtitle"]
    assert (
        text_of(masthead.find(".//p[@class='tagline']"))
        == "Developing a teaching for mastery approach across the whole school"
    )
    assert text_of(masthead.find(".//p[@class='subtitle']")) == "Information and Application 2024/25"


def test_html_lists_nest_and_numbers_are_referred_to(built: Path) -> None:
    section = html(built).find(".//section[@id='eligibility']")
    [criteria] = section.findall("ol")
    items = criteria.findall("li")
    assert len(items) == 4 and criteria.get("start") is None
    assert [li.tag for li in items[2]] == ["ul"]
    assert [text_of(li) for li in items[2].find("ul")] == [
        "a maths lead who is able to lead change across the school",
        "time set aside for the lead teachers to work with colleagues",
    ]
    after = criteria.getnext()
    assert after.tag == "p" and text_of(after).startswith("Schools meeting criterion 2 need not meet criterion 3.")
    local = html(built).find(".//section[@id='what-is-involved']/ul")
    assert [text_of(li.find("ul")) if li.find("ul") is not None else None for li in local.findall("li")] == [
        None,
        "staff meetings led by the lead teachers planning together with teachers in the same year group",
        None,
    ]


def test_html_table_has_a_header_row_row_headers_and_markup(built: Path) -> None:
    table = html(built).find(".//section[@id='eligibility']/table")
    assert table.get("class") == "data"
    assert text_of(table.find("caption")) == "Who is eligible, and the funding"
    assert [(th.get("scope"), text_of(th)) for th in table.findall("thead/tr/th")] == [
        ("col", "School situation"),
        ("col", "Eligible for"),
        ("col", "Funding"),
    ]
    rows = table.findall("tbody/tr")
    assert [(r[0].tag, r[0].get("scope")) for r in rows] == [("th", "row")] * 3
    assert rows[0][1].find("strong").text == "Development" and rows[2][1].find("em").text == "Embedding"
    assert rows[0][2].find("sup[@class='note-call']/a").get("href") == "#note-2"


def test_html_pictures_have_alt_text_and_come_from_the_project(built: Path) -> None:
    root = html(built, "WM3")
    logos = root.findall(".//header//img")
    assert [img.get("alt") for img in logos] == [
        "Teaching for Mastery Development Work Groups logo",
        "North Mids Maths Hub logo",
    ]
    figure = root.find(".//section[@id='background']/figure")
    img = figure.find("img")
    assert img.get("alt") == ALT_FIGURE and img.get("style") == "width: 70%"
    assert text_of(figure.find("figcaption")).startswith("Figure 1: a bar model")
    assert all(i.get("src").startswith("data:image/png;base64,") for i in root.iter("img")), "the page stands alone"
    assert [i.get("alt") for i in html(built, "YH2").findall(".//header//img")] == [
        "Teaching for Mastery Development Work Groups logo"
    ]


def test_html_footnotes_are_numbered_links_to_a_note_list(built: Path) -> None:
    root = html(built)
    calls = [a.get("href") for a in root.iter("a") if a.getparent().get("class") == "note-call"]
    assert calls == ["#note-1", "#note-2", "#note-3"]
    notes = root.find(".//section[@id='notes']")
    assert text_of(notes.find("h2")) == "Notes"
    items = notes.findall("ol/li")
    assert [li.get("id") for li in items] == ["note-1", "note-2", "note-3"]
    assert text_of(items[0]).startswith(
        "The Five Big Ideas are described in the NCETM's guidance on teaching for mastery."
    )
    assert items[0].find("a").get("href") == "https://www.ncetm.org.uk/teaching-for-mastery/"
    assert text_of(items[2]).startswith("The grant is subject to confirmation of funding from the DfE.")
    before_form = [s.get("id") for s in root.find(".//main").findall("section")]
    assert before_form.index("notes") == before_form.index("application-form") - 1


def test_html_footnotes_carry_their_dpub_aria_roles(built: Path) -> None:
    """A screen reader names the calls as note references, the list as the end notes, and the way back."""
    root = html(built)
    calls = [a for a in root.iter("a") if a.getparent().get("class") == "note-call"]
    assert calls and {a.get("role") for a in calls} == {"doc-noteref"}
    notes = root.find(".//section[@id='notes']")
    assert notes.get("role") == "doc-endnotes"
    items = notes.findall("ol/li")
    assert items and {li.get("role") for li in items} == {None}  # doc-endnote is deprecated: axe refuses it
    backs = [li.find("a[@class='back']") for li in items]
    assert [a.get("href") for a in backs] == [f"#note-ref-{n}" for n in range(1, len(items) + 1)]
    assert {a.get("role") for a in backs} == {"doc-backlink"}


def test_html_line_breaks_and_choices_in_the_packs_form(built: Path) -> None:
    root = html(built)
    apply = root.find(".//section[@id='how-to-apply']/p")
    assert len(apply.findall("br")) == 2
    assert (
        text_of(apply) == "Complete the application form below and send it by email to: Central Maths Hub"
        " mathshub@bishopchalloner.bham.sch.uk"
    )
    cell = root.find(".//td[@data-field='school.type']")
    assert text_of(cell) == "One of: Infant / Junior / Primary / All-through / Other (please say)"
    assert text_of(root.find(".//td[@data-field='readiness.done']")).startswith(
        "Any of: Taken part in a Mastery Readiness Work Group / "
    )


# --- hub content --------------------------------------------------------------------------------


def test_hub_content_stands_where_the_hub_placed_it(built: Path) -> None:
    """YH2's boxed notice between two national sections; WM3's paragraph before a block and its
    sub-heading and paragraph at the end of a section; WM1 has neither."""
    yh2 = html(built, "YH2").find(".//main")
    ids = [(s.get("id"), s.get("class")) for s in yh2.findall("section")]
    at = ids.index(("eligibility", "normal"))
    assert ids[at + 1] == (None, "normal") and ids[at + 2] == ("expectations", "normal")
    box = yh2.findall("section")[at + 1].find("div[@class='notice']")
    assert text_of(box.find("h2")) == "Schools in a multi-academy trust"
    assert [text_of(li) for li in box.findall("ul/li")] == [
        "Name the other schools in your headteacher statement",
        "Send all the forms by the closing date",
    ]

    wm3 = html(built, "WM3").find(".//main")
    eligibility = wm3.find("section[@id='eligibility']")
    paragraphs = [text_of(p) for p in eligibility.findall("p")]
    own = next(i for i, p in enumerate(paragraphs) if p.startswith("In Staffordshire and Stoke-on-Trent"))
    assert paragraphs[own + 1].startswith("Schools meeting criterion 2")
    apply = [(c.tag, text_of(c)) for c in wm3.find("section[@id='how-to-apply']")]
    assert apply[-2:] == [
        ("h3", "Come and meet us"),
        ("p", "Our information session for headteachers is on Wednesday 3rd July 2024, online."),
    ]

    wm1 = html_text(path(built, "WM1", "html"))
    assert "multi-academy trust" not in wm1 and "Staffordshire" not in wm1 and "Come and meet us" not in wm1


# --- Word ---------------------------------------------------------------------------------------


def _xml(built: Path, hub: str, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path(built, hub, "docx")) as zf:
        return etree.fromstring(zf.read(part))


def test_docx_headings_and_masthead_use_word_styles(built: Path) -> None:
    document = docx.Document(str(path(built, "WM3", "docx")))
    styles = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title", "Tagline", "Subtitle"))
    ]
    assert styles[:3] == [
        ("Title", "Primary Teaching for Mastery\nDevelopment Work Groups"),  # python-docx reads the w:br as a newline
        ("Tagline", "Developing a teaching for mastery approach across the whole school"),
        ("Subtitle", "Information and Application 2024/25"),
    ]
    at = styles.index(("Heading 1", "What is involved?"))
    assert styles[at + 1 : at + 3] == [("Heading 2", "The central programme"), ("Heading 2", "Local Work Groups")]
    assert ("Heading 2", "Come and meet us") in styles
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title._p.find(f".//{W}br") is not None


def test_docx_lists_are_numbered_by_real_definitions_with_levels(built: Path) -> None:
    body = _xml(built, "WM1")
    numbering = _xml(built, "WM1", "word/numbering.xml")
    abstract = {n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iter(f"{W}num")}
    formats = {
        a.get(f"{W}abstractNumId"): {
            lvl.get(f"{W}ilvl"): lvl.find(f"{W}numFmt").get(f"{W}val") for lvl in a.iter(f"{W}lvl")
        }
        for a in numbering.iter(f"{W}abstractNum")
    }

    def item(text: str) -> tuple[str, str, str]:
        p = next(p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")) == text)
        num = p.find(f"{W}pPr/{W}numPr")
        ilvl, num_id = num.find(f"{W}ilvl").get(f"{W}val"), num.find(f"{W}numId").get(f"{W}val")
        return ilvl, num_id, formats[abstract[num_id]][ilvl]

    first = item("The school is a state-funded primary, infant or junior school.")
    fourth = item("The school has not taken part in a Development Work Group before.")
    nested = item("a maths lead who is able to lead change across the school")
    assert first[0] == "0" and first[2] == "decimal" and first[1] == fourth[1]
    assert nested[0] == "1" and nested[2] == "bullet" and nested[1] != first[1]
    assert item("staff meetings led by the lead teachers")[:3:2] == ("1", "bullet")
    # Each numbered list restarts: its own instance, starting at 1.
    start = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == first[1]).find(
        f"{W}lvlOverride/{W}startOverride"
    )
    assert start.get(f"{W}val") == "1"


def test_docx_table_repeats_its_header_row_and_rows_do_not_split(built: Path) -> None:
    body = _xml(built, "WM1")
    table = next(
        t
        for t in body.iter(f"{W}tbl")
        if t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == "Who is eligible, and the funding"
    )
    rows = table.findall(f"{W}tr")
    assert len(rows) == 4
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    cells = ["".join(t.text for t in c.iter(f"{W}t")) for c in rows[1].findall(f"{W}tc")]
    assert cells == ["New to teaching for mastery", "Development Work Group", "£1,000 grant"]
    assert rows[1].find(f".//{W}footnoteReference") is not None
    bold = [r.find(f"{W}rPr/{W}b") is not None for r in rows[1].findall(f"{W}tc")[1].iter(f"{W}r")]
    assert bold == [True, False]  # **Development** Work Group
    caption = table.getprevious()
    assert caption.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Caption"


def test_docx_footnotes_part_holds_the_notes(built: Path) -> None:
    with zipfile.ZipFile(path(built, "WM1", "docx")) as zf:
        names = zf.namelist()
        rels = zf.read("word/_rels/document.xml.rels").decode()
        types = zf.read("[Content_Types].xml").decode()
        notes_rels = zf.read("word/_rels/footnotes.xml.rels").decode()
    assert "word/footnotes.xml" in names
    assert 'Target="footnotes.xml"' in rels and 'PartName="/word/footnotes.xml"' in types
    assert "https://www.ncetm.org.uk/teaching-for-mastery/" in notes_rels  # a link inside a note
    notes = _xml(built, "WM1", "word/footnotes.xml")
    texts = {
        n.get(f"{W}id"): squash("".join(t.text or "" for t in n.iter(f"{W}t")))
        for n in notes.iter(f"{W}footnote")
        if n.get(f"{W}type") is None
    }
    assert texts == {
        "1": "The Five Big Ideas are described in the NCETM's guidance on teaching for mastery.",
        "2": "Paid to the school in the summer term, once the school has taken part in every workshop.",
        "3": "The grant is subject to confirmation of funding from the DfE.",
    }
    refs = [r.get(f"{W}id") for r in _xml(built, "WM1").iter(f"{W}footnoteReference")]
    assert refs == ["1", "2", "3"]


def test_docx_pictures_are_embedded_with_their_alt_text(built: Path) -> None:
    body = _xml(built, "WM3")
    WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    assert [d.get("descr") for d in body.iter(f"{WP}docPr")] == [
        "Teaching for Mastery Development Work Groups logo",
        "North Mids Maths Hub logo",
        ALT_FIGURE,
    ]
    with zipfile.ZipFile(path(built, "WM3", "docx")) as zf:
        media = sorted(n for n in zf.namelist() if n.startswith("word/media/"))
        assert [zf.read(n)[:8] for n in media] == [b"\x89PNG\r\n\x1a\n"] * 3
        assert 'Extension="png"' in zf.read("[Content_Types].xml").decode()


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_structure_tree_tags_every_block(built: Path) -> None:
    tree = structure(path(built, "WM3", "pdf"))
    headings = [(e.tag, squash(e.all_text())) for e in tree.walk() if e.tag in ("H1", "H2", "H3")]
    assert headings[0] == ("H1", "Primary Teaching for Mastery Development Work Groups")
    at = headings.index(("H2", "What is involved?"))
    assert headings[at : at + 4] == [
        ("H2", "What is involved?"),
        ("H3", "The central programme"),
        ("H3", "Local Work Groups"),
        ("H2", "Who can apply?"),
    ]
    assert ("H3", "Come and meet us") in headings

    figures = [e.alt for e in tree.find("Figure")]
    assert figures == ["Teaching for Mastery Development Work Groups logo", "North Mids Maths Hub logo", ALT_FIGURE]

    notes = [squash(e.all_text()) for e in tree.find("Note")]
    assert [n.split(" ", 1)[0] for n in notes] == ["1.", "2.", "3."]
    assert notes[0].startswith("1. The Five Big Ideas are described")

    lists = tree.find("L")
    criteria = next(
        found
        for found in lists
        if any("state-funded primary" in li.all_text() for li in found.children if li.tag == "LI")
    )
    items = [c for c in criteria.children if c.tag == "LI"]
    assert len(items) == 4 and all([c.tag for c in li.children] == ["Lbl", "LBody"] for li in items)
    assert [squash(li.children[0].all_text()) for li in items] == ["1.", "2.", "3.", "4."]
    nested = [c for c in criteria.children if c.tag == "L"]  # PDF nests a sub-list in its list
    assert len(nested) == 1 and "a maths lead" in nested[0].all_text()


def test_pdf_table_cells_name_their_headers(built: Path) -> None:
    tree = structure(path(built, "WM1", "pdf"))
    table = next(
        t
        for t in tree.find("Table")
        if any(squash(c.all_text()) == "Who is eligible, and the funding" for c in t.children if c.tag == "Caption")
    )
    rows = [r for r in table.walk() if r.tag == "TR"]
    assert [c.tag for c in rows[0].children] == ["TH", "TH", "TH"]
    assert [c.tag for c in rows[1].children] == ["TH", "TD", "TD"]
    ids = {squash(c.all_text()): c.ident for r in rows for c in r.children if c.tag == "TH"}
    funding = rows[1].children[2]
    assert [str(h) for h in funding.attributes["/Headers"]] == [ids["New to teaching for mastery"], ids["Funding"]]


def test_pdftotext_reads_notes_at_the_foot_of_their_page(built: Path) -> None:
    pdf = path(built, "WM1", "pdf")
    pages = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        ).group(1)
    )
    texts = [
        subprocess.run(
            ["pdftotext", "-raw", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, pages + 1)
    ]
    for call, note in (
        ("fluency, and variation.1", "1. The Five Big Ideas"),
        ("£1,000 grant2", "2. Paid to the school"),
        ("release time.3", "3. The grant is subject"),
    ):
        page = next(t for t in texts if call in squash(t))
        flat = squash(page)
        assert note in flat and flat.index(call) < flat.index(note), (call, note)
    text = pdf_text(pdf)
    order = [
        "Who can apply?",
        "The school is a state-funded",
        "a maths lead",
        "The school has not taken part",
        "Schools meeting criterion 2",
        "School situation Eligible for Funding",
        "Expectations of participating schools",
    ]
    flat = squash(text)
    positions = [flat.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_pdf_bookmarks_nest_sub_headings_under_their_section(built: Path) -> None:
    from pypdf import PdfReader

    def titles(outline: list, depth: int = 0) -> list[tuple[int, str]]:
        out = []
        for entry in outline:
            out += titles(entry, depth + 1) if isinstance(entry, list) else [(depth, entry.title)]
        return out

    marks = titles(PdfReader(path(built, "WM3", "pdf")).outline)
    assert marks[0] == (0, "Primary Teaching for Mastery Development Work Groups")
    at = marks.index((1, "What is involved?"))
    assert marks[at + 1 : at + 3] == [(2, "The central programme"), (2, "Local Work Groups")]
    assert (2, "Come and meet us") in marks


def test_the_new_blocks_build_byte_for_byte_again(tmp_path: Path, built: Path) -> None:
    """A build of the repo's WM3 pack gives the bytes of the session's build (in other processes, among
    every other pack) for the information pack, and of a second build for the form, which the
    session's build leaves out. (The repo itself, not a copy: a PDF names its pictures by their path.)"""
    from conftest import REPO, run_cli

    from packgen.build import build

    out = tmp_path / "build1"
    args = ("--programme", "teaching-for-mastery-development", "--hub", "WM3", "--jobs", "1", "--quiet")
    result = run_cli("build", "--project", str(REPO), "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    first = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".packgen")
    }
    assert len(first) == 6 + 2  # and the site's two pages
    again = tmp_path / "build2"
    forms = Selection(programmes=("teaching-for-mastery-development",), hubs=("WM3",), documents=("application-form",))
    build(REPO, out=again, selection=forms, jobs=1)
    for fmt in ("html", "pdf", "docx"):
        information = TFM.format(hub="WM3", fmt=fmt)
        assert first[information] == (built / information).read_bytes(), information
        form = information.replace("information.", "application-form.")
        assert first[form] == (again / form).read_bytes(), form
