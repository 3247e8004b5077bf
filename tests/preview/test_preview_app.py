"""The preview's app in process (Starlette's test client): one address per view, the switcher and
the problems panel put around the pack, the PDF, the event that tells a page to reload, and
the headers every response carries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import edit
from starlette.testclient import TestClient

from packgen.preview.app import create_app
from packgen.preview.views import Previewer, ViewKey

QUERY = "hub=WM9&programme=number-sense&year=2024-25&document=information&format=html"


@pytest.fixture
def client(sample: Path) -> Iterator[TestClient]:
    previewer = Previewer(sample, today=dt.date(2024, 3, 1))
    app = create_app(previewer, start=ViewKey("WM9", "number-sense", "2024-25"), watch=False)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_the_start_and_any_partial_address_go_to_one_address_per_view(client: TestClient) -> None:
    assert client.get("/").headers["location"] == f"/?{QUERY}"
    assert client.get("/?hub=wm9").headers["location"] == f"/?{QUERY}"
    assert (
        client.get("/?hub=SE9&format=pdf").headers["location"]
        == "/?hub=SE9&programme=number-sense&year=2024-25&document=information&format=pdf"
    )


def test_the_page_is_the_pack_with_the_switcher_and_its_listener(client: TestClient) -> None:
    response = client.get(f"/?{QUERY}")
    assert response.status_code == 200
    page = response.text
    assert page.startswith("<!DOCTYPE html>")
    assert '<nav class="pg-chrome pg-bar" aria-label="Preview">' in page
    assert '<option value="WM9" selected>WM9 Riverside Maths Hub</option>' in page
    assert '<button type="submit" class="pg-button pg-changes" aria-pressed="false">What changed</button>' in page
    assert f'data-events="/events?{QUERY.replace("&", "&amp;")}"' in page
    assert '<script src="/static/preview.js" defer></script>' in page
    assert "Riverside Maths Hub has 12 places this year." in page
    assert page.count("<main") == 1 and "pg-problems" not in page


def test_a_problem_shows_in_the_panel_with_a_link_to_its_wording(client: TestClient, sample: Path) -> None:
    edit(sample / "programmes/number-sense/2024-25.yaml", "help teachers in Reception", "help teachers in in Reception")
    client.app.state.previewer.touch()
    page = client.get(f"/?{QUERY}").text
    panel = re.search(r'<aside class="pg-chrome pg-problems".*?</aside>', page, re.S)
    assert panel is not None
    assert (
        '<li id="pg-problem-1" class="pg-warning">'
        '<span class="pg-where">programmes/number-sense/2024-25.yaml:17:48</span> '
        '<span class="pg-severity">warning:</span> repeated word: &#39;help teachers in in&#39; '
        '<span class="pg-code">[text.repeated-word]</span> <a href="#pg-at-1">Show the wording</a></li>'
    ) in panel.group()
    assert 'id="pg-at-1"' in page


def test_the_pdf_view_frames_the_pdf_rendered_on_asking(client: TestClient) -> None:
    page = client.get("/?hub=WM9&programme=number-sense&year=2024-25&document=information&format=pdf").text
    src = re.search(r'<iframe class="pg-pdf" src="([^"]+)" title="The PDF of ([^"]+)"', page)
    assert src is not None and "Riverside Maths Hub" in src.group(2)
    response = client.get(src.group(1).replace("&amp;", "&"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="2024-25-WM9-number-sense-information.pdf"'
    assert "content-security-policy" not in response.headers
    assert response.content.startswith(b"%PDF")


def test_what_changed_with_no_earlier_year_says_so(client: TestClient) -> None:
    page = client.get(f"/?{QUERY}&changes=1").text
    assert "There is no year of number-sense before 2024-25 to compare with." in page
    assert 'aria-pressed="true"' in page


def test_an_event_tells_a_page_that_shows_an_older_version_to_reload(client: TestClient) -> None:
    with client.stream("GET", f"/events?{QUERY}&seen=old") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    assert body == "retry: 1000\n\nevent: reload\ndata: changed\n\n"


def test_every_page_carries_its_headers_and_a_strange_host_is_refused(sample: Path) -> None:
    app = create_app(Previewer(sample), hosts=["127.0.0.1", "localhost"], watch=False)
    with TestClient(app, base_url="http://127.0.0.1:8001") as client:
        response = client.get(f"/?{QUERY}")
        assert response.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self';")
        assert response.headers["cache-control"] == "no-store"
        assert client.get("/static/preview.js").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as client:
        assert client.get(f"/?{QUERY}").status_code == 400
