"""Every type of form field packgen knows, one record each: the one place a field type is defined.

A record says how a field of that type is asked for (its control, a record of forms/controls.py
that decides its HTML, its Word content control and its PDF widget, and its HTML attributes), what
an empty one prompts, which answers it accepts, and whether the hub fills it in. Everything else
looks the type up here with ``kind_of``: the schema's list of types, the three form renderers (the
``kind`` template filter), ``packgen collect`` and the online form.

Adding a type that asks like an existing one is one ``register(FieldKind(...))`` call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..model.pack import FormField
from .controls import CONTROLS, Control, control_named

Validator = Callable[[FormField, str], "str | None"]
UNTICKED = frozenset({"", "no", "off", "0", "false"})


def _accept(field: FormField, value: str) -> str | None:
    return None


@dataclass(frozen=True)
class Widget:
    """One box a school fills in: a field's own, or part of it (one of its check boxes, its "other" box).

    ``name`` is the widget's name in the PDF, the Word control's tag and the HTML control's name.
    """

    name: str
    title: str  # its accessible name (accessible_name), with the answer a check box or "other" box stands for
    control: str  # its Word content control (Control.word), "locked", or "other" for an "other" answer's box
    option: str | None = None  # the answer a check box stands for
    required: bool = False

    @property
    def is_other(self) -> bool:
        """The box an "other" answer's words are written in."""
        return self.control == OTHER_BOX


@dataclass(frozen=True)
class FieldKind:
    """What packgen knows about one type of form field."""

    name: str
    control: str = "input"  # the name of its Control (forms/controls.py): how it is asked for
    validate: Validator = _accept  # what is wrong with a non-empty answer, in words, or None
    placeholder: str | Callable[[FormField], str] = (
        ""  # an empty answer's prompt: the form it takes ("6-digit URN"), or nothing
    )
    html: Mapping[str, str] = field(
        default_factory=lambda: {"type": "text"}
    )  # the <input>'s attributes (autocomplete: off unless it says)
    options: Callable[[FormField], tuple[str, ...]] | None = None  # the answers it offers, if a fixed list
    prefilled: str | None = None  # wording of the answer the hub fills in and locks, e.g. {{ hub.name }}
    label_suffix: str = ""  # after the label in the information pack's copy of the form
    needs_choices: bool = False  # the field spec must give ``choices``
    takes_word_limit: bool = False
    identifies_school: bool = False  # two applications giving the same answer are from one school
    names_school: bool = False  # the school's name (forms/applications.school_field)
    takes_other: bool = False  # the field spec may give ``other``: an answer the school words itself
    joins_answers: str | None = None  # several answers are read back as one, joined by this
    canonical: Callable[[FormField, str], str] | None = None  # an answer as the spreadsheet shows it
    shown_in_pack: Callable[[FormField], str] | None = None  # the answer cell of the pack's copy of the form
    contact: bool = False  # an answer that can be written to: the online form's receipt goes to the first
    description: str = ""

    @property
    def asked_by(self) -> Control:
        """The record of its control: how each form draws it and reads it back."""
        return control_named(self.control)

    @property
    def word_control(self) -> str:
        """The Word content control: its control's, or locked text for an answer the hub fills in."""
        if self.prefilled is not None:
            return "locked"
        return self.asked_by.word

    @property
    def several(self) -> bool:
        """One box per answer offered (check boxes), rather than one box for the field."""
        return self.asked_by.several

    def prompt(self, field: FormField) -> str:
        return self.placeholder(field) if callable(self.placeholder) else self.placeholder

    def choices(self, field: FormField) -> tuple[str, ...]:
        """The answers offered, the field's "other" answer last."""
        listed = self.options(field) if self.options else ()
        return listed + ((field.other,) if field.other else ())

    def pack_text(self, field: FormField) -> str:
        """What the information pack's copy of the form shows in the answer cell."""
        if field.value:
            return field.value
        return self.shown_in_pack(field) if self.shown_in_pack else ""

    def widgets(self, field: FormField) -> tuple[Widget, ...]:
        """Every box of the field, in order: its name in each format and how it is drawn."""
        if self.several:
            own = tuple(
                Widget(f"{field.name}.{i}", f"{accessible_name(field)}: {option}", self.asked_by.word, option)
                for i, option in enumerate(self.choices(field), start=1)
            )
        else:
            own = (Widget(field.name, accessible_name(field), self.word_control, required=field.required),)
        if field.other:
            # Not the same name as the check box for the "other" answer: the box its words go in.
            title = f"{accessible_name(field)}: {field.other}: {OTHER_WORDS}"
            own += (Widget(other_name(field.name), title, OTHER_BOX),)
        return own

    def read(self, field: FormField, found: Mapping[str, str]) -> str | None:
        """The answer from the values of a returned file's boxes, by name; None if the file lacks them."""
        boxes = self.widgets(field)
        if not any(w.name in found for w in boxes):
            return None
        if len(boxes) == 1:
            return found[boxes[0].name]  # as written: the validator cleans it, a form shows it again as typed
        said = found.get(other_name(field.name), "").strip() if field.other else ""
        if self.several:
            chosen = [
                w.option
                for w in boxes
                if w.option is not None and found.get(w.name, "").strip().casefold() not in UNTICKED
            ]
        else:
            value = found.get(field.name, "").strip()
            chosen = [value] if value else []
        parts = [c for c in chosen if c != field.other]
        if field.other and (field.other in chosen or said):
            parts.append(f"{field.other}: {said}" if said else field.other)
        return (self.joins_answers or OTHER_JOIN).join(p for p in parts if p is not None)

    def boxes(self, field: FormField, value: str) -> dict[str, str]:
        """What each box holds for an answer as ``read`` gives it (its inverse): a ticked check box
        is "Yes", an unticked one empty; the "other" box holds the school's own words."""
        listed, other = _split_other(field, value)
        said = other[len(field.other) + 2 :] if other is not None and field.other and other != field.other else ""
        if self.several:
            chosen = set(listed.split(self.joins_answers or OTHER_JOIN)) if listed else set()
            if other is not None:
                chosen.add(field.other)
            out = {w.name: (YES if w.option in chosen else "") for w in self.widgets(field) if w.option is not None}
        else:
            out = {field.name: field.other if other is not None and field.other else listed}
        if field.other:
            out[other_name(field.name)] = said
        return out

    def normal(self, field: FormField, value: str) -> str:
        """The answer as the spreadsheet shows it: a listed answer in its own case, a date as 2024-03-01."""
        if self.canonical:
            return self.canonical(field, value)
        for option in self.choices(field):
            if value.casefold() == option.casefold():
                return option
        return value


def accessible_name(field: FormField) -> str:
    """What a screen reader calls an answer: its group, then its label ("Details of lead teacher
    (Reception): Email"), so that the four "Email" answers of a form are told apart. The PDF's
    /TU, the Word control's title and the HTML control's accessible name all say this; a check
    box or an "other" box adds the answer it stands for."""
    return f"{field.group}: {field.label_text}" if field.group else field.label_text


def other_name(name: str) -> str:
    """The name of the box an "other" answer is written in: beside the field's own (a PDF field
    that holds an answer cannot also have fields under it)."""
    return f"{name}_other"


_KINDS: dict[str, FieldKind] = {}
KINDS: Mapping[str, FieldKind] = MappingProxyType(_KINDS)


def register(kind: FieldKind) -> FieldKind:
    """Add a field type; a name registered twice, or an unknown control, is a mistake, so it raises."""
    if kind.name in _KINDS:
        raise ValueError(f"field type {kind.name!r} is already registered")
    if kind.control not in CONTROLS:
        raise ValueError(f"field type {kind.name!r} names an unknown control {kind.control!r}")
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


TELEPHONE_PATTERN = r"\s*[\+\(]?[0-9][0-9 \(\)\-]{8,18}[0-9]\s*"
"""A browser's first check of a telephone number (the HTML pattern, which browsers read with the
v flag: a bracket or hyphen in a class is escaped); uk_telephone decides."""


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


OTHER_JOIN = "; "
OTHER_BOX = "other"
"""The Word content control of the box an "other" answer is written in (a Widget's ``control``)."""
OTHER_WORDS = "your words"
"""The end of the accessible name of the box an "other" answer is written in."""
OTHER_PROMPT = ""
"""The prompt in the empty box an "other" answer is written in: none, its label says what to write."""


def _answer_problem(field: FormField, value: str) -> str | None:
    """What is wrong with one answer of a list, perhaps the field's "other" answer with its words."""
    kind = kind_of(field)
    if field.other and value == field.other:
        return f"{field.other!r} chosen, but not said what"
    if field.other and value.startswith(f"{field.other}: ") and value[len(field.other) + 2 :].strip():
        return None
    options = kind.choices(field)
    return None if value in options else f"{value!r} is not one of {', '.join(options)}"


def _split_other(field: FormField, value: str) -> tuple[str, str | None]:
    """(the listed answers, the "other" answer with its words, or None). ``read`` puts it last;
    its words may hold anything, the joining "; " too."""
    if not field.other:
        return value, None
    if value == field.other or value.startswith(f"{field.other}: "):
        return "", value
    at = value.find(f"{OTHER_JOIN}{field.other}: ")
    if at >= 0:
        return value[:at], value[at + len(OTHER_JOIN) :]
    if value.endswith(f"{OTHER_JOIN}{field.other}"):
        return value[: -len(OTHER_JOIN + field.other)], field.other
    return value, None


def _one_of(field: FormField, value: str) -> str | None:
    listed, other = _split_other(field, value)
    if listed and other is not None:
        return f"one answer only: {listed!r} and {other!r} both given"
    return _answer_problem(field, other if other is not None else listed)


def _any_of(field: FormField, value: str) -> str | None:
    listed, other = _split_other(field, value)
    answers = [a for a in listed.split(OTHER_JOIN) if a] + ([other] if other is not None else [])
    return next((p for p in (_answer_problem(field, a) for a in answers) if p), None)


def _iso_date(field: FormField, value: str) -> str:
    day = parse_date(value)
    return day.isoformat() if day else value


def parse_date(value: str) -> dt.date | None:
    """A date as a school writes it: 01/03/2024, 1.3.2024, 2024-03-01, 1st March 2024, Friday 1 March 2024."""
    from ..wording.textdates import find_dates  # wording imports this module

    text = value.strip()
    found = list(find_dates(text))
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text.rstrip(".")):
        return found[0].date
    return None


def _date(field: FormField, value: str) -> str | None:
    return None if parse_date(value) else f"{value!r} is not a date like 01/03/2024"


def _whole_number(field: FormField, value: str) -> str | None:
    return None if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", value.strip()) else f"{value!r} is not a whole number"


def _plain_number(field: FormField, value: str) -> str:
    return value.strip().replace(",", "") if _whole_number(field, value) is None else value


def _listed(prefix: str) -> Callable[[FormField], str]:
    return lambda field: f"{prefix} {' / '.join(kind_of(field).choices(field))}"


def _signature(field: FormField, value: str) -> str | None:
    return None if re.search(r"\w.*\w", value) else f"{value!r} is not a typed name"


for _kind in (
    FieldKind("text", description="One line of text."),
    FieldKind(
        "email",
        validate=_email,
        placeholder="name@school.org.uk",
        html={"type": "email", "spellcheck": "false"},
        contact=True,
        description="An email address.",
    ),
    FieldKind(
        "telephone",
        validate=_telephone,
        placeholder="e.g. 0121 496 0000",
        html={"type": "tel", "pattern": TELEPHONE_PATTERN},
        description="A UK telephone number.",
    ),
    FieldKind(
        "urn",
        validate=_digits(6, "a school URN"),
        placeholder="6-digit URN",
        html={"type": "text", "inputmode": "numeric", "pattern": r"\s*[0-9]{6}\s*", "maxlength": "8"},
        identifies_school=True,
        description="A school's 6-digit Unique Reference Number.",
    ),
    FieldKind(
        "trn",
        validate=_digits(7, "a teacher reference number"),
        placeholder="7-digit TRN",
        html={"type": "text", "inputmode": "numeric", "pattern": r"\s*[0-9]{7}\s*", "maxlength": "9"},
        description="A teacher's 7-digit Teacher Reference Number.",
    ),
    FieldKind(
        "multiline",
        control="textarea",
        validate=_word_limit,
        takes_word_limit=True,
        description="Several lines, optionally with a word_limit.",
    ),
    FieldKind(
        "yesno",
        control="radios",
        validate=_one_of,
        placeholder="Choose Yes or No",
        options=lambda field: YESNO,
        label_suffix=": Yes/No",
        description="Yes or No.",
    ),
    FieldKind(
        "choice",
        control="select",
        validate=_one_of,
        placeholder="Choose one",
        options=lambda field: field.choices,
        needs_choices=True,
        takes_other=True,
        shown_in_pack=_listed("One of:"),
        description="One of the field's choices (a drop-down), or with other: the school's own answer.",
    ),
    FieldKind(
        "checkboxes",
        control="checkboxes",
        validate=_any_of,
        placeholder="Tick all that apply",
        options=lambda field: field.choices,
        needs_choices=True,
        takes_other=True,
        joins_answers=OTHER_JOIN,
        shown_in_pack=_listed("Any of:"),
        description=(
            "Any of the field's choices, one check box each (read back joined by '; '), "
            "or with other: the school's own too."
        ),
    ),
    FieldKind(
        "date",
        control="date",
        validate=_date,
        placeholder="dd/mm/yyyy",
        canonical=_iso_date,
        html={"type": "date"},
        description="A date (dd/mm/yyyy; read back as 2024-03-01).",
    ),
    FieldKind(
        "number",
        validate=_whole_number,
        placeholder="e.g. 240",
        canonical=_plain_number,
        html={"type": "text", "inputmode": "numeric", "pattern": r"\s*[0-9][0-9,]*\s*"},
        description="A whole number, e.g. the number of pupils on roll.",
    ),
    FieldKind(
        "signature",
        validate=_signature,
        placeholder="Type your full name",
        description="A typed name standing for a signature.",
    ),
    FieldKind("hub", prefilled="{{ hub.name }}", description="The hub's name, filled in and locked."),
):
    register(_kind)
