"""Read a tagged PDF's structure tree as a reader's assistive technology would: each structure
element with its type, attributes, alt text and the text of the marked content it owns.

Used by the tests to prove headings, lists, tables, figures and notes are tagged, not only drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Element:
    tag: str  # the structure type without its slash: H2, L, LI, Table, TH, Figure, Note…
    attributes: dict[str, Any]
    alt: str | None
    ident: str | None
    children: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, marked-content id)
    text: str = ""  # filled in from the pages

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag]


def _page_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence, by (page, MCID), decoded by pypdf."""
    texts: dict[tuple[int, int], str] = {}
    for index, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def before(op: bytes, args: list[Any], cm: Any, tm: Any, stack: list[int | None] = stack) -> None:
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                mcid = props.get("/MCID") if isinstance(props, DictionaryObject) else None
                stack.append(int(mcid) if mcid is not None else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(chunk: str, *args: Any, stack: list[int | None] = stack, index: int = index) -> None:
            current = next((m for m in reversed(stack) if m is not None), None)
            if current is not None and chunk:
                texts[(index, current)] = texts.get((index, current), "") + chunk

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def structure(path: Path) -> Element:
    """The document's structure tree, with each element's own text."""
    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    texts = _page_texts(reader)

    def build(obj: Any, page: int | None) -> Element | None:
        node = obj.get_object()
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            return None
        pg = node.get("/Pg")
        if isinstance(pg, IndirectObject):
            page = pages.get(pg.idnum, page)
        attrs = node.get("/A")
        attrs = attrs.get_object() if attrs is not None else {}
        attributes = {str(k): v for k, v in attrs.items()} if isinstance(attrs, DictionaryObject) else {}
        element = Element(
            str(node["/S"]).lstrip("/"),
            attributes,
            str(node["/Alt"]) if "/Alt" in node else None,
            str(node["/ID"]) if "/ID" in node else None,
        )
        kids = node.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, int) and page is not None:
                element.mcids.append((page, kid))
                element.text += texts.get((page, kid), "")
            else:
                child = build(kid, page)
                if child is not None:
                    element.children.append(child)
        return element

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    top = root["/K"]
    top = top if isinstance(top, ArrayObject) else [top]
    document = Element("StructTreeRoot", {}, None, None)
    for item in top:
        child = build(item, None)
        if child is not None:
            document.children.append(child)
    return document
