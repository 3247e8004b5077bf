"""The resolved pack: one hub's version of one programme-year, ready for any renderer.

Everything here is plain frozen data: wording is already rendered for the hub, inline
markup already parsed into runs. Renderers only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Inline = tuple[Run, ...]


def plain(runs: Inline) -> str:
    return "".join(r.text for r in runs)


@dataclass(frozen=True)
class Paragraph:
    runs: Inline
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]
    kind: Literal["bullets"] = "bullets"


Block = Union[Paragraph, BulletList]


@dataclass(frozen=True)
class Section:
    id: str | None
    heading: str | None
    style: str
    blocks: tuple[Block, ...]


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
    group: str = ""  # the heading of its group (a signature's role): part of its accessible name

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
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    form: Form
    appendix: Appendix | None
    lang: str = "en-GB"

    @property
    def document_title(self) -> str:
        return f"{self.title}: {self.subtitle} ({self.hub_name})"
