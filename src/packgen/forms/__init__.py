"""The application form: one specification for the fillable PDF, DOCX and HTML and for reading them back.

The door to form behaviour: ``kind_of(field)`` is a field's type record (forms/kinds.py) and its
``asked_by`` the record of its control (forms/controls.py); renderers, templates (the ``kind``
filter), collect and the web server look behaviour up there, never by a type's or control's name.
"""

from .controls import CONTROLS, Control, control_named, register_control, unregister_control
from .kinds import KINDS, FieldKind, kind_of, register, unregister

__all__ = [
    "CONTROLS",
    "KINDS",
    "Control",
    "FieldKind",
    "control_named",
    "kind_of",
    "register",
    "register_control",
    "unregister",
    "unregister_control",
]
