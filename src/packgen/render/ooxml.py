"""WordprocessingML pieces built from the pack: runs, paragraphs, the form's tables.

Text is always XML-escaped here; hyperlinks are numbered by a Links table that the DOCX
renderer turns into relationships.
"""

from __future__ import annotations

from .xmltext import escape, quoteattr

from markupsafe import Markup

from ..forms.kinds import kind_of
from ..model import pack as p

TEXT_WIDTH = 9638  # twips between 2 cm margins on A4
LABEL_WIDTH = 2890
SHADE = "EEF3F8"
BORDER = "9FB3C8"


class Links:
    """Hyperlink targets used by one document, each with a stable relationship id."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def rid(self, href: str) -> str:
        if href not in self.ids:
            self.ids[href] = f"rIdLink{len(self.ids) + 1}"
        return self.ids[href]


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def run(r: p.Run, links: Links, *, extra_rpr: str = "") -> str:
    rpr = extra_rpr
    if r.href:
        rpr = '<w:rStyle w:val="Hyperlink"/>' + rpr
    if r.bold:
        rpr += "<w:b/>"
    if r.italic:
        rpr += "<w:i/>"
    xml = f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{t(r.text)}</w:r>"
    if r.href:
        xml = f'<w:hyperlink r:id="{links.rid(r.href)}" w:history="1">{xml}</w:hyperlink>'
    return xml


def runs(inline: p.Inline, links: Links, **kw: str) -> str:
    return "".join(run(r, links, **kw) for r in inline)


def paragraph(inline: p.Inline, links: Links, style: str | None = None, *, ppr: str = "", rpr: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if (style_xml or ppr) else ""
    return f"<w:p>{props}{runs(inline, links, extra_rpr=rpr)}</w:p>"


def text_paragraph(text: str, style: str | None = None, **kw: str) -> str:
    return paragraph((p.Run(text),), Links(), style, **kw) if text else paragraph((), Links(), style, **kw)


def block(b: p.Block, links: Links, *, style: str | None = None) -> str:
    if isinstance(b, p.BulletList):
        return "".join(paragraph(item, links, "ListBullet") for item in b.items)
    return paragraph(b.runs, links, style)


def _cell(content: str, width: int, *, span: int = 1, shade: bool = False) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def _row(cells: str, *, min_height: int | None = None, header: bool = False) -> str:
    props = "<w:cantSplit/>"
    if min_height:
        props += f'<w:trHeight w:val="{min_height}" w:hRule="atLeast"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def table(rows: str, widths: list[int], caption: str, *, ruled: bool = True) -> str:
    line = f'w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"' if ruled else 'w:val="nil"'
    borders = "".join(f"<w:{side} {line}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"<w:tblCaption w:val={quoteattr(caption)}/>"
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"
        # Word needs a paragraph between two adjacent tables, and after a table that ends a cell.
        '<w:p><w:pPr><w:spacing w:after="60"/></w:pPr></w:p>'
    )


FOUR_COLUMNS = [LABEL_WIDTH, (TEXT_WIDTH - 2 * LABEL_WIDTH) // 2, LABEL_WIDTH, (TEXT_WIDTH - 2 * LABEL_WIDTH) // 2]


def field_label(field: p.FormField) -> p.Inline:
    """A field's label as the information pack's copy of the form shows it (with ": Yes/No")."""
    suffix = kind_of(field).label_suffix
    return field.label + ((p.Run(suffix),) if suffix else ())


def answer_paragraph(field: p.FormField) -> str:
    return text_paragraph(field.value or "", "TableText")


def field_table(group: p.FieldGroup, links: Links, answer=answer_paragraph) -> str:
    """The group's fields as a table a school can type into: label cells shaded, answers blank.

    ``answer`` makes the answer cell's content, so the fillable form can put a control there.
    """
    rows = []
    w = FOUR_COLUMNS
    for row in group.rows:
        first = row[0]
        if first.layout == "stacked":
            rows.append(_row(_cell(paragraph(field_label(first), links, "TableText"), TEXT_WIDTH, span=4, shade=True)))
            tall = 1700 if kind_of(first).control == "textarea" else 700
            rows.append(_row(_cell(answer(first), TEXT_WIDTH, span=4), min_height=tall))
        elif len(row) == 1:
            rows.append(_row(
                _cell(paragraph(field_label(first), links, "TableText"), w[0], shade=True)
                + _cell(answer(first), sum(w[1:]), span=3),
                min_height=420,
            ))
        else:
            cells = ""
            for i, field in enumerate(row[:2]):
                cells += _cell(paragraph(field_label(field), links, "TableText"), w[2 * i], shade=True)
                cells += _cell(answer(field), w[2 * i + 1])
            rows.append(_row(cells, min_height=420))
    return table("".join(rows), w, group.heading)


def signature_table(c: p.Commitments, answer=None) -> str:
    widths = [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH]
    rows = []
    for s in c.signatures:
        content = answer(s) if answer else text_paragraph(s.label, "TableText", rpr='<w:i/><w:color w:val="6B7785"/>')
        rows.append(_row(_cell(text_paragraph(s.role, "TableText"), widths[0], shade=True) + _cell(content, widths[1]), min_height=560))
    return table("".join(rows), widths, "Signatures")


def notice(section: p.Section, links: Links) -> str:
    inner = ""
    if section.heading:
        inner += text_paragraph(section.heading, "Heading2")
    inner += "".join(block(b, links) for b in section.blocks)
    cell = (
        f'<w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" w:type="dxa"/>'
        f'<w:tcBorders><w:left w:val="single" w:sz="24" w:space="0" w:color="005A8C"/></w:tcBorders>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/></w:tcPr>{inner}</w:tc>'
    )
    return table(f"<w:tr>{cell}</w:tr>", [TEXT_WIDTH], section.heading or "Notice", ruled=False)


def as_markup(xml: str) -> Markup:
    return Markup(xml)
