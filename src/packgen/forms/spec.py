"""The application form as one specification: every answer, its rules, and the form's identity.

Built on the resolved ``pack.Form``: the renderers lay these fields out and ``packgen collect``
reads them back and checks them with the same rules, so a field has one name everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import pack as p

IDENTITY_PREFIX = "packgen-form"
TITLE_MAX = 255  # a Word control's title (w:alias) is its label, cut to this length


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
    def from_keywords(cls, text: str | None) -> "Identity | None":
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
    def from_properties(cls, props: dict[str, str]) -> "Identity | None":
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
                name=s.name, label=(p.Run(s.label),), type="signature", required=True,
                word_limit=None, hint="Type your full name", choices=(), value=None, beside=False, layout="row",
            )
            for s in form.commitments.signatures
        )
    return form.fields + signatures


YES, NO = "Yes", "No"
YESNO = (YES, NO)


def choices(field: p.FormField) -> tuple[str, ...]:
    if field.type == "yesno":
        return YESNO
    return field.choices


# --- reading answers back ------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str) -> str:
    """A value as read from a file: Unicode NFC, newlines as \\n, no control characters, trimmed."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


def word_count(text: str) -> int:
    return len(text.split())


def canonical(field: p.FormField, value: str) -> str:
    """The value as the spreadsheet shows it; yes/no and choices matched without regard to case."""
    if field.type in ("yesno", "choice"):
        for option in choices(field):
            if value.casefold() == option.casefold():
                return option
    return value


def digits(value: str) -> str:
    return re.sub(r"[\s\-]", "", value)


def uk_telephone(value: str) -> bool:
    """A UK number: 10 or 11 digits from 0, or +44 without the 0; spaces, dashes, brackets allowed."""
    number = re.sub(r"[\s\-().]", "", value)
    if number.startswith("+44"):
        number = number[3:]
        number = number if number.startswith("0") else "0" + number
    elif number.startswith("0044"):
        number = "0" + number[4:].removeprefix("0")
    return re.fullmatch(r"0[1-9]\d{8,9}", number) is not None


EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def check(field: p.FormField, value: str) -> str | None:
    """What is wrong with one answer, in words, or None when it is acceptable."""
    if not value:
        return "required but empty" if field.required else None
    kind = field.type
    if kind == "email" and not EMAIL.fullmatch(value):
        return f"{value!r} is not an email address"
    if kind == "telephone" and not uk_telephone(value):
        return f"{value!r} is not a UK telephone number"
    if kind == "urn" and not re.fullmatch(r"\d{6}", digits(value)):
        return f"{value!r} is not a school URN (6 digits)"
    if kind == "trn" and not re.fullmatch(r"\d{7}", digits(value)):
        return f"{value!r} is not a teacher reference number (7 digits)"
    if kind == "multiline" and field.word_limit and word_count(value) > field.word_limit:
        return f"{word_count(value)} words, over the limit of {field.word_limit}"
    if kind in ("yesno", "choice") and value not in choices(field):
        return f"{value!r} is not one of {', '.join(choices(field))}"
    if kind == "signature" and not re.search(r"\w.*\w", value):
        return f"{value!r} is not a typed name"
    return None


def urn_key(value: str) -> str | None:
    """A URN in a form to compare schools by, or None when it is not a URN."""
    number = digits(value)
    return number if re.fullmatch(r"\d{6}", number) else None


# --- laying answers out ----------------------------------------------------------------------

PLACEHOLDERS = {
    "email": "name@school.org.uk",
    "telephone": "e.g. 0121 496 0000",
    "urn": "6-digit URN",
    "trn": "7-digit TRN",
    "signature": "Type your full name",
    "yesno": "Choose Yes or No",
    "choice": "Choose one",
}


def placeholder(field: p.FormField) -> str:
    """Prompt text inside an empty answer (Word's placeholder, HTML's placeholder)."""
    if field.type == "multiline":
        limit = f" (up to {field.word_limit} words)" if field.word_limit else ""
        return f"Type your answer here{limit}"
    return PLACEHOLDERS.get(field.type, "Type here")


def html_input(field: p.FormField) -> dict[str, str]:
    """Attributes of the HTML input for a single-line answer: type, keyboard, pattern, autofill."""
    attrs = {
        "text": {"type": "text"},
        "email": {"type": "email", "autocomplete": "email"},
        "telephone": {"type": "tel", "autocomplete": "tel", "pattern": r"[0-9 +()\-]{10,20}"},
        "urn": {"type": "text", "inputmode": "numeric", "pattern": r"\s*[0-9]{6}\s*", "maxlength": "8"},
        "trn": {"type": "text", "inputmode": "numeric", "pattern": r"\s*[0-9]{7}\s*", "maxlength": "9"},
        "signature": {"type": "text", "autocomplete": "name"},
        "hub": {"type": "text"},
    }
    return attrs.get(field.type, {"type": "text"})


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
