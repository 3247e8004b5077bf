"""The parts of a Word package that a document's body refers to: relationships, list numbering,
footnotes and pictures, made from what the body recorded in its ``ooxml.Links``.

Lists are numbered by two definitions of packgen's own, added to the template's numbering.xml:
bullets (•, ◦, ▪ by level) and numbers (1., a., i. by level). Each list is an instance (w:num)
of one of them, so every numbered list starts at its own first number.

lxml is imported where a part is edited, so `packgen check` and a build that writes no DOCX do
not load it.
"""

from __future__ import annotations

import re

from . import ooxml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "word/_rels/document.xml.rels"
NUMBERING = "word/numbering.xml"
FOOTNOTES = "word/footnotes.xml"
FOOTNOTES_RELS = "word/_rels/footnotes.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
LEVELS = 6
BULLETS = ("\u2022", "\u25e6", "\u25aa")
NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
INDENT = 360  # twips per level, and the hanging indent of the marker


def _level(ilvl: int, numbered: bool) -> str:
    left = INDENT * (ilvl + 1)
    if numbered:
        fmt, text, rpr = NUMBER_FORMATS[ilvl % 3], f"%{ilvl + 1}.", ""
    else:
        fmt, text = "bullet", BULLETS[ilvl % 3]
        rpr = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr>'
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="{INDENT}"/></w:pPr>{rpr}</w:lvl>'
    )


def _abstract(abstract_id: int, numbered: bool) -> str:
    nsid = "5047424E" if numbered else "50474242"  # stable ids: "PGBN", "PGBB"
    levels = "".join(_level(i, numbered) for i in range(LEVELS))
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid}"/>'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


def numbering(template: bytes, lists: list[ooxml.ListInstance]) -> tuple[bytes, dict[int, int]]:
    """The template's numbering.xml with packgen's two definitions and one instance per list;
    and each list's numId in the document (its ``num_id`` shifted past the template's own)."""
    text = template.decode("utf-8")
    abstract_ids = [int(n) for n in re.findall(r'<w:abstractNum\b[^>]*?w:abstractNumId="(\d+)"', text)]
    num_ids = [int(n) for n in re.findall(r'<w:num w:numId="(\d+)"', text)]
    base_abstract = max(abstract_ids, default=-1) + 1
    bullets, numbers = base_abstract, base_abstract + 1
    shift = max(num_ids, default=0)
    nums = []
    for instance in lists:
        override = ""
        if instance.numbered:
            override = (
                f'<w:lvlOverride w:ilvl="{instance.depth}"><w:startOverride w:val="{instance.start}"/></w:lvlOverride>'
            )
        nums.append(
            f'<w:num w:numId="{instance.num_id + shift}">'
            f'<w:abstractNumId w:val="{numbers if instance.numbered else bullets}"/>{override}</w:num>'
        )
    definitions = _abstract(bullets, False) + _abstract(numbers, True)
    # Schema order: every w:abstractNum before any w:num.
    first_num = text.find("<w:num ")
    if first_num < 0:
        first_num = text.rindex("</w:numbering>")
    text = text[:first_num] + definitions + text[first_num:]
    text = text.replace("</w:numbering>", "".join(nums) + "</w:numbering>")
    return text.encode("utf-8"), {i.num_id: i.num_id + shift for i in lists}


def renumber(document: str, ids: dict[int, int]) -> str:
    """The body with each list's provisional numId replaced by its id in numbering.xml."""
    if not ids:
        return document
    return re.sub(
        r'(<w:numPr><w:ilvl w:val="\d+"/><w:numId w:val=")(\d+)(")',
        lambda m: m.group(1) + str(ids.get(int(m.group(2)), m.group(2))) + m.group(3),
        document,
    )


def footnotes(notes: list[str]) -> bytes:
    """word/footnotes.xml: Word's two separators, then each note (ids 1, 2, …)."""
    separator = '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{0}/></w:r></w:p>'
    body = (
        f'<w:footnote w:type="separator" w:id="-1">{separator.format("separator")}</w:footnote>'
        f'<w:footnote w:type="continuationSeparator" w:id="0">{separator.format("continuationSeparator")}</w:footnote>'
    )
    for i, runs in enumerate(notes, start=1):
        body += (
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'
            "<w:footnoteRef/></w:r>"
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:footnote>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:footnotes>'
    ).encode()


def relationships(rels: bytes, links: ooxml.Links, *, targets: dict[str, tuple[str, str]] | None = None) -> bytes:
    """A .rels part with the hyperlinks of ``links`` and the given internal ``targets`` (id -> type, target) added."""
    from lxml import etree

    root = etree.fromstring(rels)
    ns = root.nsmap[None]
    for href, rid in links.ids.items():
        el = etree.SubElement(root, f"{{{ns}}}Relationship")
        el.set("Id", rid)
        el.set("Type", f"{REL}/hyperlink")
        el.set("Target", href)
        el.set("TargetMode", "External")
    for rid, (kind, target) in (targets or {}).items():
        el = etree.SubElement(root, f"{{{ns}}}Relationship")
        el.set("Id", rid)
        el.set("Type", f"{REL}/{kind}")
        el.set("Target", target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


EMPTY_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
)


def content_types(types: bytes, *, defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    """[Content_Types].xml with any missing extension defaults and part overrides added."""
    from lxml import etree

    root = etree.fromstring(types)
    ns = root.nsmap[None]
    have = {el.get("Extension") for el in root.findall(f"{{{ns}}}Default")}
    for extension, kind in defaults.items():
        if extension not in have:
            el = etree.Element(f"{{{ns}}}Default")
            el.set("Extension", extension)
            el.set("ContentType", kind)
            root.insert(0, el)
    parts = {el.get("PartName") for el in root.findall(f"{{{ns}}}Override")}
    for part, kind in overrides.items():
        if part not in parts:
            el = etree.SubElement(root, f"{{{ns}}}Override")
            el.set("PartName", part)
            el.set("ContentType", kind)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def package_parts(entries: dict[str, bytes], links: ooxml.Links, document: bytes | None) -> dict[str, bytes]:
    """Every part to add or replace so the package holds what ``links`` recorded; ``document`` is
    the rendered body, whose list ids are renumbered here."""
    out: dict[str, bytes] = {}
    targets: dict[str, tuple[str, str]] = {}
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    if links.lists and NUMBERING in entries and document is not None:
        out[NUMBERING], ids = numbering(entries[NUMBERING], links.lists)
        out["word/document.xml"] = renumber(document.decode("utf-8"), ids).encode("utf-8")
    if links.notes:
        out[FOOTNOTES] = footnotes(links.notes)
        targets["rIdFootnotes"] = ("footnotes", "footnotes.xml")
        overrides["/" + FOOTNOTES] = FOOTNOTES_TYPE
        if links.note_links is not None and links.note_links.ids:
            out[FOOTNOTES_RELS] = relationships(EMPTY_RELS, links.note_links)
    for media in links.media.values():
        out[f"word/media/{media.name}"] = media.path.read_bytes()
        targets[media.rid] = ("image", f"media/{media.name}")
        defaults[media.name.rsplit(".", 1)[1]] = media.media_type
    if links.ids or targets:
        out[RELS] = relationships(entries[RELS], links, targets=targets)
    if defaults or overrides:
        out[CONTENT_TYPES] = content_types(entries[CONTENT_TYPES], defaults=defaults, overrides=overrides)
    return out
