"""The documents themselves: real clients open them, other hubs get their own facts, data is escaped."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from lxml import etree

from conftest import REPO, docx_text, edit, html_text, pdf_text, run_cli, words
from packgen.model.project import load_project


EXTRACT = {"docx": docx_text, "pdf": pdf_text, "html": html_text}


def test_every_hub_and_programme_year_is_built(built: Path) -> None:
    project = load_project(REPO)
    expected = {
        f"{py.year.id}/{hub.code}/{py.programme}/information.{fmt}"
        for py in project.programmes for hub in project.hubs_running(py) for fmt in ("html", "pdf", "docx")
    }
    made = {str(p.relative_to(built)) for p in built.rglob("information.*")}
    assert made == expected
    assert len(made) == 3 * sum(len(project.hubs_running(py)) for py in project.programmes)
    assert {len(project.hubs_running(py)) for py in project.programmes} == {40, 3}  # one programme names its hubs


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_another_hub_names_itself_and_carries_none_of_centrals_facts(built: Path, fmt: str) -> None:
    mn = EXTRACT[fmt](built / f"2024-25/SE3/mastering-number/information.{fmt}")
    mr = EXTRACT[fmt](built / f"2021-22/SE3/mastery-readiness/information.{fmt}")
    mr_before_appendix = mr.split("Appendix: Names of Maths Hubs")[0]
    assert "Which Maths Hub are you applying to? Solent Maths Hub" in " ".join(words(mn))
    assert "Which Maths Hub are you applying to? The Solent Maths Hub" in " ".join(words(mr))
    for text in (mn, mr_before_appendix):
        for central in ("Central Maths Hub", "bishopchalloner", "50 places", "Birmingham", "1st March 2024"):
            assert central not in text
    # Neutral national wording where Solent has given no facts of its own.
    assert "submit it, by email, to Solent Maths Hub." in " ".join(words(mn))
    assert "should complete the application form below and submit to Solent Maths Hub." in " ".join(words(mr))


def test_pdf_is_a4_tagged_titled_and_british(built: Path) -> None:
    path = built / "2024-25/WM1/mastering-number/information.pdf"
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Mastering Number at Reception and Key Stage 1: Information and Application 2024/25 (Central Maths Hub)"
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
    assert len(document.tables) >= 8
    assert document.core_properties.title.startswith("Primary Mastery Readiness Work Groups")
    school = next(t for t in document.tables if t.cell(0, 0).text == "Name of school")
    assert [c.text for c in school.rows[2].cells] == ["School URN", "", "Contact telephone number", ""]
    with zipfile.ZipFile(built / "2021-22/WM1/mastery-readiness/information.docx") as zf:
        assert b'w:val="en-GB"' in zf.read("word/styles.xml")
        assert b"mailto:mathshub@bishopchalloner.bham.sch.uk" in zf.read("word/_rels/document.xml.rels")


def test_libreoffice_converts_every_docx(built: Path, forms_built: Path, tmp_path: Path) -> None:
    # Every information DOCX packgen wrote, and the fillable forms of the programme that uses every
    # kind of block and field, converted by LibreOffice: it must open each one and lay it out.
    flat = tmp_path / "docx"
    flat.mkdir()
    for doc in sorted(built.rglob("*.docx")) + sorted(forms_built.rglob("teaching-for-mastery-development/*.docx")):
        shutil.copy(doc, flat / ("_".join(doc.relative_to(doc.parents[3]).parts[:-1]) + "_" + doc.name))
    docs = sorted(flat.iterdir())
    assert len(docs) >= 80
    out = tmp_path / "converted"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, docs)],
        check=True, capture_output=True, timeout=900,
    )
    assert sorted(p.stem for p in out.glob("*.pdf")) == [d.stem for d in docs]
    for pdf in sorted(out.glob("*.pdf"))[:: max(1, len(docs) // 6)]:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Application Form" in text and "Page 1 of" in text
    # The new blocks and fields survive in LibreOffice's layout: footnotes at the foot of the page,
    # numbered and nested lists, the table, the notice a hub placed, the form's check boxes.
    for name in ("2024-25_YH2_teaching-for-mastery-development_information", "2024-25_WM1_teaching-for-mastery-development_application-form"):
        assert name in [d.stem for d in docs]
    pack = " ".join(subprocess.run(["pdftotext", "-layout", str(out / "2024-25_YH2_teaching-for-mastery-development_information.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split())
    for piece in ("1. The school is a state-funded", "◦ a maths lead", "School situation Eligible for Funding",
                  "Schools in a multi-academy trust", "The Five Big Ideas are described", "2 Paid to the school in the summer term"):
        assert piece in pack, piece
    filled = " ".join(subprocess.run(["pdftotext", "-layout", str(out / "2024-25_WM1_teaching-for-mastery-development_application-form.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "☐ Taken part in a Mastery Readiness Work Group" in filled and "Other (please say): Type here" in filled


HOSTILE_NAME = "Smith & Jones <Maths> \"Hub\" 'Ω' Möbius 🧮"
LONG_WORD = "Supercalifragilistic" * 40


def test_hostile_text_gives_valid_documents(project: Path) -> None:
    edit(project / "hubs/WM1.yaml", "name: Central Maths Hub", f"name: {HOSTILE_NAME!r}".replace("\\'", "''"))
    # Angle brackets that are not a tag: a tag in wording is refused (check/markup.py), data is not.
    edit(project / "programmes/mastering-number/2024-25.yaml", "      - >-\n        Each Maths Hub is now seeking",
         f"      - 'Tom & Jerry 3 < 4 > 2 \"quoted\" it''s ünïcödé 😀 {LONG_WORD}'\n      - >-\n        Each Maths Hub is now seeking")
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
    assert "Tom & Jerry 3 < 4 > 2 \"quoted\" it's ünïcödé 😀" in docx_text(folder / "information.docx")

    pdf = pdf_text(folder / "information.pdf")
    assert "Smith & Jones <Maths> \"Hub\" 'Ω' Möbius" in pdf
    assert "Tom & Jerry 3 < 4 > 2 \"quoted\" it's ünïcödé" in pdf
    assert pypdf.PdfReader(folder / "information.pdf").metadata.title.endswith(f"({HOSTILE_NAME})")


TINY = """\
title: Tiny Programme
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
    result = run_cli("build", "--project", str(project), "--quiet", "--programme", "tiny", "--hub", "WM1", "--format", "html", "--format", "docx")
    assert result.exit_code == 0, result.output
    folder = project / "build/2025-26/WM1/tiny"
    root = etree.fromstring((folder / "information.html").read_bytes(), etree.HTMLParser())
    assert [h.text for h in root.iter("h2")] == ["One", "Two", "Three", "Tiny Application Form"]
    assert [h.text for h in root.iter("h3")] == [f"Lead teacher {n}" for n in "1234"]
    assert root.find(".//strong").text == "Bold" and root.find(".//em").text == "italic"
    assert root.find(".//a").get("href") == "https://example.org/a?b=1&c=2"
    assert [td.get("data-field") for td in root.iter("td")] == [f"lead_teacher.{n}.{f}" for n in "1234" for f in ("name", "trn")]
    assert "Ask your hub." in html_text(folder / "information.html")

    with zipfile.ZipFile(folder / "information.docx") as zf:
        body = zf.read("word/document.xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert "<w:b/>" in body and "<w:i/>" in body and "<w:hyperlink " in body
    assert 'Target="https://example.org/a?b=1&amp;c=2"' in rels
