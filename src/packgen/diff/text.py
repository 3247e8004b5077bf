"""The diff as terminal text: changed parts only, words marked inline, a summary line last.

Plain text marks words as ``[-removed-]`` and ``{+added+}`` (git's word-diff markers), so it
survives a pipe or a file; on a terminal the same lines are coloured instead.
"""

from __future__ import annotations

import re

from rich.text import Text

from .model import Cell, ItemDiff, PackDiff, PartDiff, new_text, old_text

Segment = tuple[str, str]  # (text, style): style is "", "delete", "insert", "heading" or "meta"
Line = list[Segment]

MARKERS = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
STYLES = {"delete": "red strike", "insert": "green underline", "heading": "bold", "meta": "dim"}
_ITEM_MARK = {"changed": "~", "added": "+", "removed": "-"}
_BULLET = {"bullet": "• ", "commitment": "• ", "numbered": "# ", "footnote": "note: ", "subheading": "## "}


def _cell(cell: Cell) -> Line:
    """A cell's pieces; the space around a changed stretch stays outside its markers."""
    merged: list[tuple[str, str]] = []  # formatting is not shown, so neighbours with one op join
    for piece in cell:
        if merged and merged[-1][1] == piece.op:
            merged[-1] = (merged[-1][0] + piece.text, piece.op)
        else:
            merged.append((piece.text, piece.op))
    out: Line = []
    for text, op in merged:
        if op == "equal":
            out.append((text, ""))
            continue
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        out += [(lead, ""), (core, op) if core else ("", ""), (trail, "")]
    return [s for s in out if s[0]]


def _item(item: ItemDiff) -> Line:
    line: Line = [(f"{_ITEM_MARK[item.status]} {_BULLET.get(item.kind, '')}", "meta")]
    first, *rest = item.cells
    line += _cell(first)
    for cell in rest:
        if new_text(cell) or old_text(cell):
            line += [(" | ", "meta")] + _cell(cell)
    if item.whose:
        line.append((f"  ({item.whose})", "meta"))
    return line


def _title(part: PartDiff) -> Line:
    if part.heading:
        return _cell(part.heading)
    return [(f"({part.title})", "")]


def _part(part: PartDiff) -> list[Line]:
    if part.move == "from":
        return [[("@@ ", "meta"), (part.title, "heading"), (": moved from here", "meta")]]
    head: Line = [("@@ ", "meta")] + [(t, s or "heading") for t, s in _title(part)]
    if part.move == "to":
        where = f"it came after '{part.was_after}'" if part.was_after else "it came first"
        note = f": moved here ({where})" + ("; changed" if part.status == "changed" else "")
        head = head + [(note, "meta")]
    else:
        head = head + [(f": {part.status}", "meta")]
    return [head] + [_item(i) for i in part.items if i.changed]


def lines(diff: PackDiff) -> list[Line]:
    """Every line of the report as styled segments."""
    out: list[Line] = [
        [(f"--- {diff.old.programme} {diff.old.label}", "meta")],
        [(f"+++ {diff.new.programme} {diff.new.label}", "meta")],
    ]
    for part in diff.parts:
        if part.changed:
            out += _part(part)
    out.append([(str(diff.summary), "heading")])
    return out


def _squeeze(text: str) -> str:
    # Markers moved a space outside on both sides of a replacement: show it once.
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)


def render_text(diff: PackDiff) -> str:
    """The report with ``[-…-]`` and ``{+…+}`` markers, for a pipe or a file."""
    out = []
    for line in lines(diff):
        text = "".join(f"{MARKERS[s][0]}{t}{MARKERS[s][1]}" if s in MARKERS else t for t, s in line)
        out.append(_squeeze(text))
    return "\n".join(out) + "\n"


def render_rich(diff: PackDiff) -> Text:
    """The report in colour for a terminal: removed words struck through in red, added in green."""
    text = Text()
    for line in lines(diff):
        for t, s in line:
            text.append(t, style=STYLES.get(s, ""))
        text.append("\n")
    return text
