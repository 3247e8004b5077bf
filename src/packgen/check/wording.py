"""Every string a person wrote in a data file, where it stands, and the line of any word inside it."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

from ..errors import Problem, Severity
from ..model.project import Hub, ProgrammeYear, Project
from ..model.schema import Bullets, Role
from ..model.yaml_reader import LocatedData, Loc

EXPECTATIONS = "expectations"
"""The id of the section whose bullets the form's confirmation list repeats."""


@dataclass(frozen=True)
class Wording:
    """One string of wording as written, the programme-year it belongs to, and where it stands."""

    source: LocatedData
    loc: Loc
    text: str
    programme_year: ProgrammeYear
    templated: bool = True  # rendered through Jinja before anyone reads it
    roles: tuple[Role | None, ...] = (None,)  # a repeated form group renders it once per role
    hub: Hub | None = None  # set for a hub's own paragraphs: only that hub shows them


def _blocks(py: ProgrammeYear, blocks: list, loc: Loc, **kw: object) -> Iterator[Wording]:
    for i, block in enumerate(blocks):
        if isinstance(block, Bullets):
            for j, text in enumerate(block.bullets):
                yield Wording(py.source, loc + (i, "bullets", j), text, py, **kw)  # type: ignore[arg-type]
        else:
            yield Wording(py.source, loc + (i,), block, py, **kw)  # type: ignore[arg-type]


def programme_wording(py: ProgrammeYear) -> Iterator[Wording]:
    """Every wording string of a programme-year file, in file order."""
    spec = py.spec
    yield Wording(py.source, ("title",), spec.title, py)
    yield Wording(py.source, ("subtitle",), spec.subtitle, py)
    for si, s in enumerate(spec.sections):
        if s.heading:
            yield Wording(py.source, ("sections", si, "heading"), s.heading, py)
        yield from _blocks(py, s.body, ("sections", si, "body"))
    form = spec.form
    yield Wording(py.source, ("form", "heading"), form.heading, py)
    yield from _blocks(py, form.body, ("form", "body"))
    for gi, g in enumerate(form.groups):
        gloc: Loc = ("form", "groups", gi)
        roles: tuple[Role | None, ...] = tuple(g.repeat) if g.repeat else (None,)
        yield Wording(py.source, gloc + ("heading",), g.heading, py, roles=roles)
        yield from _blocks(py, g.body, gloc + ("body",), roles=roles)
        for fi, f in enumerate(g.fields):
            floc = gloc + ("fields", fi)
            yield Wording(py.source, floc + ("label",), f.label, py, roles=roles)
            if f.hint:
                yield Wording(py.source, floc + ("hint",), f.hint, py, roles=roles)
            if f.value:
                yield Wording(py.source, floc + ("value",), f.value, py, roles=roles)
            for ci, choice in enumerate(f.choices or ()):
                yield Wording(py.source, floc + ("choices", ci), choice, py, templated=False)
    if form.commitments:
        c = form.commitments
        cloc: Loc = ("form", "commitments")
        yield Wording(py.source, cloc + ("heading",), c.heading, py)
        yield Wording(py.source, cloc + ("intro",), c.intro, py)
        for i, item in enumerate(c.items):
            yield Wording(py.source, cloc + ("items", i), item, py)
        for i, s in enumerate(c.signatures):
            yield Wording(py.source, cloc + ("signatures", i, "role"), s.role, py)
            yield Wording(py.source, cloc + ("signatures", i, "label"), s.label, py)
        if c.note:
            yield Wording(py.source, cloc + ("note",), c.note, py)
    if spec.hub_appendix:
        a = spec.hub_appendix
        yield Wording(py.source, ("hub_appendix", "heading"), a.heading, py)
        yield from _blocks(py, a.body, ("hub_appendix", "body"))


def hub_wording(hub: Hub, project: Project) -> Iterator[Wording]:
    """A hub's own paragraphs for each programme-year it has an offer for."""
    by_key = {(py.programme, py.year.id): py for py in project.programmes}
    for programme, years in hub.spec.offers.items():
        for year_id, offer in years.items():
            py = by_key.get((programme, year_id))
            if py is None:
                continue
            for section_id, paragraphs in offer.extra.items():
                for i, text in enumerate(paragraphs):
                    loc: Loc = ("offers", programme, year_id, "extra", section_id, i)
                    yield Wording(hub.source, loc, text, py, hub=hub)


class Locator:
    """Finds the line and column of a word inside a string, folded YAML included.

    ruamel gives where a string starts; its words follow in the file in the same order,
    separated only by the spaces and line breaks that folding turned into single spaces.
    So each word of the value is found in the file after the previous one.
    """

    # How far past the previous word the next may stand: a line break and its indent.
    _REACH = 240

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, list[int]]] = {}
        self._aligned: dict[tuple[str, Loc], list[tuple[int, int, int]]] = {}

    def _file(self, src: LocatedData) -> tuple[str, list[int]]:
        if src.shown not in self._files:
            text = src.path.read_text(encoding="utf-8")
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
            self._files[src.shown] = (text, starts)
        return self._files[src.shown]

    def _align(self, src: LocatedData, loc: Loc, value: str) -> list[tuple[int, int, int]]:
        """(start in value, end in value, index in file) of each word found in the file."""
        key = (src.shown, loc)
        if key in self._aligned:
            return self._aligned[key]
        text, starts = self._file(src)
        line, col = src.position(loc)
        cursor = starts[min(line, len(starts)) - 1] + col - 1 if line else 0
        found = []
        for m in re.finditer(r"\S+", value):
            at = text.find(m.group(), cursor, cursor + len(m.group()) + self._REACH)
            if at < 0:
                break  # an escape sequence or alias: keep what was aligned so far
            found.append((m.start(), m.end(), at))
            cursor = at + len(m.group())
        self._aligned[key] = found
        return found

    def position(self, src: LocatedData, loc: Loc, value: str, offset: int = 0) -> tuple[int, int]:
        """Line and column (1-based) of character ``offset`` of ``value``, the string at ``loc``."""
        fallback = src.position(loc)
        words = self._align(src, loc, value)
        best = None
        for start, end, at in words:
            if start > offset:
                break
            best = at + min(offset - start, end - start)
        if best is None:
            return fallback
        _, starts = self._file(src)
        line = bisect.bisect_right(starts, best)
        return line, best - starts[line - 1] + 1

    def problem(
        self, w: Wording, offset: int, message: str, code: str, severity: Severity = "error"
    ) -> Problem:
        """A Problem at character ``offset`` of a wording string."""
        line, col = self.position(w.source, w.loc, w.text, offset)
        return Problem(w.source.shown, line, col, message, code, severity)


def snippet(text: str, start: int, end: int, before: int = 4, after: int = 0) -> str:
    """The matched text with a few words of context either side, for a message."""
    heads = [m.start() for m in re.finditer(r"\S+", text[:start])]
    tails = [m.end() for m in re.finditer(r"\S+", text[end:])]
    lo = heads[-before] if before and len(heads) >= before else (heads[0] if before and heads else start)
    hi = end + tails[after - 1] if after and len(tails) >= after else (end + tails[-1] if after and tails else end)
    return " ".join(text[lo:hi].split())


def hub_list(codes: set[str] | list[str], of: int) -> str:
    """'every hub', 'SE3, WM1' or '12 of 40 hubs, e.g. EE1, EE2, EE3', for a message."""
    ordered = sorted(set(codes))
    if len(ordered) == of and of > 1:
        return "every hub"
    if len(ordered) <= 3:
        return ", ".join(ordered)
    return f"{len(ordered)} of {of} hubs, e.g. {', '.join(ordered[:3])}"
