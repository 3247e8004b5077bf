"""Resolve one hub's pack: render every piece of a programme-year's wording with the hub's facts.

``resolve`` renders each piece the wording walk yields (once per role in a repeated group),
collecting every problem rather than stopping at the first, then lays the rendered wording
out as a ``Pack``, the plain frozen data every renderer reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

import jinja2

from .errors import PackgenError, Problem
from .forms.kinds import kind_of
from .model import pack as p
from .model.project import Hub, ProgrammeYear, Project
from .model.schema import Bullets, Role
from .model.yaml_reader import LocatedData, Loc
from .wording import inline
from .wording.env import compile_wording, undefined_message
from .wording.facts import facts, offer_of
from .wording.walk import Piece, field_name, programme_pieces, unplaced_extras

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
        message, code, needle = f"wording uses an undefined variable: {message}", "template.undefined", names[-1] if names else ""
    else:
        message, code, needle = f"wording could not be rendered: {exc or type(exc).__name__}", "template.error", "{"
    line, col = src.locate_text(piece.loc, needle)
    return Problem(src.shown, line, col, message, code)


def link_problems(piece: Piece, text: str) -> list[Problem]:
    """An error for each link in the rendered piece that may not be used (javascript:, file:, a UNC path…)."""
    problems: list[Problem] = []
    if "](" not in text:  # no link in it: spare the parse
        return problems
    for href in dict.fromkeys(run.href for run in as_runs(text) if run.href):
        reason = inline.link_refusal(href)
        if reason:
            line, col = piece.source.locate_text(piece.loc, href)
            shown = href if href.isprintable() else repr(href)[1:-1]
            problems.append(Problem(piece.source.shown, line, col, f"link to '{shown}' is not allowed: {reason}", "wording.link"))
    return problems


def resolve(project: Project, py: ProgrammeYear, hub: Hub) -> Resolution:
    """One hub's pack for one programme-year. Raises PackgenError naming every bad wording line."""
    variables = facts(project, py, hub)
    rendered: list[Rendered] = []
    problems: list[Problem] = []
    for piece in programme_pieces(py, hub):
        for role in piece.variants:
            try:
                text = render_piece(piece, variables, role)
            except Exception as exc:  # noqa: BLE001 - wording is code its authors write: whatever it raises is theirs, at its line
                problems.append(wording_problem(piece, exc))
                text = piece.text
            problems.extend(link_problems(piece, text))
            rendered.append(Rendered(piece, role, text))
    for section_id in unplaced_extras(hub, py):
        line, col = hub.source.position(("offers", py.programme, py.year.id, "extra", section_id, "__key__"))
        problems.append(Problem(hub.source.shown, line, col, f"no section with id {section_id!r} in {py.source.shown}", "offer.section"))
    if problems:
        raise PackgenError(problems)
    return Resolution(_Layout(project, py, hub, rendered).pack(), tuple(rendered))


def resolve_pack(project: Project, py: ProgrammeYear, hub: Hub) -> p.Pack:
    """One hub's pack for one programme-year, ready for any renderer."""
    return resolve(project, py, hub).pack


class _Layout:
    """Lays rendered wording out in the shape of the programme-year file: the Pack."""

    def __init__(self, project: Project, py: ProgrammeYear, hub: Hub, rendered: Iterable[Rendered]):
        self.project, self.py, self.hub = project, py, hub
        self.texts = {(r.piece.source.shown, r.piece.loc, r.role.key if r.role else None): r.text for r in rendered}

    def text(self, loc: Loc, role: Role | None = None, src: LocatedData | None = None) -> str:
        return self.texts[((src or self.py.source).shown, loc, role.key if role else None)]

    def runs(self, loc: Loc, role: Role | None = None, src: LocatedData | None = None) -> p.Inline:
        return as_runs(self.text(loc, role, src))

    def plain(self, loc: Loc, role: Role | None = None) -> str:
        return p.plain(self.runs(loc, role))

    def blocks(self, blocks: Iterable[Any], loc: Loc, role: Role | None = None, src: LocatedData | None = None) -> tuple[p.Block, ...]:
        out: list[p.Block] = []
        for i, block in enumerate(blocks):
            if isinstance(block, Bullets):
                items = tuple(self.runs(loc + (i, "bullets", j), role, src) for j in range(len(block.bullets)))
                items = tuple(item for item in items if item)
                if items:
                    out.append(p.BulletList(items))
            else:
                runs = self.runs(loc + (i,), role, src)
                if runs:  # wording that renders empty for this hub is left out
                    out.append(p.Paragraph(runs))
        return tuple(out)

    def pack(self) -> p.Pack:
        spec, hub = self.py.spec, self.hub
        offer = offer_of(hub, self.py)
        extras = offer.extra if offer else {}
        sections = []
        for si, s in enumerate(spec.sections):
            blocks = self.blocks(s.body, ("sections", si, "body"))
            if s.id and s.id in extras:
                loc: Loc = ("offers", self.py.programme, self.py.year.id, "extra", s.id)
                blocks += self.blocks(extras[s.id], loc, src=hub.source)
            heading = self.plain(("sections", si, "heading")) if s.heading else None
            sections.append(p.Section(s.id, heading, s.style, blocks))
        appendix = None
        if spec.hub_appendix:
            appendix = p.Appendix(
                heading=self.plain(("hub_appendix", "heading")),
                blocks=self.blocks(spec.hub_appendix.body, ("hub_appendix", "body")),
                regions=_regions(self.project),
            )
        return p.Pack(
            programme=self.py.programme,
            year=self.py.year.id,
            year_label=self.py.year.label,
            hub_code=hub.code,
            hub_name=hub.spec.name,
            title=self.plain(("title",)),
            subtitle=self.plain(("subtitle",)),
            sections=tuple(sections),
            form=self.form(),
            appendix=appendix,
        )

    def form(self) -> p.Form:
        spec = self.py.spec.form
        groups: list[p.FieldGroup] = []
        for gi, g in enumerate(spec.groups):
            gloc: Loc = ("form", "groups", gi)
            for role in g.repeat or [None]:
                fields = []
                for fi, f in enumerate(g.fields):
                    floc = gloc + ("fields", fi)
                    kind = kind_of(f.type)
                    has_value = f.value is not None or kind.prefilled is not None
                    fields.append(p.FormField(
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
                    ))
                groups.append(p.FieldGroup(
                    heading=self.plain(gloc + ("heading",), role),
                    blocks=self.blocks(g.body, gloc + ("body",), role),
                    fields=tuple(fields),
                ))
        commitments = None
        if spec.commitments:
            c = spec.commitments
            cloc: Loc = ("form", "commitments")
            commitments = p.Commitments(
                heading=self.plain(cloc + ("heading",)),
                intro=self.runs(cloc + ("intro",)),
                items=tuple(self.runs(cloc + ("items", i)) for i in range(len(c.items))),
                signatures=tuple(
                    p.Signature(f"signature.{s.name}", self.text(cloc + ("signatures", i, "role")), self.text(cloc + ("signatures", i, "label")))
                    for i, s in enumerate(c.signatures)
                ),
                note=self.runs(cloc + ("note",)) if c.note else None,
            )
        return p.Form(
            heading=self.plain(("form", "heading")),
            blocks=self.blocks(spec.body, ("form", "body")),
            groups=tuple(groups),
            commitments=commitments,
        )


def _regions(project: Project) -> tuple[p.Region, ...]:
    regions: dict[str, list[p.HubEntry]] = {}
    for h in project.hubs:
        regions.setdefault(h.spec.region, []).append(p.HubEntry(h.code, h.spec.name))
    return tuple(p.Region(name, tuple(entries)) for name, entries in regions.items())
