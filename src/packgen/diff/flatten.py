"""A pack as the reader meets it: an ordered list of parts, each a heading and its items.

The parts are the wording walk's parts (wording/walk.py), in its reading order, as one hub's
pack renders them: the title page, the sections, the form's heading and body, each group of
fields (label and any pre-filled answer), the commitments and signatures, and the appendix of
hubs. A new kind of wording reaches the diff through the walk, with no change here unless it
is shown in a new way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..forms.kinds import kind_of
from ..model import pack as p
from ..resolve import APPLY_SECTION, Rendered, Resolution
from ..wording.walk import APPENDIX, COMMITMENTS, FORM, MASTHEAD, field_name


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


@dataclass
class _Part:
    key: str
    kind: str
    section_id: str | None = None
    heading: str | None = None
    items: list[Item] = field(default_factory=list)
    fields: dict[str, int] = field(default_factory=dict)  # field or signature name -> index in items
    origin: object = None  # the block the items being added come from
    origins: list[object] = field(default_factory=list)  # each item's block

    def add(self, item: Item, name: str | None = None) -> None:
        if name is not None:
            self.fields[name] = len(self.items)
        self.items.append(item)
        self.origins.append(self.origin)

    def insert(self, at: int, items: list[Item]) -> None:
        """``items`` before the item at ``at``: blocks the layout adds, from no block of the wording."""
        self.items[at:at] = items
        self.origins[at:at] = [None] * len(items)

    def after_first_block(self) -> int:
        """Where the items of the part's first block end."""
        return max((i for i, o in enumerate(self.origins) if o is self.origins[0]), default=-1) + 1

    def set_cell(self, name: str, cell: int, value: p.Inline) -> None:
        i = self.fields[name]
        cells = list(self.items[i].cells)
        cells[cell] = value
        self.items[i] = Item(self.items[i].kind, self.items[i].key, tuple(cells))


def _kind(r: Rendered) -> str:
    piece = r.piece
    if piece.group is not None:
        return "group"
    if piece.section is not None:
        return "notice" if piece.section.style == "notice" else "section"
    return {MASTHEAD: "masthead", FORM: "form", COMMITMENTS: "commitments", APPENDIX: "appendix"}.get(r.part, "section")


def _field_name(r: Rendered) -> str:
    assert r.piece.group is not None and r.piece.field is not None
    return field_name(r.piece.group, r.role, r.piece.field.name)


def _signature_name(r: Rendered, pack: p.Pack) -> str:
    assert pack.form.commitments is not None
    return pack.form.commitments.signatures[int(r.piece.loc[3])].name  # ("form", "commitments", "signatures", i, …)


def _with_notes(part: _Part, item: Item) -> None:
    """An item, then each footnote its cells call, as an item of its own."""
    part.add(item)
    for cell in item.cells:
        for note in p.notes_in(cell):
            part.add(Item("footnote", None, (note.runs,)))


def flatten(resolution: Resolution) -> tuple[Part, ...]:
    """The pack's parts in reading order, each keyed so the same part matches across years."""
    pack = resolution.pack
    fields = {f.name: f for f in pack.form.fields}
    parts: dict[str, _Part] = {MASTHEAD: _Part(MASTHEAD, "masthead")}
    parts[MASTHEAD].add(Item("hub-name", "hub-name", (_text(pack.hub_name),)))
    if pack.hub_details:
        parts[MASTHEAD].add(Item("hub-details", "hub-details", (pack.hub_details,)))
    row: tuple[object, _Part] | None = None  # the table row being gathered: its path and part

    def end_row() -> None:
        """The footnotes a finished row's cells call, after the row."""
        if row is not None:
            finished = row[1].items[-1]
            for cell in finished.cells:
                for note in p.notes_in(cell):
                    row[1].add(Item("footnote", None, (note.runs,)))

    for r in resolution.wording:
        part = parts.get(r.part)
        if part is None:
            part = parts[r.part] = _Part(r.part, _kind(r), r.piece.section.id if r.piece.section is not None else None)
        role = r.piece.role
        if role in ("header-cell", "cell"):
            at = r.piece.loc[:-1]
            if row is None or row[0] != at:
                end_row()
                row = (at, part)
                part.origin = r.piece.block
                part.add(Item("header-row" if role == "header-cell" else "row", None, ()))
            part.items[-1] = Item(part.items[-1].kind, None, part.items[-1].cells + (r.runs,))
            continue
        end_row()
        row = None
        part.origin = r.piece.block
        if role in ("title", "tagline", "subtitle"):
            part.add(Item(role, role, (_text(p.plain(r.runs)),)))
        elif role == "heading":
            part.heading = p.plain(r.runs)
        elif role in ("paragraph", "bullet", "numbered", "subheading", "caption") and r.runs:
            _with_notes(part, Item(role, None, (r.runs,)))
        elif role == "alt" and r.runs:
            part.add(Item("picture", None, ((p.Run("Picture: "),) + r.runs,)))
        elif role == "label":
            name, f = _field_name(r), r.piece.field
            assert f is not None
            suffix = kind_of(f.type).label_suffix
            label = r.runs + ((p.Run(suffix),) if suffix else ())
            shown = kind_of(f.type).pack_text(fields[name]) if name in fields else ""
            part.add(Item("long-field" if f.layout == "stacked" else "field", name, (label, _text(shown))), name)
        elif role == "value":
            part.set_cell(_field_name(r), 1, _text(p.plain(r.runs)))
        elif role == "intro":
            part.add(Item("paragraph", "intro", (r.runs,)))
        elif role == "item":
            part.add(Item("bullet", None, (r.runs,)))
        elif role == "signature-role":
            name = _signature_name(r, pack)
            part.add(Item("signature", name, (_text(r.text), ())), name)
        elif role == "signature-label":
            part.set_cell(_signature_name(r, pack), 1, _text(r.text))
        elif role == "note":
            part.add(Item("note", "note", (r.runs,)))
        # hints and role labels are not shown in the information pack's copy of the form; choices
        # are, in the answer cell, through the field's label above
    end_row()
    for key, part in list(parts.items()):
        if part.kind in ("section", "notice") and not any(i.kind not in ("subheading",) for i in part.items):
            del parts[key]  # a section with nothing to say for this hub is not in its pack
    _layout_blocks(resolution, parts)
    if pack.appendix and APPENDIX in parts:
        for region in pack.appendix.regions:
            parts[APPENDIX].add(Item("region", f"region:{region.name}", (_text(f"{region.name} Region:"),)))
            for h in region.hubs:
                parts[APPENDIX].add(Item("hub", f"hub:{h.code}", (_text(f"{h.code}: {h.name}"),)))
    return tuple(_unique([Part(b.key, b.kind, b.heading, tuple(b.items)) for b in parts.values()]))


def _layout_blocks(resolution: Resolution, parts: dict[str, _Part]) -> None:
    """The blocks the layout adds to the wording (resolve.py), where it adds them: who may apply at
    the start of the form, and with the links to the fillable forms after the first block of the
    how-to-apply section, or at the end of the last section."""

    def items(blocks: tuple[p.Block, ...], key: str) -> list[Item]:
        return [Item("paragraph", f"{key}:{i}", (b.runs,)) for i, b in enumerate(blocks) if isinstance(b, p.Paragraph)]

    if FORM in parts:
        parts[FORM].insert(0, items(resolution.who_may_apply, "who-may-apply"))
    sections = [part for part in parts.values() if part.kind in ("section", "notice")]
    apply = next((part for part in sections if part.section_id == APPLY_SECTION), None)
    added = items(resolution.who_may_apply, "who-may-apply") + items(resolution.form_links, "form-links")
    if apply is not None:
        apply.insert(apply.after_first_block(), added)
    elif sections:
        sections[-1].insert(len(sections[-1].items), added)


def _unique(parts: list[Part]) -> list[Part]:
    seen: dict[str, int] = {}
    out = []
    for part in parts:
        n = seen[part.key] = seen.get(part.key, 0) + 1
        out.append(part if n == 1 else Part(f"{part.key}#{n}", part.kind, part.heading, part.items))
    return out
