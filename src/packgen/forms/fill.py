"""Fill the fillable PDF form with answers: the copy a school keeps, which `packgen collect` reads back."""

from __future__ import annotations

import io
from typing import Mapping, Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject

from ..model.pack import FormField
from .kinds import kind_of


def fill_pdf(blank: bytes, answers: Sequence[FormField], values: Mapping[str, str]) -> bytes:
    """The form ``blank`` (as `packgen build` writes it) with each answer in ``values`` filled in.

    A button group (radios) takes its answer as a state, e.g. /Yes; a field the hub fills in
    keeps the value it has. Viewers draw the answers themselves (NeedAppearances).
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank)))
    fields: dict[str, str] = {}
    for field in answers:
        kind = kind_of(field)
        value = values.get(field.name, "")
        if kind.prefilled is not None or not value:
            continue
        fields[field.name] = f"/{value}" if kind.pdf_widget == "radio" else value
    for page in writer.pages:
        writer.update_page_form_field_values(page, fields, auto_regenerate=False)
    writer.root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
