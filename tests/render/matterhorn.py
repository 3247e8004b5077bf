"""The Matterhorn Protocol (PDF/UA-1) checkpoints that a program can test without veraPDF.

``check(pdf)`` returns every failure as (checkpoint, message); an empty list is a pass. Covered:
01-005 all content is tagged or an artifact (content streams parsed), 06 XMP metadata with
dc:title and pdfuaid:part, 07-001 DisplayDocTitle, 09-001 tags nested correctly, 14 headings,
15 tables, 16 lists, 18-001 page furniture is an artifact and no structure element is orphaned,
28 forms and links in the structure tree, 31 fonts embedded with a Unicode map.

Written from ISO 14289-1 and the Matterhorn Protocol 1.1, not from packgen's code: it reads any
tagged PDF.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

PAINTING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI", "INLINE IMAGE"}
OPERATORS = PAINTING | {"BDC", "BMC", "EMC", "q", "Q", "cm", "Tf", "Tm", "BT", "Td"}
HEADING = re.compile(r"/H([1-6])$")
LIST_NUMBERING = {
    "/None",
    "/Disc",
    "/Circle",
    "/Square",
    "/Decimal",
    "/UpperRoman",
    "/LowerRoman",
    "/UpperAlpha",
    "/LowerAlpha",
}
ORDERED = {"/Decimal", "/UpperRoman", "/LowerRoman", "/UpperAlpha", "/LowerAlpha"}
FURNITURE_MARGIN = 51  # points from the top or bottom edge (1.8 cm): running heads and page numbers live there

# Table 333-337 of ISO 32000-1 as PDF/UA-1 applies them: a child type -> the parent types it may have.
PARENTS = {
    "/LI": {"/L"},
    "/Lbl": {"/LI"},
    "/LBody": {"/LI"},
    "/TR": {"/Table", "/THead", "/TBody", "/TFoot"},
    "/TH": {"/TR"},
    "/TD": {"/TR"},
    "/THead": {"/Table"},
    "/TBody": {"/Table"},
    "/TFoot": {"/Table"},
}
CHILDREN = {
    "/L": {"/LI", "/L", "/Caption"},
    "/LI": {"/Lbl", "/LBody"},
    "/Table": {"/TR", "/THead", "/TBody", "/TFoot", "/Caption"},
    "/THead": {"/TR"},
    "/TBody": {"/TR"},
    "/TFoot": {"/TR"},
    "/TR": {"/TH", "/TD"},
}


@dataclass(frozen=True)
class Failure:
    checkpoint: str
    message: str

    def __str__(self) -> str:
        return f"{self.checkpoint}: {self.message}"


def check(source: Path | bytes | pikepdf.Pdf) -> list[Failure]:
    """Every failure of the checkpoints above in one PDF."""
    if isinstance(source, pikepdf.Pdf):
        return list(_Checker(source).run())
    with pikepdf.open(source if isinstance(source, Path) else io.BytesIO(source)) as pdf:
        return list(_Checker(pdf).run())


def checkpoints(failures: list[Failure]) -> set[str]:
    """The checkpoint families that failed: "01-005", "06", "09-001", "15" ..."""
    return {f.checkpoint for f in failures}


def _kids(element: Dictionary) -> list:
    k = element.get(Name.K)
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _is_element(obj: object) -> bool:
    return isinstance(obj, Dictionary) and Name.S in obj


class _Checker:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.get(Name.StructTreeRoot)
        self.elements: list[tuple[Dictionary, Dictionary | None]] = []  # (element, parent) in document order
        self.reachable: set[tuple[int, int]] = set()
        self.page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

    def run(self) -> Iterator[Failure]:
        if self.root is None:
            yield Failure("01-005", "the PDF is not tagged: no structure tree")
            return
        yield from self._walk_tree()
        yield from self._metadata()
        yield from self._viewer()
        yield from self._nesting()
        yield from self._headings()
        yield from self._tables()
        yield from self._lists()
        yield from self._content()
        yield from self._annotations()
        yield from self._fonts()

    # --- the tree --------------------------------------------------------------------------

    def _walk_tree(self) -> Iterator[Failure]:
        stack: list[tuple[object, Dictionary | None]] = [(k, None) for k in reversed(_kids(self.root))]
        while stack:
            element, parent = stack.pop()
            if not _is_element(element):
                continue
            if element.objgen in self.reachable:
                yield Failure("09-001", f"structure element {element.objgen[0]} has two parents")
                continue
            self.reachable.add(element.objgen)
            self.elements.append((element, parent))
            expected = parent if parent is not None else self.root
            if Name.P not in element or element.P.objgen != expected.objgen:
                yield Failure("09-001", f"{element.S} {element.objgen[0]}: /P does not name its parent in the tree")
            stack.extend((k, element) for k in reversed(_kids(element)))

    def _parent_tree(self) -> dict[int, object]:
        tree = self.root.get(Name.ParentTree)
        entries: dict[int, object] = {}

        def read(node: Dictionary) -> None:
            if Name.Nums in node:
                nums = list(node.Nums)
                entries.update({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
            for kid in node.get(Name.Kids, []):
                read(kid)

        if tree is not None:
            read(tree)
        return entries

    # --- 06, 07 ----------------------------------------------------------------------------

    def _metadata(self) -> Iterator[Failure]:
        if Name.Metadata not in self.pdf.Root:
            yield Failure("06", "no XMP metadata stream in the catalog (06-001)")
            return
        xmp = self.pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")
        if not re.search(r"pdfuaid:part(?:>|=\")\s*1\b", xmp):
            yield Failure("06", "the XMP metadata has no PDF/UA identifier pdfuaid:part 1 (06-002)")
        title = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
        if title is None or not title.group(1).strip():
            yield Failure("06", "the XMP metadata has no dc:title (06-003)")

    def _viewer(self) -> Iterator[Failure]:
        preferences = self.pdf.Root.get(Name.ViewerPreferences)
        if preferences is None or preferences.get(Name.DisplayDocTitle) is not True:
            yield Failure("07-001", "ViewerPreferences has no DisplayDocTitle true")

    # --- 09, 14, 15, 16 ----------------------------------------------------------------------

    def _nesting(self) -> Iterator[Failure]:
        for element, parent in self.elements:
            kind = str(element.S)
            allowed = PARENTS.get(kind)
            parent_kind = str(parent.S) if parent is not None else "(root)"
            if allowed and parent_kind not in allowed:
                yield Failure(
                    "09-001", f"{kind} {element.objgen[0]} inside {parent_kind}, not {' or '.join(sorted(allowed))}"
                )
            allowed_kids = CHILDREN.get(kind)
            if allowed_kids:
                for kid in _kids(element):
                    if _is_element(kid) and str(kid.S) not in allowed_kids:
                        yield Failure(
                            "09-001",
                            f"{kid.S} {kid.objgen[0]} inside {kind}, "
                            f"which holds only {', '.join(sorted(allowed_kids))}",
                        )
                    elif not _is_element(kid):
                        yield Failure(
                            "09-001",
                            f"{kind} {element.objgen[0]} holds content directly, "
                            f"not in {', '.join(sorted(allowed_kids))}",
                        )

    def _headings(self) -> Iterator[Failure]:
        levels = [(int(m.group(1)), e) for e, _ in self.elements if (m := HEADING.match(str(e.S)))]
        if not levels:
            return
        if any(str(e.S) == "/H" for e, _ in self.elements):
            yield Failure("14", "the document uses both H and numbered headings (14-007)")
        if levels[0][0] != 1:
            yield Failure("14", f"the first heading is H{levels[0][0]}, not H1 (14-002)")
        for (before, _), (level, element) in pairwise(levels):
            if level > before + 1:
                yield Failure("14", f"H{level} {element.objgen[0]} follows H{before}: a level is skipped (14-003)")

    def _table_attribute(self, cell: Dictionary, key: Name) -> object:
        attributes = cell.get(Name.A)
        for item in list(attributes) if isinstance(attributes, Array) else [attributes]:
            if isinstance(item, Dictionary) and item.get(Name.O) == Name.Table and key in item:
                return item[key]
        return None

    def _tables(self) -> Iterator[Failure]:
        parent_of = {e.objgen: p for e, p in self.elements}
        ids = {str(e.ID): e for e, _ in self.elements if Name.ID in e}
        for element, parent in self.elements:
            if element.S == Name.TH:
                scope = self._table_attribute(element, Name.Scope)
                if scope not in (Name.Row, Name.Column, Name.Both):
                    yield Failure("15", f"TH {element.objgen[0]} has no Scope (15-003)")
            if element.S != Name.TD:
                continue
            headers = self._table_attribute(element, Name.Headers)
            if headers is None:
                continue
            row = parent
            cells = [c for c in _kids(row)] if row is not None else []
            position = next((i for i, c in enumerate(cells) if _is_element(c) and c.objgen == element.objgen), 0)
            for header in headers:
                th = ids.get(str(header))
                if th is None or th.S != Name.TH:
                    yield Failure("15", f"TD {element.objgen[0]}: header {header} is no TH's ID (15-005)")
                    continue
                # A header in the cell's own row heads it only if it is the nearest header before it.
                same_row = (
                    row is not None
                    and parent_of.get(th.objgen) is not None
                    and parent_of[th.objgen].objgen == row.objgen
                )
                scope = self._table_attribute(th, Name.Scope)
                if same_row or scope == Name.Row:
                    before = [c for c in cells[:position] if _is_element(c) and c.S == Name.TH]
                    if not same_row or not before or before[-1].objgen != th.objgen:
                        yield Failure(
                            "15",
                            f"TD {element.objgen[0]}: row header {header} is not the nearest header before it"
                            " in its row (15-005)",
                        )

    def _lists(self) -> Iterator[Failure]:
        for element, _ in self.elements:
            if element.S == Name.LI:
                kinds = [str(k.S) for k in _kids(element) if _is_element(k)]
                if "/LBody" not in kinds:
                    yield Failure("16", f"LI {element.objgen[0]} has no LBody")
            if element.S == Name.L:
                numbering = self._list_numbering(element)
                if numbering is not None and str(numbering) not in LIST_NUMBERING:
                    yield Failure("16", f"L {element.objgen[0]}: ListNumbering {numbering} is not a PDF value (16-002)")
                labels = [
                    self._text_of(lbl)
                    for li in _kids(element)
                    if _is_element(li)
                    for lbl in _kids(li)
                    if _is_element(lbl) and lbl.S == Name.Lbl
                ]
                if (
                    any(re.search(r"[0-9]|^[a-zA-Z]{1,4}[.)]$", label.strip()) for label in labels)
                    and str(numbering) not in ORDERED
                ):
                    yield Failure(
                        "16", f"L {element.objgen[0]} is numbered but its ListNumbering is {numbering} (16-001)"
                    )

    def _list_numbering(self, element: Dictionary) -> object:
        attributes = element.get(Name.A)
        for item in list(attributes) if isinstance(attributes, Array) else [attributes]:
            if isinstance(item, Dictionary) and item.get(Name.O) == Name.List:
                return item.get(Name.ListNumbering)
        return None

    def _text_of(self, element: Dictionary) -> str:
        """The text of an element's marked content (for list labels), from the content streams."""
        page = self.page_index.get(element.Pg.objgen, -1) if Name.Pg in element else -1
        return "".join(
            self._shown(font, operands)
            for k in self._mcids(element)
            for font, operands in self.mcid_text.get((page, k), [])
        )

    def _mcids(self, element: Dictionary) -> list[int]:
        out: list[int] = []
        for kid in _kids(element):
            if isinstance(kid, int):
                out.append(kid)
            elif _is_element(kid):
                out.extend(self._mcids(kid))
        return out

    # --- 01-005, 18-001 -----------------------------------------------------------------------

    @property
    def mcid_text(self) -> dict[tuple[int, int], list]:
        if not hasattr(self, "_mcid_text"):
            list(self._content())
        return self._mcid_text

    def _content(self) -> Iterator[Failure]:
        """Every painting operator inside an artifact or tagged content that is in the tree."""
        if hasattr(self, "_content_failures"):
            yield from self._content_failures
            return
        failures: list[Failure] = []
        self._mcid_text: dict[tuple[int, int], list] = {}  # (page, MCID) -> what its text operators show
        parents = self._parent_tree()
        for index, page in enumerate(self.pdf.pages):
            key = page.obj.get(Name.StructParents)
            mapped = parents.get(int(key)) if key is not None else None
            mapped = list(mapped) if isinstance(mapped, Array) else []
            height = float(page.obj.MediaBox[3]) - float(page.obj.MediaBox[1])
            for mcid, element in enumerate(mapped):
                if not isinstance(element, Dictionary) or element.objgen not in self.reachable:
                    failures.append(
                        Failure(
                            "18-001",
                            f"page {index + 1}: MCID {mcid} belongs to a structure element outside the tree (orphaned)",
                        )
                    )
            stack: list[tuple[str, int | None]] = []  # (tag, mcid) of open marked content
            ctm = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
            text_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            seen: set[int] = set()
            fonts = dict(page.obj.get(Name.Resources, {}).get(Name.Font, {}).items())
            font = None
            for instruction in pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                if op not in OPERATORS:
                    continue
                operands = instruction.operands
                if op in ("BDC", "BMC"):
                    tag = str(operands[0])
                    mcid = None
                    if op == "BDC" and isinstance(operands[1], Dictionary) and Name.MCID in operands[1]:
                        mcid = int(operands[1].MCID)
                        if mcid in seen:
                            failures.append(Failure("01-005", f"page {index + 1}: MCID {mcid} marks two sequences"))
                        seen.add(mcid)
                        if mcid >= len(mapped) or not isinstance(mapped[mcid], Dictionary):
                            failures.append(
                                Failure("01-005", f"page {index + 1}: MCID {mcid} is in no structure element")
                            )
                        if tag == "/Artifact":
                            failures.append(Failure("01-005", f"page {index + 1}: an artifact carries MCID {mcid}"))
                    stack.append((tag, mcid))
                elif op == "EMC":
                    if stack:
                        stack.pop()
                elif op == "q":
                    ctm.append(ctm[-1])
                elif op == "Q":
                    if len(ctm) > 1:
                        ctm.pop()
                elif op == "cm":
                    ctm[-1] = _multiply(tuple(float(x) for x in operands), ctm[-1])
                elif op == "Tf":
                    font = fonts.get(str(operands[0]))
                elif op == "Tm":
                    text_matrix = tuple(float(x) for x in operands)
                elif op == "BT":
                    text_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
                elif op == "Td":
                    a, b, c, d, e, f = text_matrix
                    tx, ty = float(operands[0]), float(operands[1])
                    text_matrix = (a, b, c, d, e + tx * a + ty * c, f + tx * b + ty * d)
                if op not in PAINTING:
                    continue
                artifact = any(tag == "/Artifact" for tag, _ in stack)
                tagged = [m for _, m in stack if m is not None]
                if not artifact and not tagged:
                    failures.append(Failure("01-005", f"page {index + 1}: {op} outside any artifact or tagged content"))
                    continue
                if op in ("Tj", "TJ", "'", '"'):
                    if tagged:
                        self._mcid_text.setdefault((index, tagged[-1]), []).append((font, operands))
                    y = _multiply(text_matrix, ctm[-1])[5]
                    if not artifact and (y < FURNITURE_MARGIN or y > height - FURNITURE_MARGIN):
                        failures.append(
                            Failure(
                                "18-001",
                                f"page {index + 1}: text in the page margin (y={y:.0f}) is tagged,"
                                " not a pagination artifact",
                            )
                        )
        self._content_failures = failures
        yield from failures

    def _shown(self, font: Dictionary | None, operands: list) -> str:
        """The text a text operator shows, through its font's ToUnicode map."""
        if font is None:
            return ""
        if not hasattr(self, "_maps"):
            self._maps: dict[tuple[int, int], tuple[int, dict[int, str]]] = {}
        if font.objgen not in self._maps:
            width = 2 if font.get(Name.Subtype) == Name.Type0 else 1
            table: dict[int, str] = {}
            if Name.ToUnicode in font:
                for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", font.ToUnicode.read_bytes()):
                    table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
            self._maps[font.objgen] = (width, table)
        width, table = self._maps[font.objgen]
        out = []
        for operand in operands:
            for item in operand if isinstance(operand, Array) else [operand]:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    out += [
                        table.get(int.from_bytes(data[i : i + width], "big"), "") for i in range(0, len(data), width)
                    ]
        return "".join(out)

    # --- 28 -----------------------------------------------------------------------------------

    def _annotations(self) -> Iterator[Failure]:
        parents = self._parent_tree()
        for index, page in enumerate(self.pdf.pages):
            annotations = list(page.obj.get(Name.Annots, []))
            if annotations and page.obj.get(Name.Tabs) != Name.S:
                yield Failure("28", f"page {index + 1} has annotations but no /Tabs /S (28-008)")
            for annotation in annotations:
                subtype = annotation.get(Name.Subtype)
                if subtype not in (Name.Widget, Name.Link):
                    continue
                what = f"page {index + 1}: {subtype} {annotation.objgen[0]}"
                key = annotation.get(Name.StructParent)
                element = parents.get(int(key)) if key is not None else None
                if not isinstance(element, Dictionary):
                    yield Failure("28", f"{what} has no StructParent in the parent tree")
                    continue
                wanted = Name.Form if subtype == Name.Widget else Name.Link
                objr = [
                    k
                    for k in _kids(element)
                    if isinstance(k, Dictionary) and k.get(Name.Type) == Name.OBJR and k.Obj.objgen == annotation.objgen
                ]
                if element.S != wanted or not objr or element.objgen not in self.reachable:
                    yield Failure(
                        "28", f"{what} is not in a {wanted} structure element of the tree by an OBJR (28-005, 28-011)"
                    )
                if subtype == Name.Widget and not self._field_name(annotation):
                    yield Failure("28", f"{what} has no accessible name (/TU) (28-010)")

    @staticmethod
    def _field_name(widget: Dictionary) -> str:
        node: Dictionary | None = widget
        while node is not None:
            if Name.TU in node and str(node.TU).strip():
                return str(node.TU)
            node = node.get(Name.Parent)
        return ""

    # --- 31 -----------------------------------------------------------------------------------

    def _fonts(self) -> Iterator[Failure]:
        fonts: dict[tuple[int, int], Dictionary] = {}

        def collect(resources: object, depth: int = 0) -> None:
            if not isinstance(resources, Dictionary) or depth > 8:
                return
            for font in resources.get(Name.Font, {}).values():
                if isinstance(font, Dictionary):
                    fonts[font.objgen] = font
            for xobject in resources.get(Name.XObject, {}).values():
                if isinstance(xobject, pikepdf.Stream) and xobject.get(Name.Subtype) == Name.Form:
                    collect(xobject.get(Name.Resources), depth + 1)

        for page in self.pdf.pages:
            collect(page.obj.get(Name.Resources))
            for annotation in page.obj.get(Name.Annots, []):
                for look in annotation.get(Name.AP, {}).values():
                    states = (
                        [look]
                        if isinstance(look, pikepdf.Stream)
                        else list(look.values())
                        if isinstance(look, Dictionary)
                        else []
                    )
                    for state in states:
                        if isinstance(state, pikepdf.Stream):
                            collect(state.get(Name.Resources))
        acro = self.pdf.Root.get(Name.AcroForm)
        if acro is not None:
            collect(acro.get(Name.DR))
        for font in fonts.values():
            name = str(font.get(Name.BaseFont, font.objgen))
            descriptor = (
                font.DescendantFonts[0].get(Name.FontDescriptor)
                if Name.DescendantFonts in font
                else font.get(Name.FontDescriptor)
            )
            if font.get(Name.Subtype) != Name.Type3 and (
                descriptor is None or not any(k in descriptor for k in (Name.FontFile, Name.FontFile2, Name.FontFile3))
            ):
                yield Failure("31", f"font {name} is not embedded (31-001)")
            if Name.ToUnicode not in font:
                yield Failure("31", f"font {name} has no ToUnicode map (31-006)")


def _multiply(m: tuple, n: tuple) -> tuple:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
