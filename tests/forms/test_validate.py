"""The one validator that `packgen collect` and the online form share: problems per field."""

from __future__ import annotations

from pathlib import Path

from packgen.forms import spec
from packgen.forms.validate import MISSING_IN_FILE, FieldProblem, check_answers
from packgen.model.project import load_project
from packgen.resolve import resolve_pack


def sample_answers(root: Path):
    project = load_project(root)
    py = project.programmes[0]
    pack = resolve_pack(project, py, project.hub("WM9"))
    return spec.answers(pack.form)


def test_each_problem_names_its_field_and_says_what_is_wrong(sample: Path) -> None:
    answers = sample_answers(sample)
    found = {f.name: "" for f in answers}
    found.update(
        {
            "school.name": "  Riverside Primary \r\n",
            "school.urn": "12345",
            "school.telephone": "0121 496 0000",
            "school.email": "office@riverside.example.org",
            "school.phase": "primary",  # a fixed list's answer is matched without regard to case
            "lead_teacher.reception.email": "not an email",
            "plans.previous": "Maybe",
            "plans.statement": "word " * 101,
        }
    )
    checked = check_answers(found, answers)
    by_field = checked.by_field()
    assert by_field["school.urn"] == "'12345' is not a school URN (6 digits)"
    assert by_field["lead_teacher.reception.email"] == "'not an email' is not an email address"
    assert by_field["plans.previous"] == "'Maybe' is not one of Yes, No"
    assert by_field["plans.statement"] == "101 words, over the limit of 100"
    assert by_field["lead_teacher.reception.name"] == "Enter the name of the lead teacher (Reception)"
    assert by_field["signature.headteacher"] == "Enter the signature of the headteacher"
    assert "lead_teacher.reception.trn" not in by_field  # optional and empty
    assert "school.name" not in by_field and checked.values["school.name"] == "Riverside Primary"
    assert checked.values["school.phase"] == "Primary"
    assert "hub" not in by_field  # the hub fills it in; never the school's problem
    assert FieldProblem("school.urn", "'12345' is not a school URN (6 digits)") in checked.problems
    assert "school.urn: '12345' is not a school URN (6 digits)" in checked.messages()
    assert not checked.ok


def test_a_field_not_found_at_all_gets_the_callers_words(sample: Path) -> None:
    answers = sample_answers(sample)
    checked = check_answers({}, answers)
    assert checked.by_field()["school.name"] == MISSING_IN_FILE
    later = check_answers({}, answers, missing="not asked when this application was made")
    assert later.by_field()["school.name"] == "not asked when this application was made"


def test_good_answers_have_no_problems(sample: Path) -> None:
    answers = sample_answers(sample)
    good = {
        "hub": "Riverside Maths Hub",
        "school.name": "Riverside Primary",
        "school.urn": "123 456",
        "school.telephone": "+44 121 496 0000",
        "school.email": "office@riverside.example.org",
        "school.phase": "Infant",
        "lead_teacher.reception.name": "A Teacher",
        "lead_teacher.reception.email": "a@riverside.example.org",
        "lead_teacher.reception.trn": "",
        "lead_teacher.year_1.name": "B Teacher",
        "lead_teacher.year_1.email": "b@riverside.example.org",
        "lead_teacher.year_1.trn": "1234567",
        "plans.previous": "No",
        "plans.statement": "Because.",
        "signature.headteacher": "Head Teacher",
    }
    checked = check_answers(good, answers)
    assert checked.ok, checked.messages()
    assert checked.values == {**good, "school.urn": "123 456"}


def new_kinds_answers():
    from conftest import REPO

    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == "teaching-for-mastery-development")
    return {f.name: f for f in spec.answers(resolve_pack(project, py, project.hub("WM1")).form)}


def test_an_answer_is_read_from_its_boxes_and_its_boxes_from_the_answer() -> None:
    """from_boxes reads an answer of several boxes as collect and the online form both take it;
    FieldKind.boxes gives each box back (what the online form shows and the receipt fills in)."""
    from packgen.forms.validate import from_boxes

    fields = new_kinds_answers()
    done, kind_of_school = fields["readiness.done"], fields["school.type"]
    answers = [done, kind_of_school]
    boxes = {
        "readiness.done.1": "Yes",
        "readiness.done.2": "",
        "readiness.done.3": "Off",
        "readiness.done.4": "Yes",
        "readiness.done_other": " Ran a maths week; invited parents ",
        "school.type": "Other (please say)",
        "school.type_other": "\u2002" * 16,  # the blank prompt left in: no words
    }
    found = from_boxes(boxes, answers)
    assert found == {
        "readiness.done": (
            "Taken part in a Mastery Readiness Work Group; "
            "Something else (please say): Ran a maths week; invited parents"
        ),
        "school.type": "Other (please say)",
    }
    assert check_answers(found, answers).by_field() == {"school.type": "'Other (please say)' chosen, but not said what"}
    assert from_boxes({}, answers) == {}, "no box of the field in the file: left out, so it is reported missing"
    for field in answers:
        value = found[field.name]
        assert from_boxes(spec.kind_of(field).boxes(field, value), [field]) == {field.name: value}
    assert spec.kind_of(done).boxes(done, "")["readiness.done.1"] == ""


def test_bidi_overrides_and_c1_controls_are_stripped_and_every_letter_a_name_needs_is_kept(sample: Path) -> None:
    answers = sample_answers(sample)
    found = {f.name: "" for f in answers}
    found.update(
        {
            "school.name": "Ysgol Gymraeg \u202eloohcS\u202c Llanfair\u2066x\u2069\u0085\u009b",
            "lead_teacher.reception.name": "Ŵyn Łukasz Dvořák Zoë Nguyễn e\u0301 \u05d3\u05d5\u05d3\u200f",
            "plans.statement": "line one\u2067\nline two\u0080",
        }
    )
    values = check_answers(found, answers).values
    assert values["school.name"] == "Ysgol Gymraeg loohcS Llanfairx"
    # NFC (as before) and nothing taken: letters with marks, Hebrew and its right-to-left mark.
    assert values["lead_teacher.reception.name"] == "Ŵyn Łukasz Dvořák Zoë Nguyễn é \u05d3\u05d5\u05d3\u200f"
    assert values["plans.statement"] == "line one\nline two"


def test_an_empty_answer_is_told_in_govuk_words_from_its_own_label(sample: Path) -> None:
    answers = sample_answers(sample)
    by_field = check_answers({f.name: "" for f in answers}, answers).by_field()
    assert by_field["school.name"] == "Enter the name of school"
    assert by_field["school.urn"] == "Enter the school URN"
    assert by_field["school.phase"] == "Select the school phase"
    assert by_field["lead_teacher.year_1.email"] == "Enter the email of the lead teacher (Year 1)"
    assert by_field["plans.previous"] == "Select an answer to 'Has the school taken part before?'"
    assert by_field["plans.statement"] == "Enter an answer to 'Why does the school wish to take part?'"
    assert "required but empty" not in str(by_field)


def test_answers_have_govuk_forms_length_limits_by_kind(sample: Path) -> None:
    answers = sample_answers(sample)
    found = {f.name: "x" for f in answers}
    found.update({"school.name": "A" * 500, "lead_teacher.reception.name": "B" * 501})
    found["plans.statement"] = "word " * 99 + "w" * (5000 - 99 * 5)  # 5,000 characters, 100 words
    by_field = check_answers(found, answers).by_field()
    assert "school.name" not in by_field and "plans.statement" not in by_field
    assert by_field["lead_teacher.reception.name"] == "Name must be 500 characters or less (it has 501)"
    found["plans.statement"] += "w"
    found["school.name"] = "A" * 900_000
    by_field = check_answers(found, answers).by_field()
    assert by_field["school.name"] == "Name of school must be 500 characters or less (it has 900,000)"
    assert by_field["plans.statement"] == "The answer must be 5,000 characters or less (it has 5,001)"
