"""What a server is started with: `packgen serve`'s options, and the knobs the tests turn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .mail import RETRY_AFTER


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Settings:
    project: Path
    database: str | None = None  # a URL; None: the SQLite file var/applications.sqlite3 in the project
    smtp: str | None = None  # a URL (web/mail.py, Smtp); None: no emails
    clock: Callable[[], dt.datetime] = utc_now  # the server's only source of "now"
    max_body: int = 1024 * 1024  # bytes in one request: far more than the longest form's answers
    submissions_per_hour: int = 200  # new applications per client address, all processes together; 0: no limit
    submissions_per_browser_hour: int = 10  # new applications per browser (its form token); 0: no limit
    receipts_per_address_day: int = 5  # confirmation emails to one address in a day; more go unsent
    email_answers: bool = False  # every confirmation carries the answers and PDF, not only when asked
    sign_ins_per_hour: int = 30  # attempts per client address, shared by every process
    school_searches_per_hour: int = 600  # "find your school" searches per client address (a trust is one); 0: no limit
    session_hours: int = 8  # a signed-in session lasts at most this long
    session_idle_minutes: int = 30  # and ends when not used for this long
    answers_hours: int = 24  # the "check your answers" page may be submitted for this long
    mail_retry: tuple[dt.timedelta, ...] = RETRY_AFTER
    mail_poll_seconds: float = 15.0  # how often the sender looks for emails another process stored
    mfa_hubs: frozenset[str] = frozenset()  # hubs whose accounts must use a second step (national ones always do)
    retention_months: int | None = None  # the server deletes applications kept this long past their year, daily
    public_url: str | None = None  # e.g. https://apply.example.org: the start of links in emails (password resets)
    secret: str | None = None  # signs cookies; None: made once and kept in the database
