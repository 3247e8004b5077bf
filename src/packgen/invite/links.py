"""An invitation link: a signed, expiring token that says which school is invited to which form.

The token carries the school's URN, the programme, year and hub, and when it expires; never the
school's details, which the server reads from its own register when the link is opened. It is
signed with the server's secret (the ``session_key`` setting that also signs its cookies, see
web/app.py) under its own salt, so a token is no use as a cookie and a cookie no use as a token.
itsdangerous signs it, as it signs the server's cookies; the expiry is in the token and judged by
the server's clock, so an expired link is told apart from a forged one (410, not 400).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "packgen invitation"


@dataclass(frozen=True)
class Invitation:
    """One school invited to one hub's form of a programme-year, until ``expires``."""

    urn: int
    programme: str
    year: str
    hub: str
    expires: dt.datetime

    @property
    def form_path(self) -> str:
        """The online form's pack, as the server's routes name it: /<year>/<hub>/<programme>."""
        return f"/{self.year}/{self.hub}/{self.programme}"


class BadLink(Exception):
    """The token was changed, made with another secret, or is not a token at all."""


class ExpiredLink(Exception):
    """The token is genuine but past its expiry."""

    def __init__(self, invitation: Invitation):
        super().__init__(f"the invitation expired at {invitation.expires.isoformat()}")
        self.invitation = invitation


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def make_token(secret: str, invitation: Invitation) -> str:
    """The signed token of ``invitation``: URL-safe, a hundred or so characters."""
    payload = {
        "u": invitation.urn,
        "p": invitation.programme,
        "y": invitation.year,
        "h": invitation.hub,
        "e": int(invitation.expires.timestamp()),
    }
    return str(_serializer(secret).dumps(payload))


def read_token(secret: str, token: str, now: dt.datetime) -> Invitation:
    """The invitation a token carries; raises BadLink for a changed or foreign one, ExpiredLink
    when ``now`` is past its expiry."""
    try:
        payload: Any = _serializer(secret).loads(token)
    except (BadSignature, ValueError, UnicodeDecodeError):
        raise BadLink() from None
    try:
        invitation = Invitation(
            int(payload["u"]),
            str(payload["p"]),
            str(payload["y"]),
            str(payload["h"]),
            dt.datetime.fromtimestamp(int(payload["e"]), dt.UTC),
        )
    except (KeyError, TypeError, ValueError, OverflowError):
        raise BadLink() from None
    if now >= invitation.expires:
        raise ExpiredLink(invitation)
    return invitation


def link(base_url: str, invitation: Invitation, token: str) -> str:
    """The personal link: the online form's invitation page with the token."""
    return f"{base_url.rstrip('/')}{invitation.form_path}/apply/invitation/{token}"
