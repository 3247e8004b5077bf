"""packgen serve for a pack applied for through a link, under its hub's own title (issue 22, points 3
and 4): no online form and no form documents, the pages say where to apply and show the hub's title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import edit
from lxml import etree

URL = "https://apply.riverside-hub.example.org/number-sense"
LABEL = "Riverside's application service"
TITLE = "Number Sense in Riverside and Hillford"
WM9 = "/2024-25/WM9/number-sense"
SE9 = "/2024-25/SE9/number-sense"
OFFER = "      closing_date: 2024-03-08\n"


def tree(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"), etree.HTMLParser())


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_serve_has_no_online_form_for_it_and_says_where_to_apply(sample: Path, make_server: Any) -> None:
    edit(
        sample / "hubs/WM9.yaml",
        OFFER,
        f"      title: {TITLE}\n      apply: {{url: '{URL}', label: \"{LABEL}\"}}\n" + OFFER,
    )
    client = make_server().client()

    index = tree(client.get("/").text)
    [row] = [tr for tr in index.iter("tr") if tr.xpath(f".//a[@href='{WM9}']")]
    assert row.xpath(".//span[@class='own-title']/text()") == [TITLE]
    assert row.xpath(".//a/@href") == [WM9, URL], "the index links the hub's service, not an online form"
    assert any(a.endswith("/apply") for a in index.xpath("//a/@href") if a.startswith(SE9))

    page = client.get(WM9)
    doc = tree(page.text)
    assert doc.findtext(".//h1") == TITLE and doc.findtext(".//title").startswith(TITLE)
    links = doc.xpath("//a/@href")
    assert URL in links and f"{WM9}/apply" not in links
    assert not [a for a in links if "application-form" in a]
    assert f"{WM9}/information.pdf" in links

    refused = client.get(f"{WM9}/apply")
    assert refused.status_code == 404 and URL in refused.text and "Riverside" in refused.text
    for name in ("application-form.pdf", "application-form.docx", "application-form.html"):
        assert client.get(f"{WM9}/{name}").status_code == 404, name
    assert client.get(f"{WM9}/information.pdf").status_code == 200
    assert client.get(f"{SE9}/application-form.pdf").status_code == 200
