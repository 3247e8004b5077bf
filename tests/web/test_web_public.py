"""The public pages and the form's way from question page to receipt, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import edit
from lxml import etree

from packgen.collect import collect
from packgen.web import store
from packgen.web.pages import compile_pages
from packgen.web.site import HubPack
from web.web_helpers import ANSWERS, FORM, GOOD, Clock, apply, csrf_of, post_answers, reference_of

one_database = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # pages that store nothing


def tree(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"), etree.HTMLParser())


@one_database
def test_index_lists_every_programme_year_and_hub_with_its_form(server) -> None:
    client = server.client()
    page = tree(client.get("/").text)
    assert page.xpath("//h2/text()") == ["Number Sense Work Groups 2024/25"]
    links = {a.get("href") for a in page.iter("a")}
    assert {FORM, FORM + "/apply", "/2024-25/SE9/number-sense", "/2024-25/SE9/number-sense/apply"} <= links


@one_database
def test_each_pack_is_served_as_packgen_build_writes_it(server, sample: Path, tmp_path: Path) -> None:
    from packgen.build import build
    from packgen.selection import Selection

    out = tmp_path / "build"
    build(sample, out=out, selection=Selection(hubs=("WM9",)), jobs=1)
    client = server.client()
    pack = client.get(FORM)
    assert pack.status_code == 200 and "Apply online" in pack.text
    for name in (
        "information.html",
        "information.pdf",
        "information.docx",
        "application-form.pdf",
        "application-form.docx",
    ):
        served = client.get(f"{FORM}/{name}")
        assert served.status_code == 200, name
        assert served.content == (out / "2024-25/WM9/number-sense" / name).read_bytes(), name
    assert client.get(f"{FORM}/information.txt").status_code == 404
    # The built page keeps its stylesheet inline: the policy allows exactly that stylesheet by its hash.
    csp = client.get(f"{FORM}/information.html").headers["content-security-policy"]
    assert (
        re.search(r"style-src 'sha256-[A-Za-z0-9+/=]+'", csp) and "unsafe-inline" not in csp and "script-src" not in csp
    )


@one_database
def test_the_form_asks_every_answer_of_the_specification_with_its_label_and_hint(server) -> None:
    from packgen.forms import spec

    client = server.client()
    page = client.get(FORM + "/apply")
    assert page.status_code == 200
    doc = tree(page.text)
    hub_pack = server.web.site.get("2024-25", "WM9", "number-sense")
    for field in hub_pack.answers:
        dom_id = spec.dom_id(field.name)
        if spec.kind_of(field).prefilled is not None:
            assert doc.xpath(f'//p[@id="{dom_id}"]/text()') == ["Riverside Maths Hub"]
            continue
        control = doc.xpath(f'//*[@id="{dom_id}"]')
        assert control and control[0].get("name") == field.name, field.name
        labelled = doc.xpath(f'//label[@for="{dom_id}"]') or doc.xpath(f'//*[@id="{dom_id}"]/ancestor::fieldset/legend')
        assert labelled, f"{field.name} has no label"
    assert doc.xpath('//input[@id="f-school-email"]/@type') == ["email"]
    assert doc.xpath('//select[@id="f-school-phase"]/option/text()') == ["Choose one", "Infant", "Primary"]
    assert len(doc.xpath('//input[@type="radio"][@name="plans.previous"]')) == 2
    assert doc.xpath('//p[@id="count-f-plans-statement"]/text()') == ["You can enter up to 100 words"]
    assert doc.xpath('//form[@id="application"]/@novalidate')  # the server's errors, not the browser's, one style


def test_a_wrong_answer_is_shown_in_the_summary_and_beside_its_field_with_every_answer_kept(server) -> None:
    client = server.client()
    typed = {**GOOD, "school.urn": "12345", "lead_teacher.reception.email": "", "plans.statement": "word " * 101}
    response = post_answers(client, typed)
    assert response.status_code == 400
    doc = tree(response.text)
    assert doc.xpath("//title/text()")[0].startswith("Error: ")
    summary = doc.xpath('//div[@class="error-summary"]//a')
    assert [(a.get("href"), a.text) for a in summary] == [
        ("#f-school-urn", "School URN: '12345' is not a school URN (6 digits)"),
        (
            "#f-lead-teacher-reception-email",
            "Lead teacher (Reception): Email: Enter the email of the lead teacher (Reception)",
        ),
        (
            "#f-plans-statement",
            "Why does the school wish to take part? (up to 100 words): 101 words, over the limit of 100",
        ),
    ]
    for link in summary:  # each link leads to its field, and the message is beside it too
        target = link.get("href")[1:]
        control = doc.xpath(f'//*[@id="{target}"]')[0]
        assert f"error-{target}" in control.get("aria-describedby").split()
        assert doc.xpath(f'//p[@id="error-{target}"]')
    assert doc.xpath('//input[@id="f-school-urn"]/@value') == ["12345"]
    assert doc.xpath('//input[@id="f-school-name"]/@value') == [GOOD["school.name"]]
    assert doc.xpath('//select[@id="f-school-phase"]/option[@selected]/text()') == ["Primary"]
    assert doc.xpath('//input[@name="plans.previous"][@checked]/@value') == ["No"]
    assert doc.xpath('//textarea[@id="f-plans-statement"]/text()') == ["word " * 101]
    assert store.count(server.web.engine) == 0


def test_check_your_answers_then_change_one_then_send(server) -> None:
    client = server.client()
    check = post_answers(client, GOOD)
    assert check.status_code == 200
    doc = tree(check.text)
    values = ["".join(dd.itertext()) for dd in doc.xpath('//dd[@class="summary-list__value"]')]
    rows = list(zip(doc.xpath("//dt/text()"), values, strict=True))
    assert ("School URN", "123456") in rows
    assert [value for label, value in rows if label == "Teacher reference number"] == ["Not answered", "1234567"]
    change = doc.xpath('//button[@name="_change"][@value="school.urn"]')[0]
    assert change.get("formaction") == FORM + "/apply#f-school-urn"
    back = client.post(
        FORM + "/apply",
        data={"_csrf": csrf_of(check.text), "_answers": ANSWERS.search(check.text).group(1), "_change": "school.urn"},
    )
    assert back.status_code == 200 and 'value="123456"' in back.text and "There is a problem" not in back.text
    assert store.count(server.web.engine) == 0  # nothing is stored until "Accept and send"

    sent = client.post(
        FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": ANSWERS.search(check.text).group(1)}
    )
    reference = reference_of(sent)
    assert re.fullmatch(r"WM9-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", reference)
    stored = store.by_reference(server.web.engine, reference)
    assert stored is not None and stored.values["school.name"] == GOOD["school.name"]  # committed before the receipt
    receipt = client.get(sent.headers["location"])
    assert receipt.status_code == 200
    assert reference in receipt.text and "Application complete" in receipt.text
    assert html.escape("We want every child to be fluent.") + "<br>" in receipt.text

    # The same page sent again (a double click, a retried post) is the same application.
    again = client.post(
        FORM + "/apply/submit", data={"_csrf": csrf_of(check.text), "_answers": ANSWERS.search(check.text).group(1)}
    )
    assert reference_of(again) == reference
    assert store.count(server.web.engine) == 1


def test_the_receipts_pdf_is_the_filled_form_that_collect_reads_back(server, sample: Path, tmp_path: Path) -> None:
    client = server.client()
    reference = reference_of(apply(client))
    pdf = client.get(f"{FORM}/apply/receipt/{reference}/application-form.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert f'filename="application-{reference}.pdf"' in pdf.headers["content-disposition"]
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "returned.pdf").write_bytes(pdf.content)
    result = collect([tmp_path / "inbox"], sample)
    (app,) = result.applications
    assert app.kind.identity.hub == "WM9" and app.status == "ok", app.problems
    assert {k: v for k, v in app.values.items() if k != "hub"} == GOOD


def test_only_the_browser_that_applied_sees_its_receipt(server) -> None:
    reference = reference_of(apply(server.client()))
    stranger = server.client()
    assert stranger.get(f"{FORM}/apply/receipt/{reference}").status_code == 404
    assert stranger.get(f"{FORM}/apply/receipt/{reference}/application-form.pdf").status_code == 404


def test_after_the_closing_day_the_form_is_closed_and_refuses_a_direct_post(server) -> None:
    client = server.client()
    check = post_answers(client, GOOD)  # answers checked while the form was open
    token, csrf = ANSWERS.search(check.text).group(1), csrf_of(check.text)
    server.clock.now = dt.datetime(2024, 3, 8, 23, 59, 59, tzinfo=dt.UTC)  # 11:59:59pm in London (GMT)
    assert "Apply by 11:59pm on Friday 8th March 2024" in client.get(FORM + "/apply").text
    server.clock.now = dt.datetime(2024, 3, 9, 0, 0, 0, tzinfo=dt.UTC)
    page = client.get(FORM + "/apply")
    assert page.status_code == 200 and "This form is closed" in page.text and 'name="school.urn"' not in page.text
    refused = client.post(FORM + "/apply/submit", data={"_csrf": csrf, "_answers": token})
    assert refused.status_code == 403 and "This form is closed" in refused.text
    assert client.post(FORM + "/apply", data={"_csrf": csrf, **GOOD}).status_code == 403
    assert store.count(server.web.engine) == 0
    assert "Closed" in client.get("/").text


def test_the_closing_day_ends_at_midnight_in_england_in_summer_time_too() -> None:
    form = HubPack(None, None, None, True, dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    utc = dt.UTC
    assert form.state(dt.datetime(2024, 5, 31, 22, 59, tzinfo=utc)) == "not yet open"  # 11:59pm BST on the 31st
    assert form.state(dt.datetime(2024, 5, 31, 23, 0, tzinfo=utc)) == "open"  # midnight BST
    assert form.state(dt.datetime(2024, 6, 30, 22, 59, 59, tzinfo=utc)) == "open"
    assert form.state(dt.datetime(2024, 6, 30, 23, 0, tzinfo=utc)) == "closed"


def test_before_the_opening_day_the_form_is_not_open(make_server, sample: Path) -> None:
    edit(
        sample / "hubs/SE9.yaml", "closing_date: 2024-03-22", "opening_date: 2024-03-04\n      closing_date: 2024-03-22"
    )
    server = make_server(clock=Clock(dt.datetime(2024, 3, 3, 23, 59, tzinfo=dt.UTC)))
    client = server.client()
    page = client.get("/2024-25/SE9/number-sense/apply")
    assert "This form is not open yet" in page.text and "Monday 4th March 2024" in page.text
    csrf = csrf_of(client.get(FORM + "/apply").text)  # this browser's token, from WM9's open form
    assert client.post("/2024-25/SE9/number-sense/apply", data={"_csrf": csrf, **GOOD}).status_code == 403
    server.clock.now = dt.datetime(2024, 3, 4, 0, 0, tzinfo=dt.UTC)
    assert 'name="school.urn"' in client.get("/2024-25/SE9/number-sense/apply").text
    assert reference_of(apply(client, form="/2024-25/SE9/number-sense")).startswith("SE9-")


@one_database
def test_a_hub_without_an_offer_has_its_pack_but_no_form(make_server, sample: Path) -> None:
    edit(sample / "hubs/SE9.yaml", "offers:\n  number-sense:\n    2024-25:\n      closing_date: 2024-03-22\n", "")
    edit(
        sample / "programmes/number-sense/2024-25.yaml", "\nsections:", "\nhubs: all\nsections:"
    )  # SE9 runs it all the same
    client = make_server().client()
    assert client.get("/2024-25/SE9/number-sense").status_code == 200
    assert "does not take applications" in client.get("/2024-25/SE9/number-sense").text
    page = client.get("/2024-25/SE9/number-sense/apply")
    assert page.status_code == 404 and "does not take applications" in page.text
    index = client.get("/").text
    assert "/2024-25/SE9/number-sense/apply" not in index and "No online form" in index
    assert client.post("/2024-25/SE9/number-sense/apply/submit", data={}).status_code == 404


@one_database
def test_an_unknown_page_is_a_plain_404(server) -> None:
    client = server.client()
    for path in (
        "/2024-25/XX1/number-sense",
        "/2099-00/WM9/number-sense/apply",
        "/nothing",
        "/2024-25/WM9/number-sense/../../etc/passwd",
        "/2024-2025/WM9/number-sense",  # not a year as the schema has one: no pack's route takes it
        "/latest/WM9/number-sense/apply",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in response.text and "Traceback" not in response.text


@one_database
def test_the_pages_are_compiled_before_the_first_school_comes(server, monkeypatch: pytest.MonkeyPatch) -> None:
    """`packgen serve` compiles the pages' templates before it serves (and forks): a school's way
    through the form, its receipt and the admin's sign-in then compile none."""
    env = server.web.pages
    names = compile_pages(env)
    assert {"form.html.j2", "check.html.j2", "receipt.html.j2", "admin/sign_in.html.j2"} <= set(names)
    assert {"blocks.html.j2", "form-controls.html.j2"} <= set(names)  # the project's, that the form imports
    compiled: list[str | None] = []
    compile_ = env.compile
    monkeypatch.setattr(
        env, "compile", lambda source, name=None, *a, **k: compiled.append(name) or compile_(source, name, *a, **k)
    )
    client = server.client()
    receipt = client.get(apply(client).headers["location"])
    assert receipt.status_code == 200 and client.get("/admin/sign-in").status_code == 200
    assert compiled == []


@one_database
def test_the_applicants_routes_come_first_and_take_no_other_page(server) -> None:
    """The pack's routes are tried first (a few routes a request, not forty); their first part is
    a year, so a page of three or four parts elsewhere is still its own."""
    client = server.client()
    for path in ("/admin/applications/WM9-0001", "/admin/applications/WM9-0001/application-form.pdf"):
        response = client.get(path)  # the admin's, not taken for a pack's page or document
        assert response.status_code == 303 and response.headers["location"].startswith("/admin/sign-in"), path
    assert "<form" in client.get("/2024-25/WM9/number-sense/apply").text
    routes = [getattr(route, "path", "") for route in server.app.routes]
    assert routes[0] == "/{year:year}/{hub}/{programme}" and routes.index("/admin") > 10


def test_the_forms_wording_is_drawn_by_the_documents_blocks_macro_within_the_csp(make_server, sample: Path) -> None:
    """A group's body goes through templates/blocks.html.j2, as in the documents' form; a picture's
    width, an inline style there, is left out under the pages' strict Content-Security-Policy."""
    (sample / "assets").mkdir()
    (sample / "assets" / "bar.png").write_bytes((Path(__file__).parents[2] / "assets" / "bar-model.png").read_bytes())
    edit(
        sample / "programmes" / "number-sense" / "2024-25.yaml",
        "      heading: School details\n",
        "      heading: School details\n"
        "      body:\n"
        "        - {heading: One school per form}\n"
        "        - {image: assets/bar.png, alt: A bar model, width: 50}\n",
    )
    page = make_server().client().get(FORM + "/apply").text
    assert "<h3>One school per form</h3>" in page
    assert re.search(r'<figure class="picture">\s*<img src="data:image/png;base64,[^"]+" alt="A bar model"', page)
    assert "style=" not in page


@one_database
def test_the_blank_question_page_kept_rendered_carries_each_browsers_token_and_shows_a_changed_template(
    make_server, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server keeps the question page before any answer rendered (benchmarks/serve.py): each
    browser still gets its own CSRF token, which its post needs, and an edited template shows once
    the templates' times are looked at again (at most STAMP_SECONDS after the last look), on every
    page alike."""
    server = make_server()
    first, second = server.client(), server.client()
    tokens = [csrf_of(first.get(FORM + "/apply").text), csrf_of(second.get(FORM + "/apply").text)]
    assert tokens[0] != tokens[1]
    assert first.post(FORM + "/apply", data={"_csrf": tokens[1], **GOOD}).status_code == 403
    assert "Check your answers" in first.post(FORM + "/apply", data={"_csrf": tokens[0], **GOOD}).text
    controls = sample / "templates" / "form-controls.html.j2"
    edit(controls, '<label class="label" for="{{ id }}">', '<label class="label edited" for="{{ id }}">')
    later = controls.stat().st_mtime + 10
    os.utime(controls, (later, later))
    monkeypatch.setattr("packgen.web.common.STAMP_SECONDS", 3600.0)
    assert 'class="label edited"' not in second.get(FORM + "/apply").text  # looked at under a second ago
    monkeypatch.setattr("packgen.web.common.STAMP_SECONDS", 0.0)
    page = second.get(FORM + "/apply").text
    assert 'class="label edited"' in page and csrf_of(page) == tokens[1]
    # a page rendered for each post (answers with a problem) shows an edit as the kept one does
    edit(controls, '<label class="label edited"', '<label class="label again"')
    os.utime(controls, (later + 10, later + 10))
    unanswered = {"_csrf": tokens[0], **GOOD, "school.name": ""}
    monkeypatch.setattr("packgen.web.common.STAMP_SECONDS", 3600.0)
    assert 'class="label again"' not in first.post(FORM + "/apply", data=unanswered).text
    monkeypatch.setattr("packgen.web.common.STAMP_SECONDS", 0.0)
    page = first.post(FORM + "/apply", data=unanswered).text
    assert 'class="label again"' in page and "There is a problem" in page


@one_database
def test_a_template_edited_after_the_pages_were_compiled_shows_on_the_next_page(
    make_server, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`packgen serve` compiles the pages before it serves: an edit made between then and a
    process's first page shows on that page, not only after the next edit."""
    server = make_server()
    compile_pages(server.web.pages)
    controls = sample / "templates" / "form-controls.html.j2"
    edit(controls, '<label class="label" for="{{ id }}">', '<label class="label edited" for="{{ id }}">')
    later = controls.stat().st_mtime + 10
    os.utime(controls, (later, later))
    monkeypatch.setattr("packgen.web.common.STAMP_SECONDS", 0.0)
    assert 'class="label edited"' in server.client().get(FORM + "/apply").text


@one_database
def test_an_offer_without_a_closing_date_takes_no_applications(make_server, sample: Path) -> None:
    """A 2021/22 form with no closing date was still open in 2026: no date now means closed."""
    edit(sample / "hubs/SE9.yaml", "      closing_date: 2024-03-22\n", "      places: 10\n")
    server = make_server()
    client = server.client()
    page = client.get("/2024-25/SE9/number-sense/apply")
    assert page.status_code == 200 and "This form is closed" in page.text and 'name="school.urn"' not in page.text
    assert "has not set a closing date" in page.text
    csrf = csrf_of(client.get(FORM + "/apply").text)
    assert client.post("/2024-25/SE9/number-sense/apply", data={"_csrf": csrf, **GOOD}).status_code == 403
    assert "has not set a closing date" in client.get("/2024-25/SE9/number-sense").text
    assert store.count(server.web.engine) == 0


def test_a_form_that_says_it_has_no_closing_date_on_purpose_stays_open() -> None:
    never = HubPack(None, None, None, True, None, None, open_ended=True)
    forgotten = HubPack(None, None, None, True, None, None)
    now = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    assert never.state(now) == "open" and forgotten.state(now) == "no closing date"


def test_a_900000_character_school_name_is_refused_with_a_govuk_message(server) -> None:
    client = server.client()
    response = post_answers(client, {**GOOD, "school.name": "A" * 900_000, "lead_teacher.year_1.name": ""})
    assert response.status_code == 400
    assert "Name of school must be 500 characters or less (it has 900,000)" in response.text
    assert "Enter the name of the lead teacher (Year 1)" in response.text
    assert store.count(server.web.engine) == 0


def test_a_receipt_is_shown_in_that_browser_for_30_minutes_only(server) -> None:
    client = server.client()
    receipt = apply(client).headers["location"]
    assert client.get(receipt).status_code == 200
    server.clock.now += dt.timedelta(minutes=30)
    assert client.get(receipt + "/application-form.pdf").status_code == 200
    server.clock.now += dt.timedelta(minutes=1)
    gone = client.get(receipt)
    assert gone.status_code == 404 and "confirmation email" in gone.text
    assert client.get(receipt + "/application-form.pdf").status_code == 404


def test_finished_clear_this_page_forgets_the_receipt_in_this_browser(server) -> None:
    client = server.client()
    receipt = apply(client).headers["location"]
    page = client.get(receipt)
    assert "Finished? Clear this page" in page.text
    assert client.post(receipt + "/clear", data={}).status_code == 403  # needs this browser's token
    cleared = client.post(receipt + "/clear", data={"_csrf": csrf_of(page.text)})
    assert cleared.status_code == 200 and "This page has been cleared" in cleared.text
    assert client.get(receipt).status_code == 404
    assert client.get(receipt + "/application-form.pdf").status_code == 404
    assert store.count(server.web.engine) == 1  # the application itself is kept, of course


def test_privacy_cookies_and_accessibility_pages_linked_from_every_footer(make_server, sample: Path) -> None:
    (sample / "templates" / "web-cookies.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block title %}Cookies{% endblock %}'
        "{% block content %}<h1>Our own cookies page</h1>{% endblock %}",
        encoding="utf-8",
    )
    client = make_server().client()
    privacy = client.get("/privacy")
    assert privacy.status_code == 200 and "Privacy notice" in privacy.text
    assert "hello@riverside-hub.example.org" in privacy.text  # the hubs' contacts
    assert "Our own cookies page" in client.get("/cookies").text  # a project's own page
    assert "Accessibility statement" in client.get("/accessibility").text
    for url in ("/", FORM, FORM + "/apply", "/admin/sign-in", "/no/such/page"):
        footer = tree(client.get(url).text).xpath("//footer//a/@href")
        assert footer == ["/privacy", "/cookies", "/accessibility"], url


def test_a_title_written_with_a_hard_line_break_reads_as_one_line_on_the_index(sample: Path, make_server: Any) -> None:
    """A title folded with a hard break (Mastery\\ Development in a file) shows as the documents
    show it, not with the backslash of its markup."""
    edit(
        sample / "programmes/number-sense/2024-25.yaml",
        "title: Number Sense Work Groups",
        "title: >-\n  Number Sense\\\n  Work Groups",
    )
    page = make_server().client().get("/").text
    assert "Number Sense Work Groups 2024/25" in page
    assert "Sense\\" not in page
