"""The registry of field types: one record per type, looked up everywhere a type matters."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from forms.form_helpers import ANSWERS, add_school_field, through_every_form
from pypdf import PdfReader

from packgen.forms import spec
from packgen.forms.kinds import KINDS, FieldKind, kind_of, register, unregister
from packgen.pack import FormField

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
    add_school_field(sample, "{name: postcode, type: postcode, label: Postcode}")
    answers = dict(ANSWERS, **{"school.postcode": "B1 1AA"})
    bad = dict(answers, **{"school.postcode": "not a postcode", "school.urn": "654321"})
    form = through_every_form(sample, tmp_path / "returned", answers, bad)

    field = PdfReader(io.BytesIO(form.pdf)).get_fields()["school.postcode"]
    assert field["/FT"] == "/Tx" and field["/TU"] == "School details: Postcode"
    xml = zipfile.ZipFile(io.BytesIO(form.docx)).read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:tag w:val="school.postcode"/>.*?e\.g\. B1 1AA', xml)
    assert re.search(
        r'<input id="f-school-postcode" name="school.postcode" aria-label="School details: Postcode" type="text" '
        r'autocomplete="postal-code" pattern="[^"]+" placeholder="e.g. B1 1AA" required',
        form.html,
    )
    answered = {f.name for f in spec.answers(form.pack.form)}
    assert set(answers) | {"hub", "lead_teacher.reception.trn", "lead_teacher.year_1.trn"} == answered
    assert form.good.values["school.postcode"] == "B1 1AA" and form.good.problems == []
    assert form.bad.problems == ["school.postcode: 'not a postcode' is not a UK postcode"]
