"""Every type of form field packgen knows, one record each: the one place a field type is defined.

A record says how a field of that type is asked for (its HTML control and attributes, which
is also what decides its Word content control and its PDF widget), what an empty one prompts,
which answers it accepts, and whether the hub fills it in. Everything else looks the type up
here: the schema's list of types, the three form renderers, and ``packgen collect``.

Adding a text-like type is one ``register(FieldKind(...))`` call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Literal, Mapping

from ..model.pack import FormField

Control = Literal["input", "textarea", "select", "radios"]
"""How a field is asked for. input: one line; textarea: several lines; select: one of a list
(a drop-down in Word, a choice field in PDF); radios: one of a few, side by side."""

Validator = Callable[[FormField, str], "str | None"]


def _accept(field: FormField, value: str) -> str | None:
    return None


@dataclass(frozen=True)
class FieldKind:
    """What packgen knows about one type of form field."""

    name: str
    control: Control = "input"
    validate: Validator = _accept  # what is wrong with a non-empty answer, in words, or None
    placeholder: str | Callable[[FormField], str] = "Type here"
    html: Mapping[str, str] = field(default_factory=lambda: {"type": "text"})  # the <input>'s attributes
    options: Callable[[FormField], tuple[str, ...]] | None = None  # the answers it offers, if a fixed list
    prefilled: str | None = None  # wording of the answer the hub fills in and locks, e.g. {{ hub.name }}
    label_suffix: str = ""  # after the label in the information pack's copy of the form
    needs_choices: bool = False  # the field spec must give ``choices``
    takes_word_limit: bool = False
    identifies_school: bool = False  # two applications giving the same answer are from one school
    contact: bool = False  # an answer that can be written to: the online form's receipt goes to the first
    description: str = ""

    @property
    def word_control(self) -> str:
        """The Word content control: plain text, multi-line text, a drop-down list, or locked text."""
        if self.prefilled is not None:
            return "locked"
        return {"input": "text", "textarea": "multiline", "select": "dropdown", "radios": "dropdown"}[self.control]

    @property
    def pdf_widget(self) -> str:
        """The PDF widget WeasyPrint makes from the HTML control: text, multi-line text, choice or radio."""
        return {"input": "text", "textarea": "multiline", "select": "choice", "radios": "radio"}[self.control]

    def prompt(self, field: FormField) -> str:
        return self.placeholder(field) if callable(self.placeholder) else self.placeholder

    def choices(self, field: FormField) -> tuple[str, ...]:
        return self.options(field) if self.options else ()


_KINDS: dict[str, FieldKind] = {}
KINDS: Mapping[str, FieldKind] = MappingProxyType(_KINDS)


def register(kind: FieldKind) -> FieldKind:
    """Add a field type; a name registered twice is a mistake, so it raises."""
    if kind.name in _KINDS:
        raise ValueError(f"field type {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a field type (for tests that register their own)."""
    del _KINDS[name]


def kind_of(field: FormField | str) -> FieldKind:
    """The record of a field's type."""
    return _KINDS[field if isinstance(field, str) else field.type]


# --- the built-in types ------------------------------------------------------------------------

YES, NO = "Yes", "No"
YESNO = (YES, NO)

EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


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


def word_count(text: str) -> int:
    return len(text.split())


def _email(field: FormField, value: str) -> str | None:
    return None if EMAIL.fullmatch(value) else f"{value!r} is not an email address"


def _telephone(field: FormField, value: str) -> str | None:
    return None if uk_telephone(value) else f"{value!r} is not a UK telephone number"


def _digits(n: int, what: str) -> Validator:
    def check(field: FormField, value: str) -> str | None:
        return None if re.fullmatch(rf"\d{{{n}}}", digits(value)) else f"{value!r} is not {what} ({n} digits)"
    return check


def _word_limit(field: FormField, value: str) -> str | None:
    if field.word_limit and word_count(value) > field.word_limit:
        return f"{word_count(value)} words, over the limit of {field.word_limit}"
    return None


def _one_of(field: FormField, value: str) -> str | None:
    options = kind_of(field).choices(field)
    return None if value in options else f"{value!r} is not one of {', '.join(options)}"


def _signature(field: FormField, value: str) -> str | None:
    return None if re.search(r"\w.*\w", value) else f"{value!r} is not a typed name"


def _multiline_prompt(field: FormField) -> str:
    limit = f" (up to {field.word_limit} words)" if field.word_limit else ""
    return f"Type your answer here{limit}"


for _kind in (
    FieldKind("text", description="One line of text."),
    FieldKind("email", validate=_email, placeholder="name@school.org.uk",
              html={"type": "email", "autocomplete": "email"}, contact=True, description="An email address."),
    FieldKind("telephone", validate=_telephone, placeholder="e.g. 0121 496 0000",
              html={"type": "tel", "autocomplete": "tel", "pattern": r"[0-9 +()\-]{10,20}"},
              description="A UK telephone number."),
    FieldKind("urn", validate=_digits(6, "a school URN"), placeholder="6-digit URN",
              html={"type": "text", "inputmode": "numeric", "pattern": r"\s*[0-9]{6}\s*", "maxlength": "8"},
              identifies_school=True, description="A school's 6-digit Unique Reference Number."),
    FieldKind("trn", validate=_digits(7, "a teacher reference number"), placeholder="7-digit TRN",
              html={"type": "text", "inputmode": "numeric", "pattern": r"\s*[0-9]{7}\s*", "maxlength": "9"},
              description="A teacher's 7-digit Teacher Reference Number."),
    FieldKind("multiline", control="textarea", validate=_word_limit, placeholder=_multiline_prompt,
              takes_word_limit=True, description="Several lines, optionally with a word_limit."),
    FieldKind("yesno", control="radios", validate=_one_of, placeholder="Choose Yes or No",
              options=lambda field: YESNO, label_suffix=": Yes/No", description="Yes or No."),
    FieldKind("choice", control="select", validate=_one_of, placeholder="Choose one",
              options=lambda field: field.choices, needs_choices=True, description="One of the field's choices."),
    FieldKind("signature", validate=_signature, placeholder="Type your full name",
              html={"type": "text", "autocomplete": "name"}, description="A typed name standing for a signature."),
    FieldKind("hub", prefilled="{{ hub.name }}", description="The hub's name, filled in and locked."),
):
    register(_kind)
