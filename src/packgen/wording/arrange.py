"""A programme-year's blocks as one hub's pack has them: the national blocks with the hub's own placed.

A hub places blocks of its own by the id of a national section or block (an offer's
``placements``: before, after, replace, end_of; its ``extra`` paragraphs are end_of placements),
and words national paragraphs and list items its own way by their ids (an offer's ``edits``:
replace, remove, after; wording/ids.py makes the ids). ``arrange`` gives the sections in order,
each with its blocks in order, every block (and list item) with the file and path it was written
at: the wording walk (wording/walk.py) reads the one arrangement into the tree that resolving a
pack (resolve.py) lays out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Problem
from ..model.blocks import Bullets, ListItemSpec, NoticeBlock, Numbered, ParagraphBlock
from ..model.blocks import block_id as block_id_of
from ..model.project import Hub, ProgrammeYear
from ..model.schema import LETTER_KINDS, SectionSpec
from ..model.yaml_reader import Loc, LocatedData
from .ids import WordingId, ids_by_loc, section_key, slug

__all__ = ["Arrangement", "Placed", "PlacedItem", "PlacedSection", "arrange", "section_key", "slug"]


@dataclass(frozen=True)
class PlacedItem:
    """One list item where it stands, and where its text was written (a hub's edit's, or the list's file)."""

    text: str
    loc: Loc  # the path to its text
    source: LocatedData
    hub: Hub | None = None  # set for a hub's own wording of it
    sublist: str | None = None  # bullets or numbered: the kind of list under it
    children: tuple[PlacedItem, ...] = ()  # the items of that list, arranged
    ident: str | None = None  # a national item's id (wording/ids.py), in a hub's arrangement


@dataclass(frozen=True)
class Placed:
    """One block where it stands in a pack, and where it was written."""

    block: Any  # a block of model/schema.py's Block union
    source: LocatedData
    loc: Loc
    hub: Hub | None = None  # set for a hub's own block
    children: tuple[Placed, ...] = ()  # a notice's blocks, arranged
    items: tuple[PlacedItem, ...] = ()  # a list's items, arranged
    ident: str | None = None  # a national paragraph's id (wording/ids.py), in a hub's arrangement


@dataclass(frozen=True)
class PlacedSection:
    """A section of the pack: a national one (``spec``), or a hub's blocks between sections."""

    spec: SectionSpec | None
    key: str  # the part of the pack it is, for the walk and the diff
    blocks: tuple[Placed, ...]
    loc: Loc | None = None  # the national section's path, e.g. ("sections", 2)
    hub: Hub | None = None


@dataclass
class _Wanted:
    """A hub's placements and edits by the id they refer to; ``used`` and ``edited`` record those that found it."""

    hub: Hub | None = None
    by_id: dict[str, list[tuple[str, int, tuple[Placed, ...]]]] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    locs: dict[int, Loc] = field(default_factory=dict)
    ids: dict[Loc, WordingId] = field(default_factory=dict)  # the national paragraphs and items by path
    edits: dict[str, list[tuple[str, int, tuple[Placed, ...]]]] = field(default_factory=dict)
    edited: set[int] = field(default_factory=set)  # the edits that found their paragraph or item
    edit_locs: dict[int, Loc] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)  # the ids of the national paragraphs and items removed

    def edit(self, loc: Loc) -> tuple[bool, Placed | None, tuple[Placed, ...]]:
        """The hub's edits of the national paragraph or item at ``loc``: (kept, its new wording, what follows it)."""
        found = self.ids.get(loc)
        kept, instead, after = True, None, []
        if found is None or self.hub is None:
            return kept, instead, ()
        for action, index, placed in self.edits.get(found.id, ()):
            self.edited.add(index)
            if action == "after":
                after += placed
            elif kept and instead is None:
                kept, instead = action != "remove", placed[0] if placed else None
                if not kept:
                    self.left_out.add(found.id)
            else:
                line, col = self.hub.source.position(self.edit_locs[index])
                message = f"{found.id!r} is replaced or removed by an edit above; edit it once"
                self.problems.append(Problem(self.hub.source.shown, line, col, message, "offer.section"))
        return kept, instead, tuple(after)

    def take(self, target: str | None, position: str) -> tuple[Placed, ...]:
        out: list[Placed] = []
        for where, index, blocks in self.by_id.get(target or "", ()):
            if where == position:
                self.used.add(index)
                out.extend(blocks)
        return tuple(out)

    def replaced(self, target: str | None) -> bool:
        return any(where == "replace" for where, _, _ in self.by_id.get(target or "", ()))


def _offer_path(py: ProgrammeYear) -> Loc:
    return ("offers", py.programme, py.year.id)


def _wanted(py: ProgrammeYear, hub: Hub | None) -> _Wanted:
    wanted = _Wanted(hub)
    if hub is None:
        return wanted
    wanted.ids = ids_by_loc(py.spec)  # with no offer too: the diff reads the ids of the national wording it shows
    offer = hub.spec.offers.get(py.programme, {}).get(py.year.id)
    if offer is None:
        return wanted
    base = _offer_path(py)
    index = 0
    for k, placement in enumerate(offer.placements):
        position, target = placement.position
        loc = base + ("placements", k)
        blocks = tuple(_place(b, hub.source, loc + ("blocks", j), hub) for j, b in enumerate(placement.blocks))
        wanted.by_id.setdefault(target, []).append((position, index, blocks))
        wanted.locs[index] = loc + (position,)
        index += 1
    for k, edit in enumerate(offer.edits):
        action, target = edit.action
        loc = base + ("edits", k)
        if action == "replace":
            texts = [(edit.text or "", loc + ("text",))]
        else:
            texts = [(text, loc + ("add", j)) for j, text in enumerate(edit.add)]
        placed = tuple(Placed(text, hub.source, at, hub) for text, at in texts)
        wanted.edits.setdefault(target, []).append((action, k, placed))
        wanted.edit_locs[k] = loc + (action,)
    for section_id, paragraphs in offer.extra.items():
        loc = base + ("extra", section_id)
        blocks = tuple(Placed(text, hub.source, loc + (j,), hub) for j, text in enumerate(paragraphs))
        wanted.by_id.setdefault(section_id, []).append(("end_of", index, blocks))
        wanted.locs[index] = loc + ("__key__",)
        index += 1
    return wanted


def _place(block: Any, source: LocatedData, loc: Loc, hub: Hub | None, wanted: _Wanted | None = None) -> Placed:
    children: tuple[Placed, ...] = ()
    items: tuple[PlacedItem, ...] = ()
    if isinstance(block, NoticeBlock):
        children = arrange_blocks(block.notice, source, loc + ("notice",), wanted, hub, inside=block)
    elif isinstance(block, (Bullets, Numbered)):
        key = "bullets" if isinstance(block, Bullets) else "numbered"
        items = _items(getattr(block, key), source, loc + (key,), hub, wanted if hub is None else None)
    return Placed(block, source, loc, hub, children, items)


def _items(
    items: list[Any], source: LocatedData, loc: Loc, hub: Hub | None, wanted: _Wanted | None
) -> tuple[PlacedItem, ...]:
    """A list's items with a hub's edits of the national ones made."""
    out: list[PlacedItem] = []
    for k, item in enumerate(items):
        at = loc + (k,)
        text, text_at, key, children = item, at, None, ()
        if isinstance(item, ListItemSpec):
            text, text_at = item.text, at + ("text",)
            if item.sublist is not None:
                key, sub = item.sublist
                children = _items(sub, source, at + (key,), hub, wanted)
        kept, instead, after = wanted.edit(at) if wanted is not None else (True, None, ())
        found = wanted.ids.get(at) if wanted is not None else None
        if kept:
            if instead is not None:
                out.append(PlacedItem(instead.block, instead.loc, instead.source, instead.hub, key, children))
            else:
                out.append(PlacedItem(text, text_at, source, hub, key, children, found.id if found else None))
        out += [PlacedItem(p.block, p.loc, p.source, p.hub) for p in after]
    return tuple(out)


def arrange_blocks(
    blocks: Iterable[Any],
    source: LocatedData,
    loc: Loc,
    wanted: _Wanted | None,
    hub: Hub | None = None,
    *,
    inside: NoticeBlock | SectionSpec | None = None,
) -> tuple[Placed, ...]:
    """The blocks of one list with a hub's placements that refer to them put in place."""
    out: list[Placed] = []
    for i, block in enumerate(blocks):
        block_id = block_id_of(block)
        if wanted is not None and block_id:
            out.extend(_checked(wanted, wanted.take(block_id, "before"), inside))
            out.extend(_checked(wanted, wanted.take(block_id, "replace"), inside))
            if not wanted.replaced(block_id):
                out.extend(_edited(block, source, loc + (i,), hub, wanted))
            out.extend(_checked(wanted, wanted.take(block_id, "after"), inside))
        else:
            out.extend(_edited(block, source, loc + (i,), hub, wanted))
    if wanted is not None and isinstance(inside, NoticeBlock) and inside.id:
        out.extend(_checked(wanted, wanted.take(inside.id, "end_of"), inside))
    return tuple(out)


def _edited(block: Any, source: LocatedData, loc: Loc, hub: Hub | None, wanted: _Wanted | None) -> tuple[Placed, ...]:
    """A block as the hub's pack has it: a national paragraph as the hub's edits word it (or left out)."""
    if wanted is None or hub is not None or not isinstance(block, (str, ParagraphBlock)):
        return (_place(block, source, loc, hub, wanted),)
    kept, instead, after = wanted.edit(loc)
    found = wanted.ids.get(loc)
    national = replace(_place(block, source, loc, hub, wanted), ident=found.id if found else None)
    shown = (instead if instead is not None else national,) if kept else ()
    return shown + after


def _checked(wanted: _Wanted, blocks: tuple[Placed, ...], inside: object) -> tuple[Placed, ...]:
    """A hub's blocks for a place; a notice cannot go inside another notice."""
    if not isinstance(inside, NoticeBlock):
        return blocks
    kept = []
    for placed in blocks:
        if isinstance(placed.block, NoticeBlock):
            line, col = placed.source.position(placed.loc + ("notice",))
            wanted.problems.append(
                Problem(
                    placed.source.shown,
                    line,
                    col,
                    "a notice cannot go inside another notice: place it before or after that notice",
                    "offer.section",
                )
            )
        else:
            kept.append(placed)
    return tuple(kept)


@dataclass(frozen=True)
class Arrangement:
    """A programme-year's sections and block lists as one hub's pack has them."""

    sections: tuple[PlacedSection, ...]
    form_body: tuple[Placed, ...]
    group_bodies: tuple[tuple[Placed, ...], ...]
    appendix_body: tuple[Placed, ...]
    problems: tuple[Problem, ...]
    letters: tuple[tuple[str, tuple[Placed, ...]], ...] = ()  # (kind, its blocks) of each decision letter
    left_out: frozenset[str] = frozenset()  # the ids of the national paragraphs and items the hub's edits remove


def arrange(py: ProgrammeYear, hub: Hub | None = None) -> Arrangement:
    """The programme-year's blocks with ``hub``'s placements put in; problems for placements that refer to no id."""
    spec, src = py.spec, py.source
    wanted = _wanted(py, hub)
    w = wanted if hub is not None else None
    sections: list[PlacedSection] = []

    def hubs_own(position: str, target: str, blocks: tuple[Placed, ...]) -> None:
        if blocks:
            sections.append(PlacedSection(None, f"hub-{position}-{target}", blocks, hub=hub))

    for si, s in enumerate(spec.sections):
        key = section_key(s, si)
        if w is not None and s.id:
            hubs_own("before", s.id, w.take(s.id, "before"))
            hubs_own("replace", s.id, w.take(s.id, "replace"))
        if w is None or not s.id or not w.replaced(s.id):
            blocks = arrange_blocks(s.body, src, ("sections", si, "body"), w, inside=s)
            if w is not None and s.id:
                blocks += w.take(s.id, "end_of")
            sections.append(PlacedSection(s, key, blocks, ("sections", si)))
        if w is not None and s.id:
            hubs_own("after", s.id, w.take(s.id, "after"))
    form = spec.form
    form_body = arrange_blocks(form.body, src, ("form", "body"), w) if form is not None else ()
    groups = (
        tuple(arrange_blocks(g.body, src, ("form", "groups", gi, "body"), w) for gi, g in enumerate(form.groups))
        if form is not None
        else ()
    )
    appendix = arrange_blocks(spec.hub_appendix.body, src, ("hub_appendix", "body"), w) if spec.hub_appendix else ()
    letters = (
        tuple(
            (kind, arrange_blocks(getattr(spec.letters, kind).body, src, ("letters", kind, "body"), w))
            for kind in LETTER_KINDS
        )
        if spec.letters
        else ()
    )
    problems = list(wanted.problems)
    if hub is not None:
        known = {block_id for _loc, block_id in spec.ids()}
        items = {found.id for found in wanted.ids.values() if found.kind == "item" and found.explicit}
        for target, entries in wanted.by_id.items():
            for _position, index, _blocks in entries:
                if index in wanted.used:
                    continue
                line, col = hub.source.position(wanted.locs[index])
                if target in items:
                    message = (
                        f"{target!r} in {src.shown} is a list item; placements go by sections and blocks "
                        "(an offer's edits: replace, remove or add after a list item)"
                    )
                elif target in known:
                    message = (
                        f"end_of: {target!r} in {src.shown} is a block; end_of takes a section or notice "
                        "(use after: for a block)"
                    )
                else:
                    message = f"no section or block with id {target!r} in {src.shown}"
                problems.append(Problem(hub.source.shown, line, col, message, "offer.section"))
        problems += _dangling_edits(py, hub, wanted, known)
    return Arrangement(
        tuple(sections), form_body, groups, appendix, tuple(problems), letters, frozenset(wanted.left_out)
    )


def _dangling_edits(py: ProgrammeYear, hub: Hub, wanted: _Wanted, known: set[str]) -> list[Problem]:
    """A located error for each edit whose paragraph or list item the hub's pack does not have."""
    problems = []
    ids = {found.id for found in wanted.ids.values()}
    for target, entries in wanted.edits.items():
        for _action, index, _placed in entries:
            if index in wanted.edited:
                continue
            line, col = hub.source.position(wanted.edit_locs[index])
            if target in ids:
                message = (
                    f"{target!r} is in a block or section that a placement of this offer replaces: "
                    "edit one or the other"
                )
            elif target in known:
                message = (
                    f"{target!r} in {py.source.shown} is a section or block, not a paragraph or list item: "
                    "use a placement (replace: with no blocks leaves it out)"
                )
            else:
                message = (
                    f"no paragraph or list item with id {target!r} in {py.source.shown} (reworded or gone?); "
                    f"`packgen ids {py.programme} {py.year.id}` lists them"
                )
            problems.append(Problem(hub.source.shown, line, col, message, "offer.section"))
    return problems
