"""Sentences of wording: shared by the checks that compare or read one sentence at a time.

A sentence ends at ".", "!" or "?" (and any run of them) followed by a space or the end, or
at a blank line. A full stop that belongs to an abbreviation ("i.e.", "e.g.", "etc.",
"approx.", "no.", "Dr."…), to a decimal ("1.5") or to an initial ("J. Smith") does not end
one: "up to 12 teachers (i.e. two per school)" is one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ABBREVIATIONS = frozenset(
    "i.e e.g etc eg ie approx cf vs viz incl inc no nos dr mr mrs ms prof st ca esp fig p pp ref tel min max"
    " n.b nb a.m p.m am pm".split()
)
_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_WORD_BEFORE = re.compile(r"(?:^|[\s(\[])([A-Za-z][A-Za-z.]*)$")


def _ends_here(text: str, m: re.Match[str]) -> bool:
    if m.group().startswith("\n") or m.group() != ".":
        return True
    word = _WORD_BEFORE.search(text, 0, m.start())
    if not word:
        return True
    w = word.group(1).lower()
    if w.rstrip(".") in ABBREVIATIONS or len(w) == 1 and word.group(1).isupper():
        return False
    return True


def spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, its closing punctuation included."""
    start = 0
    for m in _END.finditer(text):
        if _ends_here(text, m):
            if text[start : m.end()].strip():
                yield start, m.end()
            start = m.end()
    if text[start:].strip():
        yield start, len(text)


def split(text: str) -> list[str]:
    """The sentences of ``text`` as written."""
    return [text[a:b] for a, b in spans(text)]
