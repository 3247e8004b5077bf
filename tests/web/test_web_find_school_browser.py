"""Find your school in Debian's headless Chromium, by keyboard alone: a name typed into the search,
a school chosen with the arrow keys and Enter, confirmed, and its details filled into the form;
axe-core finds nothing on each page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import axe_violations
from conftest import REPO

from packgen.schools import gias
from packgen.schools import store as register
from web.test_web_browser import active, tab_to
from web.web_helpers import LONDON_NOON, serving

FORM = "/2024-25/WM9/number-sense"
GIAS = REPO / "data" / "schools" / "edubasealldata20250901.csv"


@pytest.fixture
def live_register(make_server) -> Iterator[str]:
    """The sample with the shipped register imported, on a real socket: its base URL."""
    server = make_server()
    register.replace(server.web.engine, gias.read(GIAS), LONDON_NOON)
    with serving(server.app) as base:
        yield base


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_school_is_found_by_name_with_the_keyboard_alone(browser, live_register: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    violations: dict[str, list[str]] = {}
    page.goto(live_register + FORM + "/apply")
    assert page.is_visible("#school-search")  # the script shows the search by name
    violations["find"] = axe_violations(page)
    tab_to(page, "#school-search")
    page.keyboard.type("fern heath ws77")
    page.wait_for_selector("#school-search-option-0")
    assert page.get_attribute("#school-search", "aria-expanded") == "true"
    violations["find, listing"] = axe_violations(page)
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#school-search", "aria-activedescendant") == "school-search-option-0"
    page.keyboard.press("Enter")
    assert page.input_value("#urn") == "800006"
    assert page.get_attribute("#school-search", "aria-expanded") == "false"
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Confirm this is your school')")
    assert "Fern Heath Primary School" in page.inner_text("main")
    violations["confirm"] = axe_violations(page)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#f-school-name")
    assert page.input_value("#f-school-name") == "Fern Heath Primary School"
    assert page.input_value("#f-school-urn") == "800006"
    assert not active(page, "#school-search")
    violations["filled form"] = axe_violations(page)
    assert violations == {name: [] for name in violations}
    context.close()
