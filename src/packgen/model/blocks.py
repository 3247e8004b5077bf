"""The kinds of block wording is written in, one record each in one registry.

A block is a plain string (a paragraph) or a mapping named by one key saying what it is:
paragraph, bullets, numbered, heading, table, image, video or notice. Any block may carry an ``id``
that a hub's placements and the checks refer to.

Each kind's record (``BlockKind``) holds everything about it: its input model, the pieces of
wording the walk yields for it (wording/walk.py), how resolve lays its rendered wording out as
a node of the pack (model/pack.py), what docs/reference.md says of it, and, for a kind added
from outside, its Word layout and the template of its HTML macro. The schema's ``Block`` union
(model/schema.py) is built from the registry, and rebuilt when a kind is registered.

The walk and the layout reach a block's wording through two small interfaces, ``Say`` and
``Lay``, so this module needs nothing above the models.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal, Protocol, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    Tag,
    model_validator,
)
from pydantic_core import CoreSchema

from .. import pack as p
from .base import AssetPath, Count, Percent, Slug, Strict, Text, WebAddress
from .yaml_reader import Loc

PieceRole = Literal[
    "title",
    "tagline",
    "subtitle",
    "alt",
    "heading",
    "subheading",
    "paragraph",
    "bullet",
    "numbered",
    "caption",
    "header-cell",
    "cell",
    "role-label",
    "label",
    "hint",
    "value",
    "choice",
    "intro",
    "item",
    "signature-role",
    "signature-label",
    "note",
]
"""What a piece of wording is in the pack: the one list of the walk's roles."""
PIECE_ROLES: frozenset[str] = frozenset(get_args(PieceRole))


# --- the interfaces a kind's functions are given ------------------------------------------


class At(Protocol):
    """A block where it stands in a pack (wording/arrange.py's ``Placed``)."""

    @property
    def block(self) -> Any: ...
    @property
    def loc(self) -> Loc: ...
    @property
    def children(self) -> tuple[Any, ...]: ...
    @property
    def items(self) -> tuple[Any, ...]:
        """A list's items as the hub's pack has them (arrange.py's ``PlacedItem``: text, loc, sublist, children)."""
        ...


class Say(Protocol):
    """How a kind's ``pieces`` yields its wording: one piece of the block's file at ``loc``."""

    def __call__(self, loc: Loc, text: str, role: PieceRole, *, depth: int = 0) -> Any: ...

    def blocks(self, placed: Iterable[Any]) -> Iterator[Any]:
        """The blocks inside this one (a notice's), walked: yielded among the kind's pieces, they are its children in
        the walk's tree."""
        ...

    def within(self, placed: Any) -> Say:
        """The same for wording written where ``placed`` was (a list item a hub's edit words in its file)."""
        ...


class Lay(Protocol):
    """How a kind's ``layout`` reads its own pieces, rendered where the block stands, by the path the walk gave each."""

    def runs(self, loc: Loc) -> p.Inline:
        """The wording at ``loc`` as runs, its footnotes numbered in reading order."""
        ...

    def plain(self, loc: Loc) -> str: ...

    def blocks(self, placed: Iterable[Any], level: int) -> tuple[p.Block, ...]:
        """Blocks inside this one, laid out; ``level`` is a sub-heading's level among them."""
        ...

    def picture(self, path: str, loc: Loc, width: int | None = None, captioned: bool = False) -> p.Image | None:
        """A picture from assets/ with its alt text (and caption) at ``loc``; None if its alt text is empty."""
        ...

    def within(self, placed: Any) -> Lay:
        """The same for wording written where ``placed`` was (a list item a hub's edit words in its file)."""
        ...

    def laid(self, node: Any, placed: Any) -> Any:
        """``node`` laid out from ``placed`` (a list item): noted as the hub's own wording, or by the national id it
        stands for (the diff says whose wording it is, and what a hub's edits left out)."""
        ...


@dataclass(frozen=True)
class BlockKind:
    """One kind of block: everything packgen knows about it, in one place."""

    name: str  # the key that names it in a mapping ("text": a plain string), its tag in the Block union
    model: Any  # its input model (Text for a plain string)
    pieces: Callable[[At, Say], Iterator[Any]]  # its wording, in reading order
    layout: Callable[[At, Lay, int], p.Block | None]  # its node of the pack, None when it is left empty
    node: type  # the pack's class it is laid out as
    documents: tuple[tuple[type[BaseModel], str], ...] = ()  # the models docs/reference.md describes, and what each is
    in_notice: bool = True  # it may stand inside a notice
    precedence: int = 0  # looked for before kinds of lower precedence when a mapping has both keys
    docx: Callable[[Any, Any], str] | None = None  # its node's Word XML; None: render/ooxml.py's BLOCKS has it
    # (path in the block, file) of each picture from assets/ it shows: loading opens and measures each once
    pictures: Callable[[Any], Iterator[tuple[Loc, str]]] = lambda block: iter(())

    @property
    def template(self) -> str:
        """The template whose ``block(block, shift)`` macro lays out a kind that blocks.html.j2 does not know."""
        return f"blocks/{self.name}.html.j2"


KINDS: dict[str, BlockKind] = {}
"""Every kind of block by name, in the order of the Block union."""
_BY_MODEL: dict[type, BlockKind] = {}
_LISTENERS: list[Callable[[], None]] = []


def register(kind: BlockKind) -> BlockKind:
    """Add a kind of block; a name or model already registered is refused."""
    if kind.name in KINDS:
        raise ValueError(f"a block kind named {kind.name!r} is registered already")
    model = str if kind.name == "text" else kind.model
    if model is not str and "id" not in kind.model.model_fields:
        raise ValueError(f"a block kind's model needs an id: hub placements refer to it ({kind.name!r} has none)")
    if model in _BY_MODEL:
        raise ValueError(f"the model {model!r} is a block kind already")
    KINDS[kind.name] = kind
    _BY_MODEL[model] = kind
    _changed()
    return kind


def unregister(name: str) -> None:
    """Remove a kind of block (a test's own, when the test ends)."""
    kind = KINDS.pop(name)
    _BY_MODEL.pop(str if name == "text" else kind.model)
    _changed()


@contextmanager
def registered(kind: BlockKind) -> Iterator[BlockKind]:
    """A kind of block registered for the length of a ``with``."""
    register(kind)
    try:
        yield kind
    finally:
        unregister(kind.name)


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener`` after every change to the registry (model/schema.py rebuilds its models)."""
    _LISTENERS.append(listener)


def kind_of_block(block: object) -> BlockKind:
    """The record of a block of the input (a plain string or one of the kinds' models)."""
    return _BY_MODEL[str if isinstance(block, str) else type(block)]


def is_heading(block: object) -> bool:
    """The block is a heading (of any level)."""
    return isinstance(block, HeadingBlock)


def block_id(block: object) -> str | None:
    """A block's id, if it has one (a plain string has none)."""
    return None if isinstance(block, str) else block.id


def docx_of(node: type) -> Callable[[Any, Any], str]:
    """The Word layout a registered kind brings for its pack node ``node``."""
    found = next((k.docx for k in KINDS.values() if k.node is node and k.docx is not None), None)
    if found is None:
        raise LookupError(f"no Word layout for a block of the pack: {node.__name__}")
    return found


def block_keys() -> tuple[str, ...]:
    """The keys that name a block, in the order they are looked for (a notice may have a heading)."""
    named = [k for k in KINDS.values() if k.name != "text"]
    return tuple(k.name for k in sorted(named, key=lambda k: -k.precedence))


def block_tag(value: object) -> str | None:
    """The kind a value of a block list is, as the Block union's discriminator reads it."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, BaseModel):
        kind = _BY_MODEL.get(type(value))
        return kind.name if kind is not None else None
    if isinstance(value, dict):
        return next((key for key in block_keys() if key in value), None)
    return None


def _union(inside_notice: bool, handler: GetCoreSchemaHandler) -> CoreSchema:
    kinds = [k for k in KINDS.values() if k.in_notice or not inside_notice]
    tagged = functools.reduce(operator.or_, (Annotated[k.model, Tag(k.name)] for k in kinds))
    message = "not a block inside a notice" if inside_notice else "not a block"
    return handler(
        Annotated[tagged, Discriminator(block_tag, custom_error_type="block_kind", custom_error_message=message)]
    )


class Block:
    """A paragraph (a plain string) or a mapping: one of the registered kinds, a tagged union of their models."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return _union(False, handler)


class InnerBlock:
    """A block that may stand inside a notice: any kind but a notice."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return _union(True, handler)


def _changed() -> None:
    """Models that hold blocks are built again from the registry: NoticeBlock here, the files' in schema.py."""
    if "notice" in KINDS:
        NoticeBlock.model_rebuild(force=True)
        for listener in _LISTENERS:
            listener()


# --- list items ---------------------------------------------------------------------------


def item_tag(value: object) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, ListItemSpec) or (isinstance(value, dict) and "text" in value):
        return "item"
    return None


Item = Annotated[
    Annotated[Text, Tag("text")] | Annotated["ListItemSpec", Tag("item")],
    Discriminator(
        item_tag,
        custom_error_type="list_item",
        custom_error_message="a list item is text, or a mapping of text: with its id: or its own bullets: or "
        "numbered: list",
    ),
]
"""A list item: text, or text with a list nested under it."""


class ListItemSpec(Strict):
    """A list item written as a mapping: with an id hubs' edits refer to, or with a list of its own under it."""

    text: Text = Field(description="The item's own wording.", examples=["and at least one of the following:"])
    bullets: list[Item] | None = Field(
        default=None, description="A bullet list under the item.", examples=[["The school is in an Opportunity Area"]]
    )
    numbered: list[Item] | None = Field(
        default=None, description="A numbered list under the item.", examples=[["Reception", "Year 1"]]
    )

    id: Slug | None = Field(
        default=None, description="A name hubs' edits refer to, unique in the file.", examples=["no-charge"]
    )

    @model_validator(mode="after")
    def _one_list(self) -> ListItemSpec:
        if self.bullets is not None and self.numbered is not None:
            raise ValueError("a list item with text: has one list under it, bullets: or numbered:, not both")
        if self.bullets is None and self.numbered is None and self.id is None:
            raise ValueError("a list item with text: needs an id: or one list under it, bullets: or numbered:")
        return self

    @property
    def sublist(self) -> tuple[str, list[Any]] | None:
        """The key of the list under it and its items; None without one."""
        if self.bullets is not None:
            return "bullets", self.bullets
        return ("numbered", self.numbered) if self.numbered is not None else None


ListItemSpec.model_rebuild()

# --- the kinds' models --------------------------------------------------------------------


class ParagraphBlock(Strict):
    """A paragraph written as a mapping, so that it can have an id."""

    paragraph: Text = Field(
        description="The paragraph's wording.", examples=["Schools meeting criterion 1 are exempt from points 2 to 4."]
    )
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["exemptions"])


class Bullets(Strict):
    """A bullet list."""

    bullets: list[Item] = Field(
        min_length=1,
        description="The items, each text or text with a nested list.",
        examples=[["Three live sessions", "No charge for participation"]],
    )
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["benefits-list"])


class Numbered(Strict):
    """A numbered list; wording after it may refer to its numbers."""

    numbered: list[Item] = Field(
        min_length=1,
        description="The items, numbered 1, 2, 3…",
        examples=[["The school is state funded", "The headteacher supports the application"]],
    )
    start: Count = Field(default=1, description="The number of the first item.", examples=[4])
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["criteria"])


class HeadingBlock(Strict):
    """A heading among the blocks: by default a sub-heading, one level below its section's (H3 in HTML and PDF,
    Heading 2 in Word); ``level`` sets its level anywhere."""

    heading: Text = Field(description="The sub-heading's wording.", examples=["Local Work Groups"])
    level: Literal[1, 2, 3] | None = Field(
        default=None,
        description="Its level, as Word numbers headings: 1 a section heading (H2 in HTML and PDF, Heading 1 in "
        "Word), 2 a sub-heading (H3, Heading 2), 3 a sub-sub-heading (H4, Heading 3). Omitted, one level below the "
        "heading it stands under (its section's or notice's); among a hub's blocks between sections, a section "
        "heading.",
        examples=[2],
    )
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["local-work-groups"])


class PictureSpec(Strict):
    """A picture from assets/ (PNG or JPEG, never fetched): a table's cell, or with a caption and id an image block."""

    image: AssetPath = Field(description="The file, from the project root.", examples=["assets/bar-model.png"])
    alt: Text = Field(
        description="What the picture shows, for readers who cannot see it (required).",
        examples=["A bar model splitting 12 into 7 and 5"],
    )
    width: Percent | None = Field(
        default=None,
        description="Width as a percentage of the text width (in a table, its column is that wide); else its natural "
        "size, at most the text width (or its column's).",
        examples=[50],
    )
    link: WebAddress | None = Field(
        default=None,
        description="A web address the picture links to, such as a larger version of a diagram.",
        examples=["https://example.org/bar-model-large.png"],
    )


def cell_tag(value: object) -> str | None:
    """What a table's cell is, as the Cell union's discriminator reads it: text, or a picture (tagged as the
    image block's key, so a problem's path in the file leaves the tag out as it does for a block's)."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, PictureSpec) or (isinstance(value, dict) and "image" in value):
        return "image"
    return None


Cell = Annotated[
    Annotated[str, Tag("text")] | Annotated[PictureSpec, Tag("image")],
    Discriminator(
        cell_tag,
        custom_error_type="table_cell",
        custom_error_message="a table's cell is text, or a picture: a mapping of image: assets/<file>.png with alt: "
        "what it shows (and, if you like, width: and link:)",
    ),
]
"""A table's cell: inline text, or a picture (a text beside a picture, in a table without a header row)."""


class TableBlock(Strict):
    """A table whose first row holds the column headings (unless header: false); markup works in every cell."""

    table: list[list[Cell]] = Field(
        min_length=1,
        description="Rows of cells: the first row the column headings, then at least one row (with header: false, "
        "every row is a row of cells). A cell is text, or a picture: a mapping of image:, alt:, and if you like "
        "width: and link:, as an image block's.",
        examples=[
            [["School situation", "Eligible for", "Funding"], ["New to the programme", "Development", "£1,000"]],
            [
                [
                    {
                        "image": "assets/bar-model.png",
                        "alt": "A bar model splitting 12 into 7 and 5",
                        "width": 30,
                        "link": "https://example.org/bar-model-large.png",
                    },
                    "The bar model, larger: follow the picture",
                ]
            ],
        ],
    )
    header: bool = Field(
        default=True,
        description="false: no row of column headings, for a layout such as a text beside a picture or a link.",
        examples=[False],
    )
    caption: Text | None = Field(
        default=None,
        description="What the table shows, above it (and its accessible name).",
        examples=["Who is eligible, and the funding"],
    )
    row_headers: bool = Field(default=False, description="The first cell of each row heads that row.", examples=[True])
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["eligibility-table"])

    @model_validator(mode="after")
    def _rectangular(self) -> TableBlock:
        rows = self.table
        width = len(rows[0])
        if width == 0:
            raise ValueError("the first row of the table has no cells")
        if self.header:
            if any(isinstance(cell, PictureSpec) for cell in rows[0]):
                raise ValueError(
                    "the first row holds the column headings, which are text: put the picture in a row under it, or "
                    "write header: false for a table with no row of headings (a text beside a picture)"
                )
            if not all(cell.strip() for cell in rows[0]):
                raise ValueError("the first row holds the column headings: none of them may be empty")
            if len(rows) == 1:
                raise ValueError(
                    "a table has its row of column headings and at least one row under it; this one has only its "
                    "heading row: add a row, or write header: false for a table with no row of headings"
                )
        first = "the heading row" if self.header else "the first row"
        for i, row in enumerate(rows[1:], start=2):
            if len(row) != width:
                raise ValueError(f"row {i} has {len(row)} cells; {first} has {width}")
        return self


class ImageBlock(PictureSpec):
    """A picture from the project's assets/ folder (PNG or JPEG), never fetched from the network."""

    caption: Text | None = Field(
        default=None, description="A caption shown under the picture.", examples=["Figure 1: a bar model"]
    )
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["bar-model"])


class VideoBlock(Strict):
    """A link to a video, with its title: a link in every format (no player is embedded)."""

    video: WebAddress = Field(
        description="The video's web address.", examples=["https://www.youtube.com/watch?v=abc123"]
    )
    title: Text = Field(
        description="The video's title, the words of the link (wording).",
        examples=["Mastering Number in a Year 1 classroom"],
    )
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["classroom-video"])


class NoticeBlock(Strict):
    """A boxed call-out inside a section (or, from a hub, between sections)."""

    model_config = ConfigDict(Strict.model_config, defer_build=True)  # built once the kinds are registered
    notice: list[InnerBlock] = Field(
        min_length=1,
        description="The box's blocks (any block but another notice).",
        examples=[["Schools in Stoke-on-Trent should apply by 1st March."]],
    )
    heading: Text | None = Field(
        default=None, description="A heading at the top of the box.", examples=["Local priority"]
    )
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["local-priority"])


# --- each kind's wording and layout -------------------------------------------------------


def _text_pieces(at: At, say: Say) -> Iterator[Any]:
    yield say(at.loc, at.block, "paragraph")


def _text_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    runs = lay.runs(at.loc)
    return p.Paragraph(runs) if runs else None


def _paragraph_pieces(at: At, say: Say) -> Iterator[Any]:
    yield say(at.loc + ("paragraph",), at.block.paragraph, "paragraph")


def _paragraph_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    runs = lay.runs(at.loc + ("paragraph",))
    return p.Paragraph(runs) if runs else None


def _item_pieces(say: Say, items: tuple[Any, ...], role: PieceRole, depth: int) -> Iterator[Any]:
    for item in items:
        yield say.within(item)(item.loc, item.text, role, depth=depth)
        if item.sublist is not None:
            sub_role: PieceRole = "bullet" if item.sublist == "bullets" else "numbered"
            yield from _item_pieces(say, item.children, sub_role, depth + 1)


def _item_layout(lay: Lay, items: tuple[Any, ...]) -> tuple[p.ListItem, ...]:
    out = []
    for item in items:
        runs = lay.within(item).runs(item.loc)
        nested = _item_layout(lay, item.children)
        sublist = p.ItemList(nested, numbered=item.sublist == "numbered") if nested else None
        if runs or sublist:
            out.append(lay.laid(p.ListItem(runs, sublist), item))
    return tuple(out)


def _bullets_pieces(at: At, say: Say) -> Iterator[Any]:
    yield from _item_pieces(say, at.items, "bullet", 0)


def _bullets_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    items = _item_layout(lay, at.items)
    return p.ItemList(items, False, 1) if items else None


def _numbered_pieces(at: At, say: Say) -> Iterator[Any]:
    yield from _item_pieces(say, at.items, "numbered", 0)


def _numbered_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    items = _item_layout(lay, at.items)
    return p.ItemList(items, True, at.block.start) if items else None


def _heading_pieces(at: At, say: Say) -> Iterator[Any]:
    yield say(at.loc + ("heading",), at.block.heading, "subheading")


WORD_TO_HTML = 1
"""A heading's level in HTML is one more than Word's: the title is h1, a section's heading h2 and Heading 1."""


def _heading_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    text = lay.plain(at.loc + ("heading",))
    own: int | None = at.block.level
    return p.Heading(text, own + WORD_TO_HTML if own is not None else level) if text else None


def _table_pieces(at: At, say: Say) -> Iterator[Any]:
    table: TableBlock = at.block
    if table.caption:
        yield say(at.loc + ("caption",), table.caption, "caption")
    for r, row in enumerate(table.table):
        for c, cell in enumerate(row):
            if isinstance(cell, PictureSpec):
                yield say(at.loc + ("table", r, c, "alt"), cell.alt, "alt")
            else:
                yield say(at.loc + ("table", r, c), cell, "header-cell" if r == 0 and table.header else "cell")


def _linked_picture(lay: Lay, picture: PictureSpec, loc: Loc, captioned: bool = False) -> p.Image | None:
    """A picture laid out from assets/ with its alt text at ``loc``, and its link: an image block's or a cell's."""
    laid = lay.picture(picture.image, loc, picture.width, captioned)
    return replace(laid, link=picture.link) if laid is not None and picture.link else laid


def _cell_layout(lay: Lay, cell: str | PictureSpec, loc: Loc) -> p.Cell:
    """A table's cell as the pack has it: runs, or a picture (no runs if its alt text rendered empty)."""
    if isinstance(cell, PictureSpec):
        return _linked_picture(lay, cell, loc) or ()
    return lay.runs(loc)


def _table_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    table: TableBlock = at.block
    cells = [
        [_cell_layout(lay, cell, at.loc + ("table", r, c)) for c, cell in enumerate(row)]
        for r, row in enumerate(table.table)
    ]
    body = cells[1:] if table.header else cells
    rows = tuple(tuple(row) for row in body if any(row))
    if not rows:
        return None
    caption = lay.plain(at.loc + ("caption",)) if table.caption else None
    # a heading row is text (the schema refuses a picture in it)
    header = tuple(cell for cell in cells[0] if not isinstance(cell, p.Image)) if table.header else ()
    return p.Table(header, rows, caption or None, table.row_headers)


def _table_pictures(table: TableBlock) -> Iterator[tuple[Loc, str]]:
    for r, row in enumerate(table.table):
        for c, cell in enumerate(row):
            if isinstance(cell, PictureSpec):
                yield ("table", r, c, "image"), cell.image


def _image_pictures(image: ImageBlock) -> Iterator[tuple[Loc, str]]:
    yield ("image",), image.image


def _image_pieces(at: At, say: Say) -> Iterator[Any]:
    image: ImageBlock = at.block
    yield say(at.loc + ("alt",), image.alt, "alt")
    if image.caption:
        yield say(at.loc + ("caption",), image.caption, "caption")


def _image_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    image: ImageBlock = at.block
    return _linked_picture(lay, image, at.loc, image.caption is not None)


def _video_pieces(at: At, say: Say) -> Iterator[Any]:
    yield say(at.loc + ("title",), at.block.title, "paragraph")


def _video_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    title = p.one_line(lay.plain(at.loc + ("title",)))
    return p.Video(at.block.video, title) if title else None


def _notice_pieces(at: At, say: Say) -> Iterator[Any]:
    notice: NoticeBlock = at.block
    if notice.heading:
        yield say(at.loc + ("heading",), notice.heading, "subheading")
    yield from say.blocks(at.children)


def _notice_layout(at: At, lay: Lay, level: int) -> p.Block | None:
    notice: NoticeBlock = at.block
    heading = lay.plain(at.loc + ("heading",)) if notice.heading else None
    blocks = lay.blocks(at.children, level + 1 if heading else level)
    if not any(b.kind != "heading" for b in blocks) and any(not is_heading(c.block) for c in at.children):
        return None  # what it says was left out for this hub
    return p.Notice(heading or None, level, blocks)


for _kind in (
    BlockKind("text", Text, _text_pieces, _text_layout, p.Paragraph),
    BlockKind(
        "paragraph",
        ParagraphBlock,
        _paragraph_pieces,
        _paragraph_layout,
        p.Paragraph,
        ((ParagraphBlock, "a paragraph with an id"),),
        precedence=2,
    ),
    BlockKind(
        "bullets", Bullets, _bullets_pieces, _bullets_layout, p.ItemList, ((Bullets, "a bullet list"),), precedence=3
    ),
    BlockKind(
        "numbered",
        Numbered,
        _numbered_pieces,
        _numbered_layout,
        p.ItemList,
        ((Numbered, "a numbered list"), (ListItemSpec, "a list item with a list under it")),
        precedence=4,
    ),
    BlockKind("heading", HeadingBlock, _heading_pieces, _heading_layout, p.Heading, ((HeadingBlock, "a sub-heading"),)),
    BlockKind(
        "table",
        TableBlock,
        _table_pieces,
        _table_layout,
        p.Table,
        ((TableBlock, "a table"), (PictureSpec, "a picture in a table's cell")),
        precedence=6,
        pictures=_table_pictures,
    ),
    BlockKind(
        "image",
        ImageBlock,
        _image_pieces,
        _image_layout,
        p.Image,
        ((ImageBlock, "a picture"),),
        precedence=5,
        pictures=_image_pictures,
    ),
    BlockKind("video", VideoBlock, _video_pieces, _video_layout, p.Video, ((VideoBlock, "a link to a video"),)),
    BlockKind(
        "notice",
        NoticeBlock,
        _notice_pieces,
        _notice_layout,
        p.Notice,
        ((NoticeBlock, "a boxed notice"),),
        in_notice=False,
        precedence=7,
    ),
):
    register(_kind)
