"""Passwords (argon2id), signed session cookies, CSRF tokens and signed answers between pages."""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY = _hasher.hash("no such account: the same work whether the email is known or not")

MIN_PASSWORD = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_problem(password: str) -> str | None:
    """Why a new password will not do, or None."""
    if len(password) < MIN_PASSWORD:
        return f"a password must have at least {MIN_PASSWORD} characters"
    return None


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; with no account (None) it takes as long and says no."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens; a missing one is never the same."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


@dataclass(frozen=True)
class Signer:
    """Signs what the server hands the browser and must get back unchanged."""

    secret: str

    def _serializer(self, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=salt, serializer=_compact_json)

    def dumps(self, value: Any, salt: str) -> str:
        return self._serializer(salt).dumps(value)

    def loads(self, token: str, salt: str, max_age: int) -> Any | None:
        """The value, or None when the token was altered, made with another key or is too old."""
        try:
            return self._serializer(salt).loads(token, max_age=max_age)
        except (BadSignature, ValueError, UnicodeDecodeError):
            return None


class _compact_json:
    @staticmethod
    def dumps(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    @staticmethod
    def loads(text: str | bytes) -> Any:
        return json.loads(text)
