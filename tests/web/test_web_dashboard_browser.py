"""/admin/recruitment in Debian's headless Chromium: axe-core finds nothing wrong with the
national page (its table and chart) or a hub's (its chart of applications per day), and the
region filter works with JavaScript off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from chromium import axe_violations

from web.recruitment_rows import two_hubs
from web.web_helpers import serving

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # the pages, not the database


@pytest.fixture
def live(make_server) -> Iterator[tuple[str, Any]]:
    """The app on a real socket (uvicorn in a thread), with two hubs' applications and decisions."""
    server = make_server()
    two_hubs(server.web.engine)
    server.add_user("national@example.org", None)
    server.add_user("wm9@example.org", "WM9")
    with serving(server.app) as base:
        yield base, server


def sign_in(page: Any, base: str, server: Any, email: str) -> None:
    """Sign in through the pages; a national account sets up its second step with the key shown."""
    page.goto(base + "/admin/sign-in")
    page.fill("#f-email", email)
    page.fill("#f-password", "correct horse battery")
    page.click("button.button")
    if "/admin/mfa" in page.url:
        secret = page.text_content("#totp-secret")
        server.clock.now += dt.timedelta(seconds=30)
        page.fill("#f-code", pyotp.TOTP(secret).at(server.clock()))
        page.click("button.button")
        page.wait_for_url(lambda url: "/admin/recovery-codes" in url or url.endswith("/admin"))
    page.goto(base + "/admin")


def test_the_recruitment_pages_pass_axe_and_the_region_filter_needs_no_javascript(browser, live) -> None:
    base, server = live
    violations: dict[str, list[str]] = {}

    national = browser.new_context(java_script_enabled=False)
    page = national.new_page()
    sign_in(page, base, server, "national@example.org")
    page.click("text=Recruitment at a glance")
    assert page.url == base + "/admin/recruitment"
    assert page.eval_on_selector_all("table.table--recruitment tbody tr", "rows => rows.length") == 2
    page.select_option("#f-region", "West Midlands")
    page.click("text=Show")
    assert page.url == base + "/admin/recruitment?form=&region=West+Midlands"
    hubs = page.eval_on_selector_all("table.table--recruitment tbody tr", "rows => rows.map(r => r.dataset.hub)")
    assert hubs == ["WM9"]
    assert page.eval_on_selector_all("svg g[data-hub]", "gs => gs.map(g => g.dataset.hub)") == ["WM9"]
    box = page.locator("svg.chart").bounding_box()
    assert box["width"] > 300 and box["height"] > 50  # drawn, at its size, without a script
    cookies = national.cookies()
    national.close()

    scripted = browser.new_context()
    scripted.add_cookies(cookies)
    page = scripted.new_page()
    page.goto(base + "/admin/recruitment")
    violations["national"] = axe_violations(page)
    page.goto(base + "/admin/recruitment?region=South+East")
    violations["national, one region"] = axe_violations(page)
    scripted.close()

    hub = browser.new_context()
    page = hub.new_page()
    sign_in(page, base, server, "wm9@example.org")
    page.goto(base + "/admin/recruitment")
    assert page.eval_on_selector_all("svg rect.chart__day", "bars => bars.length") == 5
    violations["hub"] = axe_violations(page)
    hub.close()
    assert {name: found for name, found in violations.items() if found} == {}
