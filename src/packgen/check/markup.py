"""markup.unsupported and markup.footnote: markup wording does not take, refused before it shows as literal characters.

Wording takes a small inline markup (wording/inline.py): **bold**, *italic*, [text](url),
a footnote ^[text], and a line break as a backslash at the end of a line. Structure is written
as blocks (bullets:, numbered:, heading:, table:, image:, notice:). What looks like other
markup is an error at its line and column, saying what to write instead:

- ``### heading`` at the start of a paragraph: a ``heading:`` block;
- ``1. item`` (or ``- item``) at the start of a paragraph: a ``numbered:`` (or ``bullets:``) list;
- ``![alt](src)``: an ``image:`` block with ``alt:``;
- ``[^1]`` or a pasted ``[1]`` marker: a footnote written where it belongs, ``^[the note]``;
- a paragraph starting with a pasted bullet glyph (U+2022, U+F0B7 and the other private-use
  bullets Word and PDFs paste): a ``bullets:`` list;
- a line of ``| a | b |`` or a tab-separated row: a ``table:`` block;
- an HTML tag (``<b>``, ``<br>``, ``<h3>``…): the inline markup above.

A footnote may stand only where the pack shows its number: a paragraph, list item or table
cell of the information sections (markup.footnote).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Problem
from ..wording.inline import note_end
from ..wording.locate import Locator
from ..wording.walk import Piece
from .base import CheckScope

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_LEAD = re.compile(r"^\s*")
RULES: tuple[tuple[re.Pattern[str], bool, str], ...] = (
    # (pattern, only at the start of the wording, what to write instead)
    (
        re.compile(r"#{1,6}(?=\s)"),
        True,
        "a heading is a block of its own: - heading: The heading's words ('#' is not read)",
    ),
    (
        re.compile(r"\d{1,3}[.)](?=\s)"),
        True,
        "a numbered list is a block: - numbered: [first item, second item] (a number at the start of a paragraph is "
        "not read)",
    ),
    (
        re.compile(r"[-+*](?=\s)"),
        True,
        "a bullet list is a block: - bullets: [first item, second item] (a '-' at the start of a paragraph is not "
        "read)",
    ),
    (
        re.compile(r"[\u2022\u2023\u2043\u2219\u25aa\u25cf\u25e6\u00b7\ue000-\uf8ff]"),
        True,
        "a bullet pasted from Word or a PDF: write the list as a block, - bullets: [first item, second item] "
        "(the bullet character is not read)",
    ),
    (
        re.compile(r"(?m)^[ \t]*\|[^\n]*\|[ \t]*$"),
        False,
        "a table is a block: - table: with rows: [[a, b], [c, d]] (a line of '| a | b |' is not read)",
    ),
    (
        re.compile(r"(?<=[^\t\n])\t+(?=[^\t\n])"),
        False,
        "a tab-separated row pasted from a spreadsheet: write a table as a block, - table: with rows: [[a, b]] "
        "(tabs are not read)",
    ),
    (
        re.compile(r"(?<!\\)\[\d{1,3}\](?!\()"),
        False,
        "a footnote is written where it belongs, as ^[the note's words] (a '[1]' marker is not read)",
    ),
    (
        re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),
        False,
        "a picture is a block: - image: assets/<file>.png with alt: what it shows ('![...](...)' is not read)",
    ),
    (
        re.compile(r"\[\^[^\]\n]*\]"),
        False,
        "a footnote is written where it belongs, as ^[the note's words] ('[^1]' is not read)",
    ),
    (
        re.compile(r"<br\s*/?>", re.I),
        False,
        "a line break is a backslash (\\) at the end of the line (HTML is not read)",
    ),
    (
        re.compile(r"</?(?!insert\b)[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>"),
        False,
        "HTML is not read: write **bold**, *italic*, [text](https://…), a line break as \\ at the end of a line, and "
        "structure as blocks",
    ),
)
NOTE_ROLES = frozenset({"paragraph", "bullet", "numbered", "cell", "header-cell"})
"""Where a footnote may stand: wording shown as runs in the information sections."""
NOTE_PARTS_NOT = frozenset({"masthead", "form", "form/commitments", "appendix"})


def _blanked(text: str) -> str:
    """The wording with Jinja blanked out to spaces, so offsets still point into the written text."""
    return _JINJA.sub(lambda m: " " * len(m.group()), text)


def unsupported(w: Piece, locator: Locator) -> Iterator[Problem]:
    text = _blanked(w.text)
    start = _LEAD.match(text).end()
    seen: set[int] = set()
    for pattern, at_start, advice in RULES:
        found = [pattern.match(text, start)] if at_start else list(pattern.finditer(text))
        for m in found:
            if m is None or m.start() in seen:
                continue
            seen.add(m.start())
            yield locator.problem(
                w, m.start(), f"{m.group()!r} is not markup packgen reads: {advice}", "markup.unsupported"
            )


def footnotes(w: Piece, locator: Locator) -> Iterator[Problem]:
    text = _blanked(w.text)
    for m in re.finditer(r"(?<!\\)\^\[", text):
        if w.role not in NOTE_ROLES or w.part in NOTE_PARTS_NOT or w.group is not None:
            yield locator.problem(
                w,
                m.start(),
                "a footnote can stand only in a paragraph, list item or table cell of the information sections, where "
                "its number is shown",
                "markup.footnote",
            )
            continue
        end = note_end(text, m.end())
        if end is None:
            yield locator.problem(
                w, m.start(), "this footnote has no closing ']': write ^[the note's words]", "markup.footnote"
            )
        elif "^[" in text[m.end() : end]:
            yield locator.problem(w, m.start(), "a footnote cannot hold another footnote", "markup.footnote")


def check_markup(scope: CheckScope) -> Iterator[Problem]:
    for w in scope.wordings:
        if not w.written:
            continue
        yield from unsupported(w, scope.locator)
        yield from footnotes(w, scope.locator)
