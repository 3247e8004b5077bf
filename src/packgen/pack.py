"""The resolved pack: one hub's version of one programme-year, ready for any renderer.

Everything here is plain frozen data: wording is already rendered for the hub, inline
markup already parsed into runs. Renderers only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BREAK = "\n"
"""A hard line break inside a run's text (written ``\\`` at the end of a line in the data)."""


@dataclass(frozen=True)
class Run:
    """Text in one style; a run with ``note`` is a footnote call (its text is empty)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    note: Note | None = None


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Note:
    """A footnote: numbered in reading order once the pack is laid out (0 until then)."""

    number: int
    runs: Inline


def plain(runs: Inline) -> str:
    """The runs' text, footnote calls left out, line breaks kept as newlines."""
    return "".join(r.text for r in runs)


def one_line(text: str) -> str:
    """Text with its hard line breaks as spaces: for titles in metadata, captions, alt text."""
    return " ".join(text.split(BREAK))


def notes_in(runs: Inline) -> tuple[Note, ...]:
    return tuple(r.note for r in runs if r.note is not None)


@dataclass(frozen=True)
class Paragraph:
    runs: Inline
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class ListItem:
    """One item of a list, and the list nested under it, if any."""

    runs: Inline
    sublist: ItemList | None = None


@dataclass(frozen=True)
class ItemList:
    """A bullet list, or a numbered list counting from ``start``."""

    items: tuple[ListItem, ...]
    numbered: bool = False
    start: int = 1
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section or notice; ``level`` 2 to 6 as in HTML (Word's is one less)."""

    text: str
    level: int
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Image:
    """A picture from the project's assets/ folder: ``src`` is its path from the project root."""

    src: str
    alt: str
    media_type: str
    width_px: int
    height_px: int
    width: int | None = None  # percent of the text width; None: its natural size, at most the text width
    caption: str | None = None
    kind: Literal["image"] = "image"
    link: str | None = None  # a web address the picture links to (a larger version of a diagram)


Cell = Inline | Image
"""A table's cell: runs of text, or a picture (a text beside a picture)."""


def cell_runs(cell: Cell) -> Inline:
    """A cell's wording as runs: a picture's is "Picture: " and its alt text, as a diff or a letter's text shows it."""
    return (Run("Picture: "), Run(cell.alt)) if isinstance(cell, Image) else cell


@dataclass(frozen=True)
class Table:
    """A table: the header row of text (empty for a table without one), then the body rows, each cell text or a
    picture; with ``row_headers`` each row's first cell heads it."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    row_headers: bool = False
    kind: Literal["table"] = "table"


VIDEO = "Video"
"""The word before a video's title in its link, so a reader knows where the link goes."""


@dataclass(frozen=True)
class Video:
    """A link to a video with its title; no player is embedded."""

    url: str
    title: str
    kind: Literal["video"] = "video"

    @property
    def runs(self) -> Inline:
        """The link as every format shows it: "Video: <title>"."""
        return (Run(f"{VIDEO}: {self.title}", href=self.url),)


@dataclass(frozen=True)
class Notice:
    """A boxed call-out inside a section: an optional heading and its own blocks."""

    heading: str | None
    level: int
    blocks: tuple[Block, ...]
    kind: Literal["notice"] = "notice"


Block = Paragraph | ItemList | Heading | Table | Image | Video | Notice


@dataclass(frozen=True)
class Section:
    id: str | None
    heading: str | None
    style: str
    blocks: tuple[Block, ...]
    level: int = 2  # the heading's level as in HTML: h2 (Word's Heading 1)


@dataclass(frozen=True)
class FormField:
    """One answer a school gives; ``name`` is the same in every format and when read back."""

    name: str
    label: Inline
    type: str
    required: bool
    word_limit: int | None
    hint: str | None
    choices: tuple[str, ...]
    value: str | None
    beside: bool
    layout: str
    other: str | None = None  # the label of an answer of the school's own, e.g. "Other (please say)"
    group: str = ""  # the heading of its group (a signature's role): part of its accessible name
    autocomplete: str | None = None  # the field spec's HTML autofill token, else its type's

    @property
    def label_text(self) -> str:
        return plain(self.label)


@dataclass(frozen=True)
class FieldGroup:
    heading: str
    blocks: tuple[Block, ...]
    fields: tuple[FormField, ...]

    @property
    def rows(self) -> tuple[tuple[FormField, ...], ...]:
        """Fields grouped into table rows: a ``beside`` field joins the row before it."""
        rows: list[list[FormField]] = []
        for f in self.fields:
            if f.beside and rows and rows[-1][-1].layout == "row" and f.layout == "row":
                rows[-1].append(f)
            else:
                rows.append([f])
        return tuple(tuple(r) for r in rows)


@dataclass(frozen=True)
class Signature:
    name: str
    role: str
    label: str


@dataclass(frozen=True)
class Commitments:
    heading: str
    intro: Inline
    items: tuple[Inline, ...]
    signatures: tuple[Signature, ...]
    note: Inline | None


@dataclass(frozen=True)
class Form:
    heading: str
    blocks: tuple[Block, ...]
    groups: tuple[FieldGroup, ...]
    commitments: Commitments | None

    @property
    def fields(self) -> tuple[FormField, ...]:
        return tuple(f for g in self.groups for f in g.fields)


@dataclass(frozen=True)
class ApplyLink:
    """Where schools apply when the pack takes no form: a page of another service."""

    url: str
    label: str


@dataclass(frozen=True)
class HubEntry:
    code: str
    name: str


@dataclass(frozen=True)
class Region:
    name: str
    hubs: tuple[HubEntry, ...]


@dataclass(frozen=True)
class Appendix:
    heading: str
    blocks: tuple[Block, ...]
    regions: tuple[Region, ...]


@dataclass(frozen=True)
class Pack:
    """One hub's information pack for one programme and academic year."""

    programme: str
    year: str
    year_label: str
    hub_code: str
    hub_name: str
    title: str  # the hub's own title for the programme when its offer has one, else the national one
    subtitle: str  # "" when the programme-year has none
    sections: tuple[Section, ...]
    form: Form | None  # None: schools apply through ``apply``, or the document takes no applications
    appendix: Appendix | None
    tagline: str | None = None
    logos: tuple[Image, ...] = ()
    notes: tuple[Note, ...] = ()  # every footnote of the sections, in order: number 1, 2, …
    lang: str = "en-GB"
    hub_details: Inline = ()  # under the hub's name: its lead school, areas and website, as far as known
    apply: ApplyLink | None = None  # where schools apply, in place of a form

    @property
    def document_title(self) -> str:
        if not self.subtitle:
            return one_line(f"{self.title} ({self.hub_name})")
        return one_line(f"{self.title}: {self.subtitle} ({self.hub_name})")
