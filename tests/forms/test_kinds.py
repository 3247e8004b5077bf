"""The registry of field types: one record per type, looked up everywhere a type matters."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from formfill import fill_docx, fill_pdf
from pypdf import PdfReader

from packgen.collect import collect
from packgen.forms import spec
from packgen.forms.kinds import KINDS, FieldKind, kind_of, register, unregister
from packgen.model.pack import FormField
from packgen.model.project import load_project
from packgen.render import documents
from packgen.resolve import resolve_pack

POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")


def _postcode(field: FormField, value: str) -> str | None:
    return None if POSTCODE.fullmatch(value.upper()) else f"{value!r} is not a UK postcode"


@pytest.fixture
def postcode() -> Iterator[FieldKind]:
    """A field type of the test's own, registered for the test only."""
    kind = register(
        FieldKind(
            "postcode",
            validate=_postcode,
            placeholder="e.g. B1 1AA",
            html={"type": "text", "autocomplete": "postal-code", "pattern": POSTCODE.pattern},
            description="A UK postcode.",
        )
    )
    yield kind
    unregister("postcode")


def with_postcode_field(sample: Path) -> None:
    path = sample / "programmes" / "number-sense" / "2024-25.yaml"
    anchor = "        - {name: name, label: Name of school}\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(anchor, anchor + "        - {name: postcode, type: postcode, label: Postcode}\n", 1),
        encoding="utf-8",
    )


def test_a_type_is_registered_once() -> None:
    with pytest.raises(ValueError, match="'email' is already registered"):
        register(FieldKind("email"))
    yesno = FormField("ok", (), "yesno", True, None, None, (), None, False, "row")
    assert kind_of(yesno).choices(yesno) == ("Yes", "No")
    assert [k for k in KINDS if KINDS[k].prefilled] == ["hub"]


def test_an_unknown_type_is_a_located_error_with_a_suggestion(sample: Path) -> None:
    path = sample / "programmes" / "number-sense" / "2024-25.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: telephone", "type: telephon"), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "type: telephon" in t)
    result = run_cli("check", "--project", str(sample))
    assert result.exit_code == 1
    assert f"programmes/number-sense/2024-25.yaml:{line}:" in result.output
    assert "unknown field type 'telephon' (did you mean 'telephone'?)" in result.output


def test_a_type_registered_by_a_test_goes_through_every_form_and_back(
    postcode: FieldKind, sample: Path, tmp_path: Path
) -> None:
    """No file of packgen's changes: the record alone puts the field in the PDF, DOCX and HTML
    forms, and collect reads it back and checks it with the record's validator."""
    with_postcode_field(sample)
    project = load_project(sample)
    pack = resolve_pack(project, project.programmes[0], project.hub("WM9"))
    service = documents(project.templates_dir, sample)
    assert not service.load()
    pdf, docx, html = (service.render(pack, ("application-form", fmt)) for fmt in ("pdf", "docx", "html"))

    field = PdfReader(io.BytesIO(pdf)).get_fields()["school.postcode"]
    assert field["/FT"] == "/Tx" and field["/TU"] == "School details: Postcode"
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:tag w:val="school.postcode"/>.*?e\.g\. B1 1AA', xml)
    page = html.decode("utf-8")
    assert re.search(
        r'<input id="f-school-postcode" name="school.postcode" aria-label="School details: Postcode" type="text" '
        r'autocomplete="postal-code" pattern="[^"]+" placeholder="e.g. B1 1AA" required',
        page,
    )

    answers = {f.name: f for f in spec.answers(pack.form)}
    values = {
        "school.name": "Riverside Infants",
        "school.postcode": "B1 1AA",
        "school.urn": "123456",
        "school.telephone": "0121 496 0000",
        "school.email": "office@riverside.sch.uk",
        "school.phase": "Infant",
        "lead_teacher.reception.name": "Ann Lee",
        "lead_teacher.reception.email": "ann@riverside.sch.uk",
        "lead_teacher.year_1.name": "Bo Ng",
        "lead_teacher.year_1.email": "bo@riverside.sch.uk",
        "plans.previous": "No",
        "plans.statement": "We want to.",
        "signature.headteacher": "Cy Dee",
    }
    assert set(values) | {"hub", "lead_teacher.reception.trn", "lead_teacher.year_1.trn"} == set(answers)
    returned = tmp_path / "returned"
    returned.mkdir()
    (returned / "good.pdf").write_bytes(fill_pdf(pdf, values, radio=frozenset({"plans.previous"})))
    (returned / "bad.docx").write_bytes(
        fill_docx(docx, dict(values, **{"school.postcode": "not a postcode", "school.urn": "654321"}))
    )
    apps = {a.source.name: a for a in collect([returned], sample).applications}
    assert apps["good.pdf"].values["school.postcode"] == "B1 1AA" and apps["good.pdf"].problems == []
    assert apps["bad.docx"].problems == ["school.postcode: 'not a postcode' is not a UK postcode"]
