"""Match a returned form's controls to the form's answers and check them (the one validator in
forms/validate.py, which the online form uses too), and flag a school applying twice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..forms import spec, validate
from ..forms.validate import Checked
from ..model.pack import FormField
from .read import Control
from .safe import shown_path

if TYPE_CHECKING:
    from .applications import Application


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
        titled = [(c.title, w.title[: spec.TITLE_MAX]) for c, w in zip(controls, boxes) if c.title is not None]
        if len(titled) * 2 >= len(boxes) and all(a == b for a, b in titled):
            return {w.name: c.value for c, w in zip(controls, boxes)}
    return named


def check_answers(controls: Sequence[Control], answers: Sequence[FormField]) -> Checked:
    """Every answer's value as the spreadsheet shows it, and what is wrong with each (forms/validate.py)."""
    return validate.check_answers(validate.from_boxes(_by_name(controls, answers), answers), answers)


NAMED_OTHERS = 3


def flag_same_school(applications: Sequence[Application]) -> None:
    """Add a problem to each application of a programme-year whose school (URN) applied more than once.

    Grouped once, and a problem names at most a few of the others: 1,000 forms from one school
    give 1,000 short problems, not a million file names.
    """
    groups: dict[tuple[str, str, str], list[Application]] = {}
    for app in applications:
        for field in app.kind.answers:
            if spec.kind_of(field).identifies_school:
                urn = spec.urn_key(app.values.get(field.name, ""))
                if urn:
                    key = (app.kind.identity.programme, app.kind.identity.year, urn)
                    groups.setdefault(key, []).append(app)
    for (_, _, urn), apps in groups.items():
        if len(apps) < 2:
            continue
        first = [shown_path(a.source) for a in apps[: NAMED_OTHERS + 1]]
        more = len(apps) - 1 - NAMED_OTHERS
        tail = f" and {more:,} more: {len(apps):,} applications in all" if more > 0 else ""
        for i, app in enumerate(apps):
            others = [name for j, name in enumerate(first) if j != i][:NAMED_OTHERS]
            app.problems.append(f"same school (URN {urn}) as {', '.join(others)}{tail}")
