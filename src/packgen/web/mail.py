"""Receipts to schools and notices to hubs by email, sent from the outbox in the database.

An application and its emails are committed together; a sender then takes each email from the
outbox, and a failed send is tried again later (and shown in /admin), so a mail server that is
down never loses an application or its receipt.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import make_msgid
from functools import cached_property
from urllib.parse import parse_qs, unquote, urlsplit

from ..forms import spec
from ..forms.applications import school_name
from ..forms.safe import printable
from ..pack import FormField

RETRY_AFTER = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
    dt.timedelta(hours=24),
)
"""After the first failed send, try again after each of these; after the last, give up until an
admin says "send again"."""

DELIVERABLE = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
"""An address we send to: one plain mailbox, nothing a mail program could read as two."""


class SmtpUrlError(ValueError):
    pass


@dataclass(frozen=True)
class Smtp:
    """Where and how to send: smtp://[user[:password]@]host[:port][?from=address&starttls=yes], or
    smtps:// for TLS from the start."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    tls: bool = False
    starttls: bool = False
    timeout: float = 30.0

    @classmethod
    def parse(cls, url: str) -> Smtp:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise SmtpUrlError(
                "the SMTP URL must look like smtp://user:password@host:587?from=hub@example.org&starttls=yes"
                " or smtps://…"
            )
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        tls = parts.scheme == "smtps"
        starttls = query.get("starttls", "").lower() in ("1", "yes", "true", "on")
        try:
            port = parts.port or (465 if tls else 587 if starttls else 25)
        except ValueError:
            raise SmtpUrlError("the SMTP URL's port is not a number") from None
        sender = query.get("from") or f"packgen@{socket.getfqdn()}"
        if not DELIVERABLE.fullmatch(sender):
            raise SmtpUrlError(f"the SMTP URL's from= is not an email address: {sender!r}")
        return cls(
            parts.hostname,
            port,
            sender,
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None,
            tls,
            starttls,
        )

    @cached_property
    def _tls(self) -> ssl.SSLContext:
        """The TLS settings of every send: the system's CA certificates (or SSL_CERT_FILE's), read once
        rather than for each email (about 30 ms of CPU each time)."""
        return ssl.create_default_context()

    def send(self, message: EmailMessage, recipient: str) -> None:
        """Send one message to one recipient; raises OSError or smtplib.SMTPException on failure."""
        if self.tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._tls)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.starttls:
                client.starttls(context=self._tls)
            if self.user:
                client.login(self.user, self.password or "")
            client.send_message(message, from_addr=self.sender, to_addrs=[recipient])


def deliverable(address: str) -> bool:
    return DELIVERABLE.fullmatch(address) is not None


STRICT = policy.SMTP.clone(raise_on_defect=True)
"""How our messages are made and written: CRLF lines, and any defect found in a header is an
error rather than something the email package repairs its own way."""

_ENCODED_WORD = re.compile(r"=\?|\?=")


def _header(text: str) -> str:
    """Untrusted text made safe for a header: one line, no control characters, not too long, and
    no RFC 2047 encoded word. Python without the CVE-2024-6923 fix (3.11.7 among them) decodes an
    encoded word such as ``=?utf-8?q?x=0D=0ABcc:_a@b?=`` while refolding and writes its line breaks
    raw, making a header of the attacker's; "=?" and "?=" are broken apart here, so no answer is
    ever read as an encoded word, whatever the Python version."""
    one_line = printable(re.sub(r"\s+", " ", text)).strip()[:150]
    return _ENCODED_WORD.sub(lambda m: " ".join(m.group()), one_line)


ALLOWED_HEADERS = {"subject", "from", "to", "message-id", "mime-version", "content-type", "content-transfer-encoding"}


def _checked(message: EmailMessage) -> EmailMessage:
    """Refuse to send a message whose written headers are not exactly the ones we set: a second
    line of defence should anything reach a header that the sanitising above missed."""
    written = message.as_bytes(policy=STRICT)
    names = [name.lower() for name in BytesHeaderParser(policy=STRICT).parsebytes(written).keys()]
    if len(names) != len(set(names)) or not set(names) <= ALLOWED_HEADERS or "to" not in names:
        raise ValueError("the message's headers were not the ones made: not sent")
    return message


def answers_text(answers: Sequence[FormField], labels: dict[str, str], values: dict[str, str]) -> str:
    """The answers as plain text, one label and answer after another."""
    lines = []
    for field in answers:
        value = values.get(field.name, "") or "(not answered)"
        lines.append(
            f"{labels.get(field.name, field.label_text)}:\n  " + printable(value, lines=True).replace("\n", "\n  ")
        )
    return "\n".join(lines)


def receipt(
    *,
    sender: str,
    recipient: str,
    reference: str,
    hub_name: str,
    title: str,
    year_label: str,
    answers: Sequence[FormField],
    labels: dict[str, str],
    values: dict[str, str],
    pdf: bytes,
    submitted: str,
    to_hub: bool,
    with_answers: bool = True,
    next_steps: str = "",
) -> EmailMessage:
    """The school's receipt (``to_hub`` False) or the hub's notice of a new application. The
    school's carries its reference and what happens next; the answers and the PDF only
    ``with_answers`` (the school asked for a copy, or the hub always sends one)."""
    message = EmailMessage(policy=STRICT)
    school = school_name(answers, values)
    if to_hub:
        message["Subject"] = _header(f"New application {reference}: {school or 'a school'} ({title} {year_label})")
        opening = f"A school has applied online to {hub_name} for {title} {year_label}."
    else:
        message["Subject"] = _header(f"Your application to {hub_name}: reference {reference}")
        opening = (
            f"Thank you: {hub_name} has your application for {title} {year_label}.\n"
            f"Your reference number is {reference}. Please quote it if you contact the hub."
        )
    message["From"] = Address(display_name=_header(hub_name), addr_spec=sender)
    message["To"] = Address(addr_spec=recipient)
    message["Message-ID"] = make_msgid(domain=sender.split("@", 1)[1])
    body = f"{opening}\n\nReference: {reference}\nSubmitted: {submitted}\n\n"
    if not to_hub and next_steps:
        body += f"What happens next: {next_steps}\n\n"
    if with_answers:
        body += (
            f"The answers given:\n\n{answers_text(answers, labels, values)}\n\n"
            "The application form with these answers is attached as a PDF.\n"
        )
    message.set_content(body)
    if with_answers:
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"application-{reference}.pdf")
    return _checked(message)


def decision_letter(
    *, sender: str, recipient: str, hub_name: str, subject: str, text: str, html: str, pdf: bytes, filename: str
) -> EmailMessage:
    """A school's decision letter (packgen letters): its wording as plain text and HTML, the PDF attached."""
    message = EmailMessage(policy=STRICT)
    message["Subject"] = _header(subject)
    message["From"] = Address(display_name=_header(hub_name), addr_spec=sender)
    message["To"] = Address(addr_spec=recipient)
    message["Message-ID"] = make_msgid(domain=sender.split("@", 1)[1])
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return _checked(message)


def lockout(*, sender: str, recipient: str, service: str) -> EmailMessage:
    """The owner's warning that their account was locked after wrong passwords."""
    message = EmailMessage(policy=STRICT)
    message["Subject"] = "Your account was locked after 10 wrong passwords"
    message["From"] = Address(display_name=_header(service), addr_spec=sender)
    message["To"] = Address(addr_spec=recipient)
    message["Message-ID"] = make_msgid(domain=sender.split("@", 1)[1])
    message.set_content(
        f"Someone entered the wrong password for your account ({recipient}) 10 times in a row, so it is\n"
        "locked for a while: each further wrong password locks it for twice as long.\n\n"
        "If this was you, wait and try again. If it was not, someone may be trying to guess your\n"
        "password: tell your hub's administrator.\n"
    )
    return _checked(message)


def reset_link(*, sender: str, recipient: str, link: str) -> EmailMessage:
    """A password reset link, good for 30 minutes and once."""
    message = EmailMessage(policy=STRICT)
    message["Subject"] = "Reset your password"
    message["From"] = Address(display_name="Maths Hubs applications", addr_spec=sender)
    message["To"] = Address(addr_spec=recipient)
    message["Message-ID"] = make_msgid(domain=sender.split("@", 1)[1])
    message.set_content(
        "Someone asked to reset the password of your account. To choose a new one, open this link\n"
        f"within 30 minutes (it works once):\n\n{link}\n\n"
        "If it was not you, ignore this email: your password has not changed.\n"
    )
    return _checked(message)


def contact_address(answers: Sequence[FormField], values: dict[str, str]) -> str | None:
    """The school's address for the receipt: the first email answer we can send to."""
    for field in answers:
        if spec.kind_of(field).contact and deliverable(values.get(field.name, "")):
            return values[field.name]
    return None


def describe_error(exc: BaseException) -> str:
    """A failed send in words for /admin: the mail server's answer, never a password."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"the mail server said {exc.smtp_code} {printable(text)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the mail server refused the address"
    if isinstance(exc, (ConnectionRefusedError, socket.timeout, TimeoutError)):
        return f"could not reach the mail server ({type(exc).__name__})"
    if isinstance(exc, OSError):
        return f"could not reach the mail server ({exc.strerror or type(exc).__name__})"
    if isinstance(exc, (LookupError, ValueError)):  # our own reasons (web/outbox.py)
        return str(exc)
    return f"sending failed ({type(exc).__name__})"


def invitation(
    *, sender: str, recipient: str, school: str, hub_name: str, title: str, link: str, pack: str, closing: str
) -> EmailMessage:
    """A school's invitation to apply: its personal link to the online form, already filled with the
    school's details, and the information pack's page."""
    message = EmailMessage(policy=STRICT)
    message["Subject"] = _header(f"{hub_name} invites {school} to apply: {title}")
    message["From"] = Address(display_name=_header(hub_name), addr_spec=sender)
    message["To"] = Address(addr_spec=recipient)
    message["Message-ID"] = make_msgid(domain=sender.split("@", 1)[1])
    until = f" The closing date is {closing}." if closing else ""
    message.set_content(
        f"{hub_name} invites {school} to apply for {title}.{until}\n\n"
        f"The information pack, and the application form to download, are here:\n\n{pack}\n\n"
        "To apply online, open this link: the form opens with your school's details from Get\n"
        f"Information about Schools already filled in, for you to check.\n\n{link}\n\n"
        "The link is for your school only: please do not pass it on.\n"
    )
    return _checked(message)
