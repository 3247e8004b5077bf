"""Where a problem's wording stands in the pack shown, and that wording highlighted in the page.

A problem has a ``file:line:col``; each piece of wording knows its file and path in it (the
walk), and the Locator finds where each of its words stands. A problem on a word of a piece
"has a place": that piece's rendered text is marked with private-use characters before the
pack is laid out, so the renderer carries the marks to wherever the piece appears, and the
page's element that holds a mark is flagged, the offending word inside it put in ``<mark>``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

import lxml.html
from lxml import etree

from ..errors import Problem
from ..resolve import Rendered
from ..wording.locate import Locator

PIECE = "\ue000"  # PIECE + problem number + PIECE_END, before the flagged piece's text
PIECE_END = "\ue001"
WORD, WORD_END = "\ue002", "\ue003"  # around the offending word
_ANY = re.compile("[\ue000-\ue003]")
_PIECE = re.compile(f"{PIECE}(\\d+){PIECE_END}")
_MARKUP = "*_[]()^\\\"'“”‘’.,;:!?"
BLOCKS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "th",
        "td",
        "caption",
        "figcaption",
        "dt",
        "dd",
        "label",
        "legend",
        "summary",
        "figure",
        "div",
        "section",
        "header",
    }
)
"""Elements a flagged piece's mark can stand in: the nearest one around the mark is flagged."""


@dataclasses.dataclass(frozen=True)
class Place:
    """Problem ``number`` (1-based, as the panel lists it) stands at character ``offset`` (None:
    where the value starts) of the piece of wording rendered at ``index``."""

    number: int
    index: int
    offset: int | None


def places(problems: Sequence[Problem], wording: Sequence[Rendered], locator: Locator | None = None) -> list[Place]:
    """Where each problem stands in the pack's wording, for those that stand on a piece of it."""
    locator = locator or Locator()
    by_file: dict[str, list[int]] = {}
    for i, r in enumerate(wording):
        by_file.setdefault(r.piece.source.shown, []).append(i)
    found: list[Place] = []
    for number, problem in enumerate(problems, 1):
        if not problem.line:
            continue
        hits: list[Place] = []
        for i in by_file.get(problem.path, ()):
            piece = wording[i].piece
            offset = locator.offset(piece.source, piece.loc, piece.text, problem.line, problem.col or 1)
            if offset is not None:
                hits.append(Place(number, i, offset))
        if not hits:  # a problem at where a value starts (its quote, or the > of a folded block)
            hits = [
                Place(number, i, None)
                for i in by_file.get(problem.path, ())
                if wording[i].piece.source.position(wording[i].piece.loc) == (problem.line, problem.col)
            ]
        found += hits
    return found


def _word(text: str, offset: int) -> tuple[int, int] | None:
    """Where the word of ``text`` at ``offset`` starts and ends, without markup and punctuation around it."""
    for m in re.finditer(r"\S+", text):
        if m.start() <= offset < m.end():
            word = m.group()
            start = m.start() + len(word) - len(word.lstrip(_MARKUP))
            end = m.end() - (len(word) - len(word.rstrip(_MARKUP)))
            return (start, end) if start < end else None
    return None


def marked(wording: Sequence[Rendered], found: Iterable[Place], *, words: bool = True) -> list[Rendered]:
    """The wording with each placed piece's text marked: its problems' numbers first, and the
    word a problem stands on wrapped, where the hub's pack shows that word as written.
    ``words=False`` for wording read before the file changed, where a column means nothing."""
    by_index: dict[int, list[Place]] = {}
    for place in found:
        by_index.setdefault(place.index, []).append(place)
    out = list(wording)
    for i, at in by_index.items():
        r = wording[i]
        text = r.text
        if not text.strip():
            continue  # wording this hub's pack leaves out: it has no place
        spans = set()
        for place in at:
            span = _word(r.piece.text, place.offset) if place.offset is not None and words else None
            if span is None:
                continue
            word = r.piece.text[span[0] : span[1]]
            if text == r.piece.text:
                spans.add(span)
            elif text.count(word) == 1:  # rendered for the hub: found again only if unambiguous
                spans.add((text.index(word), text.index(word) + len(word)))
        for start, end in sorted(spans, reverse=True):
            text = f"{text[:start]}{WORD}{text[start:end]}{WORD_END}{text[end:]}"
        lead = len(text) - len(text.lstrip())
        numbers = "".join(f"{PIECE}{n}{PIECE_END}" for n in sorted({p.number for p in at}))
        out[i] = dataclasses.replace(r, text=text[:lead] + numbers + text[lead:])
    return out


def strip(text: str) -> str:
    """``text`` without marks, a piece's number with its own."""
    return _ANY.sub("", _PIECE.sub("", text))


def flag(html: bytes) -> tuple[bytes, dict[int, str]]:
    """The page with each marked element flagged (class ``pg-flagged``, a link back to its
    problem in the panel) and each marked word in ``<mark>``; and, by problem number, the id of
    the first element flagged for it. Marks anywhere else (the title, an attribute) are dropped."""
    text = html.decode("utf-8")
    if not _ANY.search(text):
        return html, {}
    doc = lxml.html.document_fromstring(text)
    for element in doc.iter():
        for name, value in element.attrib.items():
            if _ANY.search(value):
                element.set(name, strip(value))
    head = doc.find("head")
    if head is not None:
        for element in head.iter():
            element.text = strip(element.text) if element.text else element.text
    anchors: dict[int, str] = {}
    for element in list(doc.iter()):
        if not isinstance(element.tag, str):
            continue
        for where in ("text", "tail"):
            value = _text_of(element, where)
            if not value or not _ANY.search(value):
                continue
            numbers = sorted({int(n) for n in _PIECE.findall(value)}, reverse=True)  # badges go in first, so last
            _set_text(element, where, _PIECE.sub("", value))
            _wrap_word(element, where)
            for number in numbers:
                _flag_block(element if where == "text" else element.getparent(), number, anchors)
    for element in doc.iter():  # a word whose marks fell in two elements
        if isinstance(element.tag, str):
            for where in ("text", "tail"):
                value = _text_of(element, where)
                if value and _ANY.search(value):
                    _set_text(element, where, strip(value))
    return lxml.html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>").encode("utf-8"), anchors


def _text_of(element: etree._Element, where: str) -> str | None:
    """An element's text, or its tail (the text after it, up to its next sibling)."""
    return element.text if where == "text" else element.tail


def _set_text(element: etree._Element, where: str, value: str | None) -> None:
    if where == "text":
        element.text = value
    else:
        element.tail = value


def _flag_block(holder: etree._Element | None, number: int, anchors: dict[int, str]) -> None:
    block = holder
    while block is not None and block.tag not in BLOCKS:
        block = block.getparent()
    if block is None:
        return
    classes = block.get("class", "").split()
    if "pg-flagged" not in classes:
        block.set("class", " ".join(classes + ["pg-flagged"]))
    if number not in anchors:
        if not block.get("id"):
            block.set("id", f"pg-at-{number}")
        anchors[number] = block.get("id")
    badge = etree.Element("a", {"class": "pg-badge", "href": f"#pg-problem-{number}"})
    badge.text = f"Problem {number}"
    badge.tail = " " + (block.text or "")
    block.text = None
    block.insert(0, badge)


def _wrap_word(element: etree._Element, where: str) -> None:
    """Put the word between WORD and WORD_END in this text (or tail) in a <mark>."""
    value = _text_of(element, where)
    m = re.search(f"{WORD}([^{WORD_END}]*){WORD_END}", value or "")
    if m is None:
        return
    mark = etree.Element("mark", {"class": "pg-word"})
    mark.text = m.group(1)
    mark.tail = value[m.end() :]
    _set_text(element, where, value[: m.start()])
    if where == "text":
        element.insert(0, mark)
    else:
        parent = element.getparent()
        parent.insert(parent.index(element) + 1, mark)
