"""One validator for answers however they arrive: a returned file (`packgen collect`) or the online form.

Each answer is read from its boxes (a field's own, its check boxes, its "other" box), cleaned as
the spreadsheet shows it and checked against its field's rules (the field types in
forms/kinds.py); what is wrong is said per field, so the web form can put each
message beside its field and `collect` can list them in one cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model.pack import FormField
from . import spec
from .safe import without_spoofing

MISSING_IN_FILE = "not in the file (the form was changed)"


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one answer, in words."""

    field: str  # the answer's name, e.g. school.urn
    message: str  # e.g. "required but empty"

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
        problem = spec.check(field, value)
        if problem:
            problems.append(FieldProblem(field.name, problem))
    return Checked(values, tuple(problems))
