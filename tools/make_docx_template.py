"""Regenerate templates/information.docx, the Word template the DOCX renderer fills.

The template is committed; this script records how it was made. Editing the .docx in Word
(styles, margins, footer) is fine too, as long as the {{ }} / {%p %} tags stay intact.

    python tools/make_docx_template.py templates/information.docx
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, Callable

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ACCENT = RGBColor(0x00, 0x5A, 0x8C)
INK = RGBColor(0x1D, 0x24, 0x30)
FONT = "Arial"


def _field(paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) the reader's program fills in."""
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
            run._r.append(el)
        else:
            run.text = text


def _set_lang(doc) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")


def _style(doc, name: str, size: float, *, bold: bool = False, color: RGBColor = INK, before: float = 0, after: float = 6):
    style = doc.styles[name]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = color
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts is not None and rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    return style


def block_loop(add: Callable[..., Any], expr: str) -> None:
    """Paragraphs and bullet lists, each made by the renderer's `block` filter."""
    add(f"{{%p for block in {expr} %}}")
    add("{{p block | block }}")
    add("{%p endfor %}")


def form_body(add: Callable[..., Any], *, table: str, signatures: str) -> None:
    """The application form after its heading: a table per group (made by the ``table``
    filter), then the commitments and their signature rows (the ``signatures`` filter).
    The information pack and the fillable form differ only in those two filters."""
    block_loop(add, "pack.form.blocks")
    add("{%p for group in pack.form.groups %}")
    add("{{ group.heading }}", style="Heading 2").paragraph_format.keep_with_next = True
    block_loop(add, "group.blocks")
    add(f"{{{{p group | {table} }}}}")
    add("{%p endfor %}")
    add("{%p if pack.form.commitments %}")
    add("{{ pack.form.commitments.heading }}", style="Heading 2")
    add("{{r pack.form.commitments.intro | runs }}")
    add("{%p for item in pack.form.commitments.items %}")
    add("{{r item | runs }}", style="List Bullet")
    add("{%p endfor %}")
    add(f"{{{{p pack.form.commitments | {signatures} }}}}")
    add("{%p if pack.form.commitments.note %}")
    add("{{r pack.form.commitments.note | runs }}", style="Note")
    add("{%p endif %}")
    add("{%p endif %}")


def build(target: Path) -> None:
    doc = Document()
    _set_lang(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.2)

    _style(doc, "Normal", 11, after=6).paragraph_format.line_spacing = 1.15
    _style(doc, "Title", 24, bold=True, color=ACCENT, after=2)
    _style(doc, "Subtitle", 14, after=12).font.italic = False
    _style(doc, "Heading 1", 15, bold=True, color=ACCENT, before=16, after=6)
    _style(doc, "Heading 2", 12.5, bold=True, color=ACCENT, before=12, after=4)
    _style(doc, "Heading 3", 11.5, bold=True, color=ACCENT, before=10, after=3)
    _style(doc, "List Bullet", 11, after=3)
    _style(doc, "Footer", 8, after=0)
    hub = doc.styles.add_style("Hub Name", WD_STYLE_TYPE.PARAGRAPH)
    hub.base_style = doc.styles["Normal"]
    hub.font.size, hub.font.bold, hub.font.all_caps = Pt(9), True, True
    note = doc.styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = doc.styles["Normal"]
    note.font.size, note.font.italic = Pt(9.5), True
    cell = doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = doc.styles["Normal"]
    cell.paragraph_format.space_after = Pt(0)
    cell.font.size = Pt(10)
    link = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb, link.font.underline = ACCENT, True
    tagline = doc.styles.add_style("Tagline", WD_STYLE_TYPE.PARAGRAPH)
    tagline.base_style = doc.styles["Normal"]
    tagline.font.size, tagline.font.italic, tagline.font.color.rgb = Pt(12.5), True, INK
    tagline.paragraph_format.space_after = Pt(4)
    _style(doc, "Caption", 10, bold=True, color=INK, before=6, after=3).font.italic = False
    note_text = doc.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note_text.base_style = doc.styles["Normal"]
    note_text.font.size = Pt(9)
    note_text.paragraph_format.space_after = Pt(0)
    note_text.paragraph_format.line_spacing = 1.0
    note_mark = doc.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    note_mark.font.superscript = True

    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    add = doc.add_paragraph

    def blocks(expr: str) -> None:
        block_loop(add, expr)

    add("{%p if pack.logos %}")
    add("{{p pack.logos | logos }}")
    add("{%p endif %}")
    add("{{ pack.hub_name }}", style="Hub Name")
    add("{{r pack.title | text_runs }}", style="Title")
    add("{%p if pack.tagline %}")
    add("{{r pack.tagline | text_runs }}", style="Tagline")
    add("{%p endif %}")
    add("{{r pack.subtitle | text_runs }}", style="Subtitle")
    add("{%p for section in pack.sections %}")
    add("{%p if section.style == 'notice' %}")
    add("{{p section | notice }}")
    add("{%p else %}")
    add("{%p if section.heading %}")
    add("{{r section.heading | text_runs }}", style="Heading 1")
    add("{%p endif %}")
    blocks("section.blocks")
    add("{%p endif %}")
    add("{%p endfor %}")
    form_heading = add("{{ pack.form.heading }}", style="Heading 1")
    form_heading.paragraph_format.page_break_before = True
    form_body(add, table="field_table", signatures="signature_table")
    add("{%p if pack.appendix %}")
    appendix = add("{{ pack.appendix.heading }}", style="Heading 1")
    appendix.paragraph_format.page_break_before = True
    blocks("pack.appendix.blocks")
    add("{%p for region in pack.appendix.regions %}")
    add("{{ region.name }} Region:", style="Heading 3")
    add("{%p for hub in region.hubs %}")
    entry = add("{{ hub.code }}: {{ hub.name }}")
    entry.paragraph_format.space_after = Pt(0)
    add("{%p endfor %}")
    add("{%p endfor %}")
    add("{%p endif %}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(16.9), WD_TAB_ALIGNMENT.RIGHT)
    run = footer.add_run("{{ pack.hub_name }} · {{ pack.title }}\tPage ")
    run.font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(" of ").font.size = Pt(8)
    _field(footer, "NUMPAGES")

    props = doc.core_properties
    props.title = "{{ pack.document_title }}"
    props.subject = "{{ pack.title }}, {{ pack.subtitle }}"
    props.author = "{{ pack.hub_name }}"
    props.comments = "Made with packgen"
    props.language = "en-GB"
    props.last_modified_by = "packgen"
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    doc.save(str(target))


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/information.docx"))
