"""The site a build publishes beside the packs: ``index.html`` and ``<year>/index.html``, listing
every programme-year it made with each hub's documents, grouped by region.

The pages list exactly the outputs of the build (a ``--hub WM1`` build lists WM1 alone), link to
them by relative addresses only (the folder can be copied to any host), and carry their search
script and stylesheet inline. Their bytes depend on nothing but what they list and
``templates/site/``, so the same build gives the same pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from markupsafe import Markup

from .dates import long_date
from .errors import PackgenError, Problem, display_path
from .model.project import Hub, ProgrammeYear, Project
from .pack import Pack, one_line
from .plan import SITE_PAGE, Output
from .render import RENDERERS
from .render.templating import TemplateFailure, file_env, guarded
from .wording.env import name_for_authors
from .wording.facts import offer_of

TEMPLATE = "site/index.html.j2"
READS = (TEMPLATE, "site/site.css", "site/search.js")


def page_path(year: str | None = None) -> PurePosixPath:
    """Where a site page goes: ``index.html`` for the whole build, ``<year>/index.html`` for a year."""
    return PurePosixPath(year, SITE_PAGE) if year else PurePosixPath(SITE_PAGE)


@dataclass(frozen=True)
class Link:
    format: str  # "HTML", "PDF", "DOCX"
    href: str  # relative to the page


@dataclass(frozen=True)
class Document:
    name: str  # "Information pack"
    links: tuple[Link, ...]


@dataclass(frozen=True)
class HubRow:
    code: str
    name: str
    areas: tuple[str, ...]
    closing_date: dt.date | None
    places: int | None
    documents: tuple[Document, ...]  # one per column of its listing
    title: str | None = None  # the hub's own title for the programme, when its offer has one

    @property
    def closing(self) -> str | None:
        return long_date(self.closing_date) if self.closing_date else None

    @property
    def search_text(self) -> str:
        """What the page's search matches: the hub's name, code and areas (the script folds case and accents)."""
        return " ".join((self.name, self.code, *self.areas))


@dataclass(frozen=True)
class NoPack:
    """A hub of the project that has no pack of a programme-year (it does not run it), so the
    search can say so rather than that no hub matches."""

    code: str
    name: str
    areas: tuple[str, ...]

    @property
    def search_text(self) -> str:
        return " ".join((self.name, self.code, *self.areas))


@dataclass(frozen=True)
class RegionRows:
    name: str
    hubs: tuple[HubRow, ...]


@dataclass(frozen=True)
class Listing:
    """One programme-year: its hubs by region."""

    programme: str
    year: str  # 2024-25
    year_label: str  # 2024/25
    title: str
    columns: tuple[str, ...]  # the documents each hub has, in order: "Information pack", "Application form"
    regions: tuple[RegionRows, ...]
    no_pack: tuple[NoPack, ...] = ()  # the project's hubs that do not run it

    @property
    def anchor(self) -> str:
        return f"{self.programme}-{self.year}"

    @property
    def hub_count(self) -> int:
        return sum(len(r.hubs) for r in self.regions)


@dataclass(frozen=True)
class YearLink:
    label: str
    href: str
    current: bool = False  # the page this link is on


@dataclass(frozen=True)
class Page:
    path: PurePosixPath
    title: str
    heading: str
    listings: tuple[Listing, ...]
    years: tuple[YearLink, ...]  # the year pages, from this page
    home: str | None  # the whole build's page, from a year page

    @property
    def hub_count(self) -> int:
        return sum(listing.hub_count for listing in self.listings)


for _cls, _name in (
    (Page, "page"),
    (Listing, "listing"),
    (RegionRows, "region"),
    (HubRow, "hub"),
    (NoPack, "no_pack"),
    (Document, "document"),
    (Link, "link"),
    (YearLink, "year"),
):
    name_for_authors(_cls, _name)


@dataclass(frozen=True)
class SitePage:
    path: PurePosixPath
    data: bytes


def _href(target: PurePosixPath, page: PurePosixPath) -> str:
    """``target`` as a relative link from ``page`` (both relative to the output folder)."""
    here, there = page.parent.parts, target.parts
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return quote("/".join(("..",) * (len(here) - common) + there[common:]), safe="/")


def _areas(hub: Hub, py: ProgrammeYear) -> tuple[str, ...]:
    offer = offer_of(hub, py)
    extra = tuple(offer.areas) if offer is not None and offer.areas else ()
    return tuple(dict.fromkeys((*hub.spec.areas, *extra)))


APPLY_DOCUMENT = "application-form"
"""The column in which a hub that takes applications through a link has that link."""


def _listing(
    py: ProgrammeYear, hubs: list[tuple[Hub, dict[tuple[str, str], PurePosixPath], Pack]], page: PurePosixPath
) -> Listing:
    columns = tuple(
        d
        for d in RENDERERS.documents
        if any(d == doc for _, paths, _ in hubs for doc, _ in paths)
        or (d == APPLY_DOCUMENT and any(pack.apply for _, _, pack in hubs))
    )
    titles = RENDERERS.format_titles()
    regions: dict[str, list[HubRow]] = {}
    for hub, paths, pack in hubs:
        docs = tuple(
            Document(
                _document_name(d),
                (Link(pack.apply.label, pack.apply.url),)
                if d == APPLY_DOCUMENT and pack.apply is not None
                else tuple(Link(titles[f], _href(paths[(d, f)], page)) for f in RENDERERS.formats if (d, f) in paths),
            )
            for d in columns
        )
        offer = offer_of(hub, py)
        row = HubRow(
            hub.code,
            hub.spec.name,
            _areas(hub, py),
            offer.closes if offer else None,
            offer.places if offer else None,
            docs,
            one_line(pack.title) if offer is not None and offer.title is not None else None,
        )
        regions.setdefault(hub.spec.region, []).append(row)
    national = [pack for hub, _, pack in hubs if (offer := offer_of(hub, py)) is None or offer.title is None]
    return Listing(
        py.programme,
        py.year.id,
        py.year.label,
        one_line(national[0].title) if national else one_line(py.spec.title),
        tuple(_document_name(d) for d in columns),
        tuple(RegionRows(name, tuple(rows)) for name, rows in regions.items()),
    )


def _document_name(document: str) -> str:
    return RENDERERS.document_titles()[document]


def site_model(project: Project, outputs: Iterable[Output]) -> tuple[Page, ...]:
    """The pages that list ``outputs``: the whole build's, then one per academic year, newest first."""
    made: dict[tuple[str, str, str], dict[tuple[str, str], PurePosixPath]] = {}
    packs: dict[tuple[str, str, str], Pack] = {}
    for o in outputs:
        key = (o.pack.year, o.pack.programme, o.pack.hub_code)
        made.setdefault(key, {})[(o.document, o.format)] = o.path
        packs.setdefault(key, o.pack)
    programme_years = sorted(
        (py for py in project.programmes if any(k[:2] == (py.year.id, py.programme) for k in made)),
        key=lambda py: -py.year.start,  # stable: the project's order of programmes within a year
    )
    years = list(dict.fromkeys(py.year for py in programme_years))
    codes = {k[2] for k in made}
    single = [h for h in project.hubs if h.code in codes]
    who = single[0].spec.name if len(single) == 1 else "Maths Hubs"

    def listings(page: PurePosixPath, year: str | None) -> tuple[Listing, ...]:
        found = []
        for py in programme_years:
            if year is not None and py.year.id != year:
                continue
            hubs = [
                (h, made[(py.year.id, py.programme, h.code)], packs[(py.year.id, py.programme, h.code)])
                for h in project.hubs
                if (py.year.id, py.programme, h.code) in made
            ]
            listing = _listing(py, hubs, page)
            running = {h.code for h in project.hubs_running(py)}
            no_pack = tuple(
                NoPack(h.code, h.spec.name, tuple(h.spec.areas)) for h in project.hubs if h.code not in running
            )
            found.append(replace(listing, no_pack=no_pack))
        return tuple(found)

    home = page_path()
    pages = [
        Page(
            home,
            f"{who}: information and application packs",
            f"{who}: information and application packs",
            listings(home, None),
            tuple(YearLink(y.label, _href(page_path(y.id), home)) for y in years),
            None,
        )
    ]
    for y in years:
        path = page_path(y.id)
        pages.append(
            Page(
                path,
                f"{who}: information and application packs {y.label}",
                f"{who}: packs for {y.label}",
                listings(path, y.id),
                tuple(YearLink(other.label, _href(page_path(other.id), path), other == y) for other in years),
                _href(home, path),
            )
        )
    return tuple(pages)


class SiteRenderer:
    """Lays out the site's pages from ``templates/site/``: its template, stylesheet and search script."""

    reads = READS

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.templates = templates
        self.root = root
        texts = []
        for name in READS:
            try:
                texts.append((templates / name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
                raise TemplateFailure(
                    Problem(
                        display_path(templates / name, root),
                        0,
                        0,
                        f"template could not be read: {reason}",
                        "template.error",
                    )
                ) from None
        self.css, self.script = Markup(texts[1]), Markup(texts[2])
        self.env = file_env(templates)
        self.template = guarded(lambda: self.env.get_template(TEMPLATE), templates / TEMPLATE, root)

    def render(self, page: Page) -> bytes:
        return guarded(
            lambda: self.template.render(page=page, css=self.css, script=self.script).encode("utf-8"),
            self.templates / TEMPLATE,
            self.root,
        )


def site_pages(project: Project, outputs: Iterable[Output]) -> tuple[SitePage, ...]:
    """Every site page's bytes for the build of ``outputs``. Raises PackgenError naming the template
    line when a site template is missing or fails."""
    try:
        renderer = SiteRenderer(project.templates_dir, project.root)
        return tuple(SitePage(page.path, renderer.render(page)) for page in site_model(project, outputs))
    except TemplateFailure as exc:
        raise PackgenError([exc.problem]) from None
