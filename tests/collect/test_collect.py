"""packgen collect: returned forms read back, checked, and accounted for, file by file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from docx import Document
from formfill import fill_docx, fill_pdf
from pypdf import PdfReader, PdfWriter

from packgen.collect import Limits, Wanted, collect
from packgen.collect.read import Unreadable, read_form
from packgen.forms import spec
from packgen.model.project import load_project
from packgen.resolve import resolve_pack

MR = ("2021-22", "mastery-readiness")
MN = ("2024-25", "mastering-number")
STATEMENT = (
    "We’d like to join: our pupils & staff are keen.\n"
    "\n"
    "Second paragraph – naïve café talk, “quoted”, 50% done.\n"
    "Third line <b>not markup</b>."
)


def answers_of(year: str, programme: str):
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == programme and p.year.id == year)
    return spec.answers(resolve_pack(project, py, project.hub("WM1")).form)


def good_values(year: str, programme: str, urn: str = "123456") -> dict[str, str]:
    """A complete, valid application, with non-ASCII, & and a multi-paragraph statement."""
    by_type = {
        "text": "Ōtautahi & Sons — Zoë’s team",
        "email": "zoë.o'brien@school.sch.uk",
        "telephone": "0121 496 0000",
        "urn": urn,
        "trn": "1234567",
        "yesno": "Yes",
        "signature": "Zoë O’Brien",
        "multiline": "Schools: Ash & Elm",
    }
    values = {f.name: by_type[f.type] for f in answers_of(year, programme) if f.type != "hub"}
    values["school.name"] = "St Æthelred’s C of E & Primary"
    values["headteacher_statement"] = STATEMENT
    return values


def form(forms_built: Path, case: tuple[str, str], fmt: str) -> bytes:
    return (forms_built / case[0] / "WM1" / case[1] / f"application-form.{fmt}").read_bytes()


def filled(forms_built: Path, case: tuple[str, str], fmt: str, values: dict[str, str]) -> bytes:
    if fmt == "pdf":
        return fill_pdf(form(forms_built, case, "pdf"), values, radio=frozenset({"group_application.requested"}))
    return fill_docx(form(forms_built, case, "docx"), values)


@pytest.fixture(scope="session")
def returned(forms_built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of returned forms: a good PDF and DOCX of mastery-readiness, filled once."""
    folder = tmp_path_factory.mktemp("returned")
    values = good_values(*MR)
    (folder / "good.pdf").write_bytes(filled(forms_built, MR, "pdf", values))
    (folder / "good.docx").write_bytes(filled(forms_built, MR, "docx", dict(values, **{"school.urn": "654321"})))
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# --- reading back every value ---------------------------------------------------------------


@pytest.mark.parametrize("name,urn", [("good.pdf", "123456"), ("good.docx", "654321")])
def test_every_value_comes_back(returned: Path, name: str, urn: str) -> None:
    result = collect([returned / name], REPO)
    assert result.rejected == []
    (app,) = result.applications
    expected = dict(good_values(*MR), **{"school.urn": urn})
    assert {k: v for k, v in app.values.items() if k != "hub"} == expected
    assert app.values["hub"] == "The Central Maths Hub"
    assert app.values["headteacher_statement"].split("\n") == STATEMENT.split("\n")
    assert app.problems == [] and app.status == "ok"
    assert app.kind.identity == spec.Identity("mastery-readiness", "2021-22", "WM1")


def test_spreadsheet_has_one_row_per_application_with_every_field(returned: Path, tmp_path: Path) -> None:
    out = tmp_path / "applications.csv"
    result = run_cli("collect", str(returned), "--out", str(out), "--project", str(REPO))
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert [Path(r["source"]).name for r in rows] == ["good.docx", "good.pdf"]
    header = list(rows[0])
    names = [f.name for f in answers_of(*MR) if f.type != "hub"]
    assert header == ["source", "modified", "programme", "year", "hub", *names, "status", "problems"]
    for row in rows:
        assert (row["programme"], row["year"], row["hub"], row["status"], row["problems"]) == (
            "mastery-readiness",
            "2021-22",
            "WM1",
            "ok",
            "",
        )
        assert row["headteacher_statement"] == STATEMENT
        assert row["school.name"] == "St Æthelred’s C of E & Primary"
        assert row["modified"][:2] == "20"
    assert "2 files: 2 ok, 0 with problems, 0 rejected" in result.output


def test_xlsx_output_matches(returned: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "applications.xlsx"
    assert run_cli("collect", str(returned / "good.pdf"), "--out", str(out), "--project", str(REPO)).exit_code == 0
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["headteacher_statement"] == STATEMENT
    assert row["school.telephone"] == "0121 496 0000"
    assert row["status"] == "ok"


# --- checking answers -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_missing_field_bad_urn_and_long_statement_are_the_three_problems(
    forms_built: Path, tmp_path: Path, fmt: str
) -> None:
    values = good_values(*MN)
    values["school.name"] = ""
    values["school.urn"] = "12345"
    values["headteacher_statement"] = " ".join(["word"] * 300)
    path = tmp_path / f"three.{fmt}"
    path.write_bytes(filled(forms_built, MN, fmt, values))
    (app,) = collect([path], REPO).applications
    assert app.status == "problems"
    assert app.problems == [
        "school.name: Enter the name of school",
        "school.urn: '12345' is not a school URN (6 digits)",
        "headteacher_statement: 300 words, over the limit of 250",
    ]


def test_two_applications_from_one_school_are_flagged(forms_built: Path, tmp_path: Path) -> None:
    values = good_values(*MR, urn="111111")
    (tmp_path / "first.pdf").write_bytes(filled(forms_built, MR, "pdf", values))
    (tmp_path / "second.docx").write_bytes(filled(forms_built, MR, "docx", dict(values, **{"school.urn": "111 111"})))
    apps = collect([tmp_path], REPO).applications
    assert [a.source.name for a in apps] == ["first.pdf", "second.docx"]
    assert apps[0].problems == [f"same school (URN 111111) as {tmp_path / 'second.docx'}"]
    assert apps[1].problems == [f"same school (URN 111111) as {tmp_path / 'first.pdf'}"]


def test_values_that_would_be_formulas_are_defused(forms_built: Path, tmp_path: Path) -> None:
    values = dict(good_values(*MR), **{"school.address": '=HYPERLINK("http://x.example","click")'})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "f.docx").write_bytes(filled(forms_built, MR, "docx", values))
    out = tmp_path / "a.csv"
    run_cli("collect", str(tmp_path / "in"), "--out", str(out), "--project", str(REPO))
    assert read_csv(out)[0]["school.address"] == "'" + values["school.address"]
    from openpyxl import load_workbook

    run_cli("collect", str(tmp_path / "in"), "--out", str(tmp_path / "a.xlsx"), "--project", str(REPO))
    ws = load_workbook(tmp_path / "a.xlsx").active
    cell = ws.cell(2, [c.value for c in ws[1]].index("school.address") + 1)
    assert (cell.value, cell.data_type) == (values["school.address"], "s")


# --- every file accounted for ---------------------------------------------------------------


def docx_without_controls(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Name of school: St Mary's")
    doc.save(str(path))


def test_files_that_are_not_forms_are_listed_with_a_reason(forms_built: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    good = form(forms_built, MR, "pdf")
    (folder / "damaged.pdf").write_bytes(good[: len(good) // 3])
    (folder / "notes.pdf").write_text("Please find our form attached.\n", encoding="utf-8")
    docx_without_controls(folder / "retyped.docx")
    (folder / "empty.docx").write_bytes(b"")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled(forms_built, MR, "pdf", good_values(*MR)))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    writer.write(folder / "locked.pdf")
    (folder / "huge.pdf").open("wb").truncate(30 * 1024 * 1024)  # sparse: no disk used
    (folder / "good.pdf").write_bytes(filled(forms_built, MR, "pdf", good_values(*MR)))
    out = tmp_path / "applications.csv"
    result = run_cli("collect", str(folder), "--out", str(out), "--project", str(REPO))
    assert result.exit_code == 1
    reasons = {Path(r["source"]).name: (r["status"], r["problems"]) for r in read_csv(out)}
    assert reasons["good.pdf"] == ("ok", "")
    assert reasons["damaged.pdf"][0] == "rejected" and reasons["damaged.pdf"][1].startswith("damaged PDF")
    assert reasons["notes.pdf"] == ("rejected", "not a PDF: the file holds text")
    assert reasons["retyped.docx"] == (
        "rejected",
        "a Word document with no form fields (content controls): retyped or converted?",
    )
    assert reasons["empty.docx"] == ("rejected", "empty file")
    assert reasons["locked.pdf"] == ("rejected", "encrypted with a password")
    assert reasons["huge.pdf"] == ("rejected", "refused: 30.0 MB is over the 25.0 MB limit for a returned form")
    assert "7 files: 1 ok, 0 with problems, 6 rejected" in result.output


def test_exit_status_is_zero_when_every_file_was_read_even_with_problems(forms_built: Path, tmp_path: Path) -> None:
    values = dict(good_values(*MR), **{"school.urn": "12"})
    (tmp_path / "f.pdf").write_bytes(filled(forms_built, MR, "pdf", values))
    result = run_cli("collect", str(tmp_path / "f.pdf"), "--out", str(tmp_path / "a.csv"), "--project", str(REPO))
    assert result.exit_code == 0
    assert "1 files: 0 ok, 1 with problems, 0 rejected" in result.output
    missing = run_cli("collect", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "b.csv"), "--project", str(REPO))
    assert missing.exit_code == 1
    assert read_csv(tmp_path / "b.csv")[0]["problems"] == "no such file or folder"
    bad_out = run_cli("collect", str(tmp_path / "f.pdf"), "--out", str(tmp_path / "a.txt"), "--project", str(REPO))
    assert bad_out.exit_code == 2 and "must end in .csv or .xlsx" in bad_out.output


def test_forms_of_another_programme_are_left_out_unless_asked_for(forms_built: Path, tmp_path: Path) -> None:
    for i in range(2):
        (tmp_path / f"mr{i}.pdf").write_bytes(filled(forms_built, MR, "pdf", good_values(*MR, urn=f"10000{i}")))
    (tmp_path / "mn.docx").write_bytes(filled(forms_built, MN, "docx", good_values(*MN)))
    result = collect([tmp_path], REPO)
    assert [a.source.name for a in result.applications] == ["mr0.pdf", "mr1.pdf"]
    assert [(r.source.name, r.reason) for r in result.rejected] == [
        ("mn.docx", "a form for mastering-number 2024-25; this run collects mastery-readiness 2021-22"),
    ]
    chosen = collect([tmp_path], REPO, wanted=Wanted(programme="mastering-number"))
    assert [a.source.name for a in chosen.applications] == ["mn.docx"]
    everything = collect([tmp_path], REPO, wanted=Wanted(any_programme=True))
    assert len(everything.applications) == 3 and everything.rejected == []
    assert {"lead_teacher.reception.trn", "group_application.requested"} <= set(everything.columns)
    other_hub = collect([tmp_path], REPO, wanted=Wanted(hub="SE3"))
    assert {r.reason for r in other_hub.rejected} == {"a form for hub WM1, not SE3"}


def test_a_form_the_project_does_not_have_is_rejected(forms_built: Path, tmp_path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(filled(forms_built, MR, "docx", good_values(*MR))))
    with zipfile.ZipFile(tmp_path / "old.docx", "w") as zf:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "docProps/custom.xml":
                part = part.replace(b"2021-22", b"2019-20")
            zf.writestr(info, part)
    (rejected,) = collect([tmp_path / "old.docx"], REPO).rejected
    assert rejected.reason == "a form for mastery-readiness 2019-20, which this project does not have"


# --- hostile files --------------------------------------------------------------------------


def make_docx(path: Path, document_xml: bytes, *, custom: bytes | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", document_xml)
        if custom is not None:
            zf.writestr("docProps/custom.xml", custom)


CONTROL = (
    b'<w:sdt><w:sdtPr><w:tag w:val="school.name"/></w:sdtPr>'
    b"<w:sdtContent><w:r><w:t>&lol9;</w:t></w:r></w:sdtContent></w:sdt>"
)


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
        )
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
        + CONTROL
        + b"</w:p></w:body></w:document>"
    )
    make_docx(tmp_path / "bomb.docx", bomb)
    with pytest.raises(Unreadable, match="refused: word/document.xml declares XML entities"):
        read_form(tmp_path / "bomb.docx")
    external = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>'
        + bomb[bomb.index(b"]>") + 2 :]
    )
    make_docx(tmp_path / "xxe.docx", external)
    with pytest.raises(Unreadable, match="declares XML entities"):
        read_form(tmp_path / "xxe.docx")


def test_the_parser_itself_expands_no_entities() -> None:
    """Defence in depth: even if a DTD got past the check, the parser would not substitute it."""
    from lxml import etree

    from packgen.collect.docx import safe_parser

    root = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "expanded">]><d>&e;</d>', safe_parser())
    assert "expanded" not in "".join(root.itertext())


def test_zip_bomb_is_refused_within_a_size_limit(tmp_path: Path) -> None:
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + b" " * (40 * 1024 * 1024)
        + b"</w:body></w:document>"
    )
    make_docx(tmp_path / "bomb.docx", body)
    assert (tmp_path / "bomb.docx").stat().st_size < 100_000
    with pytest.raises(Unreadable, match=r"refused: .*unpacks to .* \(a zip bomb\?\)"):
        read_form(tmp_path / "bomb.docx", Limits(max_part=10 * 1024 * 1024))


def test_a_zip_that_lies_about_its_sizes_is_still_capped(tmp_path: Path) -> None:
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + b" " * (3 * 1024 * 1024)
        + b"</w:body></w:document>"
    )
    make_docx(tmp_path / "liar.docx", body)
    data = bytearray((tmp_path / "liar.docx").read_bytes())
    # Shrink the uncompressed size the central directory claims for word/document.xml to 100 bytes.
    cd = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[cd + 24 : cd + 28] = (100).to_bytes(4, "little")
    (tmp_path / "liar.docx").write_bytes(bytes(data))
    # Unpacking stops at the claimed size, so the 3 MB behind the lie is never read: the check fails.
    with pytest.raises(Unreadable, match="damaged Word document: word/document.xml cannot be unpacked"):
        read_form(tmp_path / "liar.docx", Limits(max_part=1024 * 1024))


# --- a form filled in by another program -----------------------------------------------------


def test_a_form_saved_by_libreoffice_is_read_back(forms_built: Path, tmp_path: Path) -> None:
    """LibreOffice 7.4 keeps the controls' titles and the custom properties but drops the tags,
    and moves line breaks out of a control: the answers are matched by their labels in order,
    and a multi-line answer comes back as one line."""
    values = good_values(*MR)
    (tmp_path / "filled.docx").write_bytes(filled(forms_built, MR, "docx", values))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "lo"),
            str(tmp_path / "filled.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = tmp_path / "lo" / "filled.docx"
    assert b'w:tag w:val="school.name"' not in zipfile.ZipFile(saved).read("word/document.xml")
    (app,) = collect([saved], REPO).applications
    for name, value in values.items():
        if name == "headteacher_statement":
            assert app.values[name] == value.replace("\n", "")
        else:
            assert app.values[name] == value, name
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def test_a_pdf_that_lost_its_document_information_is_known_by_its_xmp_keywords(
    forms_built: Path, tmp_path: Path
) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled(forms_built, MR, "pdf", good_values(*MR)))))
    writer._info = None  # as a program that rewrites the file and keeps only the XMP metadata
    writer.write(tmp_path / "saved.pdf")
    assert PdfReader(tmp_path / "saved.pdf").metadata is None
    (app,) = collect([tmp_path / "saved.pdf"], REPO).applications
    assert app.kind.identity == spec.Identity("mastery-readiness", "2021-22", "WM1") and app.status == "ok"


def test_a_pdf_stripped_of_its_metadata_is_read_as_the_form_the_options_name(forms_built: Path, tmp_path: Path) -> None:
    """A program that drops the document information and the XMP both: the file no longer names its
    form, so it is refused, saying how to name it; named by --programme, --year and --hub, it is read."""
    import pikepdf

    with pikepdf.open(io.BytesIO(filled(forms_built, MR, "pdf", good_values(*MR)))) as pdf:
        del pdf.trailer.Info
        del pdf.Root.Metadata
        pdf.save(tmp_path / "stripped.pdf")
    assert PdfReader(tmp_path / "stripped.pdf").metadata is None
    assert read_form(tmp_path / "stripped.pdf").identity is None
    (refused,) = collect([tmp_path / "stripped.pdf"], REPO).rejected
    assert refused.reason == (
        "a PDF with form fields but no packgen form identity (programme, year, hub); "
        "name its form with --programme, --year and --hub to read it"
    )
    named = Wanted(programme="mastery-readiness", year="2021-22", hub="WM1")
    (app,) = collect([tmp_path / "stripped.pdf"], REPO, wanted=named).applications
    assert app.kind.identity == spec.Identity("mastery-readiness", "2021-22", "WM1") and app.status == "ok"
    assert app.values["school.name"] == "St Æthelred’s C of E & Primary"
    other = Wanted(programme="mastering-number", year="2024-25", hub="WM1")  # a form whose fields it lacks
    (wrong,) = collect([tmp_path / "stripped.pdf"], REPO, wanted=other).rejected
    assert "its fields are not those of the form for WM1 mastering-number 2024-25 (" in wrong.reason
    result = run_cli(
        "collect",
        str(tmp_path / "stripped.pdf"),
        "--out",
        str(tmp_path / "out.csv"),
        "--project",
        str(REPO),
        "--programme",
        "mastery-readiness",
        "--year",
        "2021-22",
        "--hub",
        "WM1",
    )
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in read_csv(tmp_path / "out.csv")] == ["ok"]


def test_online_applications_of_other_programme_years_are_counted_as_left_out() -> None:
    from packgen.forms.applications import Online

    def made(n: int, programme: str, year: str) -> Online:
        return Online(f"online:WM1-{n}", dt.datetime(2024, 3, 1), spec.Identity(programme, year, "WM1"), {})

    online = [made(1, "mastering-number", "2024-25"), made(2, "mastering-number", "2024-25")]
    online += [made(3, "mastery-readiness", "2021-22"), made(4, "mastering-number", "2025-26")]
    result = collect([], REPO, online=online)  # the programme-year most are for: mastering-number 2024-25
    assert result.programme_year == ("mastering-number", "2024-25") and len(result.applications) == 2
    assert len(result.online_left_out) == 2 and set(result.online_left_out) == {
        spec.Identity("mastering-number", "2025-26", "WM1"),
        spec.Identity("mastery-readiness", "2021-22", "WM1"),
    }
    assert collect([], REPO, online=online, wanted=Wanted(any_programme=True)).online_left_out == ()


def test_cli_takes_other_programmes_only_when_asked(forms_built: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "mr.pdf").write_bytes(filled(forms_built, MR, "pdf", good_values(*MR)))
    (inbox / "mn.pdf").write_bytes(filled(forms_built, MN, "pdf", good_values(*MN, urn="222222")))
    first = run_cli(
        "collect",
        str(inbox),
        "--out",
        str(tmp_path / "a.csv"),
        "--project",
        str(REPO),
        "--programme",
        "mastering-number",
    )
    assert first.exit_code == 1
    assert "use --programme/--year or --any-programme" in first.output
    assert [r["status"] for r in read_csv(tmp_path / "a.csv")] == ["ok", "rejected"]
    both = run_cli("collect", str(inbox), "--out", str(tmp_path / "b.csv"), "--project", str(REPO), "--any-programme")
    assert both.exit_code == 0
    rows = read_csv(tmp_path / "b.csv")
    assert sorted(r["programme"] for r in rows) == ["mastering-number", "mastery-readiness"]
    mn = next(r for r in rows if r["programme"] == "mastering-number")
    assert mn["lead_teacher.reception.trn"] == "1234567" and mn["group_application.requested"] == ""


def test_a_choice_field_works_in_every_format_and_comes_back(project: Path, tmp_path: Path) -> None:
    """The seeds have no choice from a list; add one and follow it through PDF, DOCX, HTML and back."""
    from packgen.render import documents

    path = project / "programmes" / "mastery-readiness" / "2021-22.yaml"
    text = path.read_text(encoding="utf-8")
    choice = (
        "        - {name: phase, type: choice, label: School phase, "
        'choices: [Infant, Primary, "All-through & special"]}'
        "\n"
    )
    anchor = "        - {name: local_authority, label: Local Authority}\n"
    path.write_text(text.replace(anchor, anchor + choice, 1), encoding="utf-8")
    loaded = load_project(project)
    pack = resolve_pack(
        loaded, next(p for p in loaded.programmes if p.programme == "mastery-readiness"), loaded.hub("WM1")
    )
    service = documents(loaded.templates_dir, project)
    pdf, docx, html = (service.render(pack, ("application-form", fmt)) for fmt in ("pdf", "docx", "html"))

    field = PdfReader(io.BytesIO(pdf)).get_fields()["school.phase"]
    assert field["/FT"] == "/Ch" and field["/TU"] == "School details: School phase"
    assert b'w:displayText="All-through &amp; special"' in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    assert b'<option value="All-through &amp; special">' in html

    values = good_values(*MR)
    (tmp_path / "p.pdf").write_bytes(
        fill_pdf(
            pdf,
            dict(values, **{"school.phase": "All-through & special"}),
            radio=frozenset({"group_application.requested"}),
        )
    )
    (tmp_path / "d.docx").write_bytes(
        fill_docx(docx, dict(values, **{"school.phase": "primary", "school.urn": "999999"}))
    )
    apps = collect([tmp_path], project).applications
    assert [(a.source.name, a.values["school.phase"]) for a in apps] == [
        ("d.docx", "Primary"),
        ("p.pdf", "All-through & special"),
    ]
    assert [a.problems for a in apps] == [[], []]


# --- a form filled by another PDF engine -----------------------------------------------------


def test_a_form_filled_in_mupdf_is_read_back(forms_built: Path, tmp_path: Path) -> None:
    """MuPDF (the engine of SumatraPDF, zathura and others) fills the fields as a viewer does."""
    import pymupdf

    values = good_values(*MR)
    document = pymupdf.open(stream=form(forms_built, MR, "pdf"), filetype="pdf")
    seen = set()
    for page in document:
        for widget in page.widgets():
            name = widget.field_name
            if widget.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON:
                if values[name] in widget.button_states()["normal"]:  # click the "Yes" button
                    widget.field_value = values[name]
                    widget.update()
            elif name in values:
                widget.field_value = values[name]
                widget.update()
            seen.add(name)
    assert seen == {f.name for f in answers_of(*MR)}
    path = tmp_path / "mupdf.pdf"
    document.save(path)

    result = collect([path], REPO)
    assert result.rejected == []
    (app,) = result.applications
    assert {k: v for k, v in app.values.items() if k != "hub"} == values
    assert app.values["hub"] == "The Central Maths Hub" and app.status == "ok"
    # And poppler, a third engine, shows what was typed.
    shown = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "St Æthelred’s C of E & Primary" in shown


def test_the_summary_reads_on_an_80_column_terminal_and_tabulates_on_a_wide_one(
    returned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packgen.cli import output

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-long-name-as-schools-attach-them-to-their-emails-2024.pdf").write_bytes(
        (returned / "good.pdf").read_bytes()
    )
    (inbox / "notes.txt").write_text("not a form", encoding="utf-8")
    monkeypatch.setattr(output.out, "_width", 80)
    narrow = run_cli(
        "collect", str(inbox), "--out", str(tmp_path / "a.csv"), "--project", str(REPO)
    ).stdout.splitlines()
    assert narrow[0].startswith("ok       WM1  ")  # status and hub first; a long path wraps after them
    at = next(i for i, line in enumerate(narrow) if "St Æthelred’s" in line)
    assert "".join(line.strip() for line in narrow[:at]).endswith(
        "inbox/a-long-name-as-schools-attach-them-to-their-emails-2024.pdf"
    )
    assert narrow[at] == "         St Æthelred’s C of E & Primary"
    rejected = next(i for i, line in enumerate(narrow) if line.startswith("rejected "))
    assert "         - not a PDF or Word form (the file holds text)" in [line.rstrip() for line in narrow[rejected:]]
    assert all(len(line.rstrip()) <= 80 for line in narrow[:-1])  # the last is the count and the sheet's path
    monkeypatch.setattr(output.out, "_width", 140)
    wide = run_cli("collect", str(inbox), "--out", str(tmp_path / "b.csv"), "--project", str(REPO)).stdout
    assert "Returned forms" in wide and "┃ File" in wide
