"""`packgen preview` in Debian's headless Chromium (tests/chromium.py, the browser fixture in tests/conftest.py): a save
shows new wording without a manual reload, where the reader was; a YAML error's panel comes
with file and line over the last good render and goes when it is fixed; a problem's wording is
highlighted; "What changed" shows the diff in place; axe-core finds nothing on any of its
pages; and the project is never written to."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import axe_violations
from conftest import edit
from web.web_helpers import free_port, wait_for

from packgen.preview.app import create_app
from packgen.preview.views import Previewer, ViewKey

PROGRAMME = "programmes/number-sense/2024-25.yaml"
# ms a page may take to show a save: a guard against a hang, not a speed goal (under 1 s: benchmarks/preview.py).
# A save here is 1.5 s alone; CI once took over 10 s with both cores busy and a deepen laying out PDF and DOCX.
SAVED = 30_000


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def preview(sample: Path) -> Iterator[str]:
    """The preview of a copy of the sample project on a real socket, watching it: its address."""
    import uvicorn

    app = create_app(
        Previewer(sample, today=dt.date(2024, 3, 1)),
        start=ViewKey("WM9", "number-sense", "2024-25"),
        hosts=["127.0.0.1"],
    )
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", timeout_graceful_shutdown=1)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, timeout=30, what="the preview to start")
    try:
        yield f"http://127.0.0.1:{server.config.port}/"
    finally:
        app.state.broker.close()
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 900, "height": 500})
    page = context.new_page()
    yield page
    context.close()


def test_a_save_shows_the_new_wording_without_a_manual_reload_keeping_the_scroll(
    preview: str, page: Any, sample: Path
) -> None:
    page.goto(preview)
    assert page.url.endswith("/?hub=WM9&programme=number-sense&year=2024-25&document=information&format=html")
    page.evaluate("window.scrollTo(0, 700)")
    assert page.evaluate("window.scrollY") == 700
    page.evaluate("window.notReloaded = true")
    page.evaluate("document.getElementById('pg-document').focus({preventScroll: true})")  # a keyboard user's place
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))

    edit(
        sample / PROGRAMME,
        "Classroom trials between workshops",
        "Classroom trials between workshops, and a visit from a Mastery Specialist",
    )
    page.wait_for_function(
        "() => document.body.innerText.includes('and a visit from a Mastery Specialist')", timeout=SAVED
    )
    # The page as it now is was swapped in: the same window, no navigation, the reader where they were.
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"
    assert page.evaluate("window.scrollY") == 700
    assert page.locator('meta[name="packgen-preview"]').count() == 1
    assert page.locator("script[src='/static/preview.js']").count() == 1
    assert page.evaluate("document.activeElement.id") == "pg-document"
    # The head's stylesheet stayed the same element, never loaded again: nothing drawn unstyled meanwhile.
    assert not [url for url in asked if "/static/" in url]

    edit(sample / PROGRAMME, "and a visit from a Mastery Specialist", "and two visits from a Mastery Specialist")
    page.wait_for_function("() => document.body.innerText.includes('and two visits from')", timeout=SAVED)
    assert page.evaluate("window.scrollY") == 700  # the swapped-in page listens for the next save too


def test_a_yaml_error_shows_its_panel_over_the_last_good_render_and_fixing_it_clears_it(
    preview: str, page: Any, sample: Path
) -> None:
    page.goto(preview)
    assert page.locator("aside.pg-problems").count() == 0

    edit(sample / "hubs/WM9.yaml", "region: West Midlands", "region: [West Midlands")
    panel = page.wait_for_selector("aside.pg-problems", timeout=SAVED)
    shown = panel.inner_text()
    assert "1 problem" in shown
    assert "hubs/WM9.yaml:3:9 error: malformed YAML: text starting with '[' (a link) must be quoted" in shown
    assert "[yaml.syntax]" in shown
    assert "below is the last version that did" in shown
    assert "Riverside Maths Hub has 12 places this year." in page.inner_text("main")  # the last good render
    assert axe_violations(page) == []

    edit(sample / "hubs/WM9.yaml", "region: [West Midlands", "region: West Midlands")
    page.wait_for_selector("aside.pg-problems", state="detached", timeout=SAVED)
    assert "Riverside Maths Hub has 12 places this year." in page.inner_text("main")


def test_a_check_problem_highlights_its_wording_and_links_to_it(preview: str, page: Any, sample: Path) -> None:
    page.goto(preview)
    edit(sample / PROGRAMME, "help teachers in Reception", "help teachers in in Reception")
    page.wait_for_selector("aside.pg-problems", timeout=SAVED)
    assert (
        "programmes/number-sense/2024-25.yaml:17:48 warning: repeated word: 'help teachers in in' [text.repeated-word]"
        in page.inner_text("aside.pg-problems")
    )
    flagged = page.locator(".pg-flagged")
    assert flagged.count() == 1
    assert flagged.inner_text().startswith("Problem 1 Number Sense Work Groups help teachers in in Reception")
    assert page.locator(".pg-flagged mark.pg-word").inner_text() == "in"
    page.click("text=Show the wording")
    assert page.evaluate("location.hash") == "#pg-at-1"
    assert axe_violations(page) == []


def test_what_changed_shows_the_diff_in_place_and_follows_saves(preview: str, page: Any, sample: Path) -> None:
    last_year = (
        (sample / PROGRAMME)
        .read_text(encoding="utf-8")
        .replace("2024/25", "2023/24")
        .replace("Three workshops", "Two workshops")
    )
    last_year = last_year.replace(
        "\nsections:", "\nhubs: all\nsections:"
    )  # no hub has an offer for it: every hub ran it
    (sample / "programmes/number-sense/2023-24.yaml").write_text(last_year, encoding="utf-8")
    page.goto(preview)
    toggle = page.get_by_role("button", name="What changed since 2023-24")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    page.wait_for_selector("h1:has-text('What changed: Number Sense Work Groups')")
    assert page.get_by_role("button", name="What changed since 2023-24").get_attribute("aria-pressed") == "true"
    assert (
        page.locator("li.changed", has_text="workshops during the year").inner_html()
        == "<del>Two</del><ins>Three</ins> workshops during the year"
    )
    assert axe_violations(page) == []

    edit(sample / PROGRAMME, "Three workshops during the year", "Four workshops during the year")
    page.wait_for_function("() => document.body.innerText.includes('Four')", timeout=SAVED)
    assert (
        page.locator("li.changed", has_text="workshops during the year").inner_html()
        == "<del>Two</del><ins>Four</ins> workshops during the year"
    )

    page.get_by_role("button", name="What changed since 2023-24").click()
    page.wait_for_selector("main section#about")
    assert "Four workshops during the year" in page.inner_text("main")


def test_every_page_of_the_preview_has_no_axe_violations(preview: str, page: Any) -> None:
    page.goto(preview)
    assert axe_violations(page) == []
    page.select_option("#pg-hub", "SE9")
    page.select_option("#pg-document", "application-form")
    page.click("button:has-text('Show')")
    page.wait_for_selector("h1:has-text('Number Sense Application Form')")
    assert "Harbour Maths Hub" in page.inner_text("body")
    assert axe_violations(page) == []
    page.select_option("#pg-format", "pdf")
    page.click("button:has-text('Show')")
    frame = page.wait_for_selector("iframe.pg-pdf")
    assert frame.get_attribute("title").startswith("The PDF of Number Sense Work Groups")
    assert axe_violations(page) == []


def test_the_preview_writes_nothing_into_the_project(preview: str, page: Any, sample: Path) -> None:
    (sample / "programmes/number-sense/2023-24.yaml").write_text(
        (sample / PROGRAMME).read_text(encoding="utf-8"), encoding="utf-8"
    )
    before = snapshot(sample)
    for query in (
        "",
        "?hub=SE9",
        "?format=pdf",
        "?document=application-form",
        "?document=application-form&format=pdf",
        "?changes=1",
    ):
        page.goto(preview + query)
        if "pdf" in query:
            source = page.get_attribute("iframe.pg-pdf", "src")
            assert page.request.get(preview.rstrip("/") + source).headers["content-type"] == "application/pdf"
    assert snapshot(sample) == before
