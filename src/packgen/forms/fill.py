"""Fill the fillable PDF form with answers: the copy a school keeps, which `packgen collect` reads back."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject

from ..model.pack import FormField
from .kinds import kind_of


def fill_pdf(blank: bytes, answers: Sequence[FormField], values: Mapping[str, str]) -> bytes:
    """The form ``blank`` (as `packgen build` writes it) with each answer in ``values`` filled in.

    Each answer goes into its boxes (``FieldKind.boxes``: a check box per listed answer, the box
    for an answer of the school's own). A button takes its answer as a state: a radio group
    its answer (/Yes), a ticked check box /Yes. A field the hub fills in keeps the value it has.
    Viewers draw the answers themselves (NeedAppearances).
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank)))
    fields: dict[str, str] = {}
    for field in answers:
        kind = kind_of(field)
        value = values.get(field.name, "")
        if kind.prefilled is not None or not value:
            continue
        boxes = kind.boxes(field, value)
        for widget in kind.widgets(field):
            box = boxes.get(widget.name, "")
            if box:
                button = kind.asked_by.button and not widget.is_other
                fields[widget.name] = f"/{box}" if button else box
    for page in writer.pages:
        writer.update_page_form_field_values(page, fields, auto_regenerate=False)
    writer.root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
