"""A small inline markup for wording: **bold**, *italic*, [text](url) and backslash escapes."""

from __future__ import annotations

import re

from ..model.pack import Inline, Run

_TOKEN = re.compile(r"\\(.)|\*\*|\*|\[|\]\(([^)\s]+)\)", re.S)
_SPECIAL = re.compile(r"([\\*\[\]])")


def escape(text: str) -> str:
    """Make data safe to splice into wording: its * [ ] and \\ stay literal."""
    return _SPECIAL.sub(r"\\\1", text)


def parse(text: str) -> Inline:
    """Parse wording into runs; an unclosed marker runs to the end of the text."""
    runs: list[Run] = []
    bold = italic = False
    link_start: int | None = None  # index into runs where an open [ began
    buf: list[str] = []

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold=bold, italic=italic))
            buf.clear()

    pos = 0
    for m in _TOKEN.finditer(text):
        buf.append(text[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if m.group(1) is not None:
            buf.append(m.group(1))
        elif tok == "**":
            flush()
            bold = not bold
        elif tok == "*":
            flush()
            italic = not italic
        elif tok == "[":
            flush()
            link_start = len(runs)
            runs.append(Run("["))  # placeholder, dropped if the link closes
        elif link_start is not None:
            flush()
            href = m.group(2)
            linked = [Run(r.text, r.bold, r.italic, href) for r in runs[link_start + 1 :]]
            runs[link_start:] = linked
            link_start = None
        else:
            buf.append(tok)
    buf.append(text[pos:])
    flush()
    merged: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (r.bold, r.italic, r.href):
            merged[-1] = Run(merged[-1].text + r.text, r.bold, r.italic, r.href)
        else:
            merged.append(r)
    return tuple(merged)
