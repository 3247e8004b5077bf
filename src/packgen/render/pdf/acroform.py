"""Finish the AcroForm WeasyPrint makes from the HTML form, so every viewer fills and shows it the same way.

WeasyPrint (v70) writes one field per HTML control, named after its ``name`` attribute, and embeds
the controls' font whole (form.css gives them a one-glyph placeholder). In the same pikepdf pass as
the PDF/UA fixes, editing only the objects that change, we:
- nest the fields by the dots in their names (``school.urn`` is field ``urn`` under ``school``):
  a PDF partial field name may not contain a period, and readers split on it;
- set each field's accessible name (/TU) to the one the form specification gives its box (a
  check box's and an "other" box's say the answer they stand for), and name each radio button by
  its answer;
- mark required fields, and make the hub answer read-only with an appearance stream, so every
  viewer draws it the same (and no /NeedAppearances: viewers draw the appearances they are given);
- draw the answers in an embedded Unicode font (fieldfont.py: Latin-1 and Latin Extended-A, so
  "Łukasz" keeps its "Ł"), registered in /DR as /Helv: PyMuPDF rewrites a field's font to /Helv
  when it fills it, and a viewer then finds no font under any other name and shows nothing.
  One-line fields keep the size the stylesheet gives; multi-line fields are auto-sized (0 Tf);
- normalise widget rectangles (WeasyPrint gives the top edge first, which pypdf misplaces);
- give yes/no radio buttons the states /Yes and /No (WeasyPrint numbers them), a round dot and an
  empty /Off look, and list the buttons once, as kids of their group;
- give each check box (one per answer a checkboxes field offers) the state /Yes (WeasyPrint's is
  /on), a tick stroked inside its border (WeasyPrint's fills the box edge to edge) and an empty
  /Off look;
- record the form's identity (programme, year, hub) in the document information.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name

from ...forms.kinds import Widget, kind_of
from ...forms.spec import Identity, widgets
from ...model.pack import FormField
from .fieldfont import field_font

READ_ONLY, REQUIRED, MULTILINE = 1, 2, 1 << 12  # field flags (/Ff) bits 1, 2 and 13
FONT = "Helv"
DA_FONT = re.compile(r"/([^\s/]+)\s+([\d.]+)\s+Tf")
_DA_COLOUR = re.compile(r"((?:[\d.]+\s+){3}rg|[\d.]+\s+g)(?:\s|$)")


class FormLayoutError(RuntimeError):
    """The rendered PDF's fields do not match the form specification (a template mistake)."""


def finish_fields(pdf: pikepdf.Pdf, fields: Iterable[FormField], identity: Identity) -> None:
    """WeasyPrint's form fields in ``pdf`` finished as above, in place."""
    acro = pdf.Root.AcroForm
    by_name: dict[str, tuple[FormField, Widget]] = {w.name: (f, w) for f in fields for w in widgets(f)}
    terminals: dict[str, Dictionary] = {}
    for obj in acro.Fields:
        if Name.Parent not in obj:  # a radio button, which WeasyPrint also lists as a field
            terminals[str(obj.T)] = obj
    unknown = sorted(set(terminals) - set(by_name))
    missing = sorted(set(by_name) - set(terminals))
    if unknown or missing:
        raise FormLayoutError(f"PDF fields differ from the form: unknown {unknown}, missing {missing}")

    font = None
    weasyprint_font = None
    for name, obj in terminals.items():
        field, box = by_name[name]
        for widget in obj.get(Name.Kids, [obj]):
            _normalise_rect(widget)
        obj.TU = pikepdf.String(box.title)
        flags = int(obj.get(Name.Ff, 0))
        if box.required:
            flags |= REQUIRED
        if kind_of(field).prefilled is not None:
            flags |= READ_ONLY
        obj.Ff = flags
        if Name.DA in obj:
            da = str(obj.DA)
            found = DA_FONT.search(da)
            if found is None:
                raise FormLayoutError(f"field {name} has no font in its default appearance {da!r}")
            if font is None:
                weasyprint_font = found.group(1)
                font = _field_font(pdf)
            size = "0" if flags & MULTILINE else found.group(2)
            colour = _DA_COLOUR.search(da)
            obj.DA = pikepdf.String(f"/{FONT} {size} Tf {colour.group(1).strip() if colour else '0 g'}")
            if flags & READ_ONLY and str(obj.get(Name.V, "")):
                obj.AP = Dictionary(N=text_appearance(pdf, obj, font, float(size)))
        if Name.Kids in obj:
            _name_radio_states(pdf, obj, field)
        elif box.option is not None:  # a check box standing for one answer of several
            _name_check_states(pdf, obj)
    acro.Fields = _nest(pdf, terminals)
    if font is not None:
        _drop_from_pages(pdf, weasyprint_font)
        acro.DR = Dictionary(Font=Dictionary({"/" + FONT: font}))
        acro.DA = pikepdf.String(f"/{FONT} 0 Tf 0 g")
    if Name.NeedAppearances in acro:  # every value that shows has its appearance stream: viewers draw
        del acro.NeedAppearances  # those (the hub answer here, a school's answers by the program that filled them)
    for key, value in identity.as_properties().items():
        pdf.docinfo[Name("/" + key)] = pikepdf.String(value)


def _field_font(pdf: pikepdf.Pdf) -> Dictionary:
    """The fields' Unicode font (fieldfont.py) as a CID font whose CIDs and glyph ids are code points."""
    font = field_font()
    file = pikepdf.Stream(pdf, b"")
    file.write(font.file, filter=Name.FlateDecode)
    file.Length1 = font.file_length
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + font.base_font),
        Flags=4,
        FontBBox=Array(list(font.bbox)),
        ItalicAngle=0,
        Ascent=font.ascent,
        Descent=font.descent,
        CapHeight=font.cap_height,
        StemV=80,
        FontFile2=file,
    )
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/" + font.base_font),
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=0,
        CIDToGIDMap=Name.Identity,
        W=Array([Array(list(w)) if isinstance(w, tuple) else w for w in font.widths]),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/" + font.base_font),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=pikepdf.Stream(pdf, font.to_unicode),
        )
    )


def _drop_from_pages(pdf: pikepdf.Pdf, key: str) -> None:
    """Take the font WeasyPrint laid the controls out with out of the pages' resources, where no text uses it."""
    name = Name("/" + key)
    needle = re.compile(rb"/" + re.escape(key.encode()) + rb"\s")
    for page in pdf.pages:
        fonts = page.obj.get(Name.Resources, {}).get(Name.Font)
        if fonts is None or name not in fonts:
            continue
        contents = page.obj.get(Name.Contents)
        streams = list(contents) if isinstance(contents, Array) else [contents]
        if not any(needle.search(stream.read_bytes()) for stream in streams if stream is not None):
            del fonts[name]


def _normalise_rect(widget: Dictionary) -> None:
    """/Rect as lower-left and upper-right corners: WeasyPrint gives the top first, and pypdf,
    flattening a filled form, then draws each answer a field's height too high."""
    x1, y1, x2, y2 = (float(v) for v in widget.Rect)
    widget.Rect = Array([round(min(x1, x2), 4), round(min(y1, y2), 4), round(max(x1, x2), 4), round(max(y1, y2), 4)])


def _size(widget: Dictionary) -> tuple[float, float]:
    x1, y1, x2, y2 = (float(v) for v in widget.Rect)
    return abs(x2 - x1), abs(y2 - y1)


def text_appearance(pdf: pikepdf.Pdf, widget: Dictionary, font: Dictionary, size: float) -> pikepdf.Stream:
    """The look of a one-line field showing its value, as viewers draw it: inset 2pt, centred vertically."""
    width, height = _size(widget)
    ascent, descent = field_font().ascent / 1000, field_font().descent / 1000
    baseline = (height - (ascent - descent) * size) / 2 - descent * size
    text = "".join(f"{ord(char):04x}" for char in str(widget.V) if ord(char) < 0x10000)  # the code is the code point
    colour = _DA_COLOUR.search(str(widget.DA))
    content = (
        f"/Tx BMC q 1 1 {width - 2:.2f} {height - 2:.2f} re W n BT /{FONT} {size:g} Tf "
        f"{colour.group(1).strip() if colour else '0 g'} 2 {baseline:.2f} Td <{text}> Tj ET Q EMC"
    ).encode("ascii")
    stream = _form_xobject(pdf, content, width, height)
    stream.Resources = Dictionary(Font=Dictionary({"/" + FONT: font}))
    return stream


def _dot(pdf: pikepdf.Pdf, width: float, height: float, colour: str | None) -> pikepdf.Stream:
    """A filled circle in the middle of a radio button: its chosen look."""
    cx, cy, r = width / 2, height / 2, min(width, height) * 0.3
    k = r * 0.5523  # the control-point distance that makes four Béziers a circle
    path = (
        f"{cx + r:.2f} {cy:.2f} m "
        f"{cx + r:.2f} {cy + k:.2f} {cx + k:.2f} {cy + r:.2f} {cx:.2f} {cy + r:.2f} c "
        f"{cx - k:.2f} {cy + r:.2f} {cx - r:.2f} {cy + k:.2f} {cx - r:.2f} {cy:.2f} c "
        f"{cx - r:.2f} {cy - k:.2f} {cx - k:.2f} {cy - r:.2f} {cx:.2f} {cy - r:.2f} c "
        f"{cx + k:.2f} {cy - r:.2f} {cx + r:.2f} {cy - k:.2f} {cx + r:.2f} {cy:.2f} c f"
    )
    return _form_xobject(pdf, f"q {colour or '0 g'} {path} Q".encode("ascii"), width, height)


def _tick(pdf: pikepdf.Pdf, width: float, height: float, colour: str | None) -> pikepdf.Stream:
    """A tick in the middle of a check box, stroked in the box's colour: its ticked look."""
    side = min(width, height) * 0.6
    x0, y0 = (width - side) / 2, (height - side) / 2
    points = ((0.08, 0.52), (0.38, 0.2), (0.92, 0.8))
    (ax, ay), (bx, by), (cx, cy) = ((x0 + side * x, y0 + side * y) for x, y in points)
    stroke = colour.removesuffix("rg") + "RG" if colour else "0 G"
    path = f"{ax:.2f} {ay:.2f} m {bx:.2f} {by:.2f} l {cx:.2f} {cy:.2f} l S"
    return _form_xobject(pdf, f"q {stroke} {side * 0.14:.2f} w 1 J 1 j {path} Q".encode("ascii"), width, height)


def _border_colour(widget: Dictionary) -> str | None:
    """The widget's border colour as a fill colour operator (WeasyPrint's /MK /BC is the control's ink)."""
    if Name.MK in widget and Name.BC in widget.MK and len(widget.MK.BC) == 3:
        return " ".join(f"{float(c):g}" for c in widget.MK.BC) + " rg"
    return None


def _form_xobject(pdf: pikepdf.Pdf, content: bytes, width: float, height: float) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, content)
    stream.Type, stream.Subtype = Name.XObject, Name.Form
    stream.BBox = Array([0, 0, round(width, 2), round(height, 2)])
    return stream


def _name_radio_states(pdf: pikepdf.Pdf, group: Dictionary, field: FormField) -> None:
    """Buttons named by their answer (/Yes, /No), each round with an empty /Off look, listed once."""
    options = kind_of(field).choices(field)
    if Name.Opt in group:
        del group.Opt
    group.V = Name.Off
    for kid in group.Kids:
        for key in (Name.T, Name.TU, Name.FT):
            if key in kid:
                del kid[key]
        (index,) = list(kid.AP.N.keys())
        value = options[int(index.lstrip("/"))]
        width, height = _size(kid)
        kid.AP = Dictionary(
            N=Dictionary(
                {
                    "/" + value: _dot(pdf, width, height, _border_colour(kid)),
                    "/Off": _form_xobject(pdf, b"", width, height),
                }
            )
        )
        kid.AS = Name.Off
        kid.TU = pikepdf.String(value)


def _name_check_states(pdf: pikepdf.Pdf, box: Dictionary) -> None:
    """A check box whose ticked state is /Yes, as every viewer and filler expects, with a drawn
    tick and an empty /Off look, unticked."""
    width, height = _size(box)
    box.AP = Dictionary(
        N=Dictionary(
            {
                "/Yes": _tick(pdf, width, height, _border_colour(box)),
                "/Off": _form_xobject(pdf, b"", width, height),
            }
        )
    )
    box.AS = Name.Off
    box.V = Name.Off


def _nest(pdf: pikepdf.Pdf, terminals: dict[str, Dictionary]) -> Array:
    """Hang each field under parents named by the parts of its dotted name; return the top level."""
    top = Array()
    parents: dict[str, Dictionary] = {}
    for name, obj in terminals.items():
        *path, last = name.split(".")
        parent = None
        for depth in range(len(path)):
            prefix = ".".join(path[: depth + 1])
            if prefix not in parents:
                node = pdf.make_indirect(Dictionary(T=pikepdf.String(path[depth]), Kids=Array()))
                if parent is not None:
                    node.Parent = parent
                parents[prefix] = node
                (parent.Kids if parent is not None else top).append(node)
            parent = parents[prefix]
        obj.T = pikepdf.String(last)
        if parent is None:
            top.append(obj)
        else:
            obj.Parent = parent
            parent.Kids.append(obj)
    return top
