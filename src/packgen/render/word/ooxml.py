"""WordprocessingML pieces built from the pack: runs, paragraphs, lists, tables, pictures, the form's tables.

Text is always XML-escaped here. What the body refers to outside itself (hyperlinks, list
numbering, footnotes, pictures) is recorded in the document's Links, which the DOCX renderer
turns into relationships and parts (render/wordparts.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ... import pack as p
from ...forms.kinds import kind_of
from ...model.blocks import docx_of
from ..design import HOUSE, word_colour
from .xmltext import escape, quoteattr

TEXT_WIDTH = 9638  # twips between 2 cm margins on A4
LABEL_WIDTH = 2890
SHADE = word_colour(HOUSE.colours.shade)
BORDER = word_colour(HOUSE.colours.rule)
ACCENT = word_colour(HOUSE.colours.accent)
MUTED = word_colour(HOUSE.colours.muted)
EMU_PER_TWIP = 635
EMU_PER_PIXEL = 9525  # at 96 pixels to the inch
LOGO_HEIGHT = 648000  # 1.8 cm, as the stylesheet's masthead logos


@dataclass(frozen=True)
class ListInstance:
    """One list's numbering: a w:num of packgen's bullet or numbered definition, restarting at ``start``."""

    num_id: int  # counted from 1 within the document; wordparts.py shifts it past the template's own
    numbered: bool
    depth: int
    start: int


@dataclass(frozen=True)
class Media:
    """A picture part: its relationship id, its name under word/media/, and where its bytes are."""

    rid: str
    name: str
    path: Path
    media_type: str


class Links:
    """What one document's body refers to: hyperlink targets (each with a stable relationship id),
    list numbering instances, footnotes and pictures, in the order the body meets them."""

    def __init__(self, project: Path | None = None) -> None:
        self.ids: dict[str, str] = {}
        self.project = project
        self.lists: list[ListInstance] = []
        self.notes: list[str] = []  # each footnote's paragraph runs, footnote i + 1
        self.note_links: Links | None = None  # hyperlinks inside footnotes belong to the footnotes part
        self.media: dict[str, Media] = {}
        self.drawings = 0

    def rid(self, href: str) -> str:
        if href not in self.ids:
            self.ids[href] = f"rIdLink{len(self.ids) + 1}"
        return self.ids[href]

    def new_list(self, numbered: bool, depth: int, start: int = 1) -> int:
        instance = ListInstance(len(self.lists) + 1, numbered, depth, start)
        self.lists.append(instance)
        return instance.num_id

    def note(self, inline: p.Inline) -> int:
        """Record a footnote; its id in the footnotes part (1, 2, …: Word numbers them in order)."""
        if self.note_links is None:
            self.note_links = Links(self.project)
        self.notes.append(runs(inline, self.note_links))
        return len(self.notes)

    def picture(self, image: p.Image) -> tuple[str, int]:
        """The relationship id of a picture's part, and a new drawing id."""
        if image.src not in self.media:
            if self.project is None:
                raise ValueError("a picture needs the project folder to read it from")
            suffix = ".png" if image.media_type == "image/png" else ".jpeg"
            n = len(self.media) + 1
            self.media[image.src] = Media(
                f"rIdPicture{n}", f"picture{n}{suffix}", self.project / image.src, image.media_type
            )
        self.drawings += 1
        return self.media[image.src].rid, self.drawings


def t(text: str) -> str:
    """Text as w:t elements, a hard line break between lines as w:br."""
    return "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split(p.BREAK))


def run(r: p.Run, links: Links, *, extra_rpr: str = "") -> str:
    if r.note is not None:
        number = links.note(r.note.runs)
        return (
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        )
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


def text_runs(text: str) -> str:
    """Plain text (a heading, a title) as one run, its hard line breaks kept."""
    return f"<w:r>{t(text)}</w:r>" if text else ""


def heading_style(level: int) -> str:
    """Word's heading style for an HTML heading level: h2 is Heading 1 (the title is h1)."""
    return f"Heading{max(1, min(level - 1, 9))}"


def _paragraph_block(b: p.Paragraph, links: Links) -> str:
    return paragraph(b.runs, links)


LIST_STYLES = {False: ("ListBullet", "ListBullet2", "ListBullet3"), True: ("ListNumber", "ListNumber2", "ListNumber3")}


def item_list(b: p.ItemList, links: Links, depth: int = 0) -> str:
    """One paragraph per item, numbered by a list instance of its own; nested lists one level in."""
    num_id = links.new_list(b.numbered, depth, b.start)
    styles = LIST_STYLES[b.numbered]
    ppr = f'<w:numPr><w:ilvl w:val="{depth}"/><w:numId w:val="{num_id}"/></w:numPr>'
    out = []
    for item in b.items:
        out.append(paragraph(item.runs, links, styles[min(depth, len(styles) - 1)], ppr=ppr))
        if item.sublist is not None:
            out.append(item_list(item.sublist, links, depth + 1))
    return "".join(out)


def _heading_block(b: p.Heading, links: Links) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{heading_style(b.level)}"/></w:pPr>{text_runs(b.text)}</w:p>'


CELL_MARGINS = 200  # twips: a data table's cells' left and right margins (table() below)


def _column_widths(b: p.Table) -> list[int]:
    """The columns' widths in twips: a column with a picture of a set width is that share of the text width
    (the widest, if several), the others share what is left alike."""
    columns = len(b.header or b.rows[0])
    fixed: dict[int, int] = {}
    for row in b.rows:
        for c, content in enumerate(row):
            if isinstance(content, p.Image) and content.width:
                fixed[c] = max(fixed.get(c, 0), TEXT_WIDTH * content.width // 100)
    free = [c for c in range(columns) if c not in fixed]
    share = max(TEXT_WIDTH - sum(fixed.values()), 0) // len(free) if free else 0
    widths = [fixed.get(c, share) for c in range(columns)]
    widths[-1] += TEXT_WIDTH - sum(widths)
    return widths


def data_table(b: p.Table, links: Links) -> str:
    """A table of wording: its header row (if it has one) repeats on every page, no row splits across pages;
    a cell holds text or a picture (as wide as its width says, else its natural size at most the column's)."""
    widths = _column_widths(b)
    bold = "<w:b/>"

    def cell(content: p.Cell, width: int, heading: bool) -> str:
        if isinstance(content, p.Image):
            inner = (width - CELL_MARGINS) * EMU_PER_TWIP
            wide = inner if content.width else min(content.width_px * EMU_PER_PIXEL, inner)
            picture = linked_drawing(content, links, width_emu=wide)
            return _cell(f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{picture}</w:p>', width, shade=heading)
        return _cell(paragraph(content, links, "TableText", rpr=bold if heading else ""), width, shade=heading)

    rows = (
        [_row("".join(cell(c, w, True) for c, w in zip(b.header, widths, strict=True)), header=True)]
        if b.header
        else []
    )
    for row in b.rows:  # every row has the header's number of cells (the schema checks)
        cells = enumerate(zip(row, widths, strict=True))
        rows.append(_row("".join(cell(c, w, b.row_headers and i == 0) for i, (c, w) in cells)))
    caption = p.one_line(b.caption) if b.caption else "Table"
    before = (
        f'<w:p><w:pPr><w:pStyle w:val="Caption"/><w:keepNext/></w:pPr>{text_runs(b.caption)}</w:p>' if b.caption else ""
    )
    return before + table("".join(rows), widths, caption, first_row=bool(b.header), first_column=b.row_headers)


def drawing(
    image: p.Image, links: Links, *, width_emu: int | None = None, height_emu: int | None = None, link: str = ""
) -> str:
    """A picture as an inline drawing in a run, its alt text as the drawing's description; ``link``, the
    relationship id of a hyperlink the picture follows when clicked."""
    rid, n = links.picture(image)
    natural = (image.width_px * EMU_PER_PIXEL, image.height_px * EMU_PER_PIXEL)
    if height_emu is not None:
        cx, cy = natural[0] * height_emu // natural[1], height_emu
    else:
        limit = TEXT_WIDTH * EMU_PER_TWIP
        cx = width_emu if width_emu is not None else min(natural[0], limit)
        cy = natural[1] * cx // natural[0]
    alt = quoteattr(image.alt)
    a, pic = (
        "http://schemas.openxmlformats.org/drawingml/2006/main",
        "http://schemas.openxmlformats.org/drawingml/2006/picture",
    )
    click = f'><a:hlinkClick xmlns:a="{a}" r:id="{link}"/></wp:docPr>' if link else "/>"
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{n}" name="Picture {n}" descr={alt}{click}'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
        f'<pic:nvPicPr><pic:cNvPr id="{n}" name="{escape(Path(image.src).name)}" descr={alt}/>'
        "<pic:cNvPicPr/></pic:nvPicPr>"
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def linked_drawing(image: p.Image, links: Links, *, width_emu: int | None = None) -> str:
    """A picture's drawing, inside a hyperlink when it links: the picture is the hyperlink's content, as a
    linked run of text is."""
    if not image.link:
        return drawing(image, links, width_emu=width_emu)
    rid = links.rid(image.link)
    # The drawing's own click link too: LibreOffice follows that one, not the hyperlink around the drawing.
    picture = drawing(image, links, width_emu=width_emu, link=rid)
    return f'<w:hyperlink r:id="{rid}" w:history="1">{picture}</w:hyperlink>'


def _image_block(b: p.Image, links: Links) -> str:
    width = TEXT_WIDTH * EMU_PER_TWIP * b.width // 100 if b.width else None
    picture = linked_drawing(b, links, width_emu=width)
    xml = f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/></w:pPr>{picture}</w:p>'

    if b.caption:
        xml += f'<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr>{text_runs(b.caption)}</w:p>'
    return xml


def logos(images: tuple[p.Image, ...], links: Links) -> str:
    """The masthead's logos, side by side at the right, each 1.8 cm high."""
    gap = '<w:r><w:t xml:space="preserve">   </w:t></w:r>'
    pictures = gap.join(drawing(image, links, height_emu=LOGO_HEIGHT) for image in images)
    return f'<w:p><w:pPr><w:jc w:val="right"/><w:spacing w:after="120"/></w:pPr>{pictures}</w:p>' if images else ""


NOTICE_STYLE = "Notice"
"""The template's paragraph style of a notice: shaded, with the accent edge on the left (make_docx_template.py)."""


def notice_box() -> str:
    """A notice's border and shading, as the Notice style has them: paragraphs of other styles in
    a notice (its heading, list items) carry them directly, so the box runs on unbroken. The top,
    bottom and right borders are in the shading's colour: they pad the box."""
    edge = round(HOUSE.spacing.notice_edge * 8)  # eighths of a point
    pad = f'w:val="single" w:sz="4" w:space="4" w:color="{SHADE}"'
    return (
        f'<w:pBdr><w:top {pad}/><w:left w:val="single" w:sz="{edge}" w:space="8" w:color="{ACCENT}"/>'
        f'<w:bottom {pad}/><w:right {pad}/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/>'
    )


_PARAGRAPH = re.compile(r"<w:p>(<w:pPr>(.*?)</w:pPr>)?|<w:p/>|<(/?)w:tbl>")
_AFTER_BOX = re.compile(r"<w:(?:tabs|suppressAutoHyphens|spacing|ind|contextualSpacing|jc|rPr)\b")


def _boxed_ppr(ppr: str) -> str:
    """A paragraph's properties inside a notice: the Notice style if it has none, else the box's own border
    and shading."""
    if "<w:pStyle " not in ppr:
        return f'<w:pStyle w:val="{NOTICE_STYLE}"/>{ppr}'
    at = _AFTER_BOX.search(ppr)
    cut = at.start() if at else len(ppr)
    return ppr[:cut] + notice_box() + ppr[cut:]


def in_box(xml: str) -> str:
    """Every paragraph of ``xml`` outside a table put in the notice box (a table in a notice stays as it is)."""
    depth = 0

    def one(m: re.Match[str]) -> str:
        nonlocal depth
        if m.group(0).endswith("w:tbl>"):
            depth += -1 if m.group(3) else 1
            return m.group(0)
        if depth:
            return m.group(0)
        boxed = f"<w:p><w:pPr>{_boxed_ppr(m.group(2) or '')}</w:pPr>"
        return boxed + "</w:p>" if m.group(0) == "<w:p/>" else boxed

    return _PARAGRAPH.sub(one, xml)


def boxed(heading: str | None, level: int, blocks: tuple[p.Block, ...], links: Links) -> str:
    """A notice: its heading (a real heading, so the outline holds) and its blocks, in a shaded box
    with an accent edge on the left, made of paragraphs: no heading ends up in a table cell."""
    inner = ""
    if heading:
        inner += (
            f'<w:p><w:pPr><w:pStyle w:val="{heading_style(level)}"/><w:keepNext/></w:pPr>{text_runs(heading)}</w:p>'
        )
    inner += "".join(block(b, links) for b in blocks)
    # The paragraph after the box is outside it: without it, a box followed by a box would merge.
    return in_box(inner) + '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>'


def _video_block(b: p.Video, links: Links) -> str:
    return paragraph(b.runs, links)


def _notice_block(b: p.Notice, links: Links) -> str:
    return boxed(b.heading, b.level, b.blocks, links)


BLOCKS: dict[type, Callable[..., str]] = {
    p.Paragraph: _paragraph_block,
    p.ItemList: item_list,
    p.Heading: _heading_block,
    p.Table: data_table,
    p.Image: _image_block,
    p.Video: _video_block,
    p.Notice: _notice_block,
}
"""How the pack's built-in blocks are laid out in Word; a kind of block registered from outside
packgen brings its own (``docx`` in its record, model/blocks.py)."""


def block(b: p.Block, links: Links) -> str:
    layout = BLOCKS.get(type(b)) or docx_of(type(b))
    return layout(b, links)


def _cell(content: str, width: int, *, span: int = 1, shade: bool = False) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def keep_with_next(xml: str) -> str:
    """Every paragraph of ``xml`` kept on the page of the paragraph after it: a table's rows
    together, as far as one page holds them."""
    xml = xml.replace("<w:p/>", "<w:p></w:p>")
    xml = re.sub(
        r'<w:p><w:pPr>(<w:pStyle w:val="[^"]*"/>)?(?!<w:keepNext/>)',
        lambda m: f"<w:p><w:pPr>{m.group(1) or ''}<w:keepNext/>",
        xml,
    )
    return re.sub(r"<w:p>(?!<w:pPr>)", "<w:p><w:pPr><w:keepNext/></w:pPr>", xml)


def _row(cells: str, *, min_height: int | None = None, header: bool = False) -> str:
    props = "<w:cantSplit/>"
    if min_height:
        props += f'<w:trHeight w:val="{min_height}" w:hRule="atLeast"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def table(
    rows: str,
    widths: list[int],
    caption: str,
    *,
    ruled: bool = True,
    first_row: bool = False,
    first_column: bool = True,
) -> str:
    line = f'w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"' if ruled else 'w:val="nil"'
    borders = "".join(f"<w:{side} {line}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="{int(first_row)}" w:lastRow="0" w:firstColumn="{int(first_column)}"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
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
    """The answer cell of the pack's copy of the form: a pre-filled answer, or the answers a list offers."""
    return text_paragraph(kind_of(field).pack_text(field), "TableText")


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
            tall = 1700 if kind_of(first).asked_by.tall else 700
            rows.append(_row(_cell(answer(first), TEXT_WIDTH, span=4), min_height=tall))
        elif len(row) == 1:
            rows.append(
                _row(
                    _cell(paragraph(field_label(first), links, "TableText"), w[0], shade=True)
                    + _cell(answer(first), sum(w[1:]), span=3),
                    min_height=420,
                )
            )
        else:
            cells = ""
            for i, field in enumerate(row[:2]):
                cells += _cell(paragraph(field_label(field), links, "TableText"), w[2 * i], shade=True)
                cells += _cell(answer(field), w[2 * i + 1])
            rows.append(_row(cells, min_height=420))
    return table(_kept_together(rows), w, group.heading)


def _kept_together(rows: list[str]) -> str:
    """A form table's rows, each kept with the next: a group is not split across pages unless it is longer than one."""
    return "".join(keep_with_next(row) if i < len(rows) - 1 else row for i, row in enumerate(rows))


def signature_table(c: p.Commitments, answer=None) -> str:
    widths = [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH]
    rows = []
    for s in c.signatures:
        content = answer(s) if answer else text_paragraph(s.label, "TableText", rpr=f'<w:i/><w:color w:val="{MUTED}"/>')
        rows.append(
            _row(
                _cell(text_paragraph(s.role, "TableText"), widths[0], shade=True) + _cell(content, widths[1]),
                min_height=560,
            )
        )
    return table(_kept_together(rows), widths, "Signatures")


def notice(section: p.Section, links: Links) -> str:
    """A section with ``style: notice``: its heading and blocks in a box."""
    return boxed(section.heading, section.level, section.blocks, links)


def as_markup(xml: str) -> Markup:
    return Markup(xml)
