"""Resolve one hub's pack: render every piece of a programme-year's wording with the hub's facts.

``resolve`` renders each piece the wording walk yields (once per role in a repeated group),
collecting every problem rather than stopping at the first, then lays the rendered wording
out as a ``Pack``, the plain frozen data every renderer reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import jinja2

from . import pack as p
from .errors import PackgenError, Problem
from .forms.kinds import kind_of
from .model.blocks import WORD_TO_HTML, is_heading, kind_of_block
from .model.project import Hub, ProgrammeYear, Project
from .model.schema import FormSpec, Role
from .model.yaml_reader import Loc, LocatedData
from .wording import inline
from .wording.arrange import Arrangement, Placed, PlacedItem, PlacedSection, arrange
from .wording.env import compile_wording, undefined_message
from .wording.facts import apply_link, facts, form_of, offer_of
from .wording.uses import facts_used
from .wording.walk import Piece, field_name, group_key, hub_title, programme_pieces

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


def resolve(project: Project, py: ProgrammeYear, hub: Hub) -> Resolution:
    """One hub's pack for one programme-year. Raises PackgenError naming every bad wording line.

    The hub's arrangement of the blocks is made once, and its wording walked once: the pieces
    are rendered, the facts they name decide the layout's own sentences, and the layout reads
    the rendered pieces by where they stand.
    """
    variables = facts(project, py, hub)
    arranged = arrange(py, hub)
    pieces = tuple(programme_pieces(py, hub, arranged))
    rendered: list[Rendered] = []
    problems: list[Problem] = []
    for piece in pieces:
        for role in piece.variants:
            try:
                text = render_piece(piece, variables, role)
            except Exception as exc:
                problems.append(wording_problem(piece, exc))
                text = piece.text
            problems.extend(link_problems(piece, text))
            rendered.append(Rendered(piece, role, text))
    problems.extend(arranged.problems)
    if problems:
        raise PackgenError(problems)
    named = facts_used(piece.text for piece in pieces if piece.templated)
    who, links = _who_may_apply(hub, py, named), _apply_links(hub, py, named)
    layout = _Layout(project, py, hub, rendered, arranged)
    pack = layout.pack(who, links)
    if layout.problems:
        raise PackgenError(layout.problems)
    return Resolution(
        pack,
        tuple(rendered),
        who,
        links,
        arranged,
        tuple(layout.parts),
        tuple(layout.labels),
        tuple(layout.own),
        tuple(layout.origins),
    )


def lay_out(
    project: Project, py: ProgrammeYear, hub: Hub, rendered: Iterable[Rendered], arranged: Arrangement | None = None
) -> p.Pack:
    """The pack of wording already rendered for ``hub`` by ``resolve`` (perhaps then marked up);
    ``arranged`` is the resolution's arrangement, made again if not given."""
    rendered = tuple(rendered)
    named = facts_used(r.piece.text for r in rendered if r.piece.templated)
    layout = _Layout(project, py, hub, rendered, arranged if arranged is not None else arrange(py, hub))
    return layout.pack(_who_may_apply(hub, py, named), _apply_links(hub, py, named))


def lay_out_blocks(
    project: Project,
    py: ProgrammeYear,
    hub: Hub,
    rendered: Iterable[Rendered],
    placed: Iterable[Placed],
    arranged: Arrangement,
) -> tuple[p.Block, ...]:
    """Placed blocks (a decision letter's) laid out as a pack's section lays its own, from wording
    already rendered; a footnote's text is left out."""
    return _Layout(project, py, hub, rendered, arranged).blocks(placed, SECTION_LEVEL + 1)


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


class _Layout:
    """Lays rendered wording out in the shape of the programme-year file, as the hub arranged it: the Pack.

    Wording that renders empty for this hub is left out, and so is whatever it leaves empty:
    a list, a table with no rows, a notice, a sub-heading with nothing under it, a whole section.
    """

    def __init__(
        self, project: Project, py: ProgrammeYear, hub: Hub, rendered: Iterable[Rendered], arranged: Arrangement
    ):
        self.project, self.py, self.hub, self.arranged = project, py, hub, arranged
        self.texts = {(r.piece.source.shown, r.piece.loc, r.role.key if r.role else None): r.text for r in rendered}
        self.notes: list[p.Note] = []
        self.role: Role | None = None  # the role of the repeated group being laid out
        self.parts: list[str] = []  # the walk's part of each section and group laid out, in order
        self.labels: list[str] = []  # and of each repeated group's role labels, before its roles' parts
        self.own: list[object] = []  # the nodes laid out from the hub's own wording
        self.origins: list[tuple[object, str]] = []  # and the national paragraphs and items, with their ids
        self.problems: list[Problem] = []  # headings whose level skips one

    def text(self, loc: Loc, role: Role | None = None, src: LocatedData | None = None) -> str:
        return self.texts[((src or self.py.source).shown, loc, role.key if role else None)]

    def runs(self, loc: Loc, role: Role | None = None, src: LocatedData | None = None) -> p.Inline:
        """The wording at ``loc`` as runs, its footnotes numbered in reading order."""
        out = []
        for run in as_runs(self.text(loc, role, src)):
            if run.note is not None:
                note = p.Note(len(self.notes) + 1, run.note.runs)
                self.notes.append(note)
                run = p.Run(run.text, run.bold, run.italic, run.href, note)
            out.append(run)
        return tuple(out)

    def plain(self, loc: Loc, role: Role | None = None, src: LocatedData | None = None) -> str:
        return p.plain(as_runs(self.text(loc, role, src)))

    # --- blocks: each laid out by its kind's record (model/blocks.py) ---------------------------

    def blocks(self, placed: Iterable[Placed], level: int) -> tuple[p.Block, ...]:
        """Blocks laid out for this hub; ``level`` is the level of a sub-heading among them."""
        laid: list[tuple[Placed, p.Block | None]] = []
        for at in placed:
            block = kind_of_block(at.block).layout(at, _Lay(self, at.source), level)
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

    def picture(
        self, src_path: str, loc: Loc, src: LocatedData, width: int | None = None, captioned: bool = False
    ) -> p.Image | None:
        alt = p.one_line(self.plain(loc + ("alt",), self.role, src))
        if not alt:  # its alt text gated out for this hub: the picture goes with it
            return None
        info = self.project.pictures[src_path]
        caption = self.plain(loc + ("caption",), self.role, src) if captioned else None
        return p.Image(src_path, alt, info.media_type, info.width_px, info.height_px, width, caption or None)

    # --- the pack ---------------------------------------------------------------------------

    def section(self, placed: PlacedSection) -> p.Section | None:
        s = placed.spec
        heading = (
            self.plain(placed.loc + ("heading",)) if s is not None and s.heading and placed.loc is not None else None
        )
        blocks = self.blocks(placed.blocks, SECTION_LEVEL + 1 if heading else SECTION_LEVEL)
        if not any(b.kind != "heading" for b in blocks) and any(not is_heading(b.block) for b in placed.blocks):
            return None  # nothing to say for this hub: no empty box or lone heading is left behind
        style = s.style if s is not None else "normal"
        return p.Section(s.id if s is not None else None, heading or None, style, blocks, SECTION_LEVEL)

    def pack(self, who: tuple[p.Block, ...], links: tuple[p.Block, ...]) -> p.Pack:
        """The pack, with the layout's own blocks: ``who`` may apply, and ``links`` to the fillable forms."""
        spec, hub = self.py.spec, self.hub
        laid = [(placed.key, self.section(placed)) for placed in self.arranged.sections]
        sections = tuple(section for _, section in laid if section is not None)
        self.parts += [key for key, section in laid if section is not None]
        form_spec = form_of(hub, self.py)
        form = self.form(form_spec) if form_spec is not None else None
        sections = _with_apply_blocks(sections, (*who, *links))
        if form is not None:
            form = replace(form, blocks=(*who, *form.blocks))
        link = apply_link(hub, self.py)
        title = hub_title(self.py, hub)
        appendix = None
        if spec.hub_appendix:
            appendix = p.Appendix(
                heading=self.plain(("hub_appendix", "heading")),
                blocks=self.blocks(self.arranged.appendix_body, SECTION_LEVEL + 1),
                regions=_regions(self.project),
            )
        logos = []
        if spec.logo:
            logos.append(self.picture(spec.logo.src, ("logo",), self.py.source))
        if hub.spec.logo:
            logos.append(self.picture(hub.spec.logo.src, ("logo",), hub.source))
        return p.Pack(
            programme=self.py.programme,
            year=self.py.year.id,
            year_label=self.py.year.label,
            hub_code=hub.code,
            hub_name=hub.spec.name,
            title=self.plain(title[0], src=hub.source) if title is not None else self.plain(("title",)),
            subtitle=self.plain(("subtitle",)) if spec.subtitle else "",
            sections=sections,
            form=form,
            appendix=appendix,
            tagline=self.plain(("tagline",)) or None if spec.tagline else None,
            logos=tuple(logo for logo in logos if logo is not None),
            notes=tuple(self.notes),
            hub_details=_hub_details(hub),
            apply=p.ApplyLink(link.url, link.label) if link is not None else None,
        )

    def form(self, spec: FormSpec) -> p.Form:
        groups: list[p.FieldGroup] = []
        for gi, g in enumerate(spec.groups):
            gloc: Loc = ("form", "groups", gi)
            if g.repeat:
                self.parts.append(group_key(g, None))
                self.labels.append(group_key(g, None))
            for role in g.repeat or [None]:
                self.role = role
                self.parts.append(group_key(g, role))
                fields = []
                heading = self.plain(gloc + ("heading",), role)
                for fi, f in enumerate(g.fields):
                    floc = gloc + ("fields", fi)
                    kind = kind_of(f.type)
                    has_value = f.value is not None or kind.prefilled is not None
                    fields.append(
                        p.FormField(
                            name=field_name(g, role, f.name),
                            label=self.runs(floc + ("label",), role),
                            type=f.type,
                            required=f.required and kind.prefilled is None,
                            word_limit=f.word_limit,
                            hint=self.text(floc + ("hint",), role) if f.hint else None,
                            choices=tuple(f.choices or ()),
                            value=p.plain(self.runs(floc + ("value",), role)) if has_value else None,
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
                        blocks=self.blocks(self.arranged.group_bodies[gi], SECTION_LEVEL + 2),
                        fields=tuple(fields),
                    )
                )
            self.role = None
        commitments = None
        if spec.commitments:
            c = spec.commitments
            cloc: Loc = ("form", "commitments")
            commitments = p.Commitments(
                heading=self.plain(cloc + ("heading",)),
                intro=self.runs(cloc + ("intro",)),
                items=tuple(self.runs(cloc + ("items", i)) for i in range(len(c.items))),
                signatures=tuple(
                    p.Signature(
                        f"signature.{s.name}",
                        self.text(cloc + ("signatures", i, "role")),
                        self.text(cloc + ("signatures", i, "label")),
                    )
                    for i, s in enumerate(c.signatures)
                ),
                note=self.runs(cloc + ("note",)) if c.note else None,
            )
        return p.Form(
            heading=self.plain(("form", "heading")),
            blocks=self.blocks(self.arranged.form_body, SECTION_LEVEL + 1),
            groups=tuple(groups),
            commitments=commitments,
        )


@dataclass(frozen=True)
class _Lay:
    """What a kind of block's ``layout`` is given: its file's wording as this hub's pack has it."""

    layout: _Layout
    source: LocatedData

    def runs(self, loc: Loc) -> p.Inline:
        return self.layout.runs(loc, self.layout.role, self.source)

    def plain(self, loc: Loc) -> str:
        return self.layout.plain(loc, self.layout.role, self.source)

    def blocks(self, placed: Iterable[Placed], level: int) -> tuple[p.Block, ...]:
        return self.layout.blocks(placed, level)

    def picture(self, path: str, loc: Loc, width: int | None = None, captioned: bool = False) -> p.Image | None:
        return self.layout.picture(path, loc, self.source, width, captioned)

    def within(self, placed: Placed | PlacedItem) -> _Lay:
        return _Lay(self.layout, placed.source)

    def laid(self, node: Any, placed: Placed | PlacedItem) -> Any:
        if placed.hub is not None:
            self.layout.own.append(node)
        elif placed.ident is not None:
            self.layout.origins.append((node, placed.ident))
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
