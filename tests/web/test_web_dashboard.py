"""/admin/recruitment: a national account's table per programme-year and its chart of applications
against places (the chart's numbers are the table's), filtered by region; a hub's own row and its
chart of applications per day against the closing date."""

from __future__ import annotations

import re

import pytest
from lxml import etree, html

from web.recruitment_rows import WM9_PER_DAY, two_hubs
from web.web_helpers import sign_in

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def recruiting(server):
    two_hubs(server.web.engine)
    server.add_user("wm9@example.org", "WM9")
    server.add_user("national@example.org", None)
    return server


def _signed_in(server, email: str):
    client = server.client()
    sign_in(client, email)
    return client


def _table(doc: html.HtmlElement) -> dict[str, dict[str, str]]:
    """The figures table: hub code -> figure -> the cell's text."""
    rows = doc.xpath("//table[contains(@class, 'table--recruitment')]/tbody/tr")
    return {
        r.get("data-hub"): {c.get("data-figure"): c.text_content().strip() for c in r.xpath("td[@data-figure]")}
        for r in rows
    }


def _chart(doc: html.HtmlElement) -> dict[str, dict[str, tuple[str, float]]]:
    """The places chart, parsed as SVG: hub code -> series -> (the number shown, the bar's width)."""
    (svg,) = doc.xpath("//*[local-name()='svg']")
    tree = etree.fromstring(etree.tostring(svg))  # as XML: the SVG's own namespace
    found: dict[str, dict[str, tuple[str, float]]] = {}
    for group in tree.iter(f"{SVG}g"):
        if group.get("data-hub") is None:
            continue
        bars = {r.get("data-series"): float(r.get("width")) for r in group.iter(f"{SVG}rect")}
        shown = {t.get("data-series"): t.text for t in group.iter(f"{SVG}text") if t.get("data-series")}
        found[group.get("data-hub")] = {s: (shown[s], bars.get(s, 0.0)) for s in shown}
    return found


def _number(text: str) -> str:
    return re.match(r"\d+|not stated", text).group(0)


def test_a_national_account_sees_every_hub_and_a_chart_with_the_tables_numbers(recruiting) -> None:
    client = _signed_in(recruiting, "national@example.org")
    assert 'href="/admin/recruitment"' in client.get("/admin").text
    page = client.get("/admin/recruitment")
    assert page.status_code == 200
    doc = html.fromstring(page.text)
    assert [h.text_content() for h in doc.xpath("//h2")] == ["Number Sense Work Groups 2024/25"]
    table = _table(doc)
    assert table == {
        "SE9": {
            "places": "not stated",
            "applications": "2",
            "offered": "0",
            "waiting": "1",
            "not_offered": "0",
            "closing": "21 days (Friday 22nd March 2024)",
        },
        "WM9": {
            "places": "12",
            "applications": "5 (3 online, 2 returned)",
            "offered": "3",
            "waiting": "1",
            "not_offered": "1",
            "closing": "7 days (Friday 8th March 2024)",
        },
    }
    chart = _chart(doc)
    assert {hub: {s: v[0] for s, v in series.items()} for hub, series in chart.items()} == {
        hub: {
            "places": figures["places"].replace("not stated", "places not stated"),
            "applications": _number(figures["applications"]),
        }
        for hub, figures in table.items()
    }
    # The bars are drawn to one scale: a bar's width is its number's share of the axis.
    unit = chart["WM9"]["places"][1] / 12
    assert chart["WM9"]["applications"][1] == pytest.approx(5 * unit, abs=0.02)
    assert chart["SE9"]["applications"][1] == pytest.approx(2 * unit, abs=0.02)
    svg = doc.xpath("//*[local-name()='svg']")[0]
    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    assert [doc.get_element_by_id(i).tag.split("}")[-1] for i in labelled] == ["title", "desc"]
    assert "The same numbers are in the table above" in doc.get_element_by_id(labelled[1]).text_content()
    totals = [c.text_content() for c in doc.xpath("//tfoot/tr/*")]
    assert totals == ["All 2 hubs", "", "12", "7", "3", "2", "1", ""]


def test_the_region_filter_narrows_the_table_and_the_chart(recruiting) -> None:
    client = _signed_in(recruiting, "national@example.org")
    doc = html.fromstring(client.get("/admin/recruitment").text)
    assert doc.xpath("//select[@name='region']/option/text()") == ["All regions", "South East", "West Midlands"]
    page = client.get("/admin/recruitment", params={"region": "West Midlands"})
    doc = html.fromstring(page.text)
    assert list(_table(doc)) == ["WM9"]
    assert list(_chart(doc)) == ["WM9"]
    assert doc.xpath("//select[@name='region']/option[@selected]/text()") == ["West Midlands"]
    assert "Every hub in West Midlands" in doc.xpath("//caption")[0].text_content()
    assert client.get("/admin/recruitment", params={"region": "Atlantis"}).status_code == 404
    assert client.get("/admin/recruitment", params={"form": "2099-00/number-sense"}).status_code == 404
    only = html.fromstring(client.get("/admin/recruitment", params={"form": "2024-25/number-sense"}).text)
    assert list(_table(only)) == ["SE9", "WM9"]


def test_a_hub_sees_its_own_row_and_its_applications_per_day_against_the_closing_date(recruiting) -> None:
    client = _signed_in(recruiting, "wm9@example.org")
    page = client.get("/admin/recruitment", params={"region": "South East"})  # a hub's account: no region
    assert page.status_code == 200
    doc = html.fromstring(page.text)
    assert list(_table(doc)) == ["WM9"]
    assert not doc.xpath("//select[@name='region']")
    assert "Harbour" not in page.text
    days = {
        row.get("data-day"): row.xpath("td")[0].text_content()
        for row in doc.xpath("//table[contains(@class, 'table--days')]/tbody/tr")
    }
    assert days == {day: str(n) for day, n in WM9_PER_DAY.items()}
    (svg,) = doc.xpath("//*[local-name()='svg']")
    tree = etree.fromstring(etree.tostring(svg))
    bars = {r.get("data-day"): r.get("data-value") for r in tree.iter(f"{SVG}rect") if r.get("data-day")}
    assert bars == days
    heights = {r.get("data-day"): float(r.get("height")) for r in tree.iter(f"{SVG}rect") if r.get("data-day")}
    assert len(set(heights.values())) == 1 and heights["2024-03-01"] > 0  # one a day, each the same height
    closing = tree.find(f".//{SVG}text[@class='chart__closing']")
    assert closing.text == "Closing date: Friday 8th March 2024"
    assert "with a line at the closing date (Friday 8th March 2024)" in doc.xpath("//*[local-name()='desc']")[0].text


def test_a_hub_with_no_applications_yet_is_told_so(server) -> None:
    server.add_user("se9@example.org", "SE9")
    client = _signed_in(server, "se9@example.org")
    doc = html.fromstring(client.get("/admin/recruitment").text)
    assert _table(doc)["SE9"]["applications"] == "0"
    assert "No applications yet." in doc.text_content()
    assert not doc.xpath("//*[local-name()='svg']")
