"""Passwords (argon2id), signed session cookies, CSRF tokens and signed answers between pages."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gzip
import hmac
import json
import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, Serializer, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

SERVER_HASHER = PasswordHasher(time_cost=5, memory_cost=7 * 1024, parallelism=1, type=Type.ID)
"""The least memory of OWASP's argon2id parameters for a server (7 MiB, 5 passes, 1 lane), which
OWASP counts as strong as its 19 MiB with 2 passes, for a little less CPU (29 ms a hash against
35 here). The library's default (64 MiB, 4 lanes) took the server to 2.6 GB with 120 sign-ins at
once; 19 MiB took four workers from 439 MiB idle to 529 at most, 7 MiB to 483-494 (with
web/workers.return_big_blocks_at_once). Hashes made with other parameters are made again at the
next sign-in (``needs_rehash``)."""
_hasher = SERVER_HASHER

_DUMMY = _hasher.hash("no such account: the same work whether the email is known or not")

HASHING_AT_ONCE = 1
HASH_SLOTS = threading.BoundedSemaphore(HASHING_AT_ONCE)
"""At most this many hashes at once in a process, in a thread of their own: more sign-in attempts
than that are refused (429) rather than queued, so guessing passwords cannot take the server's
memory or the thread pool that serves applicants. One: a hash takes some 30 ms, so a process
signs in some thirty people a second, and four workers in a sign-in flood peaked at 469 MiB
(RSS summed) against 483-497 with two each."""
_HASHING = ThreadPoolExecutor(HASHING_AT_ONCE, thread_name_prefix="packgen-hash")


class TooBusy(Exception):
    """Every hashing slot (or every place for a sign-in) is taken: answer 429."""


SIGN_INS_AT_ONCE = HASHING_AT_ONCE
SIGNING_IN = threading.BoundedSemaphore(SIGN_INS_AT_ONCE)
"""At most this many sign-in attempts worked on at once in a process (their limit counted, the
account looked up, the password hashed); one past that is refused (429) before it counts or
writes anything. A flood of attempts arriving together then writes a row, not one per
attempt: each was a commit (an fsync on SQLite) queued ahead of the applicants'. As many as the
hashing slots, so an attempt let in always finds one (but when a password change is hashing).
An address over its limit is refused before it takes a place (admin.sign_in reads its limit first)."""


@contextlib.contextmanager
def signing_in() -> Iterator[None]:
    """One of the SIGNING_IN places, held for the block, or TooBusy at once."""
    if not SIGNING_IN.acquire(blocking=False):
        raise TooBusy()
    try:
        yield
    finally:
        SIGNING_IN.release()


async def hashing(func: Callable[..., T], *args: Any) -> T:
    """Run ``func`` (a hash or a verification) in the hashing threads, or raise TooBusy at once."""
    if not HASH_SLOTS.acquire(blocking=False):
        raise TooBusy()
    try:
        return await asyncio.get_running_loop().run_in_executor(_HASHING, func, *args)
    finally:
        HASH_SLOTS.release()


MIN_PASSWORD = 12
T = TypeVar("T")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 20,000 most common passwords, lower case (common-passwords.LICENSE says whence)."""
    data = gzip.decompress((Path(__file__).parent / "common-passwords.txt.gz").read_bytes())
    return frozenset(line.strip().lower() for line in data.decode("utf-8").splitlines() if line.strip())


def password_problem(password: str) -> str | None:
    """Why a new password will not do, or None: too short, one character repeated, or a common
    password (also with digits or symbols added at the end, "password12345!")."""
    if len(password) < MIN_PASSWORD:
        return f"a password must have at least {MIN_PASSWORD} characters"
    if len(set(password)) == 1:
        return "a password must not be one character repeated"
    lowered = password.lower()
    stem = lowered.rstrip("0123456789!@#$%^&*()_-+=.,?~ ")
    if lowered in common_passwords() or (len(stem) >= 4 and stem in common_passwords()):
        return "this is one of the passwords most often used: choose another"
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
        return _serializer(self.secret, salt)

    def dumps(self, value: Any, salt: str) -> str:
        return self._serializer(salt).dumps(value)

    def loads(self, token: str, salt: str, max_age: int) -> Any | None:
        """The value, or None when the token was altered, made with another key or is too old."""
        try:
            return self._serializer(salt).loads(token, max_age=max_age)
        except (BadSignature, ValueError, UnicodeDecodeError):
            return None


@functools.lru_cache(maxsize=64)
def _serializer(secret: str, salt: str) -> URLSafeTimedSerializer:
    """Made once per key and salt: every request reads and writes its session with one."""
    return _Uncompressed(secret, salt=salt, serializer=_compact_json)


class _Uncompressed(URLSafeTimedSerializer):
    """Signed, never compressed: itsdangerous zlib-compresses a payload when that makes it shorter,
    which took an eighth of the server's CPU per application (a compressor made for each cookie and
    each page's signed answers) to save a few hundred bytes. A compressed token (made before) still
    loads."""

    def dump_payload(self, obj: Any) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))


class _compact_json:
    @staticmethod
    def dumps(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    @staticmethod
    def loads(text: str | bytes) -> Any:
        return json.loads(text)
