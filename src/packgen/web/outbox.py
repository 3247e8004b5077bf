"""The sender: takes due emails from the outbox, sends them, records each success or failure."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from ..dates import LONDON, long_date
from ..letters import LetterFiles
from . import store
from .letters import KIND as DECISION
from .letters import DecisionMail
from .mail import Smtp, deliverable, describe_error, invitation, lockout, receipt
from .pages import when
from .site import Site

log = logging.getLogger("packgen.web.mail")
HOLD = dt.timedelta(minutes=5)  # a claimed email is another process's to send again after this


class Outbox:
    def __init__(
        self,
        engine: Engine,
        site: Site,
        smtp: Smtp,
        clock: Callable[[], dt.datetime],
        retry_after: Sequence[dt.timedelta],
        poll_seconds: float,
        public_url: str | None = None,
        letters_made: Mapping[int, LetterFiles] | None = None,
    ):
        self.engine, self.site, self.smtp, self.clock = engine, site, smtp, clock
        self.public_url = public_url  # where a receipt says the school can see its decision
        self.retry_after, self.poll_seconds = tuple(retry_after), poll_seconds
        self._runners: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        # packgen letters --send hands over the letters it has just laid out, by decision id
        self.decisions = DecisionMail(engine, site.project, letters_made)

    def wake(self) -> None:
        """Look at the outbox now (an application was just stored, or an admin asked); from any thread."""
        for loop, event in list(self._runners):
            loop.call_soon_threadsafe(event.set)

    async def run(self) -> None:
        """Send due emails until cancelled: at once when woken, else every poll_seconds."""
        event = asyncio.Event()
        runner = (asyncio.get_running_loop(), event)
        self._runners.append(runner)
        try:
            while True:
                event.clear()
                try:
                    await run_in_threadpool(self.send_due)
                except Exception:
                    log.exception("could not look at the outbox")
                # Not asyncio.wait_for: on Python 3.11 it swallows a cancel that comes as the event
                # is set (python/cpython#86296), and the server's shutdown then waited for ever.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.poll_seconds):
                        await event.wait()
        finally:
            self._runners.remove(runner)

    def send_due(self) -> int:
        """Send every email that is due; returns how many were sent."""
        sent = 0
        while True:
            claimed = store.claim_due(self.engine, self.clock(), HOLD)
            if not claimed:
                return sent
            for email, application in claimed:
                try:
                    self._send(email, application)
                except Exception as exc:
                    log.warning(
                        "sending the %s for %s to %s failed: %s",
                        email.kind,
                        email.reference,
                        email.recipient,
                        describe_error(exc),
                    )
                    store.mark_failed(self.engine, email.id, describe_error(exc), self.clock(), self.retry_after)
                else:
                    store.mark_sent(self.engine, email.id, self.clock(), email.decision_id)
                    sent += 1

    def _send(self, email: store.Email, application: store.Stored | None) -> None:
        if not deliverable(email.recipient):
            raise ValueError("not an address we can send to")
        if application is None and email.kind == "invite":  # packgen invite --send
            content = store.invitation_of(self.engine, email.id)
            if content is None:
                raise LookupError("the invitation's content is missing")
            self.smtp.send(invitation(sender=self.smtp.sender, recipient=email.recipient, **content), email.recipient)
            return
        if email.kind == DECISION:  # a decision letter (packgen letters), online or returned form alike
            if email.decision_id is None:
                raise LookupError("the decision was deleted")
            message = self.decisions.message(
                email.decision_id, self.smtp.sender, email.recipient, self.clock().astimezone(LONDON).date()
            )
            self.smtp.send(message, email.recipient)
            return
        if application is None:  # about an account, not an application
            if email.kind != "lockout":
                raise LookupError("the application was deleted")
            self.smtp.send(
                lockout(sender=self.smtp.sender, recipient=email.recipient, service="Maths Hubs applications"),
                email.recipient,
            )
            return
        hub_pack = self.site.by_identity(application.identity)
        if hub_pack is None:
            raise LookupError("the project no longer has this application's form")
        if not deliverable(email.recipient):
            raise ValueError("not an address we can send to")
        pack = hub_pack.pack
        message = receipt(
            sender=self.smtp.sender,
            recipient=email.recipient,
            reference=application.reference,
            hub_name=pack.hub_name,
            title=pack.title,
            year_label=pack.year_label,
            answers=hub_pack.answers,
            labels=hub_pack.labels(),
            values=application.values,
            pdf=self.site.filled_form(hub_pack, application.values) if email.kind != "receipt" else b"",
            submitted=when(application.submitted_at),
            to_hub=email.kind == "notice",
            with_answers=email.kind != "receipt",
            next_steps=_next_steps(hub_pack, self.public_url),
        )
        self.smtp.send(message, email.recipient)


def _next_steps(hub_pack: Any, public_url: str | None = None) -> str:
    """What the school hears next, from the offer's dates, and where it can see the decision."""
    confirmation = hub_pack.confirmation
    name = hub_pack.pack.hub_name
    if confirmation:
        words = f"{name} will tell you by {long_date(confirmation)} whether your school has a place."
    else:
        words = f"{name} will contact you about your application."
    if public_url:
        words += (
            f" Once it has, you can also see the decision at {public_url.rstrip('/')}/decision with your "
            "reference number and the school's email address."
        )
    return words
