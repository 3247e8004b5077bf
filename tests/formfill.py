"""Fill in generated forms the way a school's program would, independently of packgen's reader.

The PDF is filled with pypdf's own form filling; the DOCX by editing its content controls as
Word does (placeholder flag removed, the answer as runs, line breaks as <w:br/>).
Used by the tests and by benchmarks/collect.py.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from pypdf import PdfReader, PdfWriter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
TICKED = "\u2612"


def fill_pdf(data: bytes, values: dict[str, str], *, radio: frozenset[str] = frozenset()) -> bytes:
    """The PDF with each named field set; names in ``radio`` take a button state such as Yes."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    fields = {name: (f"/{value}" if name in radio else value) for name, value in values.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, fields, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def fill_docx(data: bytes, values: dict[str, str]) -> bytes:
    """The DOCX with each content control tagged with a name in ``values`` holding that answer."""
    src = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(src.read("word/document.xml"))
    for sdt in root.iter(_w("sdt")):
        tag = sdt.find("w:sdtPr/w:tag", NS)
        if tag is None or tag.get(_w("val")) not in values:
            continue
        value = values[tag.get(_w("val"))]
        props = sdt.find("w:sdtPr", NS)
        box = props.find("w14:checkbox", NS)
        if box is not None:  # a check box: Word sets w14:checked and shows the ticked glyph
            ticked = value not in ("", "No", "Off")
            box.find("w14:checked", NS).set(f"{{{W14}}}val", "1" if ticked else "0")
            if ticked:
                for text in sdt.iterfind("w:sdtContent//w:t", NS):
                    text.text = TICKED
            continue
        for flag in props.findall("w:showingPlcHdr", NS):
            props.remove(flag)
        drop = props.find("w:dropDownList", NS)
        if drop is not None:
            drop.set(_w("lastValue"), value)
        content = sdt.find("w:sdtContent", NS)
        for child in list(content):
            content.remove(child)
        run = etree.SubElement(content, _w("r"))
        for i, line in enumerate(value.split("\n")):
            if i:
                etree.SubElement(run, _w("br"))
            text = etree.SubElement(run, _w("t"))
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            text.text = line
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "word/document.xml":
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zf.writestr(info, part)
    return out.getvalue()
