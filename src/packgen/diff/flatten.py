"""A pack as the reader meets it: an ordered list of parts, each a heading and its items.

The parts are read from the resolved pack, in reading order, keyed by the wording walk's parts
(wording/walk.py) so the same part matches across years: the title page, the sections, the
form's heading and body, each group of fields (label and any pre-filled answer), the
commitments and signatures, and the appendix of hubs. What the layout adds (who may apply, the
links to the fillable forms) is found in the pack by identity, not placed again here; a kind of
block registered from outside shows its wording as paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .. import pack as p
from ..forms.kinds import kind_of
from ..letter import Letter
from ..resolve import Resolution
from ..wording.walk import APPENDIX, COMMITMENTS, FORM, MASTHEAD, letter_part


@dataclass(frozen=True)
class Item:
    """One paragraph, bullet or form row; ``cells`` is one Inline, or label and answer."""

    kind: str
    key: str | None
    cells: tuple[p.Inline, ...]
    hub: str | None = None  # the code of the hub whose own wording it is (a placement's, an edit's)
    origin: str | None = None  # a national paragraph's or list item's id (wording/ids.py)
    by: str | None = None  # the code of the hub whose edit left it out on the other side


@dataclass(frozen=True)
class Part:
    key: str
    kind: str  # masthead, section, notice, form, group, commitments, appendix
    heading: str | None
    items: tuple[Item, ...]


def _text(text: str) -> p.Inline:
    return (p.Run(text),) if text else ()


@dataclass
class _Part:
    key: str
    kind: str
    section_id: str | None = None
    heading: str | None = None
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        self.items.append(item)


def _cells_with_notes(
    part: _Part,
    kind: str,
    key: str | None,
    cells: tuple[p.Inline, ...],
    hub: str | None = None,
    origin: str | None = None,
) -> None:
    """An item, then each footnote its cells call, as an item of its own."""
    part.add(Item(kind, key, cells, hub, origin))
    for cell in cells:
        for note in p.notes_in(cell):
            part.add(Item("footnote", None, (note.runs,), hub))


class _Blocks:
    """The items of the pack's blocks; a block the layout adds (who may apply, the form links) is keyed as such."""

    def __init__(self, resolution: Resolution):
        self.added = [("who-may-apply", resolution.who_may_apply), ("form-links", resolution.form_links)]
        self.resolution = resolution

    def whose(self, node: object, mine: str | None) -> str | None:
        """The hub's code when ``node`` (or what it stands in) is the hub's own wording."""
        return mine or (self.resolution.pack.hub_code if self.resolution.is_own(node) else None)

    def list(self, part: _Part, items: tuple[p.ListItem, ...], numbered: bool, mine: str | None) -> None:
        for item in items:
            hub = self.whose(item, mine)
            if item.runs:
                kind = "numbered" if numbered else "bullet"
                _cells_with_notes(part, kind, None, (item.runs,), hub, self.resolution.origin(item))
            if item.sublist is not None:
                self.list(part, item.sublist.items, item.sublist.numbered, hub)

    def add(self, part: _Part, blocks: tuple[p.Block, ...], mine: str | None = None) -> None:
        for block in blocks:
            added = next(((name, i) for name, own in self.added for i, b in enumerate(own) if b is block), None)
            hub = self.whose(block, mine)
            if added is not None:
                if isinstance(block, p.Paragraph):
                    part.add(Item("paragraph", f"{added[0]}:{added[1]}", (block.runs,)))
            elif isinstance(block, p.Paragraph):
                if block.runs:
                    _cells_with_notes(part, "paragraph", None, (block.runs,), hub, self.resolution.origin(block))
            elif isinstance(block, p.ItemList):
                self.list(part, block.items, block.numbered, hub)
            elif isinstance(block, p.Heading):
                part.add(Item("subheading", None, (_text(block.text),), hub))
            elif isinstance(block, p.Table):
                if block.caption:
                    part.add(Item("caption", None, (_text(block.caption),), hub))
                if block.header:
                    _cells_with_notes(part, "header-row", None, block.header, hub)
                for row in block.rows:  # a picture's cell by its alt text, as an image block's
                    _cells_with_notes(part, "row", None, tuple(p.cell_runs(cell) for cell in row), hub)
            elif isinstance(block, p.Image):
                _picture(part, block, hub)
            elif isinstance(block, p.Video):
                _cells_with_notes(part, "paragraph", None, (block.runs,), hub)
            elif isinstance(block, p.Notice):
                if block.heading:
                    part.add(Item("subheading", None, (_text(block.heading),), hub))
                self.add(part, block.blocks, hub)
            else:  # a kind of block registered from outside (model/blocks.py): its wording, a paragraph each
                for runs in _node_runs(block):
                    _cells_with_notes(part, "paragraph", None, (runs,), hub)


def _node_runs(block: object) -> Iterator[p.Inline]:
    """The wording of a node the diff has no layout for: each of its fields that holds runs or text."""
    for name, value in vars(block).items():
        if name != "kind" and isinstance(value, str) and value:
            yield _text(value)
        elif isinstance(value, tuple) and value and all(isinstance(r, p.Run) for r in value):
            yield value


def _picture(part: _Part, image: p.Image, hub: str | None = None) -> None:
    part.add(Item("picture", None, ((p.Run("Picture: "), p.Run(image.alt)),), hub))
    if image.caption:
        part.add(Item("caption", None, (_text(image.caption),), hub))


def flatten(resolution: Resolution, letters: Sequence[Letter] = ()) -> tuple[Part, ...]:
    """The resolved pack's parts in reading order, each keyed by the walk's part so the same part
    matches across years: the masthead, the sections, the form, its groups, the commitments and
    the appendix of hubs; then each decision letter of ``letters`` (as a sample school reads it),
    a part headed by its subject."""
    pack = resolution.pack
    blocks = _Blocks(resolution)
    parts: list[_Part] = [masthead := _Part(MASTHEAD, "masthead")]
    masthead.add(Item("hub-name", "hub-name", (_text(pack.hub_name),)))
    if pack.hub_details:
        masthead.add(Item("hub-details", "hub-details", (pack.hub_details,)))
    masthead.add(Item("title", "title", (_text(pack.title),)))
    if pack.tagline:
        masthead.add(Item("tagline", "tagline", (_text(pack.tagline),)))
    if pack.subtitle:
        masthead.add(Item("subtitle", "subtitle", (_text(pack.subtitle),)))
    for logo in pack.logos:
        _picture(masthead, logo)
    keys = iter(resolution.parts)
    for section in pack.sections:
        part = _Part(next(keys), "notice" if section.style == "notice" else "section", section.id, section.heading)
        blocks.add(part, section.blocks)
        parts.append(part)
    form = pack.form
    if form is not None:
        parts.append(part := _Part(FORM, "form", heading=form.heading))
        blocks.add(part, form.blocks)
        for group in form.groups:
            key = next(keys)
            if key in resolution.labels:  # a repeated group's role labels stand in a part of their own, shown empty
                parts.append(_Part(key, "group"))
                key = next(keys)
            parts.append(part := _Part(key, "group", heading=group.heading))
            blocks.add(part, group.blocks)
            for f in group.fields:
                kind = kind_of(f.type)
                label = f.label + ((p.Run(kind.label_suffix),) if kind.label_suffix else ())
                shown = f.value if f.value is not None else kind.pack_text(f)
                part.add(Item("long-field" if f.layout == "stacked" else "field", f.name, (label, _text(shown))))
        if form.commitments is not None:
            c = form.commitments
            parts.append(part := _Part(COMMITMENTS, "commitments", heading=c.heading))
            part.add(Item("paragraph", "intro", (c.intro,)))
            for item in c.items:
                part.add(Item("bullet", None, (item,)))
            for s in c.signatures:
                part.add(Item("signature", s.name, (_text(s.role), _text(s.label))))
            if c.note is not None:
                part.add(Item("note", "note", (c.note,)))
    if pack.appendix is not None:
        parts.append(part := _Part(APPENDIX, "appendix", heading=pack.appendix.heading))
        blocks.add(part, pack.appendix.blocks)
        for region in pack.appendix.regions:
            part.add(Item("region", f"region:{region.name}", (_text(f"{region.name} Region:"),)))
            for h in region.hubs:
                part.add(Item("hub", f"hub:{h.code}", (_text(f"{h.code}: {h.name}"),)))
    for letter in letters:
        parts.append(part := _Part(letter_part(letter.kind), "section", heading=letter.subject))
        blocks.add(part, letter.blocks)
    return tuple(_unique([Part(b.key, b.kind, b.heading, tuple(b.items)) for b in parts]))


def _unique(parts: list[Part]) -> list[Part]:
    seen: dict[str, int] = {}
    out = []
    for part in parts:
        n = seen[part.key] = seen.get(part.key, 0) + 1
        out.append(part if n == 1 else Part(f"{part.key}#{n}", part.kind, part.heading, part.items))
    return out
