"""Fill the fillable PDF and Word forms with answers: the copy a school keeps, or a form handed out
already filled, which `packgen collect` reads back."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence

from lxml import etree

from ..pack import FormField
from .kinds import kind_of


def _boxes(answers: Sequence[FormField], values: Mapping[str, str]) -> dict[str, tuple[str, bool]]:
    """Each box's content and whether it is a button (a state, not text), by the box's name, for the
    answers in ``values``; the hub's own answer is left as it is."""
    filled: dict[str, tuple[str, bool]] = {}
    for field in answers:
        kind = kind_of(field)
        value = values.get(field.name, "")
        if kind.prefilled is not None or not value:
            continue
        boxes = kind.boxes(field, value)
        for widget in kind.widgets(field):
            if boxes.get(widget.name):
                filled[widget.name] = (boxes[widget.name], kind.asked_by.button and not widget.is_other)
    return filled


def fill_pdf(blank: bytes, answers: Sequence[FormField], values: Mapping[str, str]) -> bytes:
    """The form ``blank`` (as `packgen build` writes it) with each answer in ``values`` filled in.

    Each answer goes into its boxes (``FieldKind.boxes``: a check box per listed answer, the box
    for an answer of the school's own). A button takes its answer as a state: a radio group
    its answer (/Yes), a ticked check box /Yes. A field the hub fills in keeps the value it has.
    Viewers draw the answers themselves (NeedAppearances).
    """
    # pypdf (with the fontTools and Pillow it imports) is about 9 MiB and 70 ms in each server process
    # that loads it: only one that fills a PDF (a receipt's copy) does.
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank)))
    fields = {name: f"/{box}" if button else box for name, (box, button) in _boxes(answers, values).items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, fields, auto_regenerate=False)
    writer.root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TICKED = "\u2612"


def fill_docx(blank: bytes, answers: Sequence[FormField], values: Mapping[str, str]) -> bytes:
    """The Word form ``blank`` (as `packgen build` writes it) with each answer in ``values`` in its
    content controls, as Word leaves a control a person filled: the placeholder flag gone, the answer
    as a run (line breaks as <w:br/>), a drop-down's last value set, a check box ticked. Every other
    part of the file is copied as it was."""
    boxes = {name: box for name, (box, _) in _boxes(answers, values).items()}
    source = zipfile.ZipFile(io.BytesIO(blank))
    root = etree.fromstring(source.read("word/document.xml"))
    for sdt in root.iter(f"{{{_W}}}sdt"):
        props = sdt.find(f"{{{_W}}}sdtPr")
        tag = props.find(f"{{{_W}}}tag") if props is not None else None
        value = boxes.get(tag.get(f"{{{_W}}}val", "")) if tag is not None else None
        if not value:
            continue
        box = props.find(f"{{{_W14}}}checkbox")
        if box is not None:
            if value in ("No", "Off"):
                continue
            box.find(f"{{{_W14}}}checked").set(f"{{{_W14}}}val", "1")
            for text in sdt.iterfind(f"{{{_W}}}sdtContent//{{{_W}}}t"):
                text.text = _TICKED
            continue
        for flag in props.findall(f"{{{_W}}}showingPlcHdr"):
            props.remove(flag)
        drop = props.find(f"{{{_W}}}dropDownList")
        if drop is not None:
            drop.set(f"{{{_W}}}lastValue", value)
        content = sdt.find(f"{{{_W}}}sdtContent")
        for child in list(content):
            content.remove(child)
        run = etree.SubElement(content, f"{{{_W}}}r")
        for i, line in enumerate(value.split("\n")):
            if i:
                etree.SubElement(run, f"{{{_W}}}br")
            text = etree.SubElement(run, f"{{{_W}}}t")
            text.set(_XML_SPACE, "preserve")
            text.text = line
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as filled:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            filled.writestr(info, part)
    return out.getvalue()
