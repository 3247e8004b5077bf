"""A pack as the reader meets it: an ordered list of parts, each a heading and its items.

Everything the information pack shows is here, in the order its DOCX shows it: the title
page, the sections, the form's heading and body, each group of fields (label and any
pre-filled answer), the commitments and signatures, and the appendix of hubs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import pack as p
from ..render.ooxml import field_label


@dataclass(frozen=True)
class Item:
    """One paragraph, bullet or form row; ``cells`` is one Inline, or label and answer."""

    kind: str
    key: str | None
    cells: tuple[p.Inline, ...]


@dataclass(frozen=True)
class Part:
    key: str
    kind: str  # masthead, section, notice, form, group, commitments, appendix
    heading: str | None
    items: tuple[Item, ...]


def _text(text: str) -> p.Inline:
    return (p.Run(text),) if text else ()


def _blocks(blocks: tuple[p.Block, ...]) -> list[Item]:
    items: list[Item] = []
    for b in blocks:
        if isinstance(b, p.BulletList):
            items += [Item("bullet", None, (runs,)) for runs in b.items]
        else:
            items.append(Item("paragraph", None, (b.runs,)))
    return items


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "part"


def _group_key(group: p.FieldGroup) -> str:
    """Its fields' shared name prefix (school, lead_teacher.year_1), so a renamed heading still matches."""
    names = [f.name.split(".") for f in group.fields]
    prefix: list[str] = []
    for parts in zip(*names):
        if len(set(parts)) != 1:
            break
        prefix.append(parts[0])
    return "form/" + (".".join(prefix) or _slug(group.heading))


def _field(field: p.FormField) -> Item:
    kind = "long-field" if field.layout == "stacked" else "field"
    return Item(kind, field.name, (field_label(field), _text(field.value or "")))


def flatten(pack: p.Pack) -> tuple[Part, ...]:
    """The pack's parts in reading order, each keyed so the same part matches across years."""
    parts = [Part("masthead", "masthead", None, (
        Item("hub-name", "hub-name", (_text(pack.hub_name),)),
        Item("title", "title", (_text(pack.title),)),
        Item("subtitle", "subtitle", (_text(pack.subtitle),)),
    ))]
    for i, s in enumerate(pack.sections):
        key = s.id or (_slug(s.heading) if s.heading else f"section-{i + 1}")
        parts.append(Part(key, "notice" if s.style == "notice" else "section", s.heading, tuple(_blocks(s.blocks))))
    form = pack.form
    parts.append(Part("form", "form", form.heading, tuple(_blocks(form.blocks))))
    for g in form.groups:
        parts.append(Part(_group_key(g), "group", g.heading, tuple(_blocks(g.blocks) + [_field(f) for f in g.fields])))
    if form.commitments:
        c = form.commitments
        items = [Item("paragraph", "intro", (c.intro,))]
        items += [Item("bullet", None, (runs,)) for runs in c.items]
        items += [Item("signature", s.name, (_text(s.role), _text(s.label))) for s in c.signatures]
        if c.note:
            items.append(Item("note", "note", (c.note,)))
        parts.append(Part("form/commitments", "commitments", c.heading, tuple(items)))
    if pack.appendix:
        a = pack.appendix
        items = _blocks(a.blocks)
        for region in a.regions:
            items.append(Item("region", f"region:{region.name}", (_text(f"{region.name} Region:"),)))
            items += [Item("hub", f"hub:{h.code}", (_text(f"{h.code}: {h.name}"),)) for h in region.hubs]
        parts.append(Part("appendix", "appendix", a.heading, tuple(items)))
    return tuple(_unique(parts))


def _unique(parts: list[Part]) -> list[Part]:
    seen: dict[str, int] = {}
    out = []
    for part in parts:
        n = seen[part.key] = seen.get(part.key, 0) + 1
        out.append(part if n == 1 else Part(f"{part.key}#{n}", part.kind, part.heading, part.items))
    return out
