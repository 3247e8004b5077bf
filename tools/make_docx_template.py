"""Regenerate templates/information.docx, the Word template the DOCX renderer fills.

The template is committed; this script records how it was made. Editing the .docx in Word
(styles, margins, footer) is fine too, as long as the {{ }} / {%p %} tags stay intact.

    python tools/make_docx_template.py templates/information.docx
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from packgen.render.design import HOUSE, word_colour
from packgen.render.word.ooxml import NOTICE_STYLE, TEXT_WIDTH, notice_box
from packgen.render.word.template import zip_parts


def _rgb(value: str) -> RGBColor:
    return RGBColor.from_string(word_colour(value))


ACCENT = _rgb(HOUSE.colours.accent)
INK = _rgb(HOUSE.colours.ink)
MUTED = _rgb(HOUSE.colours.muted)
FONT = HOUSE.word_font
SIZE = HOUSE.type
PPR_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:jc",
    "w:outlineLvl",
)


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


def _style(
    doc, name: str, size: float, *, bold: bool = False, color: RGBColor = INK, before: float = 0, after: float = 6
):
    style = doc.styles[name]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = color
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    rpr = style.element.rPr
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts is not None and rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for extra in rpr.findall(qn("w:spacing")):  # the default template's letter spacing: not the house style's
        rpr.remove(extra)
    ppr = style.element.get_or_add_pPr()
    # The default template's rule under Title and the outline level under Subtitle (a numPr with
    # no list) are not the house style's; List Bullet's own numbering (a numId) stays.
    for extra in ppr.findall(qn("w:pBdr")) + [n for n in ppr.findall(qn("w:numPr")) if n.find(qn("w:numId")) is None]:
        ppr.remove(extra)
    return style


def _ppr_child(style, xml: str) -> None:
    """Put a w:pBdr or w:shd (given as XML) into a style's paragraph properties, in schema order."""
    from docx.oxml import parse_xml

    ppr = style.element.get_or_add_pPr()
    for el in parse_xml(f'<w:x xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{xml}</w:x>'):
        later = next(
            (
                c
                for c in ppr
                if c.tag in {qn(t) for t in PPR_AFTER_BORDERS} and not (el.tag == qn("w:pBdr") and c.tag == qn("w:shd"))
            ),
            None,
        )
        if later is not None:
            later.addprevious(el)
        else:
            ppr.append(el)


def _rule_under(style, size_pt: float, space_pt: float, colour: str) -> None:
    """A rule under a style's paragraph: the masthead's, a section heading's."""
    _ppr_child(
        style,
        f'<w:pBdr><w:bottom w:val="single" w:sz="{round(size_pt * 8)}" w:space="{round(space_pt)}"'
        f' w:color="{word_colour(colour)}"/></w:pBdr>',
    )


def block_loop(add: Callable[..., Any], expr: str, *, keep: bool = False) -> None:
    """Paragraphs and bullet lists, each made by the renderer's `block` filter (with ``keep``, each
    kept on the page of what follows it: a form group's blocks stay with its table)."""
    add(f"{{%p for block in {expr} %}}")
    add("{{p block | block | keep }}" if keep else "{{p block | block }}")
    add("{%p endfor %}")


def form_body(add: Callable[..., Any], *, table: str, signatures: str, heading: str = "Heading 2") -> None:
    """The application form after its heading: a table per group (made by the ``table``
    filter), then the commitments and their signature rows (the ``signatures`` filter).
    The information pack and the fillable form differ only in those two filters, and in the
    level of a group's ``heading`` (one below the form's: Heading 1 in the form alone)."""
    block_loop(add, "pack.form.blocks")
    add("{%p for group in pack.form.groups %}")
    add("{{ group.heading }}", style=heading).paragraph_format.keep_with_next = True
    block_loop(add, "group.blocks", keep=True)
    add(f"{{{{p group | {table} }}}}")
    add("{%p endfor %}")
    add("{%p if pack.form.commitments %}")
    add("{{ pack.form.commitments.heading }}", style=heading).paragraph_format.keep_with_next = True
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

    _style(doc, "Normal", SIZE.body, after=6).paragraph_format.line_spacing = 1.15
    _style(doc, "Title", SIZE.title, bold=True, color=ACCENT, after=2)
    tagline = doc.styles.add_style("Tagline", WD_STYLE_TYPE.PARAGRAPH)
    tagline.base_style = doc.styles["Normal"]
    tagline.font.size, tagline.font.italic, tagline.font.color.rgb = Pt(SIZE.tagline), True, INK
    tagline.paragraph_format.space_after = Pt(2)
    # The subtitle ends the masthead: the title rule is under it, as under the HTML and PDF masthead.
    subtitle = _style(doc, "Subtitle", SIZE.subtitle, after=HOUSE.spacing.after_masthead)
    subtitle.font.italic = False
    _rule_under(subtitle, HOUSE.spacing.title_rule, HOUSE.spacing.title_rule_gap, HOUSE.colours.accent)
    heading1 = _style(doc, "Heading 1", SIZE.h2, bold=True, color=ACCENT, before=16, after=6)
    _rule_under(heading1, HOUSE.spacing.section_rule, 2, HOUSE.colours.rule)
    _style(doc, "Heading 2", SIZE.h3, bold=True, color=ACCENT, before=12, after=4)
    _style(doc, "Heading 3", SIZE.h4, bold=True, color=ACCENT, before=10, after=3)
    _style(doc, "List Bullet", SIZE.body, after=3)
    footer = _style(doc, "Footer", SIZE.footer, color=MUTED, after=0)
    # The built-in Footer style's centre and right tabs (at 8.25 and 16.5 cm) put the page number in
    # the middle of a short title in LibreOffice: one right tab at the text width instead.
    for tabs in footer.element.pPr.findall(qn("w:tabs")):
        footer.element.pPr.remove(tabs)
    footer.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    hub = doc.styles.add_style("Hub Name", WD_STYLE_TYPE.PARAGRAPH)
    hub.base_style = doc.styles["Normal"]
    hub.font.size, hub.font.bold = Pt(SIZE.hub_name), True
    hub.paragraph_format.space_after = Pt(0)
    tracking = OxmlElement("w:spacing")  # letter spacing, in twentieths of a point
    tracking.set(qn("w:val"), str(round(HOUSE.spacing.hub_name_tracking * 20)))
    hub.element.get_or_add_rPr().append(tracking)
    details = doc.styles.add_style("Hub Details", WD_STYLE_TYPE.PARAGRAPH)
    details.base_style = doc.styles["Normal"]
    details.font.size = Pt(SIZE.hub_details)
    details.paragraph_format.space_after = Pt(2)
    note = doc.styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = doc.styles["Normal"]
    note.font.size, note.font.italic = Pt(SIZE.table), True
    cell = doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = doc.styles["Normal"]
    cell.paragraph_format.space_after = Pt(0)
    cell.font.size = Pt(SIZE.table)
    box = doc.styles.add_style(NOTICE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    box.base_style = doc.styles["Normal"]
    _ppr_child(box, notice_box())
    link = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb, link.font.underline = ACCENT, True
    _style(doc, "Caption", SIZE.table, bold=True, color=INK, before=6, after=3).font.italic = False
    note_text = doc.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note_text.base_style = doc.styles["Normal"]
    note_text.font.size = Pt(SIZE.footnote)
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
    add("{%p if pack.hub_details %}")
    add("{{r pack.hub_details | runs }}", style="Hub Details")
    add("{%p endif %}")
    add("{{r pack.title | text_runs }}", style="Title")
    add("{%p if pack.tagline %}")
    add("{{r pack.tagline | text_runs }}", style="Tagline")
    add("{%p endif %}")
    add("{%p if pack.subtitle %}")
    add("{{r pack.subtitle | text_runs }}", style="Subtitle")
    add("{%p endif %}")
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
    add("{%p if pack.form %}")
    form_heading = add("{{ pack.form.heading }}", style="Heading 1")
    form_heading.paragraph_format.page_break_before = True
    form_body(add, table="field_table", signatures="signature_table")
    add("{%p endif %}")
    add("{%p if pack.appendix %}")
    appendix = add("{{ pack.appendix.heading }}", style="Heading 1")
    appendix.paragraph_format.page_break_before = True
    blocks("pack.appendix.blocks")
    add("{%p for region in pack.appendix.regions %}")
    add("{{ region.name }} Region:", style="Heading 2")  # one level below the appendix's heading: no level skipped
    add("{%p for hub in region.hubs %}")
    entry = add("{{ hub.code }}: {{ hub.name }}")
    entry.paragraph_format.space_after = Pt(0)
    add("{%p endfor %}")
    add("{%p endfor %}")
    add("{%p endif %}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run("{{ pack.hub_name }} · {{ pack.title | replace('\\n', ' ') }}\tPage ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    props = doc.core_properties
    props.title = "{{ pack.document_title }}"
    props.subject = "{{ pack.title }}{% if pack.subtitle %}, {{ pack.subtitle }}{% endif %}"
    props.author = "{{ pack.hub_name }}"
    props.comments = "Made with packgen"
    props.language = "en-GB"
    props.last_modified_by = "packgen"
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    save(doc, target)


def save(doc, target: Path) -> None:
    """Save with fixed zip timestamps (python-docx writes the clock's), so the bytes repeat."""
    buf = io.BytesIO()
    doc.save(buf)
    target.write_bytes(repack(buf.getvalue()))


def _plain_bullets(numbering: bytes) -> bytes:
    """The default template's bullets are U+F0B7 in the Symbol font: a character no text extractor
    or screen reader makes sense of. The house bullet is a real one, in the house font."""
    symbol = '<w:lvlText w:val="\uf0b7"/>'.encode()
    font = f'w:ascii="{FONT}" w:hAnsi="{FONT}"'.encode()
    return numbering.replace(symbol, '<w:lvlText w:val="\u2022"/>'.encode()).replace(
        b'w:ascii="Symbol" w:hAnsi="Symbol"', font
    )


def repack(data: bytes) -> bytes:
    """The package with fixed timestamps, and real bullets in its numbering."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    return zip_parts([(name, _plain_bullets(part) if name == "word/numbering.xml" else part) for name, part in parts])


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/information.docx"))
