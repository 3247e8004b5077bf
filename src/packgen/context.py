"""Resolve a programme-year for one hub: render its wording with the hub's facts into a Pack."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import jinja2
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .dates import long_date
from .errors import PackgenError, Problem, undefined_message
from .model import inline
from .model import pack as p
from .model.project import Hub, ProgrammeYear, Project
from .model.schema import Bullets, FieldGroupSpec, Offer
from .model.yaml_reader import LocatedData, Loc


_SPACES = re.compile(r"[ \t\n]{2,}")


class Raw(str):
    """Wording markup produced by a filter (a link); not escaped again."""


def _finalize(value: Any) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, dt.date):
        return long_date(value)
    return inline.escape(str(value))


def _join(items: Iterable[str], last: str) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _mailto(address: str) -> Raw:
    return Raw(f"[{inline.escape(address)}](mailto:{address})")


@lru_cache(maxsize=1)
def wording_env() -> jinja2.Environment:
    """The Jinja environment for wording in data files: sandboxed, strict, markup-escaping."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, finalize=_finalize, keep_trailing_newline=False
    )
    env.filters["long_date"] = long_date
    env.filters["join_or"] = lambda items: _join(items, "or")
    env.filters["join_and"] = lambda items: _join(items, "and")
    env.filters["mailto"] = _mailto
    return env


@dataclass(frozen=True)
class HubView:
    """What wording may say about a hub: ``{{ hub.name }}``, ``{{ hub.email }}``…"""

    code: str
    name: str
    region: str
    email: str | None
    lead_school: str | None
    areas: tuple[str, ...]
    website: str | None


@dataclass(frozen=True)
class OfferView:
    """What the hub offers this year; every fact may be None, so wording can fall back."""

    places: int | None = None
    allocation: str | None = None
    closing_date: dt.date | None = None
    confirmation_date: dt.date | None = None
    areas: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ProgrammeView:
    slug: str
    title: str


def hub_view(hub: Hub) -> HubView:
    s = hub.spec
    return HubView(s.code, s.name, s.region, s.email, s.lead_school, tuple(s.areas), s.website)


def offer_of(hub: Hub, py: ProgrammeYear) -> Offer | None:
    return hub.spec.offers.get(py.programme, {}).get(py.year.id)


def offer_view(offer: Offer | None) -> OfferView:
    if offer is None:
        return OfferView()
    return OfferView(
        offer.places, offer.allocation, offer.closing_date, offer.confirmation_date,
        tuple(offer.areas) if offer.areas else None,
    )


def wording_context(project: Project, py: ProgrammeYear, hub: Hub) -> dict[str, Any]:
    """The variables wording may use. Pure: same inputs, same context."""
    return {
        "hub": hub_view(hub),
        "offer": offer_view(offer_of(hub, py)),
        "year": py.year,
        "programme": ProgrammeView(py.programme, py.spec.title),
        "hubs": tuple(hub_view(h) for h in project.hubs),
    }


class _Resolver:
    """Renders each wording string, collecting problems instead of stopping at the first."""

    def __init__(self, src: LocatedData, context: dict[str, Any]):
        self.src = src
        self.context = context
        self.problems: list[Problem] = []

    def text(self, value: str, loc: Loc, **extra: Any) -> str:
        try:
            template = _compile(value)
            return template.render({**self.context, **extra}) if extra else template.render(self.context)
        except jinja2.TemplateSyntaxError as exc:
            self._problem(loc, f"template syntax in wording: {exc.message}", "template.syntax", "{")
        except jinja2.UndefinedError as exc:
            message = undefined_message(exc)
            name = re.findall(r"'([^']*)'", message)
            self._problem(loc, f"wording uses an undefined variable: {message}", "template.undefined", name[-1] if name else "")
        except (jinja2.TemplateError, TypeError, ValueError) as exc:
            self._problem(loc, f"wording could not be rendered: {exc}", "template.error")
        return value

    def _problem(self, loc: Loc, message: str, code: str, needle: str = "") -> None:
        line, col = self.src.locate_text(loc, needle)
        self.problems.append(Problem(self.src.shown, line, col, message, code))

    def runs(self, value: str, loc: Loc, **extra: Any) -> p.Inline:
        # Folded YAML and optional wording leave runs of spaces behind: wording never wants them.
        return inline.parse(_SPACES.sub(" ", self.text(value, loc, **extra)).strip())

    def blocks(self, blocks: Iterable[Any], loc: Loc, **extra: Any) -> tuple[p.Block, ...]:
        out: list[p.Block] = []
        for i, block in enumerate(blocks):
            if isinstance(block, Bullets):
                items = tuple(self.runs(t, loc + (i, "bullets", j), **extra) for j, t in enumerate(block.bullets))
                items = tuple(item for item in items if item)
                if items:
                    out.append(p.BulletList(items))
            else:
                runs = self.runs(block, loc + (i,), **extra)
                if runs:  # wording that renders empty for this hub is left out
                    out.append(p.Paragraph(runs))
        return tuple(out)


@lru_cache(maxsize=4096)
def _compile(value: str) -> jinja2.Template:
    return wording_env().from_string(value)


def _field_name(group: FieldGroupSpec, role_key: str | None, name: str) -> str:
    return ".".join(part for part in (group.id, role_key, name) if part)


def _form(r: _Resolver, py: ProgrammeYear) -> p.Form:
    spec = py.spec.form
    groups: list[p.FieldGroup] = []
    for gi, g in enumerate(spec.groups):
        gloc: Loc = ("form", "groups", gi)
        roles = g.repeat or [None]
        for role in roles:
            extra = {"role": role} if role else {}
            fields = []
            for fi, f in enumerate(g.fields):
                floc = gloc + ("fields", fi)
                value = f.value if f.value is not None else ("{{ hub.name }}" if f.type == "hub" else None)
                fields.append(p.FormField(
                    name=_field_name(g, role.key if role else None, f.name),
                    label=r.runs(f.label, floc + ("label",), **extra),
                    type=f.type,
                    required=f.required and f.type != "hub",
                    word_limit=f.word_limit,
                    hint=r.text(f.hint, floc + ("hint",), **extra) if f.hint else None,
                    choices=tuple(f.choices or ()),
                    value=p.plain(r.runs(value, floc + ("value",), **extra)) if value else None,
                    beside=f.beside,
                    layout=f.layout,
                ))
            groups.append(p.FieldGroup(
                heading=p.plain(r.runs(g.heading, gloc + ("heading",), **extra)),
                blocks=r.blocks(g.body, gloc + ("body",), **extra),
                fields=tuple(fields),
            ))
    commitments = None
    if spec.commitments:
        c = spec.commitments
        cloc: Loc = ("form", "commitments")
        commitments = p.Commitments(
            heading=p.plain(r.runs(c.heading, cloc + ("heading",))),
            intro=r.runs(c.intro, cloc + ("intro",)),
            items=tuple(r.runs(t, cloc + ("items", i)) for i, t in enumerate(c.items)),
            signatures=tuple(
                p.Signature(f"signature.{s.name}", r.text(s.role, cloc + ("signatures", i, "role")), r.text(s.label, cloc + ("signatures", i, "label")))
                for i, s in enumerate(c.signatures)
            ),
            note=r.runs(c.note, cloc + ("note",)) if c.note else None,
        )
    return p.Form(
        heading=p.plain(r.runs(spec.heading, ("form", "heading"))),
        blocks=r.blocks(spec.body, ("form", "body")),
        groups=tuple(groups),
        commitments=commitments,
    )


def _regions(project: Project) -> tuple[p.Region, ...]:
    regions: dict[str, list[p.HubEntry]] = {}
    for h in project.hubs:
        regions.setdefault(h.spec.region, []).append(p.HubEntry(h.code, h.spec.name))
    return tuple(p.Region(name, tuple(entries)) for name, entries in regions.items())


def resolve_pack(project: Project, py: ProgrammeYear, hub: Hub) -> p.Pack:
    """One hub's pack for one programme-year. Raises PackgenError naming every bad wording line."""
    context = wording_context(project, py, hub)
    r = _Resolver(py.source, context)
    spec = py.spec
    offer = offer_of(hub, py)
    hub_r = _Resolver(hub.source, context)
    extras = dict(offer.extra) if offer else {}
    sections = []
    for si, s in enumerate(spec.sections):
        blocks = r.blocks(s.body, ("sections", si, "body"))
        if s.id and s.id in extras:
            loc: Loc = ("offers", py.programme, py.year.id, "extra", s.id)
            blocks += hub_r.blocks(extras.pop(s.id), loc)
        sections.append(p.Section(s.id, p.plain(r.runs(s.heading, ("sections", si, "heading"))) if s.heading else None, s.style, blocks))
    for section_id in extras:
        line, col = hub.source.position(("offers", py.programme, py.year.id, "extra", section_id, "__key__"))
        hub_r.problems.append(Problem(hub.source.shown, line, col, f"no section with id {section_id!r} in {py.source.shown}", "offer.section"))
    appendix = None
    if spec.hub_appendix:
        a = spec.hub_appendix
        appendix = p.Appendix(
            heading=p.plain(r.runs(a.heading, ("hub_appendix", "heading"))),
            blocks=r.blocks(a.body, ("hub_appendix", "body")),
            regions=_regions(project),
        )
    pack = p.Pack(
        programme=py.programme,
        year=py.year.id,
        year_label=py.year.label,
        hub_code=hub.code,
        hub_name=hub.spec.name,
        title=p.plain(r.runs(spec.title, ("title",))),
        subtitle=p.plain(r.runs(spec.subtitle, ("subtitle",))),
        sections=tuple(sections),
        form=_form(r, py),
        appendix=appendix,
    )
    if r.problems or hub_r.problems:
        raise PackgenError(r.problems + hub_r.problems)
    return pack
