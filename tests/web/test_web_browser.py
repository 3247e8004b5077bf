"""A school's way through the form in Debian's headless Chromium, by keyboard alone: a field error
seen and fixed, the receipt and its PDF, the draft kept across a reload; then the hub finds the
application in /admin and in the export. axe-core checks each page. One browser for the module
(tests/conftest.py's);
the same test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import axe_violations
from openpyxl import load_workbook

from packgen.collect import collect
from web.web_helpers import GOOD, serving

FORM = "/2024-25/WM9/number-sense"


@pytest.fixture
def live(make_server) -> Iterator[tuple[str, Any]]:
    """The app on a real socket (uvicorn in a thread): its base URL and the test's Server."""
    server = make_server()
    with serving(server.app) as base:
        yield base, server


def active(page: Any, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page: Any, selector: str, most: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if active(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_answers(page: Any, values: dict[str, str]) -> None:
    """Fill the form by keyboard, field after field in tab order, as a person would."""
    tab_to(page, "#f-school-name")
    page.keyboard.type(values["school.name"])
    for name in ("school.urn", "school.telephone", "school.email"):
        page.keyboard.press("Tab")
        page.keyboard.type(values[name])
    page.keyboard.press("Tab")
    assert active(page, "select#f-school-phase")
    page.keyboard.type(values["school.phase"])  # a closed select picks the option typed
    for name in (
        "lead_teacher.reception.name",
        "lead_teacher.reception.email",
        "lead_teacher.reception.trn",
        "lead_teacher.year_1.name",
        "lead_teacher.year_1.email",
        "lead_teacher.year_1.trn",
    ):
        page.keyboard.press("Tab")
        page.keyboard.type(values[name])
    page.keyboard.press("Tab")
    assert active(page, "input[type=radio][name='plans.previous']")
    page.keyboard.press("Space")  # Yes
    page.keyboard.press("ArrowRight")  # No: the arrow keys move the choice within the group
    page.keyboard.press("Tab")
    assert active(page, "textarea#f-plans-statement")
    page.keyboard.type(values["plans.statement"])
    page.keyboard.press("Tab")
    page.keyboard.type(values["signature.headteacher"])


def test_a_school_applies_by_keyboard_and_the_hub_finds_it(browser, live, sample: Path, tmp_path: Path) -> None:
    base, server = live
    server.add_user("hub@riverside.example.org", "WM9")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    violations: dict[str, list[str]] = {}

    page.goto(base + "/")
    violations["index"] = axe_violations(page)
    tab_to(page, f"a[href='{FORM}/apply']")
    page.keyboard.press("Enter")
    page.wait_for_url(base + FORM + "/apply")
    violations["form"] = axe_violations(page)

    # The draft: what was typed survives a reload.
    tab_to(page, "#f-school-name")
    page.keyboard.type("Riverside Pri")
    page.reload()
    assert page.input_value("#f-school-name") == "Riverside Pri"
    assert page.is_visible("#draft-status")
    page.fill("#f-school-name", "")  # start again, by keyboard below

    typed = {**GOOD, "school.urn": "12345"}  # one digit short
    type_answers(page, typed)
    words = len(GOOD["plans.statement"].split())
    assert page.text_content("#count-f-plans-statement") == f"You have {100 - words} words remaining"
    page.keyboard.press("Enter")  # Enter in a text field sends the form
    page.wait_for_selector(".error-summary")
    assert active(page, ".error-summary")  # the summary takes the focus
    violations["error state"] = axe_violations(page)
    assert page.text_content(".error-summary a") == "School URN: '12345' is not a school URN (6 digits)"
    assert page.input_value("#f-school-name") == GOOD["school.name"]  # every answer kept
    assert page.input_value("#f-plans-statement") == GOOD["plans.statement"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link leads to the field
    assert active(page, "#f-school-urn")
    page.keyboard.press("Control+A")
    page.keyboard.type("123456")
    page.keyboard.press("Enter")

    page.wait_for_selector("text=Check your answers before sending your application")
    violations["check your answers"] = axe_violations(page)
    tab_to(page, "button.button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#reference")
    reference = page.text_content("#reference")
    violations["receipt"] = axe_violations(page)
    assert page.evaluate(f"() => localStorage.getItem('packgen-draft:{FORM}')") is None  # sent: the draft is gone

    tab_to(page, "a.download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    pdf = tmp_path / "inbox" / download.value.suggested_filename
    pdf.parent.mkdir()
    download.value.save_as(pdf)
    (returned,) = collect([pdf.parent], sample).applications
    assert returned.status == "ok" and returned.values["school.urn"] == "123456"
    assert {k: v for k, v in returned.values.items() if k != "hub"} == GOOD

    # The hub signs in, by keyboard too, and finds it in the list and the export.
    page.goto(base + "/admin")
    assert page.url.startswith(base + "/admin/sign-in")
    tab_to(page, "#f-email")
    page.keyboard.type("hub@riverside.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/admin")
    assert reference in page.text_content("table")
    violations["admin list"] = axe_violations(page)
    with page.expect_download() as download:
        page.click("text=Download as a spreadsheet (XLSX)")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][0] == f"online:{reference}" and rows[1][rows[0].index("school.name")] == GOOD["school.name"]

    context.close()
    assert {page: found for page, found in violations.items() if found} == {}
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # what is tested here is the pages, not the database
def test_the_form_works_with_javascript_off(browser, live) -> None:
    base, server = live
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + FORM + "/apply")
    assert page.text_content("#count-f-plans-statement") == "You can enter up to 100 words"  # no live count
    for name, value in {**GOOD, "school.urn": "12"}.items():
        if name == "plans.previous":
            page.check(f"input[name='{name}'][value='{value}']")
        elif name == "school.phase":
            page.select_option("#f-school-phase", value)
        else:
            page.fill(f"[name='{name}']", value)
    page.click("button.button")
    assert page.text_content(".error-summary a") == "School URN: '12' is not a school URN (6 digits)"
    page.fill("#f-school-urn", "123456")
    page.click("button.button")
    page.click("button[name='_change'][value='school.name']")  # "Change" brings the answers back
    assert page.input_value("#f-school-name") == GOOD["school.name"] and page.url.endswith("#f-school-name")
    page.click("button.button")
    page.click("text=Accept and send")
    assert page.text_content("h1") == "Application complete"
    assert page.text_content("#reference").startswith("WM9-")
    context.close()


@pytest.fixture
def live_project(project: Path, database: str | None) -> Iterator[tuple[str, Any]]:
    """The repo's own project (with the newer field types) on a real socket, at 1 March 2024, noon."""
    from packgen.web.app import create_app
    from packgen.web.config import Settings
    from web.conftest import Server
    from web.web_helpers import Clock

    clock = Clock()
    server = Server(project, database, clock, create_app(Settings(project=project, database=database, clock=clock)))
    with serving(server.app) as base:
        yield base, server
    server.close()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_check_boxes_an_other_answer_a_date_and_a_number_in_the_browser(browser, live_project) -> None:
    """The newer field types as a browser draws them: axe-core finds nothing on the form or its
    error state, ticks and typed words survive a reload (the draft), and an error keeps them."""
    base, _ = live_project
    form = "/2024-25/WM1/teaching-for-mastery-development/apply"
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + form)
    violations = {"form": axe_violations(page)}

    tab_to(page, "#f-readiness-done")
    page.keyboard.press("Space")  # ticks the first box
    page.check("input[name='readiness.done.4']")
    page.fill("input[name='readiness.done_other']", "Ran a maths week")
    page.select_option("select[name='school.type']", "Other (please say)")
    page.fill("input[name='readiness.readiness_date']", "2023-07-14")
    page.fill("input[name='school.pupils']", "about 200")
    page.reload()
    ticked = page.eval_on_selector_all("input[type=checkbox]", "els => els.filter(e => e.checked).map(e => e.name)")
    assert ticked == ["readiness.done.1", "readiness.done.4"]
    assert page.input_value("input[name='readiness.done_other']") == "Ran a maths week"
    assert page.input_value("input[name='readiness.readiness_date']") == "2023-07-14"

    page.click("button.button")
    page.wait_for_selector(".error-summary")
    violations["error state"] = axe_violations(page)
    links = page.eval_on_selector_all(".error-summary a", "els => els.map(e => e.textContent)")
    assert "Number of pupils on roll: 'about 200' is not a whole number" in links
    assert "Type of school: 'Other (please say)' chosen, but not said what" in links
    ticked = page.eval_on_selector_all("input[type=checkbox]", "els => els.filter(e => e.checked).map(e => e.name)")
    assert ticked == ["readiness.done.1", "readiness.done.4"], "an error keeps every tick"
    context.close()
    assert {name: found for name, found in violations.items() if found} == {}


def test_a_draft_older_than_7_days_is_not_filled_in_and_is_removed(browser, live) -> None:
    base, _ = live
    page = browser.new_context().new_page()
    page.goto(base + FORM + "/apply")
    key = f"packgen-draft:{FORM}"
    week = 7 * 24 * 3600 * 1000
    eight_days_ago = time.time() * 1000 - week - 24 * 3600 * 1000
    old = {"saved": eight_days_ago, "answers": {"school.name": "Left by the last person"}}
    for draft in (old, {"school.name": "From before drafts were dated"}):
        page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, draft])
        page.reload()
        assert page.input_value("#f-school-name") == ""
        assert not page.is_visible("#draft-status")
        assert page.evaluate("(k) => localStorage.getItem(k)", key) is None
    page.fill("#f-school-name", "Typed today")  # a draft of today is kept and filled in
    page.reload()
    assert page.input_value("#f-school-name") == "Typed today"
    saved = page.evaluate("(k) => JSON.parse(localStorage.getItem(k))", key)
    assert saved["answers"]["school.name"] == "Typed today" and saved["saved"] > 0


def test_the_privacy_cookies_and_accessibility_pages_have_no_axe_violations(browser, live) -> None:
    base, _ = live
    page = browser.new_context().new_page()
    for path in ("/privacy", "/cookies", "/accessibility", "/admin/forgot", "/admin/sign-in"):
        assert page.goto(base + path).status == 200, path
        assert axe_violations(page) == [], path


def test_the_decision_page_has_no_axe_violations_asked_refused_or_shown(browser, live) -> None:
    import datetime as dt

    from letters_sample import DECISIONS, add_decisions
    from sqlalchemy import update

    from packgen.web.db import writing
    from packgen.web.models import DecisionRow

    base, server = live
    add_decisions(server.web.engine, rows=DECISIONS[:1])
    with writing(server.web.engine) as session:
        session.execute(update(DecisionRow).values(letter_sent_at=dt.datetime(2024, 3, 15, 9, 5, tzinfo=dt.UTC)))
    page = browser.new_context().new_page()
    assert page.goto(base + "/decision").status == 200
    violations = {"asked": axe_violations(page)}
    page.fill("#reference", "WM9-AAAA-AAAA")
    page.fill("#email", "someone@else.example.org")
    page.click("button[type=submit]")
    assert "We cannot show a decision" in page.inner_text(".error-summary")
    violations["refused"] = axe_violations(page)
    page.fill("#email", "office@riverside.example.org")
    page.click("button[type=submit]")
    assert page.inner_text("h1") == "Decision: Place offered"
    violations["shown"] = axe_violations(page)
    assert violations == {"asked": [], "refused": [], "shown": []}
