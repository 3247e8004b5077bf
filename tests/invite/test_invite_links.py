"""Invitation links (invite/links.py): a signed token with the URN, programme, year, hub and expiry,
nothing else; a changed or foreign token is a BadLink, an old one an ExpiredLink."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from packgen.invite.links import BadLink, ExpiredLink, Invitation, link, make_token, read_token

SECRET = "the server's session key"
NOON = dt.datetime(2024, 2, 1, 12, tzinfo=dt.UTC)
INVITED = Invitation(800006, "number-sense", "2024-25", "WM9", dt.datetime(2024, 3, 9, tzinfo=dt.UTC))


def _payload(token: str) -> dict:
    body = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_a_token_carries_the_urn_and_form_and_no_details() -> None:
    token = make_token(SECRET, INVITED)
    assert read_token(SECRET, token, NOON) == INVITED
    assert _payload(token) == {"u": 800006, "p": "number-sense", "y": "2024-25", "h": "WM9", "e": 1709942400}
    assert link("https://apply.example.org/", INVITED, token) == (
        f"https://apply.example.org/2024-25/WM9/number-sense/apply/invitation/{token}"
    )


def test_a_changed_token_or_another_servers_is_refused() -> None:
    token = make_token(SECRET, INVITED)
    body, signature = token.split(".")
    other = base64.urlsafe_b64encode(json.dumps({**_payload(token), "u": 800003}).encode()).decode().rstrip("=")
    for forged in (f"{other}.{signature}", f"{body}.{signature[:-2]}xx", "not a token", ""):
        with pytest.raises(BadLink):
            read_token(SECRET, forged, NOON)
    with pytest.raises(BadLink):
        read_token("another server's key", token, NOON)


def test_a_token_expires_at_its_time() -> None:
    token = make_token(SECRET, INVITED)
    assert read_token(SECRET, token, INVITED.expires - dt.timedelta(seconds=1)) == INVITED
    with pytest.raises(ExpiredLink) as expired:
        read_token(SECRET, token, INVITED.expires)
    assert expired.value.invitation.urn == 800006
