"""Finish the AcroForm WeasyPrint makes from the HTML form, so every viewer fills it the same way.

WeasyPrint (v70) writes one field per HTML control, named after its ``name`` attribute. We then:
- nest the fields by the dots in their names (``school.urn`` is field ``urn`` under ``school``):
  a PDF partial field name may not contain a period, and readers split on it;
- set each field's accessible name (/TU) to the one the form specification gives it;
- mark required fields, and make the hub answer read-only;
- give yes/no radio buttons the states /Yes and /No (WeasyPrint numbers them) with an /Off
  appearance, and list the buttons once, as kids of their group;
- draw field text in Helvetica, a font every PDF reader has, instead of a whole embedded font
  (WeasyPrint embeds field fonts unsubset, which made a one-page form 200 KB);
- record the form's identity (programme, year, hub) in the document information.
"""

from __future__ import annotations

import io
import re
from typing import Iterable

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from ..forms.kinds import kind_of
from ..forms.spec import Identity, accessible_name, choices
from ..model.pack import FormField

READ_ONLY, REQUIRED = 1, 2  # field flags (/Ff) bits 1 and 2
FONT = "/Helv"
FONT_SIZE = 10
_DA_FONT = re.compile(r"/([^\s/]+)\s+[\d.]+\s+Tf")


class FormLayoutError(RuntimeError):
    """The rendered PDF's fields do not match the form specification (a template mistake)."""


def finish_fields(data: bytes, fields: Iterable[FormField], identity: Identity) -> bytes:
    """WeasyPrint's PDF with its form fields finished as above."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    acro = writer.root_object["/AcroForm"]
    by_name = {f.name: f for f in fields}
    field_fonts: set[str] = set()
    terminals: dict[str, IndirectObject] = {}
    for ref in acro["/Fields"]:
        obj = ref.get_object()
        if "/Parent" in obj:  # a radio button, which WeasyPrint also lists as a field
            continue
        terminals[str(obj["/T"])] = ref
    unknown = sorted(set(terminals) - set(by_name))
    missing = sorted(set(by_name) - set(terminals))
    if unknown or missing:
        raise FormLayoutError(f"PDF fields differ from the form: unknown {unknown}, missing {missing}")

    helv = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    for name, ref in terminals.items():
        field, obj = by_name[name], ref.get_object()
        obj[NameObject("/TU")] = TextStringObject(accessible_name(field))
        flags = int(obj.get("/Ff", 0))
        if field.required:
            flags |= REQUIRED
        if kind_of(field).prefilled is not None:
            flags |= READ_ONLY
        obj[NameObject("/Ff")] = NumberObject(flags)
        if "/DA" in obj:
            field_fonts.update(_DA_FONT.findall(str(obj["/DA"])))
            obj[NameObject("/DA")] = TextStringObject(f"{FONT} {FONT_SIZE} Tf 0 g")
        if "/Kids" in obj:
            _name_radio_states(writer, obj, field)
    acro[NameObject("/Fields")] = _nest(writer, terminals)
    acro[NameObject("/DR")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject(FONT): helv}),
    })
    acro[NameObject("/DA")] = TextStringObject(f"{FONT} 0 Tf 0 g")
    acro[NameObject("/NeedAppearances")] = BooleanObject(True)
    _drop_unused_fonts(writer, field_fonts)
    writer.add_metadata({f"/{key}": value for key, value in identity.as_properties().items()})
    _drop_unreferenced(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _name_radio_states(writer: PdfWriter, group: DictionaryObject, field: FormField) -> None:
    """Buttons named by their answer (/Yes, /No), each with an empty /Off look, listed once."""
    options = choices(field)
    group.pop("/Opt", None)
    group[NameObject("/V")] = NameObject("/Off")
    for kid_ref in group["/Kids"]:
        kid = kid_ref.get_object()
        for key in ("/T", "/TU", "/FT"):
            kid.pop(key, None)
        normal = kid["/AP"]["/N"]
        (index, look), = list(normal.items())
        value = options[int(index.lstrip("/"))]
        off = StreamObject()
        off[NameObject("/Type")] = NameObject("/XObject")
        off[NameObject("/Subtype")] = NameObject("/Form")
        off[NameObject("/BBox")] = look.get_object()["/BBox"]
        kid[NameObject("/AP")] = DictionaryObject({
            NameObject("/N"): DictionaryObject({
                NameObject("/" + value): look,
                NameObject("/Off"): writer._add_object(off),
            }),
        })
        kid[NameObject("/AS")] = NameObject("/Off")


def _nest(writer: PdfWriter, terminals: dict[str, IndirectObject]) -> ArrayObject:
    """Hang each field under parents named by the parts of its dotted name; return the top level."""
    top = ArrayObject()
    parents: dict[str, IndirectObject] = {}
    for name, ref in terminals.items():
        *path, last = name.split(".")
        parent_ref = None
        for depth in range(len(path)):
            prefix = ".".join(path[: depth + 1])
            if prefix not in parents:
                node = DictionaryObject({
                    NameObject("/T"): TextStringObject(path[depth]),
                    NameObject("/Kids"): ArrayObject(),
                })
                if parent_ref is not None:
                    node[NameObject("/Parent")] = parent_ref
                parents[prefix] = writer._add_object(node)
                (parent_ref.get_object()["/Kids"] if parent_ref is not None else top).append(parents[prefix])
            parent_ref = parents[prefix]
        obj = ref.get_object()
        obj[NameObject("/T")] = TextStringObject(last)
        if parent_ref is None:
            top.append(ref)
        else:
            obj[NameObject("/Parent")] = parent_ref
            parent_ref.get_object()["/Kids"].append(ref)
    return top


def _drop_unused_fonts(writer: PdfWriter, names: set[str]) -> None:
    """Take fonts out of the pages' resources when only the fields used them (and now Helvetica does)."""
    streams = [obj for obj in writer._objects if isinstance(obj, StreamObject)]
    used = b"\n".join(s.get_data() for s in streams if "/FontFile2" not in s and "/Length1" not in s)
    for name in names:
        if re.search(rb"/" + re.escape(name.encode()) + rb"\s", used):
            continue
        for page in writer.pages:
            fonts = page.get("/Resources", {}).get("/Font")
            if fonts is not None and "/" + name in fonts.get_object():
                del fonts.get_object()["/" + name]


def _drop_unreferenced(writer: PdfWriter) -> None:
    """Remove objects nothing refers to any more, such as the fields' font and all it refers to."""
    # pypdf drops one level of unreferenced objects per pass; a font is a chain of four.
    for _ in range(8):
        before = writer._objects.count(None)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        if writer._objects.count(None) == before:
            break
