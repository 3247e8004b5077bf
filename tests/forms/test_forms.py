"""The application form: one specification, the same field names and rules in the PDF, DOCX and HTML."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, W, docx_xml, edit, pdf_text, words
from lxml import etree
from pypdf import PdfReader

from packgen.forms import spec
from packgen.model.project import load_project
from packgen.render.form_docx import BLANK
from packgen.resolve import resolve_pack

CASES = [("2024-25", "mastering-number"), ("2021-22", "mastery-readiness")]
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def answers_of(year: str, programme: str, hub: str = "WM1"):
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == programme and p.year.id == year)
    return spec.answers(resolve_pack(project, py, project.hub(hub)).form)


def form_path(forms_built: Path, year: str, programme: str, fmt: str, hub: str = "WM1") -> Path:
    return forms_built / year / hub / programme / f"application-form.{fmt}"


def docx_controls(path: Path) -> list[etree._Element]:
    return list(etree.fromstring(docx_xml(path)).iter(f"{W}sdt"))


def html_tree(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes(), etree.HTMLParser())


def html_names(root: etree._Element) -> list[str]:
    return list(dict.fromkeys(el.get("name") for el in root.iter("input", "textarea", "select")))


# --- one specification ----------------------------------------------------------------------


@pytest.mark.parametrize("year,programme", CASES)
def test_same_field_names_in_pdf_docx_and_html(forms_built: Path, year: str, programme: str) -> None:
    names = [f.name for f in answers_of(year, programme)]
    reader = PdfReader(form_path(forms_built, year, programme, "pdf"))
    pdf = sorted(n for n, f in reader.get_fields().items() if "/FT" in f)
    docx = [
        sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val")
        for sdt in docx_controls(form_path(forms_built, year, programme, "docx"))
    ]
    html = html_names(html_tree(form_path(forms_built, year, programme, "html")))
    assert docx == names
    assert html == names
    assert pdf == sorted(names)
    assert "lead_teacher.reception.trn" in names or "lead_teacher.1.trn" in names


@pytest.mark.parametrize("year,programme", CASES)
def test_every_answer_has_its_own_accessible_name_that_says_its_group(year: str, programme: str) -> None:
    names = [spec.accessible_name(f) for f in answers_of(year, programme)]
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
    by_field = {f.name: spec.accessible_name(f) for f in answers_of(year, programme)}
    if programme == "mastering-number":
        assert by_field["lead_teacher.reception.email"] == "Details of lead teacher (Reception): Email"
        assert by_field["school.email"] == "School details: Email"
        assert by_field["signature.headteacher"] == "Headteacher: Signature of headteacher"


def test_field_names_follow_the_programme_data() -> None:
    names = [f.name for f in answers_of("2024-25", "mastering-number")]
    assert names[:4] == ["hub", "school.name", "school.address", "school.urn"]
    assert {
        "lead_teacher.reception.trn",
        "lead_teacher.year_1.trn",
        "lead_teacher.year_2.trn",
        "headteacher_statement",
    } <= set(names)
    assert names[-4:] == [
        "signature.headteacher",
        "signature.lead_teacher_1",
        "signature.lead_teacher_2",
        "signature.lead_teacher_3",
    ]
    readiness = {f.name: f for f in answers_of("2021-22", "mastery-readiness")}
    assert readiness["group_application.requested"].type == "yesno"
    assert readiness["group_application.schools"].required is False


@pytest.mark.parametrize(
    "kind,value,problem",
    [
        ("urn", "123456", None),
        ("urn", "123 456", None),
        ("urn", "12345", "is not a school URN (6 digits)"),
        ("urn", "1234567", "is not a school URN"),
        ("trn", "1234567", None),
        ("trn", "12 34 567", None),
        ("trn", "RP123456", "is not a teacher reference number (7 digits)"),
        ("telephone", "0121 496 0000", None),
        ("telephone", "+44 (0)121 496 0000", None),
        ("telephone", "07700 900123", None),
        ("telephone", "+44 7700 900123", None),
        ("telephone", "121 496", "is not a UK telephone number"),
        ("telephone", "+1 212 555 0100", "is not a UK telephone number"),
        ("email", "jo.bloggs@school.sch.uk", None),
        ("email", "jo@school", "is not an email address"),
        ("email", "jo bloggs@x.uk", "is not an email address"),
        ("yesno", "Yes", None),
        ("yesno", "Maybe", "is not one of Yes, No"),
        ("signature", "Jo Bloggs", None),
        ("signature", "x", "is not a typed name"),
        ("text", "", "required but empty"),
    ],
)
def test_answer_rules(kind: str, value: str, problem: str | None) -> None:
    field = next(f for f in answers_of("2021-22", "mastery-readiness") if f.type == kind)
    found = spec.check(field, spec.canonical(field, value))
    assert (found is None) if problem is None else (problem in found)


def test_word_limit_counts_words() -> None:
    statement = next(f for f in answers_of("2021-22", "mastery-readiness") if f.name == "headteacher_statement")
    assert spec.check(statement, " ".join(["word"] * 250)) is None
    assert spec.check(statement, " ".join(["word"] * 251)) == "251 words, over the limit of 250"


def test_identity_round_trips_through_keywords() -> None:
    identity = spec.Identity("mastering-number", "2024-25", "WM1")
    assert spec.Identity.from_keywords(identity.keywords) == identity
    assert spec.Identity.from_properties(identity.as_properties()) == identity
    assert spec.Identity.from_keywords("maths, forms") is None


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("year,programme", CASES)
def test_pdf_fields_are_labelled_flagged_and_filled(forms_built: Path, year: str, programme: str) -> None:
    reader = PdfReader(form_path(forms_built, year, programme, "pdf"))
    fields = reader.get_fields()
    for field in answers_of(year, programme):
        pdf = fields[field.name]
        assert pdf["/TU"] == spec.accessible_name(field), field.name
        flags = int(pdf.get("/Ff", 0))
        assert bool(flags & 2) == field.required, field.name  # Required
        assert bool(flags & 1) == (field.type == "hub"), field.name  # ReadOnly
        if field.type == "multiline":
            assert flags & 4096, field.name  # Multiline
        if field.type == "hub":
            assert pdf["/V"] == field.value
    acro = reader.trailer["/Root"]["/AcroForm"]
    assert set(acro["/DR"]["/Font"]) == {"/Helv"}
    top = [f.get_object()["/T"] for f in acro["/Fields"]]
    assert all("." not in t for t in top), "a partial field name may not contain a period"


def test_pdf_yes_no_is_a_radio_group_with_yes_and_no_states(forms_built: Path) -> None:
    reader = PdfReader(form_path(forms_built, "2021-22", "mastery-readiness", "pdf"))
    group = reader.get_fields()["group_application.requested"]
    assert group["/FT"] == "/Btn" and int(group["/Ff"]) & (1 << 15)  # Radio
    widgets = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/Parent" in a.get_object() and a.get_object()["/Parent"].get_object().get("/T") == "requested"
    ]
    assert len(widgets) == 2
    states = sorted(sorted(w["/AP"]["/N"].keys()) for w in widgets)
    assert states == [["/No", "/Off"], ["/Off", "/Yes"]]
    assert all(w["/AS"] == "/Off" and "/T" not in w for w in widgets)


@pytest.mark.parametrize("year,programme", CASES)
def test_pdf_is_small_tagged_and_names_its_form(forms_built: Path, year: str, programme: str) -> None:
    path = form_path(forms_built, year, programme, "pdf")
    assert path.stat().st_size < 200_000
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info and "Form:            AcroForm" in info
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert len(fonts) >= 2 and all(" yes yes yes " in row for row in fonts), (
        fonts
    )  # embedded subsets with Unicode maps, the fields' too
    meta = PdfReader(path).metadata
    assert (meta["/PackgenProgramme"], meta["/PackgenYear"], meta["/PackgenHub"]) == (programme, year, "WM1")
    assert meta["/Keywords"] == f"packgen-form programme={programme} year={year} hub=WM1"


def test_pdftotext_reads_the_form(forms_built: Path) -> None:
    text = " ".join(words(pdf_text(form_path(forms_built, "2024-25", "mastering-number", "pdf"))))
    assert "Mastering Number Application Form" in text
    assert "Details of lead teacher (Year 2)" in text
    assert "Teacher reference number (TRN – how to find your TRN on GOV.UK)" in text
    assert "Up to 250 words." in text


# --- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year,programme", CASES)
def test_html_form_is_accessible_and_identifies_itself(forms_built: Path, year: str, programme: str) -> None:
    path = form_path(forms_built, year, programme, "html")
    source = path.read_text(encoding="utf-8")
    root = html_tree(path)
    # No button sends the form anywhere: the two there are the script's, hidden until it runs.
    assert [(b.get("type"), b.get("id")) for b in root.iter("button")] == [
        ("button", "download-pdf"),
        ("button", "clear-answers"),
    ]
    assert all(b.xpath("ancestor::div[@class='with-script'][@hidden]") for b in root.iter("button"))
    form = root.find(".//form")
    assert (form.get("data-programme"), form.get("data-year"), form.get("data-hub")) == (programme, year, "WM1")
    labels = {
        label.get("for"): " ".join("".join(label.itertext()).split())
        for label in root.iter("label")
        if label.get("for")
    }
    by_name = {f.name: f for f in answers_of(year, programme)}
    for el in root.iter("input", "textarea", "select"):
        field = by_name[el.get("name")]
        if el.get("type") == "radio":
            group = el.getparent().getparent()
            assert group.get("role") == "radiogroup"
            assert group.get("aria-label") == spec.accessible_name(field), field.name
        else:
            assert field.label_text in labels[el.get("id")], field.name  # the visible label is part of the name
            assert el.get("aria-label") == spec.accessible_name(field), field.name
        assert (el.get("required") is not None) == field.required, field.name
    statement = root.find(".//textarea[@name='headteacher_statement']")
    assert statement.get("data-word-limit") == "250"
    count = root.find(f".//*[@id='count-{statement.get('id')}']")
    assert count.text == "Up to 250 words." and count.get("aria-live") == "polite"
    assert statement.get("id") and f"count-{statement.get('id')}" in statement.get("aria-describedby")
    assert "split(/\\s+/).length" in source  # the page counts the words as they are typed
    assert root.find(".//input[@name='hub']").get("readonly") is not None


def test_html_inputs_help_the_keyboard_and_autofill(forms_built: Path) -> None:
    root = html_tree(form_path(forms_built, "2024-25", "mastering-number", "html"))
    urn = root.find(".//input[@name='school.urn']")
    assert (urn.get("inputmode"), urn.get("pattern")) == ("numeric", r"\s*[0-9]{6}\s*")
    assert root.find(".//input[@name='school.email']").get("type") == "email"
    assert root.find(".//input[@name='school.telephone']").get("type") == "tel"
    assert root.find(".//input[@name='main_contact.trn']").get("aria-describedby") == "hint-f-main-contact-trn"
    # Autofill would put the details of whoever fills the form in into other people's boxes (the
    # lead teachers' email and telephone, the signatures): off, for the form and each answer.
    assert root.find(".//form").get("autocomplete") == "off"
    boxes = [el for el in root.iter("input", "textarea", "select") if el.get("type") not in ("radio", "checkbox")]
    assert boxes and {el.get("name"): el.get("autocomplete") for el in boxes} == {el.get("name"): "off" for el in boxes}


def test_a_field_may_ask_for_autofill_where_the_answer_is_the_filler_s_own(project: Path) -> None:
    from packgen.render.form_html import ApplicationFormHtml

    edit(
        project / "programmes/mastering-number/2024-25.yaml",
        "{name: name, label: Name of school}",
        "{name: name, label: Name of school, autocomplete: organization}",
    )
    loaded = load_project(project)
    py = next(p for p in loaded.programmes if p.programme == "mastering-number" and p.year.id == "2024-25")
    page = ApplicationFormHtml(project / "templates", project).html(resolve_pack(loaded, py, loaded.hub("WM1")))
    assert re.search(r'<input id="f-school-name" name="school.name" [^>]*autocomplete="organization"', page)
    assert re.search(r'<input id="f-school-email" name="school.email" [^>]*autocomplete="off"', page)


# --- DOCX -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year,programme", CASES)
def test_docx_has_a_tagged_control_for_every_answer(forms_built: Path, year: str, programme: str) -> None:
    path = form_path(forms_built, year, programme, "docx")
    by_name = {f.name: f for f in answers_of(year, programme)}
    for sdt in docx_controls(path):
        props = sdt.find(f"{W}sdtPr")
        field = by_name[props.find(f"{W}tag").get(f"{W}val")]
        assert props.find(f"{W}alias").get(f"{W}val") == spec.accessible_name(field)[:255]
        text = "".join(sdt.find(f"{W}sdtContent").itertext())
        if field.type == "hub":
            assert props.find(f"{W}lock").get(f"{W}val") == "sdtContentLocked"
            assert text == field.value
            continue
        assert props.find(f"{W}showingPlcHdr") is not None
        assert text == (spec.empty_prompt(field) or BLANK)  # a prompt only where no hint says it already
        if field.hint:  # the hint is printed under the box: the box does not say it, or anything, again
            assert text == BLANK or spec.kind_of(field).asked_by.always_prompted, field.name
        if field.type == "yesno":
            items = [i.get(f"{W}value") for i in props.find(f"{W}dropDownList")]
            assert items == ["Yes", "No"]
        elif field.type == "multiline":
            assert props.find(f"{W}text").get(f"{W}multiLine") == "1"
        else:
            assert props.find(f"{W}text") is not None


@pytest.mark.parametrize("year,programme", CASES)
def test_docx_is_protected_for_forms_and_names_its_form(forms_built: Path, year: str, programme: str) -> None:
    path = form_path(forms_built, year, programme, "docx")
    protection = etree.fromstring(docx_xml(path, "word/settings.xml")).find(f"{W}documentProtection")
    assert (protection.get(f"{W}edit"), protection.get(f"{W}enforcement")) == ("forms", "1")
    custom = etree.fromstring(docx_xml(path, "docProps/custom.xml"))
    props = {p.get("name"): "".join(p.itertext()) for p in custom}
    assert props == {"PackgenProgramme": programme, "PackgenYear": year, "PackgenHub": "WM1"}
    assert b"custom-properties+xml" in docx_xml(path, "[Content_Types].xml")
    assert b'Target="docProps/custom.xml"' in docx_xml(path, "_rels/.rels")
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))  # every part well-formed


def test_libreoffice_opens_every_docx_form(forms_built: Path, tmp_path: Path) -> None:
    """A real word processor reads the forms: LibreOffice converts each, placeholders and all."""
    flat = tmp_path / "docx"
    flat.mkdir()
    for doc in sorted(forms_built.rglob("application-form.docx")):
        shutil.copy(doc, flat / ("_".join(doc.relative_to(forms_built).parts[:-1]) + ".docx"))
    assert len(list(flat.iterdir())) >= 4
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            *map(str, sorted(flat.iterdir())),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.pdf")) == sorted(p.stem for p in flat.iterdir())
    text = " ".join(words(pdf_text(tmp_path / "out" / "2021-22_WM1_mastery-readiness.pdf")))
    assert "Primary Mastery Readiness Work Group Application Form" in text
    assert "School URN 6-digit URN" in text
    assert "The Central Maths Hub" in text
    assert "Headteacher Type your full name" in text
