"""A small inline markup for wording: **bold**, *italic*, [text](url), footnotes ^[text], line
breaks (a backslash at the end of a line) and backslash escapes.

Anything else that looks like markup (``### heading``, ``1. item``, ``![alt](src)``, ``[^1]``,
HTML tags) is refused with its place by ``packgen check`` (check/markup.py), before this parser
would show it as literal characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..pack import BREAK, Inline, Note, Run

_TOKEN = re.compile(r"\\(\s+|$)|\\(.)|\*\*|\*|\^\[|\[|\]\(([^)\s]+)\)", re.S)
_SPECIAL = re.compile(r"([\\*\[\]])")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = ("https", "http", "mailto")
"""The only schemes a link in wording may use; anything else (javascript:, data:, file:…) is refused."""
OUTPUT_DEPTH = 3
"""How far below the output folder a document sits (<year>/<hub>/<programme>/): how far a relative link may climb."""


def escape(text: str) -> str:
    """Make data safe to splice into wording: its * [ ] and \\ stay literal."""
    return _SPECIAL.sub(r"\\\1", text)


def note_end(text: str, start: int) -> int | None:
    """The index of the ``]`` closing a footnote whose text begins at ``start``, or None."""
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None


@lru_cache(maxsize=65536)
def parse(text: str) -> Inline:
    """Parse wording into runs; an unclosed marker runs to the end of the text. Cached: most
    wording reads the same for every hub, and runs are immutable."""
    runs: list[Run] = []
    bold = italic = False
    link_start: int | None = None  # index into runs where an open [ began
    buf: list[str] = []

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold=bold, italic=italic))
            buf.clear()

    pos = 0
    while (m := _TOKEN.search(text, pos)) is not None:
        buf.append(text[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if m.group(1) is not None:
            buf.append(BREAK)
        elif m.group(2) is not None:
            buf.append(m.group(2))
        elif tok == "**":
            flush()
            bold = not bold
        elif tok == "*":
            flush()
            italic = not italic
        elif tok == "^[":
            end = note_end(text, pos)
            if end is None:
                buf.append(tok)
                continue
            flush()
            runs.append(Run("", note=Note(0, parse(text[pos:end].strip()))))
            pos = end + 1
        elif tok == "[":
            flush()
            link_start = len(runs)
            runs.append(Run("["))  # placeholder, dropped if the link closes
        elif link_start is not None:
            flush()
            href = m.group(3)
            linked = [Run(r.text, r.bold, r.italic, href, r.note) for r in runs[link_start + 1 :]]
            runs[link_start:] = linked
            link_start = None
        else:
            buf.append(tok)
    buf.append(text[pos:])
    flush()
    if runs and runs[-1].note is None:  # a line break that ends the wording breaks nothing
        last = runs[-1]
        runs[-1] = Run(last.text.rstrip(BREAK + " "), last.bold, last.italic, last.href)
    merged: list[Run] = []
    for r in runs:
        if not r.text and r.note is None:
            continue
        if (
            merged
            and r.note is None
            and merged[-1].note is None
            and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (r.bold, r.italic, r.href)
        ):
            merged[-1] = Run(merged[-1].text + r.text, r.bold, r.italic, r.href)
        else:
            merged.append(r)
    return tuple(merged)


def link_refusal(href: str) -> str | None:
    """Why wording may not link to ``href``, or None: https:, http: and mailto: links, and relative
    links that stay inside the output folder, are the only ones allowed."""
    if any(ch == "\\" or ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in href):
        return "a link may not hold a backslash, a space or a control character"
    scheme = _SCHEME.match(href)
    if scheme:
        name, rest = scheme.group(1).lower(), href[scheme.end() :]
        if name not in LINK_SCHEMES:
            return f"only {', '.join(s + ':' for s in LINK_SCHEMES)} and relative links may be used, not {name}:"
        if name != "mailto" and not re.match(r"//[^/?#]", rest):
            return f"a {name}: link needs a host, as in {name}://example.org"
        return None if rest else "the link has no address"
    if href.startswith("/"):
        return "a link starting with / leaves the output folder: make it relative"
    depth = OUTPUT_DEPTH
    for segment in re.split(r"[?#]", href, maxsplit=1)[0].split("/"):
        depth += -1 if segment == ".." else 0 if segment in ("", ".") else 1
        if depth < 0:
            return "the link climbs out of the output folder"
    return None
