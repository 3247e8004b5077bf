"""Every piece of wording in a programme-year, in the order a reader meets it, with where it stands.

This walk is the one list of what is wording. Resolving a hub's pack renders each piece it
yields; the checks read each piece as written; the diff compares the pieces as each hub's pack
shows them. A new kind of wording is added here once, and all three see it.

A piece knows:
- ``source`` and ``loc``: the file and the path to the string in it (for ``file:line:col``);
- ``role``: what it is in the pack (title, heading, paragraph, bullet, label, hint…);
- ``part``: the part of the pack it belongs to (masthead, a section's key, form, a group of
  the form, form/commitments, appendix), the unit a diff matches across years;
- ``variants``: a repeated group's roles, each of which the piece is rendered for, with
  ``{{ role.label }}`` set; ``(None,)`` for a piece rendered once;
- ``hub``: set for a hub's own wording (an offer's ``extra``), which only that hub shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..forms.kinds import kind_of
from ..model.project import Hub, ProgrammeYear, Project
from ..model.schema import Bullets, FieldGroupSpec, FormFieldSpec, Role, Section
from ..model.yaml_reader import LocatedData, Loc

TEMPLATED_NOT = frozenset({"choice", "role-label"})
"""Roles shown as written: Jinja does not render them."""

MASTHEAD, FORM, COMMITMENTS, APPENDIX = "masthead", "form", "form/commitments", "appendix"
EXPECTATIONS = "expectations"
"""The id of the section whose bullets the form's confirmation list repeats."""


@dataclass(frozen=True)
class Piece:
    """One string of wording as written, where it stands, and what it is in the pack."""

    source: LocatedData
    loc: Loc
    text: str
    role: str
    part: str
    programme_year: ProgrammeYear
    variants: tuple[Role | None, ...] = (None,)
    hub: Hub | None = None
    field: FormFieldSpec | None = None  # the field a label, hint, value or choice belongs to
    group: FieldGroupSpec | None = None  # the group of the form it stands in
    section: Section | None = None  # the section it stands in
    written: bool = True  # False for a value the field's type fills in ({{ hub.name }})

    def part_for(self, role: Role | None) -> str:
        """The part this piece stands in for one of its variants: each role's group is a part of its own."""
        return group_key(self.group, role) if self.group is not None and role is not None else self.part

    @property
    def templated(self) -> bool:
        """Rendered through Jinja before anyone reads it."""
        return self.role not in TEMPLATED_NOT


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "part"


def section_key(section: Section, index: int) -> str:
    """A section's name across years: its id, else its heading, else its place."""
    return section.id or (slug(section.heading) if section.heading else f"section-{index + 1}")


def field_name(group: FieldGroupSpec, role: Role | None, name: str) -> str:
    """An answer's one name in every format: group id, role key and field name, dotted."""
    return ".".join(part for part in (group.id, role.key if role else None, name) if part)


def group_key(group: FieldGroupSpec, role: Role | None) -> str:
    """A form group's part name: its fields' shared name prefix, so a renamed heading still matches."""
    names = [field_name(group, role, f.name).split(".") for f in group.fields]
    prefix: list[str] = []
    for parts in zip(*names):
        if len(set(parts)) != 1:
            break
        prefix.append(parts[0])
    return "form/" + (".".join(prefix) or slug(group.heading))


class _Walk:
    def __init__(self, py: ProgrammeYear, source: LocatedData, hub: Hub | None = None):
        self.py = py
        self.source = source
        self.hub = hub

    def piece(self, loc: Loc, text: str, role: str, part: str, **kw: object) -> Piece:
        return Piece(self.source, loc, text, role, part, self.py, hub=self.hub, **kw)  # type: ignore[arg-type]

    def blocks(self, blocks: list, loc: Loc, part: str, **kw: object) -> Iterator[Piece]:
        for i, block in enumerate(blocks):
            if isinstance(block, Bullets):
                for j, text in enumerate(block.bullets):
                    yield self.piece(loc + (i, "bullets", j), text, "bullet", part, **kw)
            else:
                yield self.piece(loc + (i,), block, "paragraph", part, **kw)


def _group(w: _Walk, g: FieldGroupSpec, gloc: Loc) -> Iterator[Piece]:
    variants: tuple[Role | None, ...] = tuple(g.repeat) if g.repeat else (None,)
    part = group_key(g, None)
    kw = {"variants": variants, "group": g}
    for ri, role in enumerate(g.repeat or ()):
        yield w.piece(gloc + ("repeat", ri, "label"), role.label, "role-label", part, group=g)
    yield w.piece(gloc + ("heading",), g.heading, "heading", part, **kw)
    yield from w.blocks(g.body, gloc + ("body",), part, **kw)
    for fi, f in enumerate(g.fields):
        floc = gloc + ("fields", fi)
        yield w.piece(floc + ("label",), f.label, "label", part, field=f, **kw)
        if f.hint:
            yield w.piece(floc + ("hint",), f.hint, "hint", part, field=f, **kw)
        value, written = (f.value, True) if f.value is not None else (kind_of(f.type).prefilled, False)
        if value is not None:
            yield w.piece(floc + ("value",), value, "value", part, field=f, written=written, **kw)
        for ci, choice in enumerate(f.choices or ()):
            yield w.piece(floc + ("choices", ci), choice, "choice", part, field=f, group=g)


def programme_pieces(py: ProgrammeYear, hub: Hub | None = None) -> Iterator[Piece]:
    """Every piece of a programme-year's wording in reading order.

    With ``hub``, that hub's own wording (its offer's ``extra``) follows the section it extends.
    """
    spec = py.spec
    w = _Walk(py, py.source)
    extras = _extras(hub, py) if hub else {}
    yield w.piece(("title",), spec.title, "title", MASTHEAD)
    yield w.piece(("subtitle",), spec.subtitle, "subtitle", MASTHEAD)
    for si, s in enumerate(spec.sections):
        part = section_key(s, si)
        if s.heading:
            yield w.piece(("sections", si, "heading"), s.heading, "heading", part, section=s)
        yield from w.blocks(s.body, ("sections", si, "body"), part, section=s)
        if hub and s.id in extras:
            yield from _extra_pieces(hub, py, *extras[s.id], part, s)
    form = spec.form
    yield w.piece(("form", "heading"), form.heading, "heading", FORM)
    yield from w.blocks(form.body, ("form", "body"), FORM)
    for gi, g in enumerate(form.groups):
        yield from _group(w, g, ("form", "groups", gi))
    if form.commitments:
        c = form.commitments
        cloc: Loc = ("form", "commitments")
        yield w.piece(cloc + ("heading",), c.heading, "heading", COMMITMENTS)
        yield w.piece(cloc + ("intro",), c.intro, "intro", COMMITMENTS)
        for i, item in enumerate(c.items):
            yield w.piece(cloc + ("items", i), item, "item", COMMITMENTS)
        for i, s in enumerate(c.signatures):
            yield w.piece(cloc + ("signatures", i, "role"), s.role, "signature-role", COMMITMENTS)
            yield w.piece(cloc + ("signatures", i, "label"), s.label, "signature-label", COMMITMENTS)
        if c.note:
            yield w.piece(cloc + ("note",), c.note, "note", COMMITMENTS)
    if spec.hub_appendix:
        a = spec.hub_appendix
        yield w.piece(("hub_appendix", "heading"), a.heading, "heading", APPENDIX)
        yield from w.blocks(a.body, ("hub_appendix", "body"), APPENDIX)


def _extras(hub: Hub, py: ProgrammeYear) -> dict[str, tuple[Loc, list[str]]]:
    """The hub's own paragraphs for ``py``, by the id of the section they extend."""
    offer = hub.spec.offers.get(py.programme, {}).get(py.year.id)
    if offer is None:
        return {}
    base: Loc = ("offers", py.programme, py.year.id, "extra")
    return {section_id: (base + (section_id,), paragraphs) for section_id, paragraphs in offer.extra.items()}


def _extra_pieces(
    hub: Hub, py: ProgrammeYear, loc: Loc, paragraphs: list[str], part: str, section: Section | None = None
) -> Iterator[Piece]:
    w = _Walk(py, hub.source, hub)
    for i, text in enumerate(paragraphs):
        yield w.piece(loc + (i,), text, "paragraph", part, section=section)


def hub_pieces(hub: Hub, project: Project) -> Iterator[Piece]:
    """A hub's own wording for every programme-year it has an offer for, section ids unchecked."""
    by_key = {(py.programme, py.year.id): py for py in project.programmes}
    for programme, years in hub.spec.offers.items():
        for year_id in years:
            py = by_key.get((programme, year_id))
            if py is None:
                continue
            sections = {s.id: (section_key(s, i), s) for i, s in enumerate(py.spec.sections) if s.id}
            for section_id, (loc, paragraphs) in _extras(hub, py).items():
                part, section = sections.get(section_id, (section_id, None))
                yield from _extra_pieces(hub, py, loc, paragraphs, part, section)


def unplaced_extras(hub: Hub, py: ProgrammeYear) -> list[str]:
    """Section ids the hub adds wording to that the programme-year does not have."""
    ids = {s.id for s in py.spec.sections if s.id}
    return [section_id for section_id in _extras(hub, py) if section_id not in ids]
