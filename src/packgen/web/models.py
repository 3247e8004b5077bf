"""The database's tables. Changing one needs a migration in web/migrations/versions/ as well;
a test checks that the migrations make exactly these tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTC(TypeDecorator[dt.datetime]):
    """A moment, stored as UTC without a zone (SQLite has none) and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a moment must say its time zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ApplicationRow(Base):
    """One application made online: the answers as checked, for one hub's form of one programme-year."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)  # shown to the school, e.g. WM1-K7Q3-M9XD
    nonce: Mapped[str] = mapped_column(
        String(64), unique=True
    )  # one per "Submit": a repeated post is the same application
    programme: Mapped[str] = mapped_column(String(100))
    year: Mapped[str] = mapped_column(String(7))
    hub: Mapped[str] = mapped_column(String(8))
    urn: Mapped[str | None] = mapped_column(String(6))  # the school's URN as compared (six digits), if given
    answers: Mapped[str] = mapped_column(Text)  # JSON: field name -> answer, in the form's order
    submitted_at: Mapped[dt.datetime] = mapped_column(UTC)
    # JSON: [[field name, the register's value, the school's]] for each detail the school changed
    # from the schools register's; None when the register filled nothing
    corrections: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index(None, "programme", "year", "hub"),
        Index(None, "programme", "year", "urn"),
    )


class EmailRow(Base):
    """A receipt or notice to send: kept until sent, retried when sending fails."""

    __tablename__ = "emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )  # None: an email about an account ("lockout") or a decision on a returned form
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )  # the decision a "decision" email tells the school; None for other kinds
    kind: Mapped[str] = mapped_column(
        String(16)
    )  # "receipt" (to the school), "copy" (a receipt with the answers), "notice" or "lockout"
    recipient: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(16))  # "pending", "sent" or "failed" (gave up; an admin may retry)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTC)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTC)  # a sender is working on it until then
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTC)
    content: Mapped[str | None] = mapped_column(Text)  # JSON: what an email about no application says ("invite")
    hub: Mapped[str | None] = mapped_column(String(8))  # the hub an email about no application is from

    __table_args__ = (Index(None, "status", "next_attempt_at"),)


class UserRow(Base):
    """A hub's (or the national team's, when hub is None) account for /admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # lower case
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, with its parameters and salt
    hub: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UTC)
    failed_sign_ins: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )  # wrong passwords since the last sign-in
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTC)  # no sign-in before then
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # base32; None: no second step set up
    totp_last: Mapped[int | None] = mapped_column(Integer)  # the last time step used: a code works once
    recovery_codes: Mapped[str | None] = mapped_column(Text)  # JSON list of the unused codes' SHA-256


class SessionRow(Base):
    """A signed-in session, kept here so that signing out, a password change or removing the
    account ends it at once in every server process. The cookie holds the token; this holds only
    its SHA-256, so a copy of the database signs nobody in."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTC)  # the absolute limit counts from here
    seen_at: Mapped[dt.datetime] = mapped_column(UTC)  # the idle limit counts from here


class ResetRow(Base):
    """A password reset link sent by email: only its token's SHA-256, good for 30 minutes, once."""

    __tablename__ = "password_resets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the link's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTC)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTC)


class LimitEventRow(Base):
    """One counted event (a submission, a sign-in attempt) under a key such as a client address,
    kept in the database so that every server process counts against the same limits."""

    __tablename__ = "limit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))  # sha256 hex of the limit's name and what it counts by
    at: Mapped[dt.datetime] = mapped_column(UTC)

    __table_args__ = (Index(None, "key", "at"),)


class SettingRow(Base):
    """Values every server process shares, such as the key that signs session cookies."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditRow(Base):
    """Who did what to the applications and accounts, when and from where: sign-ins (and
    failures), views, exports, deletions and account changes. Never an answer."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTC, index=True)
    actor: Mapped[str | None] = mapped_column(String(320))  # the account's email; None: not signed in
    action: Mapped[str] = mapped_column(String(32))  # e.g. "sign-in", "view", "export", "delete"
    target: Mapped[str | None] = mapped_column(String(320))  # a reference, an account, an export's scope
    detail: Mapped[str | None] = mapped_column(Text)  # e.g. a deletion's reason
    address: Mapped[str] = mapped_column(String(64))  # the client's address


class DecisionRow(Base):
    """What a hub decided about one application (online, or a returned form read by collect):
    proposed by ``packgen allocate`` under the offer's rule, changed by staff with a reason, then
    confirmed (frozen) and told to the school by letter."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme: Mapped[str] = mapped_column(String(100))
    year: Mapped[str] = mapped_column(String(7))
    hub: Mapped[str] = mapped_column(String(8))
    # the online application's reference, or for a returned form the sheet's reference for it
    reference: Mapped[str] = mapped_column(String(64))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )  # None: a returned form
    source: Mapped[str] = mapped_column(String(16))  # "online" or "returned"
    urn: Mapped[str | None] = mapped_column(String(6))
    school: Mapped[str] = mapped_column(String(500))  # the school's name as the application gives it
    email: Mapped[str | None] = mapped_column(String(320))  # where the letter goes (the application's contact)
    received_at: Mapped[dt.datetime] = mapped_column(UTC)  # online commit time or the returned form's arrival
    outcome: Mapped[str] = mapped_column(String(16))  # "offered", "waiting", "not_offered" or "withdrawn"
    rank: Mapped[int | None] = mapped_column(Integer)  # place on the waiting list, from 1
    reason: Mapped[str] = mapped_column(Text, default="")  # why, in words a school can read
    proposed: Mapped[str] = mapped_column(String(16))  # the outcome the rule proposed, kept when staff change it
    decided_by: Mapped[str | None] = mapped_column(String(320))  # the account that changed it; None: the rule
    decided_at: Mapped[dt.datetime] = mapped_column(UTC)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTC)  # frozen from then: "Confirm decisions"
    letter_sent_at: Mapped[dt.datetime | None] = mapped_column(UTC)  # the school was told

    __table_args__ = (
        Index(None, "programme", "year", "hub", "reference", unique=True),
        Index(None, "programme", "year", "hub"),
    )
