"""Every piece of wording in a programme-year, in the order a reader meets it, with where it stands.

This walk is the one list of what is wording. It yields a tree (``Walked``): the pack's parts in
reading order (``WalkedPart``: the masthead, each section, the form, each of its groups, the
commitments, the appendix; or each decision letter), each holding its own pieces and its placed
blocks (``WalkedBlock``: a block where the hub's pack has it, with its pieces, list items among
them, and the blocks inside it). Resolving a hub's pack walks that tree once, rendering each
piece where it stands and laying out its block there; the checks, the preview and the ids read
the same tree as a flat stream of pieces (``Walked.pieces``, ``programme_pieces``). A new kind
of wording is added here once, and all of them see it.

A piece knows:
- ``source`` and ``loc``: the file and the path to the string in it (for ``file:line:col``);
- ``role``: what it is in the pack (title, heading, paragraph, bullet, label, hint…);
- ``part``: the part of the pack it belongs to (masthead, a section's key, form, a group of
  the form, form/commitments, appendix), the unit a diff matches across years;
- ``variants``: a repeated group's roles, each of which the piece is rendered for, with
  ``{{ role.label }}`` set; ``(None,)`` for a piece rendered once;
- ``hub``: set for a hub's own wording (an offer's ``extra``, ``placements`` and ``edits``), which
  only that hub shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..forms.kinds import kind_of
from ..model.blocks import PieceRole, kind_of_block
from ..model.project import Hub, ProgrammeYear, Project
from ..model.schema import FieldGroupSpec, FormFieldSpec, FormSpec, Logo, Role, SectionSpec
from ..model.yaml_reader import Loc, LocatedData
from .arrange import Arrangement, Placed, PlacedItem, PlacedSection, arrange, slug
from .facts import offer_of

TEMPLATED_NOT: frozenset[PieceRole] = frozenset({"choice", "role-label"})
"""Roles shown as written: Jinja does not render them."""

MASTHEAD, FORM, COMMITMENTS, APPENDIX = "masthead", "form", "form/commitments", "appendix"
EXPECTATIONS = "expectations"
"""The id of the section whose bullets the form's confirmation list repeats."""
LIST_ITEMS: frozenset[PieceRole] = frozenset({"bullet", "numbered"})
"""The roles of list items, at any depth."""


@dataclass(frozen=True)
class Piece:
    """One string of wording as written, where it stands, and what it is in the pack."""

    source: LocatedData
    loc: Loc
    text: str
    role: PieceRole
    part: str
    programme_year: ProgrammeYear
    variants: tuple[Role | None, ...] = (None,)
    hub: Hub | None = None
    field: FormFieldSpec | None = None  # the field a label, hint, value or choice belongs to
    group: FieldGroupSpec | None = None  # the group of the form it stands in
    section: SectionSpec | None = None  # the section it stands in
    written: bool = True  # False for a value the field's type fills in ({{ hub.name }})
    block: Any = None  # the block (or logo) of model/schema.py it belongs to
    depth: int = 0  # a list item's depth: 0 for an item of a list that is not nested

    def part_for(self, role: Role | None) -> str:
        """The part this piece stands in for one of its variants: each role's group is a part of its own."""
        return group_key(self.group, role) if self.group is not None and role is not None else self.part

    @property
    def templated(self) -> bool:
        """Rendered through Jinja before anyone reads it."""
        return self.role not in TEMPLATED_NOT


PartKind = Literal["masthead", "section", "form", "group", "commitments", "appendix", "letter"]
"""What a part of the walked tree is."""


class _Holding:
    """A walked block's or part's ``content``: its own pieces and the blocks in it, in reading order."""

    content: tuple[Piece | WalkedBlock, ...]

    @property
    def own(self) -> tuple[Piece, ...]:
        """Its own pieces, not those of the blocks in it."""
        return tuple(node for node in self.content if isinstance(node, Piece))

    @property
    def blocks(self) -> tuple[WalkedBlock, ...]:
        """The blocks in it, walked."""
        return tuple(node for node in self.content if isinstance(node, WalkedBlock))

    def pieces(self) -> Iterator[Piece]:
        """Every piece of it, those of the blocks in it too, in reading order."""
        yield from _pieces(self.content)


@dataclass(frozen=True)
class WalkedBlock(_Holding):
    """A block where one hub's pack has it, and its wording: its own pieces (a list's items among them, with
    their depth) and the blocks inside it (a notice's), in reading order."""

    placed: Placed
    content: tuple[Piece | WalkedBlock, ...]


@dataclass(frozen=True)
class WalkedPart(_Holding):
    """One part of the pack (or one decision letter): its own pieces (a heading, a group's labels and fields…)
    and its placed blocks, in reading order. ``key`` is the part its pieces stand in."""

    key: str
    kind: PartKind
    content: tuple[Piece | WalkedBlock, ...]
    section: PlacedSection | None = None  # a section's arrangement
    group: FieldGroupSpec | None = None  # a group of the form


@dataclass(frozen=True)
class Walked:
    """A programme-year's wording as one hub's pack (or its letters) has it: its parts in reading order."""

    parts: tuple[WalkedPart, ...]

    def pieces(self) -> Iterator[Piece]:
        """Every piece, in reading order: the flat stream the checks, the preview and the ids read."""
        for part in self.parts:
            yield from part.pieces()

    def of_kind(self, kind: PartKind) -> tuple[WalkedPart, ...]:
        return tuple(part for part in self.parts if part.kind == kind)


def _pieces(content: Iterable[Piece | WalkedBlock]) -> Iterator[Piece]:
    for node in content:
        if isinstance(node, Piece):
            yield node
        else:
            yield from node.pieces()


def field_name(group: FieldGroupSpec, role: Role | None, name: str) -> str:
    """An answer's one name in every format: group id, role key and field name, dotted."""
    return ".".join(part for part in (group.id, role.key if role else None, name) if part)


def group_key(group: FieldGroupSpec, role: Role | None) -> str:
    """A form group's part name: its fields' shared name prefix, so a renamed heading still matches."""
    names = [field_name(group, role, f.name).split(".") for f in group.fields]
    prefix: list[str] = []
    for parts in zip(*names, strict=False):  # names of different depths: the prefix is at most the shortest
        if len(set(parts)) != 1:
            break
        prefix.append(parts[0])
    return "form/" + (".".join(prefix) or slug(group.heading))


class _Walk:
    def __init__(self, py: ProgrammeYear, source: LocatedData, hub: Hub | None = None):
        self.py = py
        self.source = source
        self.hub = hub

    def piece(self, loc: Loc, text: str, role: PieceRole, part: str, **kw: Any) -> Piece:
        return Piece(self.source, loc, text, role, part, self.py, hub=self.hub, **kw)

    def at(self, placed: Placed | PlacedItem) -> _Walk:
        """The walk for a placed block: a hub's own block is the hub's wording, in the hub's file."""
        return (
            self
            if placed.source is self.source and placed.hub is self.hub
            else _Walk(self.py, placed.source, placed.hub)
        )

    def blocks(self, placed: Iterable[Placed], part: str, **kw: Any) -> Iterator[WalkedBlock]:
        """Each block walked: its pieces as its kind's record (model/blocks.py) yields them."""
        for at in placed:
            yield WalkedBlock(at, tuple(kind_of_block(at.block).pieces(at, _Say(self.at(at), at.block, part, kw))))


@dataclass(frozen=True)
class _Say:
    """What a kind of block's ``pieces`` is given: pieces of its file, in its part, with its block."""

    walk: _Walk
    block: Any
    part: str
    kw: dict[str, Any]

    def __call__(self, loc: Loc, text: str, role: PieceRole, *, depth: int = 0) -> Piece:
        return self.walk.piece(loc, text, role, self.part, block=self.block, depth=depth, **self.kw)

    def blocks(self, placed: Iterable[Placed]) -> Iterator[WalkedBlock]:
        return self.walk.blocks(placed, self.part, **self.kw)

    def within(self, placed: Placed | PlacedItem) -> _Say:
        return _Say(self.walk.at(placed), self.block, self.part, self.kw)


def _group(w: _Walk, g: FieldGroupSpec, gloc: Loc, body: tuple[Placed, ...]) -> WalkedPart:
    variants: tuple[Role | None, ...] = tuple(g.repeat) if g.repeat else (None,)
    part = group_key(g, None)
    kw = {"variants": variants, "group": g}
    content: list[Piece | WalkedBlock] = []
    for ri, role in enumerate(g.repeat or ()):
        content.append(w.piece(gloc + ("repeat", ri, "label"), role.label, "role-label", part, group=g))
    content.append(w.piece(gloc + ("heading",), g.heading, "heading", part, **kw))
    content += w.blocks(body, part, **kw)
    for fi, f in enumerate(g.fields):
        floc = gloc + ("fields", fi)
        content.append(w.piece(floc + ("label",), f.label, "label", part, field=f, **kw))
        if f.hint:
            content.append(w.piece(floc + ("hint",), f.hint, "hint", part, field=f, **kw))
        value, written = (f.value, True) if f.value is not None else (kind_of(f.type).prefilled, False)
        if value is not None:
            content.append(w.piece(floc + ("value",), value, "value", part, field=f, written=written, **kw))
        for ci, choice in enumerate(f.choices or ()):
            content.append(w.piece(floc + ("choices", ci), choice, "choice", part, field=f, group=g))
        if f.other:
            content.append(w.piece(floc + ("other",), f.other, "choice", part, field=f, group=g))
    return WalkedPart(part, "group", tuple(content), group=g)


def _logo(w: _Walk, logo: Logo, loc: Loc) -> Piece:
    return w.piece(loc + ("alt",), logo.alt, "alt", MASTHEAD, block=logo)


def walk_pack(py: ProgrammeYear, hub: Hub | None = None, arranged: Arrangement | None = None) -> Walked:
    """A programme-year's wording as a tree of the pack's parts, in reading order.

    With ``hub``, that hub's own wording (its logo, its offer's placements and ``extra``)
    stands where the hub placed it, and national blocks it replaced are left out. ``arranged``
    is ``arrange(py, hub)`` when the caller has it already.
    """
    spec = py.spec
    w = _Walk(py, py.source)
    arranged = arranged if arranged is not None else arrange(py, hub)
    masthead: list[Piece] = []
    own_title = hub_title(py, hub)
    if own_title is not None:
        masthead.append(_Walk(py, hub.source, hub).piece(*own_title, "title", MASTHEAD))
    else:
        masthead.append(w.piece(("title",), spec.title, "title", MASTHEAD))
    if spec.tagline:
        masthead.append(w.piece(("tagline",), spec.tagline, "tagline", MASTHEAD))
    if spec.subtitle:
        masthead.append(w.piece(("subtitle",), spec.subtitle, "subtitle", MASTHEAD))
    if spec.logo:
        masthead.append(_logo(w, spec.logo, ("logo",)))
    if hub is not None and hub.spec.logo:
        masthead.append(_logo(_Walk(py, hub.source, hub), hub.spec.logo, ("logo",)))
    parts = [WalkedPart(MASTHEAD, "masthead", tuple(masthead))]
    for s in arranged.sections:
        content: list[Piece | WalkedBlock] = []
        if s.spec is not None and s.loc is not None and s.spec.heading:
            content.append(w.piece(s.loc + ("heading",), s.spec.heading, "heading", s.key, section=s.spec))
        content += w.blocks(s.blocks, s.key, section=s.spec)
        parts.append(WalkedPart(s.key, "section", tuple(content), section=s))
    form = spec.form
    if form is not None:
        parts += _form(w, form, arranged)
    if spec.hub_appendix:
        a = spec.hub_appendix
        heading = w.piece(("hub_appendix", "heading"), a.heading, "heading", APPENDIX)
        parts.append(WalkedPart(APPENDIX, "appendix", (heading, *w.blocks(arranged.appendix_body, APPENDIX))))
    return Walked(tuple(parts))


def programme_pieces(py: ProgrammeYear, hub: Hub | None = None, arranged: Arrangement | None = None) -> Iterator[Piece]:
    """Every piece of a programme-year's wording in reading order: ``walk_pack``'s tree as a stream."""
    yield from walk_pack(py, hub, arranged).pieces()


def hub_title(py: ProgrammeYear, hub: Hub | None) -> tuple[Loc, str] | None:
    """Where the hub's own title for the programme-year stands in its file, and the title, if its offer has one."""
    if hub is None:
        return None
    offer = offer_of(hub, py)
    if offer is None or offer.title is None:
        return None
    return ("offers", py.programme, py.year.id, "title"), offer.title


def _form(w: _Walk, form: FormSpec, arranged: Arrangement) -> Iterator[WalkedPart]:
    heading = w.piece(("form", "heading"), form.heading, "heading", FORM)
    yield WalkedPart(FORM, "form", (heading, *w.blocks(arranged.form_body, FORM)))
    for gi, g in enumerate(form.groups):
        yield _group(w, g, ("form", "groups", gi), arranged.group_bodies[gi])
    if form.commitments:
        c = form.commitments
        cloc: Loc = ("form", "commitments")
        content = [
            w.piece(cloc + ("heading",), c.heading, "heading", COMMITMENTS),
            w.piece(cloc + ("intro",), c.intro, "intro", COMMITMENTS),
        ]
        for i, item in enumerate(c.items):
            content.append(w.piece(cloc + ("items", i), item, "item", COMMITMENTS))
        for i, s in enumerate(c.signatures):
            content.append(w.piece(cloc + ("signatures", i, "role"), s.role, "signature-role", COMMITMENTS))
            content.append(w.piece(cloc + ("signatures", i, "label"), s.label, "signature-label", COMMITMENTS))
        if c.note:
            content.append(w.piece(cloc + ("note",), c.note, "note", COMMITMENTS))
        yield WalkedPart(COMMITMENTS, "commitments", tuple(content))


LETTERS = "letters"
"""The parts of the decision letters start with this: ``letters/offered``…"""


def letter_part(kind: str) -> str:
    """The part a decision letter's wording stands in: ``letters/offered``."""
    return f"{LETTERS}/{kind}"


def walk_letters(py: ProgrammeYear, hub: Hub | None = None, arranged: Arrangement | None = None) -> Walked:
    """A programme-year's decision letters (``letters:``) as a tree, a part per letter: its subject, then
    its blocks with ``hub``'s own placed. A pack never shows them; the checks and the diff do."""
    letters = py.spec.letters
    if letters is None:
        return Walked(())
    w = _Walk(py, py.source)
    arranged = arranged if arranged is not None else arrange(py, hub)
    parts = []
    for kind, placed in arranged.letters:
        part = letter_part(kind)
        subject = w.piece((LETTERS, kind, "subject"), getattr(letters, kind).subject, "heading", part)
        parts.append(WalkedPart(part, "letter", (subject, *w.blocks(placed, part))))
    return Walked(tuple(parts))


def letter_pieces(py: ProgrammeYear, hub: Hub | None = None, arranged: Arrangement | None = None) -> Iterator[Piece]:
    """Every piece of a programme-year's decision letters, letter by letter: ``walk_letters``'s tree as a stream."""
    yield from walk_letters(py, hub, arranged).pieces()


def is_letter(piece: Piece) -> bool:
    """Whether a piece is a decision letter's wording (rendered with a school and a decision too)."""
    return piece.part.startswith(LETTERS + "/")


def all_pieces(py: ProgrammeYear, hub: Hub | None = None) -> Iterator[Piece]:
    """The pack's pieces, then the decision letters': every piece of wording the programme-year has."""
    arranged = arrange(py, hub)
    yield from programme_pieces(py, hub, arranged)
    yield from letter_pieces(py, hub, arranged)


def hub_pieces(hub: Hub, project: Project) -> Iterator[Piece]:
    """A hub's own wording: its logo's alt text once, then its placed blocks for every
    programme-year it has an offer for."""
    by_key = {(py.programme, py.year.id): py for py in project.programmes}
    logo_shown = False
    for programme, years in hub.spec.offers.items():
        for year_id in years:
            py = by_key.get((programme, year_id))
            if py is None:
                continue
            own = [w for w in all_pieces(py, hub) if w.hub is hub]
            if logo_shown:
                own = [w for w in own if w.block is not hub.spec.logo]
            logo_shown = logo_shown or any(w.block is hub.spec.logo for w in own)
            yield from own
