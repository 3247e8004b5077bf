"""One validator for answers however they arrive: a returned file (`packgen collect`) or the online form.

Each answer is read from its boxes (a field's own, its check boxes, its "other" box), cleaned as
the spreadsheet shows it and checked against its field's rules (the field types in
forms/kinds.py); what is wrong is said per field, so the web form can put each
message beside its field and `collect` can list them in one cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..pack import FormField
from . import spec
from .safe import without_spoofing

MISSING_IN_FILE = "not in the file (the form was changed)"

ONE_LINE_LIMIT = 500  # characters in an answer on one line (GOV.UK Forms' limit for short answers)
LONG_LIMIT = 5000  # characters in a long answer (a box of several lines), as GOV.UK Forms has it
CHOSEN = frozenset({"select", "radios", "checkboxes"})  # controls whose answer is chosen, not typed


def _lower_first(text: str) -> str:
    """``text`` to follow a verb: its first letter lower case, unless its first word is an
    abbreviation such as URN."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _label(field: FormField) -> str:
    """The field's label without a closing note in brackets ("(up to 100 words)")."""
    text = field.label_text.strip()
    if text.endswith(")") and "(" in text:
        text = text[: text.rindex("(")].rstrip()
    return text or field.name


def empty_message(field: FormField) -> str:
    """What a required answer left empty is told, in the GOV.UK Design System's words and from the
    field's own label: "Enter the name of school", "Enter the name of the lead teacher (Reception)",
    "Select the school phase", "Select an answer to 'Has the school taken part before?'"."""
    chosen = spec.kind_of(field).control in CHOSEN
    verb = "Select" if chosen else "Enter"
    label = _label(field)
    if label.endswith("?"):
        return f"{verb} an answer to '{label}'"
    phrase = f"the {_lower_first(label)}"
    group = (field.group or "").strip()
    if group and group.lower() not in label.lower() and not group.lower().endswith(("details", "plans")):
        phrase += f" of the {_lower_first(group)}"
    return f"{verb} {phrase}"


def length_message(field: FormField, value: str) -> str | None:
    """An answer over its kind's length, in GOV.UK's words, or None."""
    limit = LONG_LIMIT if spec.kind_of(field).asked_by.tall else ONE_LINE_LIMIT
    if len(value) <= limit:
        return None
    label = _label(field)
    subject = "The answer" if label.endswith("?") else label[:1].upper() + label[1:]
    return f"{subject} must be {limit:,} characters or less (it has {len(value):,})"


def is_empty_message(message: str) -> bool:
    """Whether a problem's message says a required answer is empty (``collect`` counts them)."""
    return message.startswith(("Enter the ", "Select the ", "Enter an answer to ", "Select an answer to "))


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one answer, in words."""

    field: str  # the answer's name, e.g. school.urn
    message: str  # e.g. "Enter the name of school"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class Checked:
    """Every answer as the spreadsheet shows it, and what is wrong with them, field by field."""

    values: dict[str, str]
    problems: tuple[FieldProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_field(self) -> dict[str, str]:
        """Each field's first problem: what a form shows beside the field."""
        out: dict[str, str] = {}
        for problem in self.problems:
            out.setdefault(problem.field, problem.message)
        return out

    def messages(self) -> list[str]:
        """Every problem as one line, ``field: message``."""
        return [str(p) for p in self.problems]


def from_boxes(boxes: Mapping[str, str], answers: Sequence[FormField]) -> dict[str, str]:
    """Each answer from the values of its boxes, by their names (spec.widgets: a check box per
    answer a checkboxes field offers, the box an "other" answer is written in), as ``check_answers``
    takes them. An answer none of whose boxes is in ``boxes`` is left out (not in the file)."""
    found: dict[str, str] = {}
    for field in answers:
        own = {}
        for widget in spec.widgets(field):
            if widget.name in boxes:
                value = boxes[widget.name]
                # A program that lost the "showing placeholder" flag leaves the prompt as the answer.
                own[widget.name] = "" if spec.clean(value) == spec.prompt_of(field, widget) else value
        read = spec.kind_of(field).read(field, own)
        if read is not None:
            found[field.name] = read
    return found


def check_answers(found: Mapping[str, str], answers: Sequence[FormField], *, missing: str = MISSING_IN_FILE) -> Checked:
    """Check the answers ``found`` by field name against the form's ``answers``.

    A field with no entry in ``found`` at all gets the problem ``missing``; an entry that is
    empty is judged by the field's rules (required or not). A field the hub fills in is taken
    as found and not checked: the form's identity says which hub already.
    """
    values: dict[str, str] = {}
    problems: list[FieldProblem] = []
    for field in answers:
        if field.name not in found:
            values[field.name] = ""
            problems.append(FieldProblem(field.name, missing))
            continue
        value = spec.clean(without_spoofing(found[field.name]))
        if value == spec.placeholder(field):  # a program that lost the "showing placeholder" flag
            value = ""
        value = spec.canonical(field, value)
        values[field.name] = value
        if spec.kind_of(field).prefilled is not None:
            continue
        if not value and field.required:
            problems.append(FieldProblem(field.name, empty_message(field)))
            continue
        problem = length_message(field, value) or spec.check(field, value)
        if problem:
            problems.append(FieldProblem(field.name, problem))
    return Checked(values, tuple(problems))
