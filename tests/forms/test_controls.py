"""The registry of controls: one record per control, and a control registered by a test goes
through every face of the form (HTML, PDF, DOCX, the online form) and back through collect."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from conftest import REPO
from forms.form_helpers import ANSWERS, add_school_field, through_every_form
from pypdf import PdfReader

from packgen.forms import spec
from packgen.forms.controls import CONTROLS, Control, control_named, register_control, unregister_control
from packgen.forms.kinds import KINDS, FieldKind, kind_of, register, unregister
from packgen.pack import FormField


def test_every_kind_names_a_registered_control_and_a_control_is_registered_once() -> None:
    assert set(CONTROLS) == {"input", "textarea", "select", "radios", "checkboxes", "date"}
    assert {kind.control for kind in KINDS.values()} <= set(CONTROLS)
    assert [c.name for c in CONTROLS.values() if c.several] == ["checkboxes"]
    assert [c.name for c in CONTROLS.values() if c.button] == ["radios", "checkboxes"]
    with pytest.raises(ValueError, match="'radios' is already registered"):
        register_control(Control("radios", word="dropdown", pdf="radio", macro="radios"))
    with pytest.raises(ValueError, match="unknown control 'slider'"):
        register(FieldKind("rating", control="slider"))
    assert "rating" not in KINDS


def test_every_built_in_control_has_its_macro_in_the_projects_templates() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO / "templates")))
    for control in CONTROLS.values():
        module = env.get_template(control.template).make_module({"spec": spec, "media": "print"})
        assert callable(getattr(module, control.macro, None)), control.name


# --- a control of the test's own ---------------------------------------------------------------

LETTERS_MACRO = """\
{% macro letters(field, kind, id, label, described, web) %}
  <label{% if web %} class="label"{% endif %} for="{{ id }}">{{ label }}</label>
  <input class="letters" id="{{ id }}" name="{{ field.name }}" type="text" size="4" \
aria-label="{{ spec.accessible_name(field) }}"{% if web %} value="{{ web.value }}"{% endif %}\
{% if described %} aria-describedby="{{ described }}"{% endif %}>
{% endmacro %}
"""
"""Its macro, in a template of the project's own: the documents' form and the online form both draw it."""


def _initials(field: FormField, value: str) -> str | None:
    return None if re.fullmatch(r"[A-Za-z]{2,4}", value) else f"{value!r} is not a person's initials"


@pytest.fixture
def letters(sample: Path) -> Iterator[FieldKind]:
    """A control (a box of a few letters) and a field type asked by it, registered for the test only;
    the sample project has a field of that type and the control's macro among its templates."""
    register_control(Control("letters", word="text", pdf="text", macro="letters", template="letters.html.j2"))
    kind = register(FieldKind("initials", control="letters", validate=_initials, description="A person's initials."))
    (sample / "templates" / "letters.html.j2").write_text(LETTERS_MACRO, encoding="utf-8")
    add_school_field(sample, "{name: initials, type: initials, label: Headteacher's initials}")
    yield kind
    unregister("initials")
    unregister_control("letters")


def test_a_control_registered_by_a_test_goes_through_every_form_and_back(
    letters: FieldKind, sample: Path, tmp_path: Path
) -> None:
    """No file of packgen's changes: the control's record and its macro put the field in the HTML,
    PDF and DOCX forms and the online form, and collect reads it back with its type's validator."""
    assert kind_of("initials").asked_by is control_named("letters")
    answers = dict(ANSWERS, **{"school.initials": "AB"})
    bad = dict(answers, **{"school.initials": "A.B.", "school.urn": "654321"})
    form = through_every_form(sample, tmp_path / "returned", answers, bad)

    assert '<input class="letters" id="f-school-initials" name="school.initials" type="text" size="4"' in form.html
    field = PdfReader(io.BytesIO(form.pdf)).get_fields()["school.initials"]
    assert field["/FT"] == "/Tx" and field["/TU"] == "School details: Headteacher's initials"
    xml = zipfile.ZipFile(io.BytesIO(form.docx)).read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:tag w:val="school.initials"/><w:id w:val="\d+"/><w:lock w:val="sdtLocked"/>', xml)
    assert form.good.values["school.initials"] == "AB" and form.good.problems == []
    assert form.bad.problems == ["school.initials: 'A.B.' is not a person's initials"]
    assert {f.name for f in spec.answers(form.pack.form)} >= set(answers)


def test_a_control_registered_by_a_test_is_in_the_online_form(letters: FieldKind, sample: Path) -> None:
    from starlette.testclient import TestClient
    from web.web_helpers import GOOD, Clock, csrf_of

    from packgen.web.app import create_app
    from packgen.web.config import Settings

    app = create_app(Settings(project=sample, database=None, clock=Clock()))
    with TestClient(app, follow_redirects=False) as client:
        form = "/2024-25/WM9/number-sense/apply"
        page = client.get(form)
        assert page.status_code == 200
        assert re.search(r'<input class="letters" id="f-school-initials" name="school.initials" type="text"', page.text)
        wrong = client.post(form, data={"_csrf": csrf_of(page.text), **GOOD, "school.initials": "A1"})
        assert "&#39;A1&#39; is not a person&#39;s initials" in wrong.text
        assert 'value="A1"' in wrong.text  # the answer kept, drawn again by the control's macro
        right = client.post(form, data={"_csrf": csrf_of(wrong.text), **GOOD, "school.initials": "HH"})
        assert right.status_code == 200 and "There is a problem" not in right.text and "HH" in right.text
    app.state.web.engine.dispose()
