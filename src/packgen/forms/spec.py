"""The application form as one specification: every answer, its rules, and the form's identity.

Built on the resolved ``pack.Form``: the renderers lay these fields out and ``packgen collect``
reads them back and checks them with the same rules, so a field has one name everywhere.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from ..model import pack as p
from .kinds import NO, OTHER_PROMPT, YES, YESNO, FieldKind, Widget, accessible_name, digits, kind_of, word_count

__all__ = [  # the answers' helpers, and what templates and renderers reach through spec from forms/kinds.py
    "NO",
    "OTHER_PROMPT",
    "YES",
    "YESNO",
    "FieldKind",
    "Widget",
    "accessible_name",
    "digits",
    "kind_of",
    "word_count",
]

IDENTITY_PREFIX = "packgen-form"
TITLE_MAX = 255  # a Word control's title (w:alias) is its accessible name, cut to this length


@dataclass(frozen=True)
class Identity:
    """Which form this is: embedded in every file so a returned form names itself."""

    programme: str
    year: str  # academic year id, e.g. 2024-25
    hub: str  # hub code, e.g. WM1

    @property
    def keywords(self) -> str:
        """The identity as one line, for metadata fields that every program keeps (keywords)."""
        return f"{IDENTITY_PREFIX} programme={self.programme} year={self.year} hub={self.hub}"

    @classmethod
    def from_keywords(cls, text: str | None) -> Identity | None:
        if not text or IDENTITY_PREFIX not in text:
            return None
        found = dict(re.findall(r"\b(programme|year|hub)=(\S+)", text))
        if set(found) != {"programme", "year", "hub"}:
            return None
        return cls(found["programme"], found["year"], found["hub"])

    def as_properties(self) -> dict[str, str]:
        """Named properties: PDF document information and DOCX custom properties."""
        return {"PackgenProgramme": self.programme, "PackgenYear": self.year, "PackgenHub": self.hub}

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> Identity | None:
        values = [props.get(k, "").strip() for k in ("PackgenProgramme", "PackgenYear", "PackgenHub")]
        return cls(*values) if all(values) else None


def identity(pack: p.Pack) -> Identity:
    return Identity(pack.programme, pack.year, pack.hub_code)


def answers(form: p.Form) -> tuple[p.FormField, ...]:
    """Every answer the form asks for, in order: the groups' fields, then the typed signatures."""
    signatures = ()
    if form.commitments:
        signatures = tuple(
            p.FormField(
                name=s.name,
                label=(p.Run(s.label),),
                type="signature",
                required=True,
                word_limit=None,
                hint="Type your full name.",
                choices=(),
                value=None,
                beside=False,
                layout="row",
                group=s.role,
            )
            for s in form.commitments.signatures
        )
    return form.fields + signatures


def widgets(field: p.FormField) -> tuple[Widget, ...]:
    """Every box of an answer, by its name in each format (one per check box, and an "other" box)."""
    return kind_of(field).widgets(field)


def all_widgets(fields: tuple[p.FormField, ...] | list[p.FormField]) -> tuple[Widget, ...]:
    return tuple(w for f in fields for w in widgets(f))


# --- reading answers back ------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str) -> str:
    """A value as read from a file: Unicode NFC, newlines as \\n, no control characters, trimmed."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


def canonical(field: p.FormField, value: str) -> str:
    """The value as the spreadsheet shows it: a listed answer matched without regard to case, a date as 2024-03-01."""
    return kind_of(field).normal(field, value) if value else value


def check(field: p.FormField, value: str) -> str | None:
    """What is wrong with one answer, in words, or None when it is acceptable."""
    if not value:
        return "required but empty" if field.required else None
    return kind_of(field).validate(field, value)


# --- laying answers out ----------------------------------------------------------------------


def placeholder(field: p.FormField) -> str:
    """The field type's prompt for an empty answer: its form ("6-digit URN", "dd/mm/yyyy"), a
    drop-down's "Choose one", or nothing."""
    return kind_of(field).prompt(field)


def empty_prompt(field: p.FormField) -> str:
    """What an empty answer shows while it is empty (Word's placeholder text, HTML's placeholder):
    the type's prompt, unless the field's hint says what to write (it is not said twice)."""
    kind = kind_of(field)
    if field.hint and not kind.asked_by.always_prompted:
        return ""
    return kind.prompt(field)


def prompt_of(field: p.FormField, widget: Widget) -> str | None:
    """The prompt an empty box shows: the field's, or the "other" box's."""
    if widget.is_other:
        return OTHER_PROMPT
    return None if widget.option is not None else empty_prompt(field)


def autocomplete(field: p.FormField) -> str:
    """The answer's HTML autofill token: its field spec's, else its type's, else off: most answers
    are about someone other than the person filling in the form, and a signature is never autofilled."""
    return field.autocomplete or kind_of(field).html.get("autocomplete", "off")


def html_input(field: p.FormField) -> dict[str, str]:
    """Attributes of the HTML input for a single-line answer: type, keyboard, pattern, autofill."""
    return {**kind_of(field).html, "autocomplete": autocomplete(field)}


WORDS_PER_LINE = (
    10.5  # of an answer across the page at 12pt (where viewers start an auto-sized field), with room for long words
)


def answer_lines(field: p.FormField) -> int:
    """How many lines a printed multi-line answer box holds: enough for a full answer at its word limit."""
    return max(6, math.ceil(field.word_limit / WORDS_PER_LINE)) if field.word_limit else 6


def dom_id(name: str) -> str:
    """An HTML id for a field name: dots become dashes."""
    return "f-" + name.replace(".", "-").replace("_", "-")


def described_by(field: p.FormField) -> str:
    """Ids of the texts that describe an answer (its hint, its word count), for aria-describedby."""
    ids = []
    if field.hint:
        ids.append("hint-" + dom_id(field.name))
    if field.word_limit:
        ids.append("count-" + dom_id(field.name))
    return " ".join(ids)
