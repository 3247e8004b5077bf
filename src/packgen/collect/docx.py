"""Returned Word forms: content controls by tag, and the identity in the custom properties.

A DOCX is a zip of XML written by whoever sent it, so: parts are read with a size cap that
the actual bytes (not the zip's own claims) must keep to, and XML is parsed without entity
expansion, DTDs or network access.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from ..forms.spec import Identity
from .read import DEFAULT_LIMITS, Control, Limits, Returned, Unreadable, size_words

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DOCUMENT = "word/document.xml"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def _part(zf: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    try:
        with zf.open(name) as fh:
            data = fh.read(limits.max_part + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise Unreadable(f"damaged Word document: {name} cannot be unpacked ({exc})") from None
    if len(data) > limits.max_part:
        raise Unreadable(f"refused: {name} unpacks to more than {size_words(limits.max_part)} (a zip bomb?)")
    return data


def _xml(data: bytes, name: str) -> etree._Element:
    # Word never writes a DTD; one in a returned file can only declare entities to expand (or fetch).
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Unreadable(f"refused: {name} declares XML entities, which no word processor writes")
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"damaged Word document: {name} is not well-formed XML ({exc})") from None


def read_docx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Returned:
    """The content controls of a returned DOCX; raises Unreadable for anything else."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise Unreadable(f"damaged: not a readable Word (zip) file ({exc})") from None
    if len(infos) > limits.max_parts:
        raise Unreadable(f"refused: {len(infos)} parts in one document is over the limit of {limits.max_parts}")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_unpacked:
        raise Unreadable(
            f"refused: unpacks to {size_words(unpacked)}, "
            f"over the {size_words(limits.max_unpacked)} limit (a zip bomb?)"
        )
    names = {i.filename for i in infos}
    if DOCUMENT not in names:
        raise Unreadable("a zip file, not a Word document")
    root = _xml(_part(zf, DOCUMENT, limits), DOCUMENT)
    controls = tuple(_controls(root))
    if not controls:
        raise Unreadable("a Word document with no form fields (content controls): retyped or converted?")
    identity = None
    if "docProps/custom.xml" in names:
        identity = Identity.from_properties(
            _custom_properties(_xml(_part(zf, "docProps/custom.xml", limits), "docProps/custom.xml"))
        )
    if identity is None and "docProps/core.xml" in names:
        keywords = _xml(_part(zf, "docProps/core.xml", limits), "docProps/core.xml").find(f"{{{CORE}}}keywords")
        identity = Identity.from_keywords(keywords.text if keywords is not None else None)
    return Returned("docx", identity, controls)


def _custom_properties(root: etree._Element) -> dict[str, str]:
    props = {}
    for prop in root.iter(f"{{{CUSTOM}}}property"):
        name = prop.get("name")
        if name and len(prop):
            props[name] = "".join(prop[0].itertext())
    return props


def _controls(root: etree._Element) -> list[Control]:
    out = []
    for sdt in root.iter(_w("sdt")):
        content = sdt.find(_w("sdtContent"))
        if content is None or content.find(f".//{_w('sdt')}") is not None:
            continue  # a control around other controls: its inner ones are the answers
        props = sdt.find(_w("sdtPr"))
        props = props if props is not None else etree.Element(_w("sdtPr"))
        tag, alias = props.find(_w("tag")), props.find(_w("alias"))
        out.append(
            Control(
                name=tag.get(_w("val")) if tag is not None else None,
                title=alias.get(_w("val")) if alias is not None else None,
                value=_value(props, content),
            )
        )
    return out


def _value(props: etree._Element, content: etree._Element) -> str:
    if props.find(_w("showingPlcHdr")) is not None:
        return ""
    checkbox = props.find(f"{{{W14}}}checkbox")
    if checkbox is not None:
        checked = checkbox.find(f"{{{W14}}}checked")
        return "Yes" if checked is not None and checked.get(f"{{{W14}}}val") in ("1", "true") else "No"
    return _text(content)


def _text(content: etree._Element) -> str:
    """The text a reader sees: runs in order, tabs and line breaks kept, one line per paragraph."""
    paragraphs = list(content.iter(_w("p")))
    if paragraphs:
        return "\n".join(_run_text(p) for p in paragraphs)
    return _run_text(content)


def _run_text(el: etree._Element) -> str:
    parts = []
    for item in el.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if item.tag == _w("t"):
            parts.append(item.text or "")
        elif item.tag == _w("tab"):
            if item.getparent() is not None and item.getparent().tag == _w("r"):  # not a tab stop in pPr
                parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)
