"""The diff of two packs' wording, as plain frozen data that every renderer reads.

A pack is compared as a sequence of parts (the title page, each section, the form's heading,
each group of fields, the commitments, the appendix), each a sequence of items (a paragraph, a
bullet, a form row). Every item's text is split into pieces that are equal, inserted or
deleted, so joining the equal and inserted pieces gives the newer text exactly and joining the
equal and deleted pieces gives the older text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete"]
Status = Literal["same", "changed", "added", "removed"]
Move = Literal["from", "to"]

_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Stretch:
    """A stretch of text on one side, or both, with the formatting it is shown in."""

    op: Op
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Cell = tuple[Stretch, ...]
"""One run of text: a paragraph, or one cell of a form row (a label, an answer)."""


def new_text(cell: Cell) -> str:
    return "".join(p.text for p in cell if p.op != "delete")


def old_text(cell: Cell) -> str:
    return "".join(p.text for p in cell if p.op != "insert")


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated stretches with a letter or digit."""
    return sum(1 for w in text.split() if _WORD.search(w))


@dataclass(frozen=True)
class ItemDiff:
    """One paragraph, bullet or form row, and how it changed.

    ``kind`` says how it is laid out (paragraph, bullet, field, long-field, signature, title…);
    ``key`` is the pack's own name for it when there is one (a field name, a hub code).
    """

    kind: str
    key: str | None
    status: Status
    cells: tuple[Cell, ...]
    hub: str | None = None  # the code of the hub whose own wording it is (a placement's, an edit's), on either side
    by: str | None = None  # the code of the hub whose edit left this national wording out of its pack

    @property
    def changed(self) -> bool:
        return self.status != "same"

    @property
    def whose(self) -> str:
        """Whose it is, for a reader: "WM1's own wording", "left out by WM1", or nothing for the national wording."""
        if self.hub:
            return f"{self.hub}'s own wording"
        return f"left out by {self.by}" if self.by else ""


@dataclass(frozen=True)
class PartDiff:
    """One part of the pack: a section, a group of the form's fields, the appendix…

    A part that moved appears twice: ``move="from"`` where it was, its old wording all
    deleted, and ``move="to"`` where it now is, compared word by word with its old wording.
    ``was_after`` names the part it followed before it moved.
    """

    key: str
    kind: str
    status: Status
    heading: Cell
    items: tuple[ItemDiff, ...]
    move: Move | None = None
    was_after: str | None = None

    @property
    def title(self) -> str:
        """How to name the part to a reader: its heading as it now reads, else its key."""
        fallback = "Title page" if self.key == "masthead" else self.key.replace("-", " ").capitalize()
        return (new_text(self.heading) or old_text(self.heading) or fallback).strip()

    @property
    def changed(self) -> bool:
        return self.status != "same" or self.move is not None


@dataclass(frozen=True)
class Side:
    """What one side of the comparison is: a programme-year as one hub (or no hub) words it."""

    programme: str
    title: str
    year: str
    year_label: str
    hub_code: str | None
    hub_name: str

    @property
    def label(self) -> str:
        return f"{self.year_label} ({self.hub_name})"


@dataclass(frozen=True)
class Summary:
    sections_changed: int
    sections_added: int
    sections_removed: int
    sections_moved: int
    words_added: int
    words_removed: int

    @property
    def identical(self) -> bool:
        return not (self.sections_changed or self.sections_added or self.sections_removed or self.sections_moved)

    def __str__(self) -> str:
        if self.identical:
            return "No differences: the wording is identical."
        s = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
        return (
            f"{s(self.sections_changed, 'section')} changed, {self.sections_added} added, "
            f"{self.sections_removed} removed, {self.sections_moved} moved; "
            f"{s(self.words_added, 'word')} added, {self.words_removed} removed."
        )


@dataclass(frozen=True)
class PackDiff:
    """Every part of both packs in reading order: the old order and the new order merged."""

    old: Side
    new: Side
    parts: tuple[PartDiff, ...]

    @property
    def summary(self) -> Summary:
        counted = [p for p in self.parts if p.move != "from"]
        added = removed = 0
        for part in counted:
            for cell in (part.heading, *(c for item in part.items for c in item.cells)):
                added += word_count(" ".join(x.text for x in cell if x.op == "insert"))
                removed += word_count(" ".join(x.text for x in cell if x.op == "delete"))
        return Summary(
            sections_changed=sum(1 for p in counted if p.status == "changed"),
            sections_added=sum(1 for p in counted if p.status == "added"),
            sections_removed=sum(1 for p in counted if p.status == "removed"),
            sections_moved=sum(1 for p in counted if p.move == "to"),
            words_added=added,
            words_removed=removed,
        )

    @property
    def identical(self) -> bool:
        return self.summary.identical
