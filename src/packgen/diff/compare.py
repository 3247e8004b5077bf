"""Compare two packs: parts matched by key, items aligned within a part, words within an item.

Parts match by their key (a section's id, else its heading; a group of fields by its fields'
names), so a reworded heading is a change, not a removal and an addition. Parts kept in the
same order anchor the comparison; a part found in both packs but out of that order has moved.
Items align by the pack's own names where it has them (fields, signatures, hubs) and otherwise
by text, pairing a reworded paragraph with its old self when at least half its words survive.
Words are compared with difflib on tokens: a word with its inner punctuation (2024/25, e.g,
school’s, an email address) is one token, other punctuation is a token of its own, and the
space after a token travels with it, so pieces join back into each side's exact text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from .. import pack as p
from ..letter import Letter
from ..resolve import Resolution
from .flatten import Item, Part, flatten
from .model import Cell, ItemDiff, Op, PackDiff, PartDiff, Side, Stretch

_TOKEN = re.compile(r"(?:\w(?:[\w'’@./:\-–]*\w)?|[^\w\s])\s*|\s+")
PAIR_THRESHOLD = 0.5


@dataclass(frozen=True)
class _Token:
    key: str  # what is compared: the token without its trailing space
    text: str  # as written
    run: p.Run


def _tokens(inline: p.Inline) -> list[_Token]:
    return [_Token(m.group(0).strip() or " ", m.group(0), r) for r in inline for m in _TOKEN.finditer(r.text)]


class _Pieces:
    """Collects pieces, merging neighbours with the same operation and formatting."""

    def __init__(self) -> None:
        self.items: list[Stretch] = []

    def add(self, op: Op, text: str, run: p.Run) -> None:
        if not text:
            return
        last = self.items[-1] if self.items else None
        if last and (last.op, last.bold, last.italic, last.href) == (op, run.bold, run.italic, run.href):
            self.items[-1] = Stretch(op, last.text + text, run.bold, run.italic, run.href)
        else:
            self.items.append(Stretch(op, text, run.bold, run.italic, run.href))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def word_diff(old: p.Inline, new: p.Inline) -> Cell:
    """Pieces whose equal+insert text is ``new`` and equal+delete text is ``old``, exactly."""
    a, b = _tokens(old), _tokens(new)
    out = _Pieces()
    matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                n = _common_prefix(x.text, y.text)  # same word; only the space after it may differ
                out.add("equal", y.text[:n], y.run)
                out.add("delete", x.text[n:], x.run)
                out.add("insert", y.text[n:], y.run)
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # A space after both the removed and the added words is shared, not changed.
        tail = ""
        if olds and news:
            space = lambda t: t.text[len(t.text.rstrip()) :]  # noqa: E731
            if space(olds[-1]) and space(olds[-1]) == space(news[-1]) and olds[-1].key.strip() and news[-1].key.strip():
                tail = space(news[-1])
        for k, x in enumerate(olds):
            out.add("delete", x.text[: len(x.text) - len(tail)] if tail and k == len(olds) - 1 else x.text, x.run)
        for k, y in enumerate(news):
            out.add("insert", y.text[: len(y.text) - len(tail)] if tail and k == len(news) - 1 else y.text, y.run)
        if tail:
            out.add("equal", tail, news[-1].run)
    return tuple(out.items)


def _whole(inline: p.Inline, op: Op) -> Cell:
    out = _Pieces()
    for r in inline:
        out.add(op, r.text, r)
    return tuple(out.items)


def _plain(item: Item) -> str:
    return "\n".join(p.plain(c) for c in item.cells)


def similarity(a: Item, b: Item) -> float:
    """Share of words in common, 0 to 1."""
    ta = [t.key for c in a.cells for t in _tokens(c) if t.key != " "]
    tb = [t.key for c in b.cells for t in _tokens(c) if t.key != " "]
    return SequenceMatcher(None, ta, tb, autojunk=False).ratio() if ta or tb else 1.0


def _added(item: Item) -> ItemDiff:
    return ItemDiff(item.kind, item.key, "added", tuple(_whole(c, "insert") for c in item.cells), item.hub, item.by)


def _removed(item: Item) -> ItemDiff:
    return ItemDiff(item.kind, item.key, "removed", tuple(_whole(c, "delete") for c in item.cells), item.hub, item.by)


def _item(old: Item, new: Item) -> ItemDiff:
    cells = tuple(word_diff(o, n) for o, n in zip(old.cells, new.cells, strict=False))  # items of one key may differ
    same = all(piece.op == "equal" for cell in cells for piece in cell)
    return ItemDiff(new.kind, new.key, "same" if same else "changed", cells, new.hub or old.hub)


def _pairs(olds: Sequence[Item], news: Sequence[Item]) -> list[tuple[int, int]]:
    """Which removed items are really reworded added ones: in order, same kind, similar enough."""
    pairs: list[tuple[int, int]] = []
    start = 0
    for i, x in enumerate(olds):
        best: tuple[float, int] | None = None
        for j in range(start, len(news)):
            y = news[j]
            if y.kind != x.kind or len(y.cells) != len(x.cells):
                continue
            score = (1.0 if x.key == y.key else 0.0) if (x.key or y.key) else similarity(x, y)
            if score >= PAIR_THRESHOLD and (best is None or score > best[0]):
                best = (score, j)
        if best:
            pairs.append((i, best[1]))
            start = best[1] + 1
    return pairs


def align_items(olds: Sequence[Item], news: Sequence[Item]) -> tuple[ItemDiff, ...]:
    """Both lists of items merged in reading order, each marked same, changed, added or removed."""
    ident = lambda it: ("key", it.key) if it.key else ("text", it.kind, _plain(it))  # noqa: E731
    out: list[ItemDiff] = []
    matcher = SequenceMatcher(None, [ident(x) for x in olds], [ident(y) for y in news], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [_item(x, y) for x, y in zip(olds[i1:i2], news[j1:j2], strict=True)]
            continue
        block_old, block_new = olds[i1:i2], news[j1:j2]
        i = j = 0
        for pi, pj in _pairs(block_old, block_new) + [(len(block_old), len(block_new))]:
            out += [_removed(x) for x in block_old[i:pi]]
            out += [_added(y) for y in block_new[j:pj]]
            if pi < len(block_old):
                out.append(_item(block_old[pi], block_new[pj]))
            i, j = pi + 1, pj + 1
    return tuple(out)


def _heading(text: str | None) -> p.Inline:
    return (p.Run(text),) if text else ()


def _part(old: Part, new: Part) -> PartDiff:
    heading = word_diff(_heading(old.heading), _heading(new.heading))
    items = align_items(old.items, new.items)
    changed = any(x.op != "equal" for x in heading) or any(i.changed for i in items)
    return PartDiff(new.key, new.kind, "changed" if changed else "same", heading, items)


def _part_added(part: Part) -> PartDiff:
    return PartDiff(
        part.key, part.kind, "added", _whole(_heading(part.heading), "insert"), tuple(_added(i) for i in part.items)
    )


def _part_removed(part: Part) -> PartDiff:
    return PartDiff(
        part.key, part.kind, "removed", _whole(_heading(part.heading), "delete"), tuple(_removed(i) for i in part.items)
    )


def _title(part: Part) -> str:
    return part.heading or part.key


def compare_parts(olds: Sequence[Part], news: Sequence[Part]) -> tuple[PartDiff, ...]:
    """Old and new parts merged: between two parts kept in order, what went, then what came."""
    old_keys = [x.key for x in olds]
    new_keys = [y.key for y in news]
    common = set(old_keys) & set(new_keys)
    a = [k for k in old_keys if k in common]
    b = [k for k in new_keys if k in common]
    anchors: list[str] = []
    for tag, i1, i2, _j1, _j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            anchors += a[i1:i2]
    moved = common - set(anchors)
    old_by_key = {x.key: x for x in olds}
    was_after = {x.key: (_title(olds[i - 1]) if i else None) for i, x in enumerate(olds)}

    out: list[PartDiff] = []
    i = j = 0
    for anchor in anchors + [None]:
        while i < len(olds) and olds[i].key != anchor:
            x = olds[i]
            if x.key in moved:
                gone = _part_removed(x)
                out.append(PartDiff(gone.key, gone.kind, "removed", gone.heading, gone.items, "from", was_after[x.key]))
            else:
                out.append(_part_removed(x))
            i += 1
        while j < len(news) and news[j].key != anchor:
            y = news[j]
            if y.key in moved:
                d = _part(old_by_key[y.key], y)
                out.append(PartDiff(d.key, d.kind, d.status, d.heading, d.items, "to", was_after[y.key]))
            else:
                out.append(_part_added(y))
            j += 1
        if anchor is not None:
            out.append(_part(olds[i], news[j]))
            i, j = i + 1, j + 1
    return tuple(out)


def side(pack: p.Pack, *, national: bool = False) -> Side:
    return Side(
        programme=pack.programme,
        title=pack.title,
        year=pack.year,
        year_label=pack.year_label,
        hub_code=None if national else pack.hub_code,
        hub_name="national wording" if national else pack.hub_name,
    )


def compare(
    old: Resolution,
    new: Resolution,
    old_side: Side | None = None,
    new_side: Side | None = None,
    *,
    letters: tuple[Sequence[Letter], Sequence[Letter]] = ((), ()),
) -> PackDiff:
    """The word-by-word difference between two resolved packs' wording, and their decision letters'."""
    olds, news = _left_out(flatten(old, letters[0]), new), _left_out(flatten(new, letters[1]), old)
    return PackDiff(old_side or side(old.pack), new_side or side(new.pack), compare_parts(olds, news))


def _left_out(parts: tuple[Part, ...], other: Resolution) -> tuple[Part, ...]:
    """The parts with each national paragraph or item that the other pack's hub left out by an edit marked so."""
    gone = other.arranged.left_out
    if not gone:
        return parts
    by = other.pack.hub_code

    def marked(item: Item) -> Item:
        return replace(item, by=by) if item.origin in gone else item

    return tuple(replace(part, items=tuple(marked(i) for i in part.items)) for part in parts)
