"""Regenerate templates/application-form.docx, the Word template of the fillable application form.

It starts from templates/information.docx, so both documents share styles, margins and footer,
and adds what a form needs: a "Placeholder Text" style for empty answers, protection that
leaves only the content controls editable ("filling in forms"), and a custom-properties part
that the renderer fills with the form's identity. The template is committed; this script
records how it was made.

    python tools/make_form_docx_template.py templates/application-form.docx
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from make_docx_template import _rgb, form_body, repack

from packgen.render.design import HOUSE

CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
PLACEHOLDER_CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)


def _protect_for_forms(doc) -> None:
    """Only content controls may be edited: Word's "Filling in forms" restriction, no password."""
    settings = doc.settings.element
    protection = OxmlElement("w:documentProtection")
    protection.set(qn("w:edit"), "forms")
    protection.set(qn("w:enforcement"), "1")
    # CT_Settings is a sequence: documentProtection comes before defaultTabStop.
    settings.find(qn("w:defaultTabStop")).addprevious(protection)


def _body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    add = doc.add_paragraph
    add("{{ pack.hub_name }}", style="Hub Name")
    add("{{ pack.form.heading }}", style="Title")
    add("{{ pack.title }}: {{ pack.subtitle }}", style="Subtitle")
    form_body(
        add, table="form_table", signatures="form_signatures", heading="Heading 1"
    )  # the form's heading is its title


def _add_custom_part(data: bytes) -> bytes:
    """The saved package plus docProps/custom.xml, its content type and its relationship."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>", f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/></Types>'.encode()
                )
            elif info.filename == "_rels/.rels":
                part = part.replace(
                    b"</Relationships>",
                    (
                        f'<Relationship Id="rIdCustom" Type="{CUSTOM_REL}" Target="{CUSTOM_PART}"/></Relationships>'
                    ).encode(),
                )
            zf.writestr(info, part)
        zf.writestr(CUSTOM_PART, PLACEHOLDER_CUSTOM)
    return out.getvalue()


def build(target: Path, base: Path) -> None:
    doc = Document(str(base))
    placeholder = doc.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.color.rgb = _rgb(HOUSE.colours.muted)
    hint = doc.styles.add_style("Field Hint", WD_STYLE_TYPE.PARAGRAPH)
    hint.base_style = doc.styles["Table Text"]
    hint.font.size = Pt(HOUSE.type.hint)
    hint.font.color.rgb = _rgb(HOUSE.colours.hint)
    _protect_for_forms(doc)
    _body(doc)
    props = doc.core_properties
    props.title = "{{ pack.form.heading }} ({{ pack.hub_name }}, {{ pack.year_label }})"
    props.subject = "{{ pack.title }}, {{ pack.subtitle }}"
    props.keywords = "{{ identity.keywords }}"
    buf = io.BytesIO()
    doc.save(buf)
    target.write_bytes(repack(_add_custom_part(buf.getvalue())))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "templates/application-form.docx")
    build(out, out.parent / "information.docx")
