"""Find your school on the online form (web/finder.py): with the register imported, a school gives its
URN (or, with the page's script, its name), confirms it, and finds its details filled in; an unknown
URN, a closed school and one of the wrong phase are refused on the form; a detail the school corrects
is stored and flagged for the hub. Without a register the form is as it was."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from conftest import REPO, edit

from packgen.schools import gias
from packgen.schools import store as register
from packgen.web import store
from web.web_helpers import FORM, GOOD, LONDON_NOON, apply, csrf_of, reference_of, sign_in

GIAS = REPO / "data" / "schools" / "edubasealldata20250901.csv"
FERN_HEATH = "800006"  # an open primary academy in Walsall
KESTREL_HEATH = "800082"  # a closed primary
OAK_BANK = "800003"  # an open secondary


@pytest.fixture
def found(make_server, sample: Path):
    """The sample served with the shipped register imported and number-sense for primary schools only."""
    edit(sample / "programmes/number-sense/2024-25.yaml", "title: ", "eligible:\n  phases: [Primary]\ntitle: ")
    server = make_server()
    register.replace(server.web.engine, gias.read(GIAS), LONDON_NOON)
    return server


def _find(client, urn: str):
    page = client.get(FORM + "/apply")
    assert page.status_code == 200 and "Find your school" in page.text
    return client.post(FORM + "/apply/school", data={"_csrf": csrf_of(page.text), "urn": urn})


def _confirm(client, urn: str):
    confirm = _find(client, urn)
    assert confirm.status_code == 200 and "Confirm this is your school" in confirm.text, confirm.text[:2000]
    done = client.post(FORM + "/apply/school/confirm", data={"_csrf": csrf_of(confirm.text), "urn": urn})
    assert done.status_code == 303 and done.headers["location"] == FORM + "/apply"
    return confirm


def _answers(**changed: str) -> dict[str, str]:
    """GOOD as a school that kept the register's details sends them (the name it may change)."""
    school = {"school.name": "Fern Heath Primary School", "school.urn": FERN_HEATH, "school.telephone": "0121 929 5104"}
    return {**GOOD, **school, **changed}


def test_without_javascript_urn_then_confirm_then_the_filled_form_then_send(found) -> None:
    client = found.client()
    confirm = _confirm(client, FERN_HEATH)
    for shown in ("Fern Heath Primary School", "24 Larch Way", "WS77 3NE", "Walsall", "Primary", "Mrs Wei Ellery"):
        assert shown in confirm.text
    form = client.get(FORM + "/apply")
    assert form.status_code == 200 and "Find your school" not in form.text
    assert 'value="Fern Heath Primary School"' in form.text and f'value="{FERN_HEATH}"' in form.text
    assert "from Get Information about Schools" in form.text
    sent = apply(client, _answers())
    stored = store.by_reference(found.web.engine, reference_of(sent))
    assert stored.values["school.urn"] == FERN_HEATH and stored.corrections == () and stored.flags == ()


@pytest.mark.parametrize(
    ("urn", "message"),
    [
        ("999999", "No school has the URN 999999"),
        (KESTREL_HEATH, "Kestrel Heath Primary Academy is closed"),
        (OAK_BANK, "Oak Bank Academy is a secondary school; this programme is for primary schools"),
        ("12345", "Enter a URN in the correct format, like 123456"),
        ("", "Enter your school&#39;s URN"),
    ],
)
def test_each_refusal_is_a_govuk_error_on_the_find_page(found, urn: str, message: str) -> None:
    page = _find(found.client(), urn)
    assert page.status_code == 400 and "There is a problem" in page.text
    assert message in page.text and 'href="#urn"' in page.text and "Error:" in page.text


def test_a_refused_urn_typed_into_the_form_itself_is_refused_too(found) -> None:
    client = found.client()
    _confirm(client, FERN_HEATH)
    page = client.get(FORM + "/apply")
    posted = client.post(FORM + "/apply", data={"_csrf": csrf_of(page.text), **_answers(**{"school.urn": OAK_BANK})})
    assert posted.status_code == 400 and "Oak Bank Academy is a secondary school" in posted.text


def test_a_corrected_detail_is_stored_and_flagged_in_the_admin_export(found) -> None:
    client = found.client()
    _confirm(client, FERN_HEATH)
    sent = apply(client, _answers(**{"school.name": "Fern Heath Primary"}))
    stored = store.by_reference(found.web.engine, reference_of(sent))
    assert stored.corrections == (("school.name", "Fern Heath Primary School", "Fern Heath Primary"),)
    found.add_user("wm9@example.org", "WM9")
    admin = found.client()
    sign_in(admin, "wm9@example.org")
    view = admin.get(f"/admin/applications/{stored.reference}")
    assert "corrected from the schools register" in view.text
    rows = list(csv.DictReader(io.StringIO(admin.get("/admin/export.csv").text)))
    assert "school.name corrected from the schools register" in rows[0]["problems"]


def test_the_search_by_name_answers_json_of_public_details(found) -> None:
    client = found.client()
    data = client.get("/schools/find", params={"q": "fern heath ws77"}).json()
    assert data["total"] == 1 and data["results"][0]["urn"] == FERN_HEATH
    assert data["results"][0] == {
        "urn": FERN_HEATH,
        "name": "Fern Heath Primary School",
        "town": "Walsall",
        "postcode": "WS77 3NE",
        "la": "Walsall",
        "open": "yes",
    }
    assert client.get("/schools/find", params={"q": "f"}).json() == {"results": [], "total": 0}


def test_searches_are_limited_per_address(make_server, sample: Path) -> None:
    server = make_server(school_searches_per_hour=2)
    register.replace(server.web.engine, gias.read(GIAS), LONDON_NOON)
    client = server.client()
    assert [client.get("/schools/find", params={"q": "fern"}).status_code for _ in range(3)] == [200, 200, 429]


def test_without_a_register_the_form_asks_for_the_urn_as_before(server) -> None:
    client = server.client()
    assert "Find your school" not in client.get(FORM + "/apply").text
    assert client.get("/schools/find", params={"q": "fern"}).status_code == 404


def test_admin_says_whether_each_school_is_in_the_priority_areas(make_server, sample: Path) -> None:
    """WM9 serves Walsall here: Fern Heath (Walsall) is in its priority areas, Oak Bank (Sandwell) is not,
    on the list of applications and on each application's page."""
    edit(sample / "hubs/WM9.yaml", "areas: [Riverside, Hillford]", "areas: [Walsall]")
    server = make_server()
    register.replace(server.web.engine, gias.read(GIAS), LONDON_NOON)
    references = {}
    for urn, name in ((FERN_HEATH, "Fern Heath Primary School"), (OAK_BANK, "Oak Bank Academy")):
        client = server.client()
        _confirm(client, urn)
        references[urn] = reference_of(apply(client, _answers(**{"school.name": name, "school.urn": urn})))
    server.add_user("wm9@example.org", "WM9")
    admin = server.client()
    sign_in(admin, "wm9@example.org")
    listed = admin.get("/admin").text
    assert "Priority area" in listed
    assert re.search(rf"<td>{FERN_HEATH}</td>\s*<td>yes</td>", listed)
    assert re.search(rf"<td>{OAK_BANK}</td>\s*<td>no</td>", listed)
    view = admin.get(f"/admin/applications/{references[FERN_HEATH]}").text
    assert "In the priority areas: <strong>yes</strong>" in view


def _invitation_link(server, urn: int) -> str:
    from packgen.invite.links import Invitation, make_token

    invited = Invitation(urn, "number-sense", "2024-25", "WM9", LONDON_NOON + dt.timedelta(days=7))
    return f"{FORM}/apply/invitation/{make_token(server.web.signer.secret, invited)}"


def test_an_invitation_for_a_school_closed_since_is_refused_on_the_find_page(found) -> None:
    client = found.client()
    page = client.get(_invitation_link(found, int(KESTREL_HEATH)))
    assert page.status_code == 400 and "Kestrel Heath Primary Academy is closed" in page.text
    assert "Find your school" in page.text


def test_without_a_register_an_invitation_fills_the_urn_alone(server) -> None:
    page = server.client().get(_invitation_link(server, 800006))
    assert page.status_code == 200 and 'value="800006"' in page.text and "Find your school" not in page.text


def test_a_browser_keeps_the_school_confirmed_for_its_last_ten_forms_only() -> None:
    """Each is in the signed session cookie, which a browser drops past 4 KB (then every post
    would fail its CSRF check): the last ten forms' are kept, the one confirmed last at the end."""
    from packgen.web.auth import Signer
    from packgen.web.public import SCHOOLS_KEY, remember_school

    session: dict[str, object] = {"csrf": "x" * 43}
    for n in range(12):
        remember_school(session, f"/2024-25/WM{n}/mastering-number", 100000 + n)
    remember_school(session, "/2024-25/WM5/mastering-number", 999999)
    kept = session[SCHOOLS_KEY]
    assert isinstance(kept, dict)
    assert list(kept) == [f"/2024-25/WM{n}/mastering-number" for n in (2, 3, 4, 6, 7, 8, 9, 10, 11, 5)]
    assert kept["/2024-25/WM5/mastering-number"] == 999999
    assert len(Signer("k" * 48).dumps(session, "session")) < 1500
