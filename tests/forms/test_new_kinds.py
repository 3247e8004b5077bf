"""The newer field types (date, number, checkboxes, a choice with an answer of the school's own)
through the PDF, Word and HTML forms, filled by pypdf, PyMuPDF and as Word does, and back
through packgen collect value for value, with their rules."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from conftest import REPO, W, docx_xml
from formfill import fill_docx, fill_pdf
from lxml import etree
from pypdf import PdfReader

from packgen.collect import collect
from packgen.forms import spec
from packgen.model.project import load_project
from packgen.resolve import resolve_pack

PROGRAMME, YEAR = "teaching-for-mastery-development", "2024-25"
OTHER = "Other (please say)"
SOMETHING = "Something else (please say)"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def form(forms_built: Path, fmt: str) -> Path:
    return forms_built / YEAR / "WM1" / PROGRAMME / f"application-form.{fmt}"


def answers() -> dict[str, object]:
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == PROGRAMME)
    return {f.name: f for f in spec.answers(resolve_pack(project, py, project.hub("WM1")).form)}


# What a school types, box by box, and what the spreadsheet shows for each answer.
BOXES = {
    "school.name": "Hillside Primary",
    "school.urn": "123456",
    "school.telephone": "0121 496 0000",
    "school.email": "office@hillside.sch.uk",
    "school.pupils": "1,200",
    "school.type": OTHER,
    "school.type_other": "Special school",
    "lead_teacher.1.name": "Ann Lee",
    "lead_teacher.1.email": "ann@hillside.sch.uk",
    "lead_teacher.1.trn": "1234567",
    "lead_teacher.1.role": "Maths lead, Year 4",
    "lead_teacher.2.name": "Bo Ng",
    "lead_teacher.2.email": "bo@hillside.sch.uk",
    "lead_teacher.2.trn": "7654321",
    "lead_teacher.2.role": "Year 2",
    "readiness.done.1": "Yes",
    "readiness.done.3": "Yes",
    "readiness.done.4": "Yes",
    "readiness.done_other": "Ran a maths week; invited parents",
    "readiness.readiness_date": "14/07/2023",
    "readiness.previous": "No",
    "headteacher_statement": "We meet criteria 1 to 4.",
    "signature.headteacher": "Cy Dee",
    "signature.lead_teacher_1": "Ann Lee",
    "signature.lead_teacher_2": "Bo Ng",
}
SHOWN = {
    "school.pupils": "1200",
    "school.type": "Other (please say): Special school",
    "readiness.done": (
        "Taken part in a Mastery Readiness Work Group; Used the NCETM's curriculum prioritisation materials; "
        "Something else (please say): Ran a maths week; invited parents"
    ),
    "readiness.readiness_date": "2023-07-14",
}
CHECKS = {"readiness.done.1", "readiness.done.2", "readiness.done.3", "readiness.done.4"}
RADIOS = {"readiness.previous"}


def expected() -> dict[str, str]:
    values = {name: value for name, value in BOXES.items() if name.count(".") < 2 or name.startswith("lead_teacher")}
    values = {k: v for k, v in values.items() if not k.endswith("_other") and not k.startswith("readiness.done")}
    return {**values, **SHOWN, "hub": "Central Maths Hub"}


def test_each_answer_has_its_boxes_in_the_pdf(forms_built: Path) -> None:
    fields = PdfReader(form(forms_built, "pdf")).get_fields()
    assert fields["school.pupils"]["/FT"] == "/Tx" and fields["readiness.readiness_date"]["/FT"] == "/Tx"
    choice = fields["school.type"]
    assert choice["/FT"] == "/Ch" and [o[1] if isinstance(o, list) else o for o in choice["/Opt"]][-1] == OTHER
    assert (
        fields["school.type_other"]["/FT"] == "/Tx"
        and fields["school.type_other"]["/TU"] == f"School details: Type of school: {OTHER}: your words"
    )
    for n in range(1, 5):
        box = fields[f"readiness.done.{n}"]
        assert box["/FT"] == "/Btn" and box["/V"] == "/Off"
    assert (
        fields["readiness.done.4"]["/TU"]
        == f"Where the school is now: Which of these has the school already done? Tick all that apply.: {SOMETHING}"
    )
    reader = PdfReader(form(forms_built, "pdf"))
    widgets = {
        a.get_object()["/T"]: a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/FT") == "/Btn"
        and "/Parent" in a.get_object()
        and a.get_object()["/Parent"].get_object().get("/T") == "done"
    }
    assert sorted(widgets) == ["1", "2", "3", "4"]
    assert all(sorted(w["/AP"]["/N"].keys()) == ["/Off", "/Yes"] for w in widgets.values())
    assert int(fields["readiness.done.1"].get("/Ff", 0)) & 2 == 0, "a check box is never required on its own"


def test_every_box_has_its_own_accessible_name_in_the_pdf_word_and_html(forms_built: Path) -> None:
    """A check box says the answer it stands for and the box for an "other" answer says so, after
    the answer's group and label (spec.accessible_name), in the PDF's /TU, the Word control's title
    and the HTML control's aria-label alike; no two boxes share a name."""
    boxes = spec.all_widgets(list(answers().values()))
    titles = [w.title for w in boxes]
    assert len(set(titles)) == len(titles), [t for t in titles if titles.count(t) > 1]
    by_name = {w.name: w.title for w in boxes}
    assert (
        by_name["readiness.done.4"]
        == f"Where the school is now: Which of these has the school already done? Tick all that apply.: {SOMETHING}"
    )
    assert by_name["readiness.done_other"] == by_name["readiness.done.4"] + ": your words"
    pdf = {name: str(f["/TU"]) for name, f in PdfReader(form(forms_built, "pdf")).get_fields().items() if "/FT" in f}
    assert pdf == by_name
    word = {
        sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val"): sdt.find(f"{W}sdtPr/{W}alias").get(f"{W}val")
        for sdt in etree.fromstring(docx_xml(form(forms_built, "docx"))).iter(f"{W}sdt")
    }
    assert word == {name: title[: spec.TITLE_MAX] for name, title in by_name.items()}
    html = etree.fromstring(form(forms_built, "html").read_bytes(), etree.HTMLParser())
    for name in (
        "readiness.done.1",
        "readiness.done_other",
        "school.type_other",
        "readiness.readiness_date",
        "school.pupils",
    ):
        assert html.find(f".//input[@name='{name}']").get("aria-label") == by_name[name], name


def test_each_answer_has_its_controls_in_word_and_html(forms_built: Path) -> None:
    controls = {
        sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val"): sdt.find(f"{W}sdtPr")
        for sdt in etree.fromstring(docx_xml(form(forms_built, "docx"))).iter(f"{W}sdt")
    }
    assert controls["readiness.readiness_date"].find(f"{W}date/{W}dateFormat").get(f"{W}val") == "dd/MM/yyyy"
    items = [i.get(f"{W}value") for i in controls["school.type"].iter(f"{W}listItem")]
    assert items == ["Infant", "Junior", "Primary", "All-through", OTHER]
    assert controls["school.type_other"].find(f"{W}text") is not None
    assert [controls[f"readiness.done.{n}"].find(f"{W14}checkbox") is not None for n in range(1, 5)] == [True] * 4
    html = etree.fromstring(form(forms_built, "html").read_bytes(), etree.HTMLParser())
    date = html.find(".//input[@name='readiness.readiness_date']")
    assert date.get("type") == "date"
    boxes = html.findall(".//fieldset//input[@type='checkbox']")
    assert [b.get("name") for b in boxes] == [f"readiness.done.{n}" for n in range(1, 5)]
    assert "".join(html.find(".//fieldset/legend").itertext()).startswith("Which of these has the school already done?")
    assert [o.get("value") for o in html.findall(".//select[@name='school.type']/option")][-1] == OTHER
    assert html.find(".//input[@name='school.type_other']") is not None
    assert html.find(".//input[@name='school.pupils']").get("inputmode") == "numeric"


def _collect(tmp_path: Path, name: str, data: bytes) -> dict[str, object]:
    folder = tmp_path / "returned"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    [app] = [a for a in collect([folder / name], REPO).applications]
    return {"values": app.values, "problems": app.problems}


def test_filled_by_pypdf_and_collected_value_for_value(forms_built: Path, tmp_path: Path) -> None:
    values = {k: v for k, v in BOXES.items() if k not in CHECKS or v}
    data = fill_pdf(form(forms_built, "pdf").read_bytes(), values, radio=frozenset(CHECKS | RADIOS))
    got = _collect(tmp_path, "pypdf.pdf", data)
    assert got["problems"] == []
    assert {k: got["values"][k] for k in expected()} == expected()


def test_filled_by_pymupdf_and_collected_value_for_value(forms_built: Path, tmp_path: Path) -> None:
    doc = pymupdf.open(form(forms_built, "pdf"))
    for page in doc:
        for widget in page.widgets():
            name = widget.field_name
            if name not in BOXES:
                continue
            if widget.field_type == pymupdf.PDF_WIDGET_TYPE_CHECKBOX:
                widget.field_value = widget.on_state() if BOXES[name] == "Yes" else "Off"
            elif widget.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON:
                if widget.on_state() == BOXES[name]:
                    widget.field_value = widget.on_state()
                else:
                    continue
            else:
                widget.field_value = BOXES[name]
            widget.update()
    got = _collect(tmp_path, "pymupdf.pdf", doc.tobytes())
    assert got["problems"] == []
    assert {k: got["values"][k] for k in expected()} == expected()


def test_filled_in_word_and_collected_value_for_value(forms_built: Path, tmp_path: Path) -> None:
    data = fill_docx(form(forms_built, "docx").read_bytes(), {k: v for k, v in BOXES.items() if k != "hub"})
    got = _collect(tmp_path, "word.docx", data)
    assert got["problems"] == []
    assert {k: got["values"][k] for k in expected()} == expected()


@pytest.mark.parametrize(
    "changes,problem",
    [
        (
            {"readiness.readiness_date": "31/02/2024"},
            "readiness.readiness_date: '31/02/2024' is not a date like 01/03/2024",
        ),
        ({"school.pupils": "about 200"}, "school.pupils: 'about 200' is not a whole number"),
        ({"school.type_other": ""}, f"school.type: '{OTHER}' chosen, but not said what"),
        (
            {"school.type": "Primary"},
            f"school.type: one answer only: 'Primary' and '{OTHER}: Special school' both given",
        ),
        ({"school.type": "", "school.type_other": ""}, "school.type: Select the type of school"),
    ],
)
def test_the_new_types_rules_are_checked_on_collect(
    forms_built: Path, tmp_path: Path, changes: dict[str, str], problem: str
) -> None:
    data = fill_docx(
        form(forms_built, "docx").read_bytes(), {k: v for k, v in {**BOXES, **changes}.items() if k != "hub"}
    )
    got = _collect(tmp_path, "word.docx", data)
    assert got["problems"] == [problem]


def test_a_date_is_read_in_the_ways_schools_write_it() -> None:
    field = answers()["readiness.readiness_date"]
    for written in ("14/07/2023", "14.07.2023", "2023-07-14", "14th July 2023", "Friday 14 July 2023"):
        assert spec.canonical(field, written) == "2023-07-14", written
        assert spec.check(field, spec.canonical(field, written)) is None
    assert spec.check(field, "") is None, "optional"


def test_the_packs_copy_of_the_form_prints_the_answers_a_list_offers() -> None:
    fields = answers()
    kind = spec.kind_of
    assert (
        kind(fields["school.type"]).pack_text(fields["school.type"])
        == f"One of: Infant / Junior / Primary / All-through / {OTHER}"
    )
    assert kind(fields["readiness.done"]).pack_text(fields["readiness.done"]).endswith(f"/ {SOMETHING}")
    assert (
        kind(fields["readiness.previous"]).pack_text(fields["readiness.previous"]) == ""
    )  # yes/no says so in its label
