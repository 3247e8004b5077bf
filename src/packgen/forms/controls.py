"""Every way a form asks for an answer (a control), one record each: the one place a control is defined.

A field type (forms/kinds.py) names its control; the control says how each face of the form draws
and reads it: its Word content control (a key of ``CONTROLS`` in render/form_docx.py), the PDF widget
WeasyPrint makes from its HTML, the macro that draws its HTML (in the documents' form and the online
form alike), whether it is one box per answer offered, and whether its prompt shows beside a hint.
Renderers and templates look these up; none compares a control by its name.

Adding a control is one ``register_control(Control(...))`` and its macro.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

MACROS = "form-controls.html.j2"
"""The template of the built-in controls' macros, beside the project's other templates."""


@dataclass(frozen=True)
class Control:
    """How a form asks for an answer."""

    name: str
    word: str  # the Word content control: text, multiline, dropdown, checkbox or date
    pdf: str  # the PDF widget WeasyPrint makes from the HTML: text, multiline, choice, radio or checkbox
    macro: str  # the macro that draws it in HTML, in ``template``
    template: str = MACROS
    several: bool = False  # one box per answer offered, read back as the ticked answers joined
    always_prompted: bool = False  # its prompt shows even beside a hint: a choice to make, a date's format
    tall: bool = False  # several lines: the printed form gives it room

    @property
    def button(self) -> bool:
        """A PDF button (radio or check box): its answer is set as a state name, not as text."""
        return self.pdf in ("radio", "checkbox")


_CONTROLS: dict[str, Control] = {}
CONTROLS: Mapping[str, Control] = MappingProxyType(_CONTROLS)


def register_control(control: Control) -> Control:
    """Add a control; a name registered twice is a mistake, so it raises."""
    if control.name in _CONTROLS:
        raise ValueError(f"control {control.name!r} is already registered")
    _CONTROLS[control.name] = control
    return control


def unregister_control(name: str) -> None:
    """Remove a control (for tests that register their own)."""
    del _CONTROLS[name]


def control_named(name: str) -> Control:
    """The record of a control, by its name."""
    return _CONTROLS[name]


for _control in (
    Control("input", word="text", pdf="text", macro="input"),
    Control("textarea", word="multiline", pdf="multiline", macro="textarea", tall=True),
    Control("select", word="dropdown", pdf="choice", macro="select", always_prompted=True),
    # Side by side; in Word a drop-down list, as a PDF radio group's state is its answer.
    Control("radios", word="dropdown", pdf="radio", macro="radios", always_prompted=True),
    # Each of its answers is a check box, in Word and in the PDF.
    Control("checkboxes", word="checkbox", pdf="checkbox", macro="checkboxes", several=True),
    # A date picker in HTML and Word; in the PDF a text field (dd/mm/yyyy, said in its hint).
    Control("date", word="date", pdf="text", macro="date", always_prompted=True),
):
    register_control(_control)
