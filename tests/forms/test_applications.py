"""The application record both collect and the online form keep: the school it is from (its URN
and its name, found one way), an online application checked like a returned file, and a school
that applied more than once flagged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from packgen.forms import spec
from packgen.forms.applications import (
    NOT_ASKED,
    Application,
    FormKind,
    Online,
    columns_of,
    flag_same_school,
    online_application,
    school_field,
    school_name,
    school_urn,
    urn_key,
)
from packgen.model.pack import FormField, Run

IDENTITY = spec.Identity("mastery-readiness", "2021-22", "WM1")


def answer(name: str, type: str = "text", label: str = "") -> FormField:
    return FormField(
        name=name,
        label=(Run(label or name),),
        type=type,
        required=True,
        word_limit=None,
        hint=None,
        choices=(),
        value=None,
        beside=False,
        layout="row",
    )


ANSWERS = (answer("hub", "hub"), answer("school.name"), answer("school.urn", "urn"), answer("school.email", "email"))


def fake_applications(count: int, urn: str = "111111") -> list[Application]:
    kind = FormKind(IDENTITY, "Central", (answer("school.urn", "urn", "URN"),))
    when = dt.datetime(2024, 1, 1)
    return [Application(Path(f"inbox/form{i:04}.pdf"), when, kind, {"school.urn": urn}) for i in range(count)]


def test_the_school_is_found_by_the_answer_types_not_by_names() -> None:
    values = {"school.name": "Hillside", "school.urn": " 123 456 ", "school.email": "a@b.org"}
    assert urn_key("123-456") == "123456" and urn_key("12345") is None
    assert school_urn(ANSWERS, values) == "123456"
    assert school_urn(ANSWERS, {"school.urn": "not one"}) is None
    assert school_field(ANSWERS) is ANSWERS[1] and school_name(ANSWERS, values) == "Hillside"
    # The name beside the answer that identifies the school, whatever the group is called.
    renamed = (answer("setting.name"), answer("setting.urn", "urn"))
    assert school_name(renamed, {"setting.name": "Oak Nursery"}) == "Oak Nursery"
    assert school_field((answer("name"),)) is None and school_name((), values) == ""


def test_an_online_application_is_checked_against_its_form_as_it_is_now() -> None:
    kind = FormKind(IDENTITY, "Central", ANSWERS)
    made = Online("online:ABC123", dt.datetime(2024, 3, 1, 12), IDENTITY, {"school.name": "Hillside", "hub": "Central"})
    app = online_application(made, kind)
    assert app.status == "problems" and app.school == "Hillside" and app.urn is None
    assert f"school.urn: {NOT_ASKED}" in app.problems
    assert columns_of([app]) == ("school.name", "school.urn", "school.email")


def test_many_forms_from_one_school_name_a_few_others_and_the_count() -> None:
    apps = fake_applications(1000)
    flag_same_school(apps)
    assert apps[0].problems == [
        "same school (URN 111111) as inbox/form0001.pdf, inbox/form0002.pdf, inbox/form0003.pdf"
        " and 996 more: 1,000 applications in all"
    ]
    assert apps[999].problems == [
        "same school (URN 111111) as inbox/form0000.pdf, inbox/form0001.pdf, inbox/form0002.pdf"
        " and 996 more: 1,000 applications in all"
    ]
    assert max(len(p) for a in apps for p in a.problems) < 200


def test_a_few_forms_from_one_school_name_each_other() -> None:
    apps = fake_applications(3)
    flag_same_school(apps)
    assert apps[1].problems == ["same school (URN 111111) as inbox/form0000.pdf, inbox/form0002.pdf"]
