"""The built site of a national build (the repo's data with every hub running every programme-year
that does not list its hubs) in Debian's headless Chromium, opened from the folder (file://, no server): axe-core
finds nothing on either page, searched or not; the search filters by hub name and by area, folding
case and accents; without JavaScript the page is the whole list. The browser (tests/conftest.py's,
one for the module) and axe-core are those of the online forms' tests."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import axe_violations
from conftest import REPO, shared


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The information packs in HTML of all 40 hubs, and the site listing them."""
    from packgen.build import build
    from packgen.selection import Selection

    def make(root: Path) -> None:
        for part in ("hubs", "programmes", "templates", "assets"):
            shutil.copytree(REPO / part, root / part)
        for year in (root / "programmes").glob("*/*.yaml"):
            text = year.read_text(encoding="utf-8")
            if not re.search(r"^hubs:", text, re.M):
                year.write_text(text + "\nhubs: all\n", encoding="utf-8")
        # In this process: on a core xdist already fills, worker processes would only add their start-up.
        build(root, out=root / "build", selection=Selection(documents=("information",), formats=("html",)), jobs=1)

    return shared(tmp_path_factory, "national", make) / "build"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def visible(page: Any) -> list[str]:
    """The hub code of every row a reader can see, in page order."""
    return page.evaluate("""() => [...document.querySelectorAll('tr[data-search]')]
        .filter(row => row.offsetParent !== null).map(row => row.querySelector('th .code').textContent)""")


def search(page: Any, words: str) -> None:
    page.fill("#search", words)


def status(page: Any) -> str:
    return page.text_content("#search-status") or ""


@pytest.mark.parametrize("name", ["index.html", "2024-25/index.html"])
def test_axe_finds_no_violation_on_either_page_searched_or_not(built: Path, page: Any, name: str) -> None:
    page.goto((built / name).as_uri())
    assert page.is_visible("#search")
    assert axe_violations(page) == []
    search(page, "Sandwell")
    assert visible(page)
    assert axe_violations(page) == []
    search(page, "no such hub")
    assert axe_violations(page) == []


def test_the_search_filters_by_hub_name(built: Path, page: Any) -> None:
    page.goto((built / "index.html").as_uri())
    every = visible(page)
    assert len(every) > 40 and status(page) == ""
    search(page, "london central")
    assert set(visible(page)) == {"LO2", "LO3"}
    # run by NE1 alone, and by WM1, WM3 and YH2 alone
    lacking = "Number Sense Networks 2026/27 and Primary Teaching for Mastery Development Work Groups 2024/25"
    assert status(page) == (
        f"{len(visible(page))} of {len(every)} packs match. London Central and NW Maths Hub has no pack for "
        f"{lacking}. London Central and West Maths Hub has no pack for {lacking}."
    )
    search(page, "MOBIUS")  # case and accents folded: Möbius Maths Hub
    assert set(visible(page)) == {"SW5"}
    search(page, "")
    assert visible(page) == every and status(page) == ""


def test_the_search_filters_by_area_and_hides_what_it_empties(built: Path, page: Any) -> None:
    page.goto((built / "2024-25/index.html").as_uri())
    page.focus("#search")
    page.keyboard.type("Sandwell")
    assert set(visible(page)) == {"WM1"}  # Central Maths Hub serves Sandwell
    shown = page.evaluate(
        "() => [...document.querySelectorAll('h3')].filter(h => h.offsetParent !== null).map(h => h.textContent)"
    )
    assert set(shown) == {"West Midlands"}
    search(page, "Atlantis")
    assert visible(page) == [] and status(page) == "No hub matches \u201cAtlantis\u201d."
    assert page.evaluate("() => [...document.querySelectorAll('section.listing')].every(s => s.offsetParent === null)")


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's data as it ships: most hubs have no offer, so no pack of most programme-years."""
    from packgen.build import build
    from packgen.selection import Selection

    def make(out: Path) -> None:
        build(REPO, out=out, selection=Selection(documents=("information",), formats=("html",)), jobs=1)

    return shared(tmp_path_factory, "own-site", make)


def test_the_search_finds_a_hub_with_no_pack_and_says_so(own: Path, page: Any) -> None:
    page.goto((own / "index.html").as_uri())
    listings = page.evaluate("() => [...document.querySelectorAll('section.listing h2')].map(h => h.textContent)")
    search(page, "enigma")  # EE1 has no offer in the shipped data, so no pack of any programme-year
    assert visible(page) == []
    assert status(page) == f"Enigma Maths Hub has no pack for {', '.join(listings[:-1])} and {listings[-1]}."
    shown = page.evaluate("""() => [...document.querySelectorAll('details.no-pack li')]
        .filter(li => li.offsetParent !== null).map(li => li.textContent)""")
    assert shown == ["Enigma Maths Hub EE1"] * len(listings)  # each list opened, showing the hub alone
    assert axe_violations(page) == []
    search(page, "sandwell")  # WM1 has packs (not of the sample NE1 alone runs), and no other hub serves Sandwell
    assert status(page) == (
        f"{len(visible(page))} of {page.locator('tr[data-search]').count()} packs match."
        " Central Maths Hub has no pack for Number Sense Networks 2026/27."
    )
    search(page, "")
    assert page.evaluate("() => [...document.querySelectorAll('details.no-pack')].every(d => !d.open)")


def test_without_javascript_the_hubs_with_no_pack_are_listed_closed(own: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((own / "index.html").as_uri())
        summary = page.locator("details.no-pack summary").first
        assert re.fullmatch(r"\d+ hubs have no pack for .+ \d{4}/\d{2}", summary.text_content() or "")
        assert not page.locator("details.no-pack li").first.is_visible()
        summary.click()
        assert page.locator("details.no-pack li", has_text="Enigma Maths Hub").first.is_visible()
    finally:
        context.close()


def test_a_search_in_the_address_is_applied_on_opening(built: Path, page: Any) -> None:
    page.goto((built / "index.html").as_uri() + "?q=Dudley")
    assert page.input_value("#search") == "Dudley"
    assert set(visible(page)) == {"WM1"}


def test_without_javascript_the_page_is_the_whole_list(built: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((built / "index.html").as_uri())
        assert not page.is_visible("form.search")
        rows = page.locator("tr[data-search]")
        assert rows.count() > 40
        assert all(rows.nth(i).is_visible() for i in range(0, rows.count(), 17))
    finally:
        context.close()


# --- the fourth sample programme-year (issue 22): a branded, apply-by-link pack ------------------

NETWORKS = "2026-27/NE1/number-sense-networks"
APPLY = "https://www.greatnorthmathshub.example.org/apply/number-sense-networks"


@pytest.fixture(scope="module")
def networks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's Number Sense Networks 2026/27 built in every format, with the site listing it."""
    from packgen.build import build
    from packgen.selection import Selection

    def make(root: Path) -> None:
        build(REPO, out=root / "build", selection=Selection(programmes=("number-sense-networks",)), jobs=1)

    return shared(tmp_path_factory, "networks", make) / "build"


def test_the_sample_s_site_links_reach_its_documents_and_where_to_apply(networks: Path, browser: Any) -> None:
    context = browser.new_context()
    asked: list[str] = []

    def outside(route: Any) -> None:  # nothing leaves the machine: the outside addresses answer here
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>outside</title>")

    context.route(re.compile(r"^https?://"), outside)
    page = context.new_page()
    page.goto((networks / "index.html").as_uri())
    assert axe_violations(page) == []
    row = page.locator("tr[data-search*='NE1']")
    assert row.locator(".own-title").text_content() == "Number Sense Networks in the North East"
    hrefs = row.locator("a").evaluate_all("links => links.map(a => a.href)")
    documents = [h for h in hrefs if h.startswith("file:")]
    assert sorted(Path(h.removeprefix("file://")).name for h in documents) == [
        "information.docx",
        "information.html",
        "information.pdf",
    ]
    assert all(Path(h.removeprefix("file://")).is_file() for h in documents)
    assert [h for h in hrefs if not h.startswith("file:")] == [APPLY]
    with page.expect_navigation():
        row.locator(f"a[href='{APPLY}']").click()
    assert asked == [APPLY]

    page.goto((networks / NETWORKS / "information.html").as_uri())
    assert page.title() == "Number Sense Networks in the North East (Great North Maths Hub)"
    assert page.locator("#application-form").count() == 0
    picture = page.locator("figure a:has(img[alt='A bar model splitting 12 into 7 and 5'])")
    table_links = page.locator("table.data a").evaluate_all("links => links.map(a => a.href)")
    video = page.locator("p.video a")
    assert video.text_content() == "Video: Number sense in a Year 1 classroom"
    resources = "https://www.ncetm.org.uk/classroom-resources/"
    assert table_links == [resources, "https://www.ncetm.org.uk/videos/", "https://www.ncetm.org.uk/"]
    with page.expect_navigation():
        picture.click()
    assert asked[-1] == resources
    page.go_back()
    asked.clear()
    with page.expect_navigation():  # the picture beside a text in the header-less table links too
        page.locator("td a:has(img[alt='A small bar model splitting 12 into 7 and 5'])").click()
    assert asked == [resources]
    context.close()
