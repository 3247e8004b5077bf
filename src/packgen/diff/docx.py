"""The diff as the newer pack in Word, carrying native tracked changes (``w:ins``, ``w:del``).

Word and LibreOffice show the changes in their review mode: accepting them all gives the newer
pack's text, rejecting them all gives the older one's. A paragraph or table row that is wholly
new or wholly gone has its paragraph mark or row tracked too, so it appears or goes entirely.
A part that moved is deleted where it was and inserted where it now is.

The document reuses templates/information.docx (styles, page, footer), so it looks like the
pack. Every revision is by "packgen" and dated by ``date``; the default is the first day of the
newer academic year, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..dates import AcademicYear
from ..render.word import ooxml
from ..render.word.template import WordTemplate, docx_env
from .model import Cell, ItemDiff, Op, PackDiff, PartDiff, Status, Stretch, new_text, old_text

AUTHOR = "packgen"
DOCUMENT = "word/document.xml"
TABLE_KINDS = {"field": "fields", "long-field": "fields", "signature": "signatures"}
ITEM_STYLES = {
    "bullet": "ListBullet",
    "numbered": "ListNumber",
    "note": "Note",
    "region": "Heading2",
    "hub-name": "HubName",
    "hub-details": "HubDetails",
    "title": "Title",
    "tagline": "Tagline",
    "subtitle": "Subtitle",
    "subheading": "Heading2",
    "caption": "Caption",
    "footnote": "FootnoteText",
}
JOINED = ("row", "header-row")
"""Items whose cells are shown in one paragraph, " | " between them: a table of wording's rows."""
HEADING_STYLES = {"group": "Heading2", "commitments": "Heading2"}
SPACER = '<w:p><w:pPr><w:spacing w:after="60"/></w:pPr></w:p>'
LABEL = 3600
WIDTHS = [LABEL, ooxml.TEXT_WIDTH - LABEL]
SIGNATURE_RPR = f'<w:i/><w:color w:val="{ooxml.MUTED}"/>'


def revision_date(diff: PackDiff) -> dt.datetime:
    """When the changes are dated: the first day of the newer side's academic year, midnight UTC."""
    day = AcademicYear.parse(diff.new.year).first_day
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Meta:
    """What the template's footer and document properties say about the document."""

    hub_name: str
    title: str
    subtitle: str
    document_title: str


class _Writer:
    """Builds the body, numbering every revision; ``force`` renders a cell wholly inserted."""

    def __init__(self, date: dt.datetime, links: ooxml.Links):
        self.date = date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.links = links
        self.count = 0

    def _attrs(self) -> str:
        self.count += 1
        return f'w:id="{self.count}" w:author="{AUTHOR}" w:date="{self.date}"'

    def mark(self, status: Status, tag: str = "rPr") -> str:
        """A tracked paragraph mark (``rPr``) or table row (``trPr`` content) for a wholly added or removed item."""
        if status not in ("added", "removed"):
            return ""
        el = f"<w:{'ins' if status == 'added' else 'del'} {self._attrs()}/>"
        return f"<w:rPr>{el}</w:rPr>" if tag == "rPr" else el

    def _run(self, op: Op, text: str, bold: bool, italic: bool, href: str | None, rpr: str) -> str:
        props = (
            ('<w:rStyle w:val="Hyperlink"/>' if href else "")
            + ("<w:b/>" if bold else "")
            + ("<w:i/>" if italic else "")
            + rpr
        )
        body = f'<w:delText xml:space="preserve">{escape(text)}</w:delText>' if op == "delete" else ooxml.t(text)
        xml = f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{body}</w:r>"
        if op == "insert":
            return f"<w:ins {self._attrs()}>{xml}</w:ins>"
        if op == "delete":
            return f"<w:del {self._attrs()}>{xml}</w:del>"
        return xml

    def runs(self, cell: Cell, *, force: bool = False, rpr: str = "") -> str:
        """The cell's pieces as runs; a hyperlink wraps its tracked runs, never the reverse."""
        out: list[str] = []
        group: list[str] = []
        group_href: str | None = None

        def flush() -> None:
            if group:
                inner = "".join(group)
                out.append(
                    f'<w:hyperlink r:id="{self.links.rid(group_href)}" w:history="1">{inner}</w:hyperlink>'
                    if group_href
                    else inner
                )
                group.clear()

        for piece in cell:
            op: Op = piece.op
            if force:
                if op == "delete":
                    continue
                op = "insert"
            if piece.href != group_href:
                flush()
                group_href = piece.href
            group.append(self._run(op, piece.text, piece.bold, piece.italic, piece.href, rpr))
        flush()
        return "".join(out)

    def paragraph(
        self, cell: Cell, style: str | None, status: Status, *, force: bool = False, ppr: str = "", rpr: str = ""
    ) -> str:
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        props = f"{style_xml}{ppr}{self.mark(status)}"
        return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{self.runs(cell, force=force, rpr=rpr)}</w:p>"


def _status(item: ItemDiff, force: bool) -> Status:
    return "added" if force else item.status


def _heading_status(heading: Cell, force: bool) -> Status:
    if force or not old_text(heading):
        return "added"
    return "removed" if not new_text(heading) else "same"


def _row(w: _Writer, cells: str, status: Status, min_height: int) -> str:
    row = ooxml._row(cells, min_height=min_height)
    return row.replace("</w:trPr>", w.mark(status, "trPr") + "</w:trPr>", 1)


def _table_rows(w: _Writer, items: list[ItemDiff], force: bool) -> str:
    rows = []
    for item in items:
        status = _status(item, force)
        label, answer = item.cells
        para = lambda cell, rpr="": w.paragraph(cell, "TableText", "same", force=force, rpr=rpr)  # noqa: E731
        if item.kind == "long-field":
            rows.append(_row(w, ooxml._cell(para(label), ooxml.TEXT_WIDTH, span=2, shade=True), status, 0))
            rows.append(_row(w, ooxml._cell(para(answer), ooxml.TEXT_WIDTH, span=2), status, 1200))
        else:
            rpr = SIGNATURE_RPR if item.kind == "signature" else ""
            rows.append(
                _row(
                    w,
                    ooxml._cell(para(label), WIDTHS[0], shade=True) + ooxml._cell(para(answer, rpr), WIDTHS[1]),
                    status,
                    420,
                )
            )
    return "".join(rows)


def _table(w: _Writer, items: list[ItemDiff], caption: str, force: bool) -> str:
    xml = ooxml.table(_table_rows(w, items, force), WIDTHS, caption)
    statuses = {_status(i, force) for i in items}
    if len(statuses) == 1 and statuses <= {"added", "removed"}:
        # The empty paragraph after the table comes and goes with it.
        assert xml.endswith(SPACER)
        xml = xml[: -len(SPACER)] + f'<w:p><w:pPr><w:spacing w:after="60"/>{w.mark(statuses.pop())}</w:pPr></w:p>'
    return xml


def _items(w: _Writer, part: PartDiff, force: bool) -> str:
    out: list[str] = []
    i = 0
    items = list(part.items)
    while i < len(items):
        item = items[i]
        table = TABLE_KINDS.get(item.kind)
        if table:
            j = i
            while j < len(items) and TABLE_KINDS.get(items[j].kind) == table:
                j += 1
            caption = "Signatures" if table == "signatures" else part.title
            out.append(_table(w, items[i:j], caption, force))
            i = j
            continue
        ppr = '<w:spacing w:after="0"/>' if item.kind == "hub" else ""
        shown = item.cells[0]
        if item.kind in JOINED:
            shown = tuple(
                piece for i, c in enumerate(item.cells) for piece in ((Stretch("equal", " | "),) if i else ()) + c
            )
        if item.whose:  # whose wording it is, said after it, in neither side's text
            shown = (*shown, Stretch("equal", f" ({item.whose})", italic=True))
        out.append(w.paragraph(shown, ITEM_STYLES.get(item.kind), _status(item, force), force=force, ppr=ppr))
        i += 1
    return "".join(out)


def _part(w: _Writer, part: PartDiff) -> str:
    force = part.move == "to"
    heading = ""
    if part.heading:
        ppr = (
            "<w:pageBreakBefore/>"
            if part.kind in ("form", "appendix")
            else "<w:keepNext/>"
            if part.kind == "group"
            else ""
        )
        heading = w.paragraph(
            part.heading,
            HEADING_STYLES.get(part.kind, "Heading1"),
            _heading_status(part.heading, force),
            force=force,
            ppr=ppr,
        )
    body = heading + _items(w, part, force)
    if part.kind != "notice":
        return body
    # A notice is a box of paragraphs, as in the pack (ooxml.in_box): no heading in a table cell.
    status: Status = "added" if force else part.status
    return ooxml.in_box(body) + f'<w:p><w:pPr><w:spacing w:after="0"/>{w.mark(status)}</w:pPr></w:p>'


def document_xml(diff: PackDiff, skeleton: bytes, w: _Writer) -> bytes:
    """The template's document.xml with its body replaced by the tracked pack."""
    src = skeleton.decode("utf-8")
    head = src[: src.index("<w:body>") + len("<w:body>")]
    section = re.search(r"<w:sectPr\b.*?</w:sectPr>", src, re.S)
    body = "".join(_part(w, part) for part in diff.parts)
    return (head + body + (section.group(0) if section else "") + "</w:body></w:document>").encode("utf-8")


def render_docx(diff: PackDiff, templates: Path, *, date: dt.datetime | None = None, root: Path | None = None) -> bytes:
    """The newer pack as a .docx whose tracked changes lead back to the older one."""
    template = WordTemplate(templates / "information.docx", docx_env(), root)
    template.parts.pop(DOCUMENT, None)  # replaced below, not filled from a pack
    originals = template.entries
    links = ooxml.Links()
    w = _Writer(date or revision_date(diff), links)
    document = document_xml(diff, originals[DOCUMENT], w)
    meta = _Meta(
        hub_name=diff.new.hub_name,
        title=diff.new.title,
        subtitle=f"Changes from {diff.old.label} to {diff.new.label}",
        document_title=f"{diff.new.title}: changes from {diff.old.label} to {diff.new.label}",
    )
    return template.render({"pack": meta}, extra_parts={DOCUMENT: document}, links=links)
