"""Resolve one hub's pack: render every piece of a programme-year's wording with the hub's facts.

``resolve`` walks the wording's tree (wording/walk.py) once: each part and each placed block has
its pieces rendered where they stand (once per role in a repeated group) and its node of the
``Pack``, the plain frozen data every renderer reads, built there from them; every problem is
collected rather than stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import jinja2

from . import pack as p
from .errors import PackgenError, Problem
from .forms.kinds import kind_of
from .model.blocks import WORD_TO_HTML, PieceRole, is_heading, kind_of_block
from .model.project import Hub, ProgrammeYear, Project
from .model.schema import FormSpec, Role
from .model.yaml_reader import Loc, LocatedData
from .wording import inline
from .wording.arrange import Arrangement, Placed, PlacedItem, arrange
from .wording.env import compile_wording, undefined_message
from .wording.facts import apply_link, facts, form_of, offer_of
from .wording.uses import facts_used
from .wording.walk import Piece, Walked, WalkedBlock, WalkedPart, field_name, group_key, walk_pack

_SPACES = re.compile(r"[ \t\n]{2,}")


@dataclass(frozen=True)
class Rendered:
    """One piece of wording as one hub's pack shows it (for one role, in a repeated group)."""

    piece: Piece
    role: Role | None
    text: str

    @property
    def part(self) -> str:
        return self.piece.part_for(self.role)

    @property
    def runs(self) -> p.Inline:
        return as_runs(self.text)


@dataclass(frozen=True)
class Resolution:
    """A hub's pack, and every piece of its wording as rendered, in reading order."""

    pack: p.Pack
    wording: tuple[Rendered, ...]
    who_may_apply: tuple[p.Block, ...]  # blocks the layout adds, not wording: at the start of the form,
    form_links: tuple[p.Block, ...]  # and with who may apply, after the how-to-apply section's first block
    arranged: Arrangement  # the blocks as the hub's pack has them
    walked: Walked  # its wording's tree, walked from ``arranged``
    parts: tuple[str, ...] = ()  # the walk's part of each of the pack's sections, then of each of its form's groups
    labels: tuple[str, ...] = ()  # the parts of a repeated group's role labels, which no node of the pack shows
    own: tuple[object, ...] = ()  # the nodes of the pack (blocks, list items) in the hub's own wording
    origins: tuple[tuple[object, str], ...] = ()  # national paragraphs and list items of the pack, with their ids

    def is_own(self, node: object) -> bool:
        """The node (a block or list item of the pack) is the hub's own wording, not the national."""
        return any(node is mine for mine in self.own)

    def origin(self, node: object) -> str | None:
        """The id (wording/ids.py) of the national paragraph or list item the node is, in a hub's pack."""
        return next((ident for mine, ident in self.origins if mine is node), None)


def as_runs(text: str) -> p.Inline:
    """Rendered wording as inline runs. Folded YAML and optional wording leave runs of spaces behind."""
    return inline.parse(_SPACES.sub(" ", text).strip())


def render_piece(piece: Piece, variables: dict[str, Any], role: Role | None = None) -> str:
    """The piece as the pack shows it; raises Jinja's errors."""
    if not piece.templated:
        return piece.text
    template = compile_wording(piece.text)
    return template.render({**variables, "role": role}) if role is not None else template.render(variables)


def wording_problem(piece: Piece, exc: Exception) -> Problem:
    """A Jinja error in a piece of wording, at the line and column of what caused it."""
    src = piece.source
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message, code, needle = f"template syntax in wording: {exc.message}", "template.syntax", "{"
    elif isinstance(exc, jinja2.UndefinedError):
        message = undefined_message(exc)
        names = re.findall(r"'([^']*)'", message)
        message, code, needle = (
            f"wording uses an undefined variable: {message}",
            "template.undefined",
            names[-1] if names else "",
        )
    else:
        message, code, needle = f"wording could not be rendered: {exc or type(exc).__name__}", "template.error", "{"
    line, col = src.locate_text(piece.loc, needle)
    return Problem(src.shown, line, col, message, code)


def _hrefs(runs: p.Inline) -> Iterator[str]:
    """Every link in the runs, those inside their footnotes too."""
    for run in runs:
        if run.href:
            yield run.href
        if run.note is not None:
            yield from _hrefs(run.note.runs)


def link_problems(piece: Piece, text: str) -> list[Problem]:
    """An error for each link in the rendered piece, footnotes included, that may not be used
    (javascript:, file:, a UNC path…)."""
    problems: list[Problem] = []
    if "](" not in text:  # no link in it: spare the parse
        return problems
    for href in dict.fromkeys(_hrefs(as_runs(text))):
        reason = inline.link_refusal(href)
        if reason:
            line, col = piece.source.locate_text(piece.loc, href)
            shown = href if href.isprintable() else repr(href)[1:-1]
            problems.append(
                Problem(piece.source.shown, line, col, f"link to '{shown}' is not allowed: {reason}", "wording.link")
            )
    return problems


RenderText = Callable[[Piece, Role | None], tuple[str, list[Problem]]]
"""How the pass over the tree has a piece's text for one role: rendered with the hub's facts, with the
problems found (``_rendering``), or given (the preview's marked wording)."""


def _rendering(variables: dict[str, Any]) -> RenderText:
    """Pieces rendered with ``variables``: a Jinja error, or a link that may not be used, is a problem."""

    def render(piece: Piece, role: Role | None) -> tuple[str, list[Problem]]:
        problems: list[Problem] = []
        try:
            text = render_piece(piece, variables, role)
        except Exception as exc:
            problems.append(wording_problem(piece, exc))
            text = piece.text
        return text, problems + link_problems(piece, text)

    return render


def resolve(project: Project, py: ProgrammeYear, hub: Hub) -> Resolution:
    """One hub's pack for one programme-year. Raises PackgenError naming every bad wording line.

    The hub's arrangement of the blocks is made once and its wording walked once into a tree; one
    pass over the tree renders each piece where it stands and builds the pack's node for it. The
    facts the wording names decide the layout's own sentences.
    """
    variables = facts(project, py, hub)
    arranged = arrange(py, hub)
    walked = walk_pack(py, hub, arranged)
    pieces = tuple(walked.pieces())
    who, links = _layout_blocks(hub, py, pieces)
    build = _Build(project, py, hub, _rendering(variables))
    pack = build.pack(walked, who, links)
    wording, problems = build.wording(pieces)
    problems += arranged.problems
    if problems:
        raise PackgenError(problems)
    if build.problems:
        raise PackgenError(build.problems)
    return Resolution(
        pack,
        wording,
        who,
        links,
        arranged,
        walked,
        tuple(build.parts),
        tuple(build.labels),
        tuple(build.own),
        tuple(build.origins),
    )


def _layout_blocks(
    hub: Hub, py: ProgrammeYear, pieces: Iterable[Piece]
) -> tuple[tuple[p.Block, ...], tuple[p.Block, ...]]:
    """The layout's own blocks: who may apply and the links to the forms, unless the wording (its ``pieces``) says
    so itself."""
    named = facts_used(piece.text for piece in pieces if piece.templated)
    return _who_may_apply(hub, py, named), _apply_links(hub, py, named)


def lay_out(project: Project, py: ProgrammeYear, hub: Hub, walked: Walked, rendered: Iterable[Rendered]) -> p.Pack:
    """The pack of ``walked`` (a resolution's tree) with the wording ``rendered`` for ``hub`` by ``resolve``, perhaps
    then marked up: the same pass, each piece's text taken as given."""
    given = {(id(r.piece), id(r.role)): r.text for r in rendered}
    build = _Build(project, py, hub, lambda piece, role: (given[(id(piece), id(role))], []))
    return build.pack(walked, *_layout_blocks(hub, py, walked.pieces()))


def lay_out_letter(
    project: Project, py: ProgrammeYear, hub: Hub, part: WalkedPart, variables: dict[str, Any], problems: list[Problem]
) -> tuple[str, tuple[p.Block, ...]]:
    """A decision letter's part (wording/walk.py's ``walk_letters``) in one pass: its subject as rendered with
    ``variables``, and its blocks laid out as a pack's section lays its own. Raises PackgenError naming
    ``problems`` and every bad wording line."""
    build = _Build(project, py, hub, _rendering(variables))
    subject = build.text(part.own[0])
    blocks = build.blocks(part.blocks, SECTION_LEVEL + 1)
    found = problems + [problem for piece in part.pieces() for problem in build.problems_of(piece)]
    if found:
        raise PackgenError(found)
    return subject, blocks


def hub_details(hub: Hub) -> p.Inline:
    """What a pack (or a letter) says under the hub's name."""
    return _hub_details(hub)


def resolve_pack(project: Project, py: ProgrammeYear, hub: Hub) -> p.Pack:
    """One hub's pack for one programme-year, ready for any renderer."""
    return resolve(project, py, hub).pack


SECTION_LEVEL = 2  # a section's heading is h2 in HTML and the PDF (h1 is the title), Heading 1 in Word

APPLY_SECTION = "how-to-apply"
"""The id of the section that says how to apply: the layout adds who may apply and the links to
the fillable forms (or the sentence linking to where schools apply) there (after its first block),
or, without one, at the end of the last section."""
FORM_FILES = (("a fillable PDF", "application-form.pdf"), ("a Word document", "application-form.docx"))
"""The fillable forms a build writes beside the pack, linked from it by relative links."""
SHOWN_BY_LAYOUT = frozenset(
    {
        "hub.code",
        "hub.name",
        "hub.region",
        "hub.lead_school",
        "hub.areas",
        "hub.website",
        "hub.logo",
        "offer.areas",
        "apply.url",
        "apply.label",
    }
)
"""The facts every pack shows whatever its wording says: the hub's details under its name, the
appendix, and an offer's areas as who may apply (unless the wording says so itself)."""


class _Build:
    """One pass over the walked tree: each part's and each block's pieces rendered where they stand, and its node
    of the Pack built there from them, in the shape of the programme-year file as the hub arranged it.

    Wording that renders empty for this hub is left out, and so is whatever it leaves empty:
    a list, a table with no rows, a notice, a sub-heading with nothing under it, a whole section.
    """

    def __init__(self, project: Project, py: ProgrammeYear, hub: Hub, render: RenderText):
        self.project, self.py, self.hub, self.render = project, py, hub, render
        self.done: dict[int, tuple[Rendered, ...]] = {}  # each piece rendered, by id, once
        self.found: dict[int, list[Problem]] = {}  # and the problems its rendering found
        self.notes: list[p.Note] = []
        self.role: Role | None = None  # the role of the repeated group being laid out
        self.parts: list[str] = []  # the walk's part of each section and group laid out, in order
        self.labels: list[str] = []  # and of each repeated group's role labels, before its roles' parts
        self.own: list[object] = []  # the nodes laid out from the hub's own wording
        self.origins: list[tuple[object, str]] = []  # and the national paragraphs and items, with their ids
        self.problems: list[Problem] = []  # headings whose level skips one

    # --- the pieces, rendered where they stand ----------------------------------------------

    def rendered(self, piece: Piece) -> tuple[Rendered, ...]:
        """The piece rendered for each of its variants, the first time it is met."""
        done = self.done.get(id(piece))
        if done is None:
            out, found = [], []
            for role in piece.variants:
                text, problems = self.render(piece, role)
                out.append(Rendered(piece, role, text))
                found += problems
            done = self.done[id(piece)] = tuple(out)
            self.found[id(piece)] = found
        return done

    def problems_of(self, piece: Piece) -> list[Problem]:
        """What rendering the piece found wrong."""
        self.rendered(piece)
        return self.found[id(piece)]

    def text(self, piece: Piece, role: Role | None = None) -> str:
        """The piece's text as this hub's pack shows it, for ``role`` in a repeated group."""
        rendered = self.rendered(piece)
        return rendered[0].text if len(rendered) == 1 else next(r.text for r in rendered if r.role is role)

    def said(self, part: WalkedPart, role: Role | None = None) -> list[tuple[Piece, str]]:
        """The part's own pieces, each rendered where the part stands, with its text for ``role``."""
        return [(piece, self.text(piece, role)) for piece in part.own]

    def by_field(self, part: WalkedPart) -> dict[tuple[int, PieceRole], Piece]:
        """A group's own pieces, each rendered where the group stands, by the id of their field (``id(None)`` for the
        group's heading and role labels) and their role."""
        for piece in part.own:
            self.rendered(piece)
        return {(id(piece.field), piece.role): piece for piece in part.own}

    def wording(self, pieces: tuple[Piece, ...]) -> tuple[tuple[Rendered, ...], list[Problem]]:
        """Every piece as rendered, in reading order, and what rendering found wrong (a piece no layout read is
        rendered now: it is wording all the same)."""
        wording = tuple(r for piece in pieces for r in self.rendered(piece))
        return wording, [problem for piece in pieces for problem in self.found[id(piece)]]

    def runs(self, text: str) -> p.Inline:
        """Rendered wording as runs, its footnotes numbered in reading order."""
        out = []
        for run in as_runs(text):
            if run.note is not None:
                note = p.Note(len(self.notes) + 1, run.note.runs)
                self.notes.append(note)
                run = p.Run(run.text, run.bold, run.italic, run.href, note)
            out.append(run)
        return tuple(out)

    @staticmethod
    def plain(text: str) -> str:
        return p.plain(as_runs(text))

    # --- blocks: each laid out by its kind's record (model/blocks.py) ---------------------------

    def blocks(self, walked: Iterable[WalkedBlock], level: int) -> tuple[p.Block, ...]:
        """Blocks laid out for this hub; ``level`` is the level of a sub-heading among them."""
        laid: list[tuple[Placed, p.Block | None]] = []
        for node in walked:
            at = node.placed
            block = kind_of_block(at.block).layout(at, _Lay.of(self, node), level)
            if block is not None and at.hub is not None:
                self.own.append(block)
            elif block is not None and at.ident is not None:
                self.origins.append((block, at.ident))
            laid.append((at, block))
        kept = _without_empty_headings(laid)
        self.skipped(laid, kept, level - 1)
        return kept

    def skipped(self, laid: list[tuple[Placed, p.Block | None]], kept: tuple[p.Block, ...], above: int) -> None:
        """A located error for each heading given a level more than one below the heading before it (readers
        of the outline and PDF/UA need each level in turn): ``above`` is the level of the heading they stand under."""
        for at, block in laid:
            if not isinstance(block, p.Heading) or not any(block is k for k in kept):
                continue
            if block.level > above + 1 and at.block.level is not None:
                line, col = at.source.position(at.loc + ("level",))
                message = (
                    f"this heading's level {at.block.level} skips a level after the heading before it "
                    f"(Heading {above - WORD_TO_HTML}); give it level {above + 1 - WORD_TO_HTML}, or a heading of "
                    "that level before it"
                )
                self.problems.append(Problem(at.source.shown, line, col, message, "heading.level"))
            above = block.level

    def picture(self, src_path: str, alt: str, width: int | None = None, caption: str | None = None) -> p.Image | None:
        """A picture with its rendered alt text (and caption); None when its alt text is gated out for this hub."""
        alt = p.one_line(self.plain(alt))
        if not alt:
            return None
        info = self.project.pictures[src_path]
        caption = self.plain(caption) if caption is not None else None
        return p.Image(src_path, alt, info.media_type, info.width_px, info.height_px, width, caption or None)

    # --- the pack ---------------------------------------------------------------------------

    def section(self, part: WalkedPart) -> p.Section | None:
        assert part.section is not None
        s = part.section.spec
        heading = next((self.plain(text) for _, text in _said(self.said(part), "heading")), None)
        blocks = self.blocks(part.blocks, SECTION_LEVEL + 1 if heading else SECTION_LEVEL)
        if not any(b.kind != "heading" for b in blocks) and any(not is_heading(b.placed.block) for b in part.blocks):
            return None  # nothing to say for this hub: no empty box or lone heading is left behind
        style = s.style if s is not None else "normal"
        return p.Section(s.id if s is not None else None, heading or None, style, blocks, SECTION_LEVEL)

    def pack(self, walked: Walked, who: tuple[p.Block, ...], links: tuple[p.Block, ...]) -> p.Pack:
        """The pack, with the layout's own blocks: ``who`` may apply, and ``links`` to the fillable forms."""
        hub = self.hub
        laid = [(part.key, self.section(part)) for part in walked.of_kind("section")]
        sections = tuple(section for _, section in laid if section is not None)
        self.parts += [key for key, section in laid if section is not None]
        form_spec = form_of(hub, self.py)
        form = self.form(form_spec, walked) if form_spec is not None else None
        sections = _with_apply_blocks(sections, (*who, *links))
        if form is not None:
            form = replace(form, blocks=(*who, *form.blocks))
        link = apply_link(hub, self.py)
        appendix = None
        for part in walked.of_kind("appendix"):
            appendix = p.Appendix(
                heading=self.plain(_one(self.said(part), "heading")),
                blocks=self.blocks(part.blocks, SECTION_LEVEL + 1),
                regions=_regions(self.project),
            )
        [masthead] = walked.of_kind("masthead")
        said = self.said(masthead)
        logos = [self.picture(piece.block.src, text) for piece, text in said if piece.role == "alt"]
        subtitle, tagline = _said(said, "subtitle"), _said(said, "tagline")
        return p.Pack(
            programme=self.py.programme,
            year=self.py.year.id,
            year_label=self.py.year.label,
            hub_code=hub.code,
            hub_name=hub.spec.name,
            title=self.plain(_one(said, "title")),
            subtitle=self.plain(subtitle[0][1]) if subtitle else "",
            tagline=self.plain(tagline[0][1]) or None if tagline else None,
            sections=sections,
            form=form,
            appendix=appendix,
            logos=tuple(logo for logo in logos if logo is not None),
            notes=tuple(self.notes),
            hub_details=_hub_details(hub),
            apply=p.ApplyLink(link.url, link.label) if link is not None else None,
        )

    def form(self, spec: FormSpec, walked: Walked) -> p.Form:
        groups: list[p.FieldGroup] = []
        for part in walked.of_kind("group"):
            g = part.group
            assert g is not None
            if g.repeat:
                self.parts.append(group_key(g, None))
                self.labels.append(group_key(g, None))
            own = self.by_field(part)
            for role in g.repeat or [None]:
                self.role = role
                self.parts.append(group_key(g, role))
                heading = self.plain(self.text(own[(id(None), "heading")], role))
                fields = []
                for f in g.fields:
                    kind = kind_of(f.type)
                    has_value = f.value is not None or kind.prefilled is not None
                    fields.append(
                        p.FormField(
                            name=field_name(g, role, f.name),
                            label=self.runs(self.text(own[(id(f), "label")], role)),
                            type=f.type,
                            required=f.required and kind.prefilled is None,
                            word_limit=f.word_limit,
                            hint=self.text(own[(id(f), "hint")], role) if f.hint else None,
                            choices=tuple(f.choices or ()),
                            value=p.plain(self.runs(self.text(own[(id(f), "value")], role))) if has_value else None,
                            beside=f.beside,
                            layout=f.layout,
                            other=f.other,
                            group=heading,
                            autocomplete=f.autocomplete,
                        )
                    )
                groups.append(
                    p.FieldGroup(
                        heading=heading,
                        blocks=self.blocks(part.blocks, SECTION_LEVEL + 2),
                        fields=tuple(fields),
                    )
                )
            self.role = None
        commitments = None
        for part in walked.of_kind("commitments"):
            c = spec.commitments
            assert c is not None
            said = self.said(part)
            signatures = zip(c.signatures, _said(said, "signature-role"), _said(said, "signature-label"), strict=True)
            commitments = p.Commitments(
                heading=self.plain(_one(said, "heading")),
                intro=self.runs(_one(said, "intro")),
                items=tuple(self.runs(text) for _, text in _said(said, "item")),
                signatures=tuple(
                    p.Signature(f"signature.{s.name}", role, label) for s, (_, role), (_, label) in signatures
                ),
                note=self.runs(_one(said, "note")) if c.note else None,
            )
        [form] = walked.of_kind("form")
        said = self.said(form)
        return p.Form(
            heading=self.plain(_one(said, "heading")),
            blocks=self.blocks(form.blocks, SECTION_LEVEL + 1),
            groups=tuple(groups),
            commitments=commitments,
        )


def _said(said: list[tuple[Piece, str]], role: PieceRole) -> list[tuple[Piece, str]]:
    """The pieces of ``role`` among a part's rendered pieces."""
    return [(piece, text) for piece, text in said if piece.role == role]


def _one(said: list[tuple[Piece, str]], role: PieceRole) -> str:
    """The text of the one piece of ``role`` among a part's rendered pieces."""
    [(_, text)] = _said(said, role)
    return text


@dataclass(frozen=True)
class _Lay:
    """What a kind of block's ``layout`` is given: the block's pieces, rendered where it stands, by the path the walk
    gave each, in the file its wording was written in."""

    build: _Build
    node: WalkedBlock
    source: LocatedData
    texts: dict[tuple[str, Loc], str]

    @classmethod
    def of(cls, build: _Build, node: WalkedBlock) -> _Lay:
        """The block's own pieces rendered now, for the role being laid out."""
        texts = {(piece.source.shown, piece.loc): build.text(piece, build.role) for piece in node.own}
        return cls(build, node, node.placed.source, texts)

    def runs(self, loc: Loc) -> p.Inline:
        return self.build.runs(self.texts[(self.source.shown, loc)])

    def plain(self, loc: Loc) -> str:
        return self.build.plain(self.texts[(self.source.shown, loc)])

    def blocks(self, placed: Iterable[Placed], level: int) -> tuple[p.Block, ...]:
        inside = {id(child.placed): child for child in self.node.blocks}
        return self.build.blocks([inside[id(at)] for at in placed], level)

    def picture(self, path: str, loc: Loc, width: int | None = None, captioned: bool = False) -> p.Image | None:
        caption = self.texts[(self.source.shown, loc + ("caption",))] if captioned else None
        return self.build.picture(path, self.texts[(self.source.shown, loc + ("alt",))], width, caption)

    def within(self, placed: Placed | PlacedItem) -> _Lay:
        return replace(self, source=placed.source)

    def laid(self, node: Any, placed: Placed | PlacedItem) -> Any:
        if placed.hub is not None:
            self.build.own.append(node)
        elif placed.ident is not None:
            self.build.origins.append((node, placed.ident))
        return node


def _without_empty_headings(laid: list[tuple[Placed, p.Block | None]]) -> tuple[p.Block, ...]:
    """The blocks laid out, without the headings whose wording under them (before the next heading as
    high) was all left out for this hub. A heading with nothing written under it (one directly before
    another) stays: it was written so."""
    kept: list[p.Block] = []
    for i, (_at, block) in enumerate(laid):
        if block is None:
            continue
        if isinstance(block, p.Heading):
            written, shown = False, False
            for at, after in laid[i + 1 :]:
                if isinstance(after, p.Heading) and after.level <= block.level:
                    break
                if not is_heading(at.block):
                    written = True
                    shown = shown or after is not None
            if written and not shown:
                continue
        kept.append(block)
    return tuple(kept)


def _join(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _hub_details(hub: Hub) -> p.Inline:
    """What the pack says under the hub's name: its lead school, the areas it serves, its website."""
    s = hub.spec
    parts: list[p.Inline] = []
    if s.lead_school:
        parts.append((p.Run(f"Lead school: {s.lead_school}."),))
    if s.areas:
        parts.append((p.Run(f"Areas served: {_join(s.areas)}."),))
    if s.website:
        shown = re.sub(r"^https?://(www\.)?", "", s.website).rstrip("/")
        parts.append((p.Run("Website: "), p.Run(shown, href=s.website), p.Run(".")))
    out: list[p.Run] = []
    for i, part in enumerate(parts):
        out += ([p.Run(" ")] if i else []) + list(part)
    return tuple(out)


def _who_may_apply(hub: Hub, py: ProgrammeYear, named: frozenset[str]) -> tuple[p.Block, ...]:
    """The sentence that says an offer's areas limit who may apply, unless the wording (naming the
    facts ``named``) says it already."""
    offer = offer_of(hub, py)
    if offer is None or not offer.areas or "offer.areas" in named:
        return ()
    return (
        p.Paragraph((p.Run(f"Only schools in {_join(offer.areas)} may apply to {hub.spec.name} in {py.year.label}."),)),
    )


def _apply_links(hub: Hub, py: ProgrammeYear, named: frozenset[str]) -> tuple[p.Block, ...]:
    """What the layout says of how to apply: the links to the fillable forms; for a pack that applies
    through a link, a sentence to follow it (unless the wording, naming the facts ``named``, links to it
    itself); nothing for a pack that takes no applications."""
    link = apply_link(hub, py)
    if link is not None:
        if "apply.url" in named:
            return ()
        return (
            p.Paragraph(
                (
                    p.Run("To apply, follow the link to "),
                    p.Run(link.label, href=link.url),
                    p.Run(" and complete the application there."),
                )
            ),
        )
    return (_form_links(),) if py.spec.form is not None else ()


def _form_links() -> p.Paragraph:
    (pdf, pdf_file), (word, word_file) = FORM_FILES
    return p.Paragraph(
        (
            p.Run("To fill in the application form on a computer, download it as "),
            p.Run(pdf, href=pdf_file),
            p.Run(" or "),
            p.Run(word, href=word_file),
            p.Run("."),
        )
    )


def _with_apply_blocks(sections: tuple[p.Section, ...], blocks: tuple[p.Block, ...]) -> tuple[p.Section, ...]:
    """The sections with ``blocks`` after the first block of the how-to-apply section (or at the end of the last)."""
    if not sections:
        return sections
    at = next((i for i, s in enumerate(sections) if s.id == APPLY_SECTION), None)
    if at is None:
        last = sections[-1]
        return (*sections[:-1], replace(last, blocks=(*last.blocks, *blocks)))
    section = sections[at]
    return (
        *sections[:at],
        replace(section, blocks=(*section.blocks[:1], *blocks, *section.blocks[1:])),
        *sections[at + 1 :],
    )


def _regions(project: Project) -> tuple[p.Region, ...]:
    regions: dict[str, list[p.HubEntry]] = {}
    for h in project.hubs:
        regions.setdefault(h.spec.region, []).append(p.HubEntry(h.code, h.spec.name))
    return tuple(p.Region(name, tuple(entries)) for name, entries in regions.items())
