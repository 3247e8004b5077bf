"""A programme-year's blocks as one hub's pack has them: the national blocks with the hub's own placed.

A hub places blocks of its own by the id of a national section or block (an offer's
``placements``: before, after, replace, end_of; its ``extra`` paragraphs are end_of placements).
``arrange`` gives the sections in order, each with its blocks in order, every block with the
file and path it was written at, so the wording walk (wording/walk.py) and the pack's layout
(resolve.py) both read the one arrangement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..model.blocks import NoticeBlock
from ..model.blocks import block_id as block_id_of
from ..model.project import Hub, ProgrammeYear
from ..model.schema import SectionSpec
from ..model.yaml_reader import Loc, LocatedData


@dataclass(frozen=True)
class Placed:
    """One block where it stands in a pack, and where it was written."""

    block: Any  # a block of model/schema.py's Block union
    source: LocatedData
    loc: Loc
    hub: Hub | None = None  # set for a hub's own block
    children: tuple[Placed, ...] = ()  # a notice's blocks, arranged


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
    """A hub's placements by the id they refer to; ``used`` records those that found their id."""

    hub: Hub | None = None
    by_id: dict[str, list[tuple[str, int, tuple[Placed, ...]]]] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    locs: dict[int, Loc] = field(default_factory=dict)

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
    for section_id, paragraphs in offer.extra.items():
        loc = base + ("extra", section_id)
        blocks = tuple(Placed(text, hub.source, loc + (j,), hub) for j, text in enumerate(paragraphs))
        wanted.by_id.setdefault(section_id, []).append(("end_of", index, blocks))
        wanted.locs[index] = loc + ("__key__",)
        index += 1
    return wanted


def _place(block: Any, source: LocatedData, loc: Loc, hub: Hub | None, wanted: _Wanted | None = None) -> Placed:
    children: tuple[Placed, ...] = ()
    if isinstance(block, NoticeBlock):
        children = arrange_blocks(block.notice, source, loc + ("notice",), wanted, hub, inside=block)
    return Placed(block, source, loc, hub, children)


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
                out.append(_place(block, source, loc + (i,), hub, wanted))
            out.extend(_checked(wanted, wanted.take(block_id, "after"), inside))
        else:
            out.append(_place(block, source, loc + (i,), hub, wanted))
    if wanted is not None and isinstance(inside, NoticeBlock) and inside.id:
        out.extend(_checked(wanted, wanted.take(inside.id, "end_of"), inside))
    return tuple(out)


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


def slug(text: str) -> str:
    """Text as a part's name: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "part"


def section_key(section: SectionSpec, index: int) -> str:
    """A section's name across years: its id, else its heading, else its place."""
    return section.id or (slug(section.heading) if section.heading else f"section-{index + 1}")


@dataclass(frozen=True)
class Arrangement:
    """A programme-year's sections and block lists as one hub's pack has them."""

    sections: tuple[PlacedSection, ...]
    form_body: tuple[Placed, ...]
    group_bodies: tuple[tuple[Placed, ...], ...]
    appendix_body: tuple[Placed, ...]
    problems: tuple[Problem, ...]


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
    problems = list(wanted.problems)
    if hub is not None:
        known = {block_id for _loc, block_id in spec.ids()}
        for target, entries in wanted.by_id.items():
            for _position, index, _blocks in entries:
                if index in wanted.used:
                    continue
                line, col = hub.source.position(wanted.locs[index])
                if target in known:
                    message = (
                        f"end_of: {target!r} in {src.shown} is a block; end_of takes a section or notice "
                        "(use after: for a block)"
                    )
                else:
                    message = f"no section or block with id {target!r} in {src.shown}"
                problems.append(Problem(hub.source.shown, line, col, message, "offer.section"))
    return Arrangement(tuple(sections), form_body, groups, appendix, tuple(problems))
