"""The documents themselves: real clients open them, other hubs get their own facts, data is escaped."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from itertools import pairwise
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import REPO, W, docx_text, docx_xml, edit, html_text, libreoffice_pdfs, pdf_text, run_cli, words
from lxml import etree

from packgen import pack as p
from packgen.model.project import load_project
from packgen.resolve import resolve_pack

EXTRACT = {"docx": docx_text, "pdf": pdf_text, "html": html_text}


def test_every_hub_and_programme_year_is_built(built: Path) -> None:
    project = load_project(REPO)
    expected = {
        f"{py.year.id}/{hub.code}/{py.programme}/information.{fmt}"
        for py in project.programmes
        for hub in project.hubs_running(py)
        for fmt in ("html", "pdf", "docx")
    }
    made = {str(p.relative_to(built)) for p in built.rglob("information.*")}
    assert made == expected
    assert len(made) == 3 * sum(len(project.hubs_running(py)) for py in project.programmes)
    # A programme-year names its hubs (hubs:), or is run by the hubs whose files have an offer for it.
    assert {
        f"{py.programme}/{py.year.id}": [h.code for h in project.hubs_running(py)] for py in project.programmes
    } == {
        "mastering-number/2024-25": ["WM1"],
        "mastering-number/2025-26": ["WM1"],
        "mastery-readiness/2021-22": ["WM1"],
        "number-sense-networks/2026-27": ["NE1"],
        "teaching-for-mastery-development/2024-25": ["WM1", "WM3", "YH2"],
    }


def test_another_hub_names_itself_and_carries_none_of_centrals_facts(project: Path) -> None:
    from packgen.build import build
    from packgen.selection import Selection

    # Solent (SE3) has no offer of either programme-year: their files name it among the hubs that run them.
    for year in ("mastering-number/2024-25", "mastery-readiness/2021-22"):
        edit(project / f"programmes/{year}.yaml", "\nsections:", "\nhubs: [WM1, SE3]\nsections:")
    out = project / "build"
    build(project, out=out, selection=Selection(hubs=("SE3",), documents=("information",)), jobs=1)
    for fmt, extract in EXTRACT.items():
        mn = extract(out / f"2024-25/SE3/mastering-number/information.{fmt}")
        mr = extract(out / f"2021-22/SE3/mastery-readiness/information.{fmt}")
        mr_before_appendix = mr.split("Appendix: Names of Maths Hubs")[0]
        assert "Which Maths Hub are you applying to? Solent Maths Hub" in " ".join(words(mn)), fmt
        assert "Which Maths Hub are you applying to? The Solent Maths Hub" in " ".join(words(mr)), fmt
        for text in (mn, mr_before_appendix):
            for central in ("Central Maths Hub", "bishopchalloner", "50 places", "Birmingham", "1st March 2024"):
                assert central not in text, (fmt, central)
        # Neutral national wording where Solent has given no facts of its own.
        assert "submit it, by email, to Solent Maths Hub." in " ".join(words(mn)), fmt
        assert "should complete the application form below and submit to Solent Maths Hub." in " ".join(words(mr)), fmt


def test_pdf_is_a4_tagged_titled_and_british(built: Path) -> None:
    path = built / "2024-25/WM1/mastering-number/information.pdf"
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert (
        reader.metadata.title
        == "Mastering Number at Reception and Key Stage 1: Information and Application 2024/25 (Central Maths Hub)"
    )
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Page 1 of" in subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_html_is_standalone_with_semantic_headings(built: Path) -> None:
    html = (built / "2021-22/WM1/mastery-readiness/information.html").read_text(encoding="utf-8")
    root = etree.fromstring(html.encode(), etree.HTMLParser())
    assert root.get("lang") == "en-GB"
    assert root.findtext(".//title").startswith("Primary Mastery Readiness Work Groups")
    assert [h.text for h in root.iter("h1")] == ["Primary Mastery Readiness Work Groups"]
    h2 = [h.text for h in root.iter("h2")]
    assert h2[:3] == ["Covid Recovery", "Background", "The Mastery Readiness Work Groups"]
    assert "Appendix: Names of Maths Hubs" in h2
    assert "East of England Region:" in [h.text for h in root.iter("h3")]
    assert root.find(".//style") is not None and not root.findall(".//link")


def test_docx_uses_real_heading_list_and_table_structure(built: Path) -> None:
    document = docx.Document(str(built / "2021-22/WM1/mastery-readiness/information.docx"))
    styles = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Title", "Primary Mastery Readiness Work Groups") in styles
    assert ("Heading 1", "Background") in styles
    assert ("Heading 2", "School details") in styles
    assert ("List Bullet", "There is poor progress or attainment data for maths across the school") in styles
    assert (
        len(document.tables) == 7
    )  # the form's six groups and its signatures; a notice is boxed paragraphs, not a table
    assert document.core_properties.title.startswith("Primary Mastery Readiness Work Groups")
    school = next(t for t in document.tables if t.cell(0, 0).text == "Name of school")
    assert [c.text for c in school.rows[2].cells] == ["School URN", "", "Contact telephone number", ""]
    with zipfile.ZipFile(built / "2021-22/WM1/mastery-readiness/information.docx") as zf:
        assert b'w:val="en-GB"' in zf.read("word/styles.xml")
        assert b"mailto:mathshub@bishopchalloner.bham.sch.uk" in zf.read("word/_rels/document.xml.rels")


def _style_of(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else "Normal"


def test_docx_outline_skips_no_level_and_no_heading_is_in_a_table(built: Path, forms_built: Path) -> None:
    """Headings go Title, Heading 1, Heading 2… one level at a time (the appendix's regions are
    Heading 2 under its Heading 1), and a notice's heading is a paragraph in a bordered, shaded box
    (the Notice style), never in a table cell, so Word's navigation pane shows the outline whole."""
    docs = sorted(built.rglob("*.docx")) + sorted(forms_built.rglob("*.docx"))
    notices = 0
    for path in docs:
        body = etree.fromstring(docx_xml(path))
        levels = [
            0 if s == "Title" else int(s[-1])
            for s in map(_style_of, body.iter(f"{W}p"))
            if s == "Title" or re.fullmatch(r"Heading\d", s)
        ]
        assert levels[0] == 0 and all(b <= a + 1 for a, b in pairwise(levels)), (path, levels)
        assert not [
            s for cell in body.iter(f"{W}tc") for s in map(_style_of, cell.iter(f"{W}p")) if s.startswith("Heading")
        ], path
        for para in body.iter(f"{W}p"):  # a notice's heading: its own border and shading, as the Notice style's
            if _style_of(para).startswith("Heading") and para.find(f"{W}pPr/{W}pBdr") is not None:
                assert (
                    para.find(f"{W}pPr/{W}shd").get(f"{W}fill") == "EEF3F8"
                    and para.find(f"{W}pPr/{W}keepNext") is not None
                )
                notices += 1
    assert notices >= 3
    styles = etree.fromstring(docx_xml(REPO / "templates/information.docx", "word/styles.xml"))
    notice = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Notice")
    assert (
        notice.find(f"{W}pPr/{W}pBdr/{W}left").get(f"{W}color") == "005A8C"
        and notice.find(f"{W}pPr/{W}shd").get(f"{W}fill") == "EEF3F8"
    )


def test_docx_tables_hold_together(built: Path) -> None:
    """A form group's rows are each kept with the next (all but the last), so the group moves to the
    next page whole; its heading is kept with the table; a table of wording repeats its header row."""
    body = etree.fromstring(docx_xml(built / "2024-25/WM1/teaching-for-mastery-development/information.docx")).find(
        f"{W}body"
    )
    tables = body.findall(f"{W}tbl")
    forms = [t for t in tables if t.find(f"{W}tblPr/{W}tblLook").get(f"{W}firstRow") == "0"]
    assert len(forms) >= 7  # the groups' and the signatures'
    for table in forms:
        rows = table.findall(f"{W}tr")
        for row in rows:
            kept = [p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p")]
            assert all(kept) if row is not rows[-1] else not any(kept), table.find(f"{W}tblPr/{W}tblCaption").get(
                f"{W}val"
            )
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
        if table.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == "Signatures":
            continue  # after the commitments, which may go before it on its page
        before = table.getprevious()
        while _style_of(before) != "Heading2":  # the group's heading, and any blocks of its own: kept with what follows
            assert before.find(f"{W}pPr/{W}keepNext") is not None
            before = before.getprevious()
        assert before.find(f"{W}pPr/{W}keepNext") is not None, "the group's heading"
    data = [t for t in tables if t.find(f"{W}tblPr/{W}tblLook").get(f"{W}firstRow") == "1"]
    assert data and all(t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for t in data)


@pytest.fixture(scope="module")
def libreoffice(built: Path, forms_built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every information DOCX of the repo's build and WM1's fillable forms, converted to PDF by
    LibreOffice, each by its name year_hub_programme_document."""
    tmp = tmp_path_factory.mktemp("libreoffice")
    flat = tmp / "docx"
    flat.mkdir()
    for doc in sorted(built.rglob("*.docx")) + sorted(forms_built.rglob("*.docx")):
        shutil.copy(doc, flat / ("_".join(doc.relative_to(doc.parents[3]).parts[:-1]) + "_" + doc.name))
    docs = sorted(flat.iterdir())
    return {d.stem: pdf for d, pdf in zip(docs, libreoffice_pdfs(docs, tmp / "converted"), strict=True)}


def _layout_pages(pdf: Path) -> list[list[str]]:
    """Each page's lines as pdftotext -layout gives them, spaces kept."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page.splitlines() for page in text.split("\f") if page.strip()]


def _pack_of(name: str):
    year, hub, programme, _document = name.split("_")
    project = load_project(REPO)
    py = next(py for py in project.programmes if py.programme == programme and py.year.id == year)
    return resolve_pack(project, py, project.hub(hub))


def test_libreoffice_converts_every_docx(libreoffice: dict[str, Path]) -> None:
    # Every information DOCX packgen wrote, and WM1's fillable forms (the last programme's uses
    # every kind of block and field): LibreOffice must open each one and lay it out.
    project = load_project(REPO)
    assert (
        len(libreoffice) == sum(len(project.hubs_running(py)) for py in project.programmes) + 4
    )  # and WM1's four forms
    assert all(pdf.exists() for pdf in libreoffice.values()), [n for n, pdf in libreoffice.items() if not pdf.exists()]
    for name, pdf in libreoffice.items():
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        takes_form = _pack_of(name).form is not None  # a pack applied for through a link has none
        assert ("Application Form" in text) == takes_form and "Page 1 of" in text, name
    # The new blocks and fields survive in LibreOffice's layout: footnotes at the foot of the page,
    # numbered and nested lists, the table, the notice a hub placed, the form's check boxes.
    pack = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(libreoffice["2024-25_YH2_teaching-for-mastery-development_information"]), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    for piece in (
        "1. The school is a state-funded",
        "◦ a maths lead",
        "School situation Eligible for Funding",
        "Schools in a multi-academy trust",
        "The Five Big Ideas are described",
        "2 Paid to the school in the summer term",
    ):
        assert piece in pack, piece
    filled = " ".join(
        subprocess.run(
            [
                "pdftotext",
                "-layout",
                str(libreoffice["2024-25_WM1_teaching-for-mastery-development_application-form"]),
                "-",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert "☐ Taken part in a Mastery Readiness Work Group" in filled and "Other (please say):" in filled
    assert "Type here" not in filled  # an empty answer prints blank (its prompt, if any, says its form)
    for name, pdf in libreoffice.items():  # the commitments are a bulleted list
        if name.endswith("mastering-number_application-form"):
            assert "• The school will introduce Mastering Number" in " ".join(
                " ".join(" ".join(page) for page in _layout_pages(pdf)).split()
            ), name


def test_libreoffice_shows_a_clean_footer_on_every_page(libreoffice: dict[str, Path]) -> None:
    """The title at the left and the page number at the right of one line, apart: the Footer style's
    inherited centre tab once put "Page 1 of 8" on top of a title that ended near the middle."""
    for name, pdf in libreoffice.items():
        pack = _pack_of(name)
        title = " ".join(pack.title.split())
        pages = _layout_pages(pdf)
        for number, lines in enumerate(pages, start=1):
            footer = [line for line in lines if line.strip()][-1]
            assert re.fullmatch(
                rf"{re.escape(pack.hub_name)} · {re.escape(title)} {{2,}}Page {number} of {len(pages)}", footer.strip()
            ), (name, footer)


def _rows(group) -> list[str]:
    """The first words of each row's label, as the table shows them: what finds the row in the text."""
    return [" ".join(p.plain(row[0].label).split()[:2]) for row in group.rows]


def test_libreoffice_keeps_each_form_group_on_one_page_with_its_heading(libreoffice: dict[str, Path]) -> None:
    """A form group's table is not split across pages (its rows are kept with the next), and its
    heading is on the page of its first row; so are the signature rows."""
    checked = 0
    for name, pdf in libreoffice.items():
        pack = _pack_of(name)
        if pack.form is None:
            continue  # applied for through a link: no form
        lines = [
            (number, " ".join(line.split())) for number, page in enumerate(_layout_pages(pdf), start=1) for line in page
        ]
        heading = " ".join(pack.form.heading.split())  # the form's, on one line or wrapped onto two
        at = next(i for i in range(len(lines) - 1) if f"{lines[i][1]} {lines[i + 1][1]}".startswith(heading))

        def find(text: str, lines: list[tuple[int, str]] = lines) -> int:
            nonlocal at
            at = next(i for i in range(at, len(lines)) if text in lines[i][1])
            return lines[at][0]

        for group in pack.form.groups:
            pages = {find(" ".join(group.heading.split()))} | {find(label) for label in _rows(group)}
            assert len(pages) == 1, (name, group.heading, pages)
            checked += 1
        if pack.form.commitments:
            assert len({find(s.role) for s in pack.form.commitments.signatures}) == 1, (name, "signatures")
    assert checked > 40


HOSTILE_NAME = "Smith & Jones <Maths> \"Hub\" 'Ω' Möbius 🧮"
LONG_WORD = "Supercalifragilistic" * 40


def test_hostile_text_gives_valid_documents(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "name: Central Maths Hub", f"name: {HOSTILE_NAME!r}".replace("\\'", "''"))
    # Angle brackets that are not a tag: a tag in wording is refused (check/markup.py), data is not.
    edit(
        project / "programmes/mastering-number/2024-25.yaml",
        "      - >-\n        Each Maths Hub is now seeking",
        f"      - 'Tom & Jerry 3 < 4 > 2 \"quoted\" it''s ünïcödé 😀 {LONG_WORD}'\n"
        "      - >-\n        Each Maths Hub is now seeking",
    )
    result = run_cli("build", "--project", str(project), "--quiet", "--hub", "WM1", "--programme", "mastering-number")
    assert result.exit_code == 0, result.output
    folder = project / "build/2024-25/WM1/mastering-number"

    html = (folder / "information.html").read_bytes()
    root = etree.fromstring(html, etree.HTMLParser(recover=False))
    text = "".join(root.itertext())
    assert HOSTILE_NAME in text and "3 < 4 > 2" in text and root.find(".//b") is None

    with zipfile.ZipFile(folder / "information.docx") as zf:
        for name in zf.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(zf.read(name))
    document = docx.Document(str(folder / "information.docx"))
    assert document.paragraphs[0].text == HOSTILE_NAME
    assert document.core_properties.title.endswith(f"({HOSTILE_NAME})")
    assert 'Tom & Jerry 3 < 4 > 2 "quoted" it\'s ünïcödé 😀' in docx_text(folder / "information.docx")

    pdf = pdf_text(folder / "information.pdf")
    assert "Smith & Jones <Maths> \"Hub\" 'Ω' Möbius" in pdf
    assert 'Tom & Jerry 3 < 4 > 2 "quoted" it\'s ünïcödé' in pdf
    assert pypdf.PdfReader(folder / "information.pdf").metadata.title.endswith(f"({HOSTILE_NAME})")


TINY = """\
title: Tiny Programme
hubs: [WM1]
subtitle: Information and Application 2025/26
sections:
  - heading: One
    body: ["**Bold** words, *italic* words and [a link](https://example.org/a?b=1&c=2)."]
  - heading: Two
    body: [{bullets: [first, second]}]
  - heading: Three
    body: ["{% if offer.places %}{{ offer.places }} places{% else %}Ask your hub.{% endif %}"]
form:
  heading: Tiny Application Form
  groups:
    - id: lead_teacher
      heading: Lead teacher {{ role.label }}
      repeat: [{key: "1", label: "1"}, {key: "2", label: "2"}, {key: "3", label: "3"}, {key: "4", label: "4"}]
      fields:
        - {name: name, label: Name}
        - {name: trn, type: trn, label: TRN}
"""


def test_another_programme_shape_is_data_not_code(project: Path) -> None:
    """Three sections, four lead teachers, inline bold/italic/link: only a YAML file."""
    (project / "programmes/tiny").mkdir()
    (project / "programmes/tiny/2025-26.yaml").write_text(TINY, encoding="utf-8")
    result = run_cli(
        "build",
        "--project",
        str(project),
        "--quiet",
        "--programme",
        "tiny",
        "--hub",
        "WM1",
        "--format",
        "html",
        "--format",
        "docx",
    )
    assert result.exit_code == 0, result.output
    folder = project / "build/2025-26/WM1/tiny"
    root = etree.fromstring((folder / "information.html").read_bytes(), etree.HTMLParser())
    assert [h.text for h in root.iter("h2")] == ["One", "Two", "Three", "Tiny Application Form"]
    assert [h.text for h in root.iter("h3")] == [f"Lead teacher {n}" for n in "1234"]
    assert root.find(".//strong").text == "Bold" and root.find(".//em").text == "italic"
    assert root.find(".//a").get("href") == "https://example.org/a?b=1&c=2"
    assert [td.get("data-field") for td in root.iter("td")] == [
        f"lead_teacher.{n}.{f}" for n in "1234" for f in ("name", "trn")
    ]
    assert "Ask your hub." in html_text(folder / "information.html")

    with zipfile.ZipFile(folder / "information.docx") as zf:
        body = zf.read("word/document.xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert "<w:b/>" in body and "<w:i/>" in body and "<w:hyperlink " in body
    assert 'Target="https://example.org/a?b=1&amp;c=2"' in rels
