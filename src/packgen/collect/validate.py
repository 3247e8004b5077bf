"""Match a returned form's controls to the form's answers and check them (the one validator in
forms/validate.py, which the online form uses too)."""

from __future__ import annotations

from collections.abc import Sequence

from ..forms import spec, validate
from ..forms.validate import Checked
from ..model.pack import FormField
from .read import Control


def _by_name(controls: Sequence[Control], answers: Sequence[FormField]) -> dict[str, str]:
    """Each box's value by its name; by position when a program dropped the names but kept every label."""
    named: dict[str, str] = {}
    for c in controls:
        if c.name and c.name not in named:
            named[c.name] = c.value
    boxes = spec.all_widgets(list(answers))
    names = {w.name for w in boxes}
    if not names & set(named) and len(controls) == len(boxes):
        # LibreOffice 7.4 keeps most Word controls' titles but no tags: the labels, in order, identify them.
        pairs = list(zip(controls, boxes, strict=True))
        titled = [(c.title, w.title[: spec.TITLE_MAX]) for c, w in pairs if c.title is not None]
        if len(titled) * 2 >= len(boxes) and all(a == b for a, b in titled):
            return {w.name: c.value for c, w in pairs}
    return named


def check_answers(controls: Sequence[Control], answers: Sequence[FormField]) -> Checked:
    """Every answer's value as the spreadsheet shows it, and what is wrong with each (forms/validate.py)."""
    return validate.check_answers(validate.from_boxes(_by_name(controls, answers), answers), answers)
