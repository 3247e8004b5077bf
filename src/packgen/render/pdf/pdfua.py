"""Make WeasyPrint's tagged PDF hold as PDF/UA-1: a structure that follows the document, furniture as artifacts.

WeasyPrint (v70) builds the structure tree page by page. This pass, on the opened PDF, edits only
what has to change:

- split elements: an HTML element cut by a page break (``main``, a section, a list, a table) is one
  structure element per page; pieces that came from the same HTML element (see weasytags.py) are
  joined, and MCIDs that move to a piece on another page become marked-content references with
  their page. A table header (or footer) repeated on each page is kept once, at its place;
- page furniture: content of the page-margin boxes (running footer, page numbers) is marked with
  MCIDs that map to structure elements outside the tree (Matterhorn 18-001), and so is a repeated
  table header once dropped. Its marked-content operators become ``/Artifact <</Type /Pagination>>
  BDC``, its parent-tree entries go, and the remaining MCIDs of each page are numbered from 0 again;
- footnotes: WeasyPrint puts a footnote's text in the page's footnote area, after ``main``; it
  becomes a /Note (with the ID PDF/UA asks of notes) right after its call, a /Reference;
- links: WeasyPrint gives a picture inside a link an annotation of its own, and puts that annotation
  under the /Figure; it moves to the /Link the figure stands in (Matterhorn 28-011);
- lists get their /ListNumbering from the list's list-style-type (Matterhorn 16);
- tables: header cells get their /Scope, and a data cell's /Headers names only the row header
  before it in its row (WeasyPrint lists every row header of the row) and its column headers;
  the structure tree root gets the /IDTree that header IDs need.

Written for what WeasyPrint writes (one content stream per page, a flat parent tree) and for any
HTML: nothing here knows our templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from .weasytags import Origin

_MARKED = re.compile(rb"/([A-Za-z][A-Za-z0-9_.]*)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"
Key = tuple[int, int]  # an object's number and generation


class StructureError(RuntimeError):
    """The PDF's structure is not what WeasyPrint writes; the pass refuses to guess."""


def is_element(obj: object) -> bool:
    return isinstance(obj, Dictionary) and Name.S in obj


def kids(element: Dictionary) -> list:
    k = element.get(Name.K)
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def walk(root: Dictionary) -> Iterator[Dictionary]:
    """Every structure element under ``root``, parents before children, each once."""
    seen: set[Key] = set()
    stack = [k for k in reversed(kids(root)) if is_element(k)]
    while stack:
        element = stack.pop()
        if element.objgen in seen:
            continue
        seen.add(element.objgen)
        yield element
        stack.extend(k for k in reversed(kids(element)) if is_element(k))


@dataclass
class ParentTree:
    """The structure tree root's /ParentTree, as WeasyPrint writes it: one flat /Nums array."""

    entries: dict[int, object] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Dictionary) -> ParentTree:
        tree = root.get(Name.ParentTree)
        if tree is None:
            return cls()
        if Name.Kids in tree or Name.Nums not in tree:
            raise StructureError("the parent tree is not one flat /Nums array")
        nums = list(tree.Nums)
        return cls({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})

    def write(self, root: Dictionary) -> None:
        nums = []
        for key in sorted(self.entries):
            nums += [key, self.entries[key]]
        root.ParentTree.Nums = Array(nums)


@dataclass
class _Joined:
    """What joining split elements changed: removed piece -> the element it joined, and the IDs
    (of table headers) that went with removed pieces, by the HTML element they came from."""

    replaced: dict[Key, Dictionary] = field(default_factory=dict)
    lost_ids: dict[str, Origin] = field(default_factory=dict)


def finish_structure(pdf: pikepdf.Pdf, origins: dict[int, Origin]) -> None:
    """Apply the fixes above to ``pdf`` in place."""
    root = pdf.Root.get(Name.StructTreeRoot)
    if root is None:
        raise StructureError("the PDF is not tagged")
    if not origins:
        raise StructureError("no structure element was traced to its HTML element (see render/weasytags.py)")
    parents = ParentTree.read(root)
    if any(o.pseudo.endswith("::footnote-call") for o in origins.values()):
        _footnotes_as_notes(root, origins)
    joined = _join_split_elements(root, origins)
    if joined.replaced:
        for key, value in list(parents.entries.items()):
            if isinstance(value, Array):
                parents.entries[key] = Array([_survivor(v, joined.replaced) for v in value])
            else:
                parents.entries[key] = _survivor(value, joined.replaced)
    tree = _Tree.of(root)
    _furniture_to_artifacts(pdf, parents, tree.keys)
    _annotations_in_links(parents)
    parents.write(root)
    _table_headers(root, tree, origins, joined.lost_ids)
    _list_numbering(tree, origins)


@dataclass
class _Tree:
    """The elements of the finished tree that the later steps look at, gathered in one walk."""

    keys: set[Key] = field(default_factory=set)
    by_type: dict[Name, list[Dictionary]] = field(default_factory=dict)
    ids: dict[str, Dictionary] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Dictionary) -> _Tree:
        tree = cls()
        wanted = (Name.TR, Name.TH, Name.L)
        for element in walk(root):
            tree.keys.add(element.objgen)
            kind = element.S
            if kind in wanted:
                tree.by_type.setdefault(kind, []).append(element)
            if Name.ID in element:
                tree.ids[str(element.ID)] = element
        return tree


def _link_above(element: Dictionary) -> Dictionary | None:
    """The /Link element ``element`` stands in, if any."""
    parent = element.get(Name.P)
    while is_element(parent):
        if parent.S == Name.Link:
            return parent
        parent = parent.get(Name.P)
    return None


def _annotations_in_links(parents: ParentTree) -> None:
    """A link annotation whose OBJR stands in another element inside a /Link (a linked picture's
    /Figure) moves to that /Link, and its parent-tree entry with it."""
    for key, element in list(parents.entries.items()):
        if not is_element(element) or element.S == Name.Link:
            continue
        objrs = [
            k
            for k in kids(element)
            if isinstance(k, Dictionary) and k.get(Name.Type) == Name.OBJR and k.Obj.get(Name.Subtype) == Name.Link
        ]
        link = _link_above(element) if objrs else None
        if link is None:
            continue
        moved = {o.Obj.objgen for o in objrs}
        element.K = Array(
            [k for k in kids(element) if not (isinstance(k, Dictionary) and Name.Obj in k and k.Obj.objgen in moved)]
        )
        link.K = Array([*kids(link), *objrs])
        parents.entries[key] = link


def _survivor(element: object, replaced: dict[Key, Dictionary]) -> object:
    while isinstance(element, Dictionary) and element.objgen in replaced:
        element = replaced[element.objgen]
    return element


# --- footnotes -----------------------------------------------------------------------------------


def _footnotes_as_notes(root: Dictionary, origins: dict[int, Origin]) -> None:
    """Move each footnote's text from the footnote area to just after its call."""
    calls: dict[int, Dictionary] = {}
    for element in walk(root):
        origin = origins.get(element.objgen[0])
        if origin is not None and origin.pseudo.endswith("::footnote-call"):
            calls.setdefault(origin.element, element)
            element.S = Name.Reference
    if not calls:
        return
    bodies = []
    for element in walk(root):
        origin = origins.get(element.objgen[0])
        if origin is not None and origin.element in calls and "::" not in origin.pseudo:
            bodies.append((element, calls[origin.element]))
    for number, (body, call) in enumerate(bodies, start=1):
        old_parent, new_parent = body.P, call.P
        _remove_kid(old_parent, body)
        items = kids(new_parent)
        at = next(i for i, k in enumerate(items) if is_element(k) and k.objgen == call.objgen)
        following = [
            k for k in items[at + 1 :] if is_element(k) and k.S == Name.Note and k.P.objgen == new_parent.objgen
        ]
        items.insert(at + 1 + len(following), body)
        new_parent.K = Array(items)
        body.P, body.S = new_parent, Name.Note
        body.ID = pikepdf.String(f"note-{number}")
        while is_element(old_parent) and not kids(old_parent) and Name.P in old_parent:
            _remove_kid(old_parent.P, old_parent)
            old_parent = old_parent.P


def _remove_kid(parent: Dictionary, kid: Dictionary) -> None:
    parent.K = Array([k for k in kids(parent) if not (is_element(k) and k.objgen == kid.objgen)])


# --- elements split by page breaks ---------------------------------------------------------------


def _join_split_elements(root: Dictionary, origins: dict[int, Origin]) -> _Joined:
    """Join adjacent pieces of one HTML element made on different pages; drop repeated table headers."""
    joined = _Joined()
    stack = [e for e in kids(root) if is_element(e)]
    while stack:
        element = stack.pop()
        before = kids(element)
        after = _without_repeats(before, origins, joined) if element.S == Name.Table else before
        out: list = []
        first: dict[tuple[Origin, Name], Dictionary] = {}
        for kid in after:
            last = out[-1] if out else None
            origin = origins.get(kid.objgen[0]) if is_element(kid) else None
            earlier = first.get((origin, kid.S)) if origin is not None else None
            if is_element(kid) and is_element(last) and _same_origin(last, kid, origins):
                _absorb(last, kid)
                keeper = last
            elif earlier is not None and not kids(kid):
                keeper = earlier  # an empty continuation: a list item whose rest on the next page is its nested list
            else:
                out.append(kid)
                if origin is not None:
                    first.setdefault((origin, kid.S), kid)
                continue
            joined.replaced[kid.objgen] = keeper
            if Name.ID in kid and kid.objgen[0] in origins:
                joined.lost_ids[str(kid.ID)] = origins[kid.objgen[0]]
        if len(out) != len(before):
            element.K = Array(out)
        stack.extend(k for k in out if is_element(k))
    return joined


def _without_repeats(items: list, origins: dict[int, Origin], joined: _Joined) -> list:
    """Kids without the copies of a table header (footer) that layout repeats on every page: the
    first header and the last footer stay, where a reader expects them."""
    keep = list(items)
    for kind, keep_last in ((Name.THead, False), (Name.TFoot, True)):
        groups: dict[Origin, list[int]] = {}
        for i, kid in enumerate(keep):
            if is_element(kid) and kid.S == kind and kid.objgen[0] in origins:
                groups.setdefault(origins[kid.objgen[0]], []).append(i)
        drop = {i for places in groups.values() for i in (places[:-1] if keep_last else places[1:])}
        for i in drop:
            for element in [keep[i], *walk(keep[i])]:
                if Name.ID in element and element.objgen[0] in origins:
                    joined.lost_ids[str(element.ID)] = origins[element.objgen[0]]
        keep = [kid for i, kid in enumerate(keep) if i not in drop]
    return keep


def _same_origin(a: Dictionary, b: Dictionary, origins: dict[int, Origin]) -> bool:
    origin = origins.get(a.objgen[0])
    if origin is None or origin != origins.get(b.objgen[0]) or a.S != b.S:
        return False
    page_a, page_b = a.get(Name.Pg), b.get(Name.Pg)
    return page_a is not None and page_b is not None and page_a.objgen != page_b.objgen


def _absorb(kept: Dictionary, piece: Dictionary) -> None:
    """Move ``piece``'s content to the end of ``kept``."""
    page = piece.get(Name.Pg)
    moved = []
    for kid in kids(piece):
        if isinstance(kid, int):
            kid = Dictionary(Type=Name.MCR, Pg=page, MCID=kid)
        elif is_element(kid):
            kid.P = kept
        moved.append(kid)
    kept.K = Array(kids(kept) + moved)


# --- page furniture ------------------------------------------------------------------------------


def _furniture_to_artifacts(pdf: pikepdf.Pdf, parents: ParentTree, in_tree: set[Key]) -> None:
    """Content whose MCID maps outside the tree becomes a pagination artifact; MCIDs are renumbered.

    Each page's content is also wrapped in q ... Q: WeasyPrint leaves its page transformation in
    force at the end, and a program that appends to the page (pypdf flattening a filled form) then
    draws upside down.
    """
    for page in pdf.pages:
        key = page.obj.get(Name.StructParents)
        mapped = parents.entries.get(int(key)) if key is not None else None
        elements = list(mapped) if isinstance(mapped, Array) else []
        renumber: dict[int, int] = {}
        kept = []
        for mcid, element in enumerate(elements):
            if isinstance(element, Dictionary) and element.objgen in in_tree:
                renumber[mcid] = len(kept)
                kept.append(element)
        streams = _content_streams(page.obj)
        for i, stream in enumerate(streams):
            data = stream.read_bytes()
            if len(kept) < len(elements):
                data = _rewrite_marked_content(data, renumber)
            stream.write((b"q\n" if i == 0 else b"") + data + (b"\nQ\n" if i == len(streams) - 1 else b""))
        if len(kept) == len(elements):
            continue
        moved: dict[Key, Dictionary] = {}
        for old, new in renumber.items():
            if old != new:
                moved.setdefault(elements[old].objgen, elements[old])
        for element in moved.values():
            own_page = element.get(Name.Pg) is not None and element.Pg.objgen == page.obj.objgen
            element.K = Array([_renumbered(k, renumber, page.obj, own_page) for k in kids(element)])
        parents.entries[int(key)] = Array(kept)


def _content_streams(page: Dictionary) -> list[pikepdf.Stream]:
    contents = page.get(Name.Contents)
    if contents is None:
        return []
    return list(contents) if isinstance(contents, Array) else [contents]


def _rewrite_marked_content(data: bytes, renumber: dict[int, int]) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        new = renumber.get(int(match.group(2)))
        if new is None:
            return ARTIFACT
        return b"/%s <</MCID %d>> BDC" % (match.group(1), new)

    return _MARKED.sub(replace, data)


def _renumbered(kid: object, renumber: dict[int, int], page: Dictionary, own_page: bool) -> object:
    if isinstance(kid, int):
        return renumber.get(kid, kid) if own_page else kid
    if isinstance(kid, Dictionary) and kid.get(Name.Type) == Name.MCR and kid.get(Name.Pg, page).objgen == page.objgen:
        kid.MCID = renumber.get(int(kid.MCID), int(kid.MCID))
    return kid


# --- lists ---------------------------------------------------------------------------------------

NUMBERING = {
    "decimal": "Decimal",
    "decimal-leading-zero": "Decimal",
    "lower-roman": "LowerRoman",
    "upper-roman": "UpperRoman",
    "lower-alpha": "LowerAlpha",
    "lower-latin": "LowerAlpha",
    "upper-alpha": "UpperAlpha",
    "upper-latin": "UpperAlpha",
    "disc": "Disc",
    "circle": "Circle",
    "square": "Square",
    "none": "None",
}


def _list_numbering(tree: _Tree, origins: dict[int, Origin]) -> None:
    """Each list says how its items are labelled; a numbered list in a style PDF has no name for is Decimal."""
    for element in tree.by_type.get(Name.L, []):
        origin = origins.get(element.objgen[0])
        if origin is None or origin.pseudo not in ("ul", "ol"):
            continue
        numbering = NUMBERING.get(origin.list_style or "", "Decimal" if origin.pseudo == "ol" else "None")
        element.A = Dictionary(O=Name.List, ListNumbering=Name("/" + numbering))


# --- tables --------------------------------------------------------------------------------------


def _table_attributes(cell: Dictionary) -> Dictionary | None:
    attributes = cell.get(Name.A)
    for item in list(attributes) if isinstance(attributes, Array) else [attributes]:
        if isinstance(item, Dictionary) and item.get(Name.O) == Name.Table:
            return item
    return None


def _table_headers(root: Dictionary, tree: _Tree, origins: dict[int, Origin], lost_ids: dict[str, Origin]) -> None:
    """TH cells get /Scope; TD /Headers keep the nearest row header in the row and the column headers."""
    row_headers: set[str] = set()
    ids = tree.ids
    id_of_origin: dict[Origin, str] = {}
    for key, element in ids.items():
        if element.objgen[0] in origins:
            id_of_origin.setdefault(origins[element.objgen[0]], key)
    rows = tree.by_type.get(Name.TR, [])
    for element in tree.by_type.get(Name.TH, []):
        origin = origins.get(element.objgen[0])
        scope = Name.Row if origin is not None and origin.scope == "row" else Name.Column
        attributes = _table_attributes(element)
        if attributes is None:
            attributes = Dictionary(O=Name.Table)
            element.A = attributes
        attributes.Scope = scope
        if scope == Name.Row and Name.ID in element:
            row_headers.add(str(element.ID))

    def current(header: str) -> str | None:
        """A header's ID in the tree: a repeated header's ID is its first copy's."""
        return header if header in ids else id_of_origin.get(lost_ids.get(header))

    for row in rows:
        nearest: str | None = None
        for cell in kids(row):
            if not is_element(cell):
                continue
            if cell.S == Name.TH:
                nearest = str(cell.ID) if Name.ID in cell and str(cell.ID) in row_headers else nearest
            elif cell.S == Name.TD:
                attributes = _table_attributes(cell)
                if attributes is None or Name.Headers not in attributes:
                    continue
                columns = [c for h in attributes.Headers if (c := current(str(h))) and c not in row_headers]
                headers = list(dict.fromkeys(([nearest] if nearest else []) + columns))
                attributes.Headers = Array([pikepdf.String(h) for h in headers])
    if ids:
        names = []
        for key in sorted(ids, key=lambda s: s.encode("utf-8")):
            names += [pikepdf.String(key), ids[key]]
        root.IDTree = Dictionary(Names=Array(names))
