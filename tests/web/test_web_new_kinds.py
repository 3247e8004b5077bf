"""The newer field types in the online form (check boxes, a choice with an answer of the school's
own, a date, a number): drawn from the kinds registry, checked by forms/validate.py, shown again
on an error as posted, and filled into the receipt's PDF, which collect reads back value for value."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from packgen.collect import collect
from web.web_helpers import ANSWERS, Clock, csrf_of, post_answers, reference_of

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

FORM = "/2024-25/WM1/teaching-for-mastery-development"
OTHER = "Other (please say)"
SOMETHING = "Something else (please say)"
DONE = (
    "Taken part in a Mastery Readiness Work Group",
    "Sent teachers to a Maths Hub event",
    "Used the NCETM's curriculum prioritisation materials",
    SOMETHING,
)

# As a browser posts them: a ticked check box sends "Yes", an unticked one nothing; a date picker sends 2023-07-14.
POSTED = {
    "school.name": "Hillside Primary",
    "school.urn": "123456",
    "school.telephone": "0121 496 0000",
    "school.email": "office@hillside.example.org",
    "school.pupils": "1,200",
    "school.type": OTHER,
    "school.type_other": "Special school",
    "lead_teacher.1.name": "Ann Lee",
    "lead_teacher.1.email": "ann@hillside.example.org",
    "lead_teacher.1.trn": "1234567",
    "lead_teacher.1.role": "Maths lead, Year 4",
    "lead_teacher.2.name": "Bo Ng",
    "lead_teacher.2.email": "bo@hillside.example.org",
    "lead_teacher.2.trn": "7654321",
    "lead_teacher.2.role": "Year 2",
    "readiness.done.1": "Yes",
    "readiness.done.3": "Yes",
    "readiness.done.4": "Yes",
    "readiness.done_other": "Ran a maths week; invited parents",
    "readiness.readiness_date": "2023-07-14",
    "readiness.previous": "No",
    "headteacher_statement": "We meet criteria 1 to 4.",
    "signature.headteacher": "Cy Dee",
    "signature.lead_teacher_1": "Ann Lee",
    "signature.lead_teacher_2": "Bo Ng",
}
STORED = {
    **{k: v for k, v in POSTED.items() if not k.startswith("readiness.done") and not k.endswith("_other")},
    "school.pupils": "1200",
    "school.type": f"{OTHER}: Special school",
    "readiness.done": f"{DONE[0]}; {DONE[2]}; {SOMETHING}: Ran a maths week; invited parents",
    "readiness.readiness_date": "2023-07-14",
}


@pytest.fixture
def server(project: Path, database: str | None) -> Iterator[Any]:
    """The repo's own project served at 1 March 2024, noon: WM1's form of the new programme is open."""
    from packgen.web.app import create_app
    from packgen.web.config import Settings
    from web.conftest import Server

    clock = Clock()
    app = create_app(Settings(project=project, database=database, clock=clock))
    server = Server(project, database, clock, app)
    yield server
    server.close()


def tree(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"), etree.HTMLParser())


def test_each_new_type_is_asked_with_its_own_control(server) -> None:
    page = tree(server.client().get(FORM + "/apply").text)
    boxes = page.xpath('//fieldset[.//input[@type="checkbox"]]')
    assert len(boxes) == 1
    legend = " ".join("".join(boxes[0].find(".//legend").itertext()).split())
    assert legend.startswith("Which of these has the school already done?")
    ticks = boxes[0].xpath('.//input[@type="checkbox"]')
    assert [t.get("name") for t in ticks] == [f"readiness.done.{n}" for n in range(1, 5)]
    assert ticks[0].get("id") == "f-readiness-done", "the error summary's link lands on the first box"
    assert [" ".join(page.xpath(f'//label[@for="{t.get("id")}"]')[0].text.split()) for t in ticks] == list(DONE)
    other = boxes[0].xpath('.//input[@name="readiness.done_other"]')
    assert len(other) == 1 and page.xpath(f'//label[@for="{other[0].get("id")}"]')[0].text == SOMETHING
    assert other[0].get("aria-label").endswith(f"{SOMETHING}: your words"), "not the name of the check box above it"

    assert page.xpath('//select[@name="school.type"]/option/@value')[-1] == OTHER
    (own,) = page.xpath('//input[@name="school.type_other"]')
    assert page.xpath(f'//label[@for="{own.get("id")}"]')[0].text == OTHER

    (date,) = page.xpath('//input[@name="readiness.readiness_date"]')
    assert date.get("type") == "date"
    (number,) = page.xpath('//input[@name="school.pupils"]')
    assert number.get("inputmode") == "numeric"


def test_the_new_types_are_stored_as_collect_shows_them_and_read_back_from_the_receipt(
    server, project: Path, tmp_path: Path
) -> None:
    client = server.client()
    check = post_answers(client, POSTED, FORM)
    assert check.status_code == 200 and "Check your answers" in check.text, check.text[:3000]
    shown = {
        " ".join("".join(row.find(".//dt").itertext()).split()): " ".join("".join(row.find(".//dd").itertext()).split())
        for row in tree(check.text).xpath('//div[@class="summary-list__row"]')
    }
    assert shown["Number of pupils on roll"] == "1200"
    assert shown["Type of school"] == f"{OTHER}: Special school"
    reference = reference_of(
        client.post(
            FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": ANSWERS.search(check.text).group(1)}
        )
    )

    pdf = client.get(f"{FORM}/apply/receipt/{reference}/application-form.pdf")
    assert pdf.status_code == 200
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "returned.pdf").write_bytes(pdf.content)
    (app,) = collect([tmp_path / "inbox"], project).applications
    assert app.status == "ok", app.problems
    assert {k: v for k, v in app.values.items() if k != "hub"} == STORED


def test_a_changed_answer_comes_back_to_its_boxes(server) -> None:
    """ "Change" on the check page brings every box back as it was ticked or typed."""
    client = server.client()
    check = post_answers(client, POSTED, FORM)
    back = client.post(
        FORM + "/apply",
        data={
            "_csrf": csrf_of(check.text),
            "_answers": ANSWERS.search(check.text).group(1),
            "_change": "readiness.done",
        },
    )
    page = tree(back.text)
    assert page.xpath('//input[@type="checkbox"][@checked]/@name') == [
        "readiness.done.1",
        "readiness.done.3",
        "readiness.done.4",
    ]
    assert page.xpath('//input[@name="readiness.done_other"]/@value') == ["Ran a maths week; invited parents"]
    assert page.xpath('//select[@name="school.type"]/option[@selected]/@value') == [OTHER]
    assert page.xpath('//input[@name="school.type_other"]/@value') == ["Special school"]
    assert page.xpath('//input[@name="readiness.readiness_date"]/@value') == ["2023-07-14"]
    assert page.xpath('//input[@name="school.pupils"]/@value') == ["1200"]


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"school.type_other": ""}, "school-type", f"'{OTHER}' chosen, but not said what"),
        ({"readiness.done_other": ""}, "readiness-done", f"'{SOMETHING}' chosen, but not said what"),
        (
            {"readiness.readiness_date": "31/02/2024"},
            "readiness-readiness-date",
            "'31/02/2024' is not a date like 01/03/2024",
        ),
        ({"school.pupils": "about 200"}, "school-pupils", "'about 200' is not a whole number"),
    ],
)
def test_a_wrong_answer_of_a_new_type_is_shown_beside_it_with_every_box_kept(
    server, changes: dict, field: str, message: str
) -> None:
    response = post_answers(server.client(), {**POSTED, **changes}, FORM)
    assert response.status_code == 400
    page = tree(response.text)
    summary = [(a.get("href"), "".join(a.itertext())) for a in page.xpath('//div[@class="error-summary"]//a')]
    assert len(summary) == 1 and summary[0][0] == f"#f-{field}" and summary[0][1].endswith(message), summary
    assert page.xpath(f'//p[@id="error-f-{field}"]'), "the message is beside the field too"
    assert page.xpath('//input[@type="checkbox"][@checked]/@name') == [
        "readiness.done.1",
        "readiness.done.3",
        "readiness.done.4",
    ]
    assert page.xpath('//select[@name="school.type"]/option[@selected]/@value') == [OTHER]
