"""The ids of a programme-year's paragraphs and list items, which a hub's ``edits`` refer to.

A paragraph or list item written with an ``id:`` has that id. Every other one has an id made
from where it stands and how it begins: its section's key (the section's id, else its heading
as a slug), a slash, and its first five words as a slug, years left out
(``eligibility/any-state-funded-primary-school``). Made so, an id survives what a national
rewording most often does: a paragraph or item added, removed or moved elsewhere in the section,
a year rolled over, a change after its first words. When its first words change the id changes
too, and ``packgen check`` says so at the hub's edit: an edit never lands on another sentence,
as an id by position would after an insertion. Two that begin alike in one section take more
words until they differ; two alike to the end are told apart by ``-2``, ``-3`` in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import PackgenError, Problem
from ..model.blocks import Bullets, ListItemSpec, Numbered, ParagraphBlock
from ..model.project import ProgrammeYear, Project
from ..model.schema import ProgrammeYearFile, SectionSpec, nested_lists
from ..model.yaml_reader import Loc

WORDS = 5
"""How many of its first words a generated id is made of (more only to tell two apart)."""
SHOWN = 8
"""How many of its first words ``packgen ids`` shows beside an id."""

_TAGS = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)
_NOTE = re.compile(r"\^\[[^\]]*\]")
_ADDRESS = re.compile(r"\]\([^)]*\)")
_YEAR = re.compile(r"(?<![\w])(?:19|20)\d\d(?:\s*(?:[-/–]|to)\s*(?:19|20)?\d\d)?(?![\w])")


def slug(text: str) -> str:
    """Text as a part's name: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "part"


def section_key(section: SectionSpec, index: int) -> str:
    """A section's name across years: its id, else its heading, else its place."""
    return section.id or (slug(section.heading) if section.heading else f"section-{index + 1}")


@dataclass(frozen=True)
class WordingId:
    """One paragraph or list item a hub may edit, and its id."""

    id: str
    kind: Literal["paragraph", "item"]
    text: str  # as written
    loc: Loc  # the block's path (a paragraph) or the item's
    scope: str  # the section's key, form, form-<group> or appendix
    heading: str | None  # the scope's heading as written
    explicit: bool  # written with id:
    depth: int = 0  # a list item's depth: 0 for an item of a list that is not nested

    @property
    def opening(self) -> str:
        """Its first words as written, on one line, to tell it by."""
        said = self.text.split()
        return " ".join(said[:SHOWN]) + (" …" if len(said) > SHOWN else "")


def words(text: str) -> list[str]:
    """The words of wording as an id reads them: markup, Jinja tags, links' addresses, notes and years left out."""
    text = _TAGS.sub(" ", text)
    text = _EXPRESSION.sub(lambda m: " " + m.group(1).split("|")[0] + " ", text)
    text = _YEAR.sub(" ", _ADDRESS.sub("] ", _NOTE.sub(" ", text)))
    return re.findall(r"[a-z0-9]+", text.casefold())


def _scopes(spec: ProgrammeYearFile) -> Iterator[tuple[str, str | None, Loc, list[Any]]]:
    """(key, heading, path, blocks) of each list of blocks whose paragraphs and items have ids."""
    for i, s in enumerate(spec.sections):
        yield section_key(s, i), s.heading, ("sections", i, "body"), s.body
    if spec.form is not None:  # a pack whose schools apply through a link has none
        yield "form", spec.form.heading, ("form", "body"), spec.form.body
        for gi, g in enumerate(spec.form.groups):
            yield f"form-{slug(g.id or g.heading)}", g.heading, ("form", "groups", gi, "body"), g.body
    if spec.hub_appendix:
        yield "appendix", spec.hub_appendix.heading, ("hub_appendix", "body"), spec.hub_appendix.body


def _items(items: list[Any], loc: Loc, depth: int) -> Iterator[tuple[Loc, str, str | None, int]]:
    for k, item in enumerate(items):
        if isinstance(item, ListItemSpec):
            yield loc + (k,), item.text, item.id, depth
            if item.sublist is not None:
                key, sub = item.sublist
                yield from _items(sub, loc + (k, key), depth + 1)
        else:
            yield loc + (k,), item, None, depth


def _found(blocks: list[Any], loc: Loc) -> Iterator[tuple[Literal["paragraph", "item"], Loc, str, str | None, int]]:
    for nloc, nblocks in nested_lists(loc, blocks):
        for j, block in enumerate(nblocks):
            if isinstance(block, str):
                yield "paragraph", nloc + (j,), block, None, 0
            elif isinstance(block, ParagraphBlock):
                yield "paragraph", nloc + (j,), block.paragraph, block.id, 0
            elif isinstance(block, (Bullets, Numbered)):
                key = "bullets" if isinstance(block, Bullets) else "numbered"
                for iloc, text, own, depth in _items(getattr(block, key), nloc + (j, key), 0):
                    yield "item", iloc, text, own, depth


def wording_ids(spec: ProgrammeYearFile) -> tuple[WordingId, ...]:
    """Every paragraph and list item of the programme-year with its id, in reading order."""
    found: list[tuple[str, str | None, Literal["paragraph", "item"], Loc, str, str | None, int]] = []
    for scope, heading, loc, blocks in _scopes(spec):
        found += [(scope, heading, kind, at, text, own, depth) for kind, at, text, own, depth in _found(blocks, loc)]
    made = _generated([(scope, words(text), kind) for scope, _h, kind, _l, text, own, _d in found if own is None])
    out = []
    for scope, heading, kind, at, text, own, depth in found:
        shown = own if own is not None else next(made)
        out.append(WordingId(shown, kind, text, at, scope, heading, own is not None, depth))
    return tuple(out)


def _generated(entries: list[tuple[str, list[str], str]]) -> Iterator[str]:
    """Each entry's id: its scope and first words, more words while it shares them with another."""
    counts = [WORDS] * len(entries)

    def made(i: int) -> str:
        scope, said, kind = entries[i]
        return f"{scope}/{'-'.join(said[: counts[i]]) or kind}"

    while True:
        by_id: dict[str, list[int]] = {}
        for i in range(len(entries)):
            by_id.setdefault(made(i), []).append(i)
        longer = [i for same in by_id.values() if len(same) > 1 for i in same if counts[i] < len(entries[i][1])]
        if not longer:
            break
        for i in longer:
            counts[i] += 1
    seen: dict[str, int] = {}
    for i in range(len(entries)):
        base = made(i)
        seen[base] = seen.get(base, 0) + 1
        yield base if seen[base] == 1 else f"{base}-{seen[base]}"


def ids_by_loc(spec: ProgrammeYearFile) -> dict[Loc, WordingId]:
    """The paragraphs and list items by their path in the file."""
    return {found.loc: found for found in wording_ids(spec)}


def programme_year(project: Project, programme: str, year: str) -> ProgrammeYear:
    """The programme-year named on the command line; an error naming those there are if none is."""
    years = [py for py in project.programmes if py.programme == programme]
    found = next((py for py in years if py.year.id == year), None)
    if found is not None:
        return found
    if not years:
        known = ", ".join(sorted({py.programme for py in project.programmes})) or "none"
        message, code = f"unknown programme {programme!r}; known: {known}", "programme.unknown"
    else:
        known = ", ".join(py.year.id for py in sorted(years, key=lambda py: py.year))
        message, code = (
            f"no year {year!r} for {programme} (no programmes/{programme}/{year}.yaml); known: {known}",
            ("year.unknown"),
        )
    raise PackgenError([Problem("command line", 0, 0, message, code)])
