"""The project as the web server shows it: every hub's pack for every programme-year, which of them
take applications online and when, and their documents rendered by the same renderers as a build.

Nothing here knows about HTTP; the views look things up here.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..dates import LONDON, long_date
from ..errors import PackgenError
from ..forms import spec
from ..forms.applications import FormKind
from ..forms.fill import fill_pdf
from ..model.project import Hub, ProgrammeYear, Project, load_project
from ..pack import ApplyLink, FormField, Image, Pack, one_line
from ..render import RENDERERS, documents
from ..render.templating import picture_urls
from ..resolve import resolve_pack
from ..schools.eligibility import Rule, rule_of
from ..wording.facts import offer_of
from .pages import Summary, summary

State = Literal["open", "not yet open", "closed", "no closing date"]
ONLINE = ("application-form", "html")
"""The document the server does not serve as built: the online form takes its place."""
DOCUMENTS = {
    cls.file_name(): (cls.document, cls.format, cls.media_type) for key, cls in RENDERERS.items() if key != ONLINE
}
"""Each document the server serves, by file name: its document, format and media type."""


def start_of(day: dt.date) -> dt.datetime:
    """The first moment of a day in England."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)


@dataclass(frozen=True)
class HubPack:
    """One hub's pack of one programme-year, and its online form when the hub has an offer."""

    py: ProgrammeYear
    hub: Hub
    pack: Pack
    takes_applications: bool  # the hub has an offer for this programme-year, and the pack a form
    opening: dt.date | None
    closing: dt.date | None
    open_ended: bool = False  # the offer says it has no closing date on purpose (closing_date: none)
    confirmation: dt.date | None = None  # when schools hear whether they have a place

    @property
    def apply(self) -> ApplyLink | None:
        """Where schools apply when the pack takes no form: the server has no online form for it."""
        return self.pack.apply

    @property
    def own_title(self) -> str | None:
        """The hub's own title for the programme (its offer's title:), or None when it uses the national one."""
        offer = offer_of(self.hub, self.py)
        return one_line(self.pack.title) if offer is not None and offer.title is not None else None

    def has(self, name: str) -> bool:
        """Whether the pack has the document of file name ``name`` (no form's documents for a pack without one)."""
        return name in DOCUMENTS and RENDERERS[DOCUMENTS[name][:2]].makes(self.pack)

    @functools.cached_property
    def identity(self) -> spec.Identity:
        return spec.identity(self.pack)

    @property
    def path(self) -> str:
        return f"/{self.py.year.id}/{self.hub.code}/{self.py.programme}"

    @property
    def eligible(self) -> Rule | None:
        """The programme-year's `eligible:` rule, or None when it says nothing (any school with a URN)."""
        return rule_of(self.py.spec.eligible)

    @functools.cached_property
    def answers(self) -> tuple[FormField, ...]:
        return spec.answers(self.pack.form)

    @functools.cached_property
    def summary(self) -> Summary:
        """Its answers as "check your answers", the receipt and the admin's page list them."""
        return summary(self.pack.form)

    @property
    def kind(self) -> FormKind:
        return FormKind(self.identity, self.pack.hub_name, self.answers)

    def labels(self) -> dict[str, str]:
        """Each answer's label as a list of errors, answers or an email names it: a signature by its
        role, and with its section's heading when the same label is asked in several sections
        (a repeated lead teacher's "Name")."""
        return dict(self._labels)

    @functools.cached_property
    def _labels(self) -> dict[str, str]:
        form = self.pack.form
        plain: dict[str, str] = {}
        heading: dict[str, str] = {}
        for group in form.groups:
            for field in group.fields:
                plain[field.name] = field.label_text
                heading[field.name] = group.heading
        if form.commitments:
            for s in form.commitments.signatures:
                plain[s.name] = f"{s.role}: {s.label}"
        counts: dict[str, int] = {}
        for label in plain.values():
            counts[label] = counts.get(label, 0) + 1
        return {
            name: (f"{heading[name]}: {label}" if counts[label] > 1 and name in heading else label)
            for name, label in plain.items()
        }

    def state(self, now: dt.datetime) -> State:
        """Whether the form takes applications at ``now``: from the start of the opening day to the
        end of the closing day, in England's time (GMT or BST). An offer without a closing day takes
        none (a form left from an old year would take applications forever) unless it says it has
        no closing day on purpose."""
        if self.opening is not None and now < start_of(self.opening):
            return "not yet open"
        if self.closing is None:
            return "open" if self.open_ended else "no closing date"
        if now >= start_of(self.closing + dt.timedelta(days=1)):
            return "closed"
        return "open"

    @property
    def closing_words(self) -> str | None:
        return f"11:59pm on {long_date(self.closing)}" if self.closing else None

    @property
    def opening_words(self) -> str | None:
        return long_date(self.opening) if self.opening else None


def _closing_day(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _open_ended(value: object) -> bool:
    """Whether an offer's closing_date says, on purpose, that there is none: ``closing_date: none``
    (needs model/schema.py to accept the word "none" beside a date)."""
    return isinstance(value, str) and value.strip().lower() == "none"


class Site:
    """The project, loaded once: raises PackgenError (every problem at once) when it cannot be."""

    def __init__(self, root: Path, *, cache_size: int = 64):
        self.root = root
        self.project: Project = load_project(root)
        self.packs: dict[tuple[str, str, str], HubPack] = {}
        problems = []
        for py in self.project.programmes:
            for hub in self.project.hubs_running(py):
                try:
                    pack = resolve_pack(self.project, py, hub)
                except PackgenError as exc:
                    problems.extend(exc.problems)
                    continue
                offer = offer_of(hub, py)
                self.packs[(py.year.id, hub.code, py.programme)] = HubPack(
                    py,
                    hub,
                    pack,
                    offer is not None and pack.form is not None,
                    offer.opening_date if offer else None,
                    _closing_day(offer.closing_date if offer else None),
                    offer is not None and _open_ended(offer.closing_date),
                    offer.confirmation_date if offer else None,
                )
        if problems:
            raise PackgenError(problems)
        self.documents = documents(self.project.templates_dir, root, cache_size=cache_size)
        self._picture_urls = picture_urls(root)

    def picture(self, image: Image) -> str:
        """A picture of a form's wording as the page shows it: a data: URL, as in the built HTML."""
        return self._picture_urls(image, "screen")

    def get(self, year: str, hub: str, programme: str) -> HubPack | None:
        return self.packs.get((year, hub, programme))

    def by_identity(self, identity: spec.Identity) -> HubPack | None:
        return self.get(identity.year, identity.hub, identity.programme)

    def programme_years(self) -> list[ProgrammeYear]:
        """Latest year first, then by programme."""
        return sorted(self.project.programmes, key=lambda py: (-py.year.start, py.programme))

    def hub_packs(self, py: ProgrammeYear) -> list[HubPack]:
        return [
            self.packs[(py.year.id, h.code, py.programme)]
            for h in self.project.hubs_running(py)
            if (py.year.id, h.code, py.programme) in self.packs
        ]

    def kinds(self) -> dict[spec.Identity, FormKind]:
        return {hp.identity: hp.kind for hp in self.packs.values() if hp.takes_applications}

    def document(self, hub_pack: HubPack, name: str) -> bytes:
        """A document of the pack (``information.pdf`` …) as `packgen build` writes it; cached."""
        document, fmt, _ = DOCUMENTS[name]
        return self.documents.render(hub_pack.pack, (document, fmt))

    def filled_form(self, hub_pack: HubPack, values: dict[str, str]) -> bytes:
        """The fillable PDF form with ``values`` filled in: what `packgen collect` reads back."""
        blank = self.document(hub_pack, "application-form.pdf")
        return fill_pdf(blank, hub_pack.answers, values)
