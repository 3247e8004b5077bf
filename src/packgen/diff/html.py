"""The diff as a standalone web page for anyone: summary first, then each changed part in full.

Removed words are struck through in red (``<del>``), added words underlined in green
(``<ins>``); a part that did not change is folded away under its heading.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from ..render.templating import run_html
from .model import Cell, ItemDiff, PackDiff, PartDiff, new_text, old_text

_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="packgen">
<title>What changed: {{ d.new.title }}, {{ d.old.label }} to {{ d.new.label }}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; color: #1d2430; max-width: 52rem; margin: 2rem auto; \
padding: 0 1rem; line-height: 1.5; }
h1 { color: #005a8c; font-size: 1.6rem; margin-bottom: .2rem; }
.sides { color: #4a5565; margin-top: 0; }
.summary { background: #eef3f8; border-left: 6px solid #005a8c; padding: .8rem 1rem; font-size: 1.05rem; }
.legend { font-size: .9rem; color: #4a5565; }
section.part { border-top: 1px solid #c9d4e0; padding-top: .4rem; margin-top: 1.2rem; }
h2 { font-size: 1.2rem; color: #005a8c; margin: .4rem 0; }
.status { font-size: .75rem; font-weight: normal; text-transform: uppercase; letter-spacing: .05em; \
padding: .1rem .45rem; border-radius: .3rem; margin-left: .5rem; vertical-align: middle; }
.status.changed { background: #fff3c4; color: #6b4e00; }
.status.added { background: #d8f3dc; color: #1b5e20; }
.status.removed { background: #fde0e0; color: #8a1c1c; }
.status.moved { background: #e3e0fd; color: #3a2c8a; }
.note, .own { font-style: italic; color: #4a5565; }
del { background: #fde0e0; color: #8a1c1c; text-decoration: line-through; }
ins { background: #d8f3dc; color: #1b5e20; text-decoration: underline; }
del + ins { margin-left: .2em; }
li.removed, p.removed, tr.removed { opacity: .85; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { border: 1px solid #9fb3c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; font-weight: normal; width: 45%; }
details summary { cursor: pointer; color: #4a5565; }
</style>
</head>
<body>
<h1>What changed: {{ d.new.title }}</h1>
<p class="sides">From {{ d.old.label }} to {{ d.new.label }}</p>
<p class="summary">{{ d.summary }}</p>
<p class="legend">Words struck through in red were <del>removed</del>; words underlined in green were <ins>added</ins>.
Parts that did not change are folded away: open them to read them.</p>
{% for part in d.parts %}
{% if part.move == "from" %}
<section class="part moved-away">
<h2>{{ part.title }}<span class="status moved">moved</span></h2>
<p class="note">This part has moved {{ moved_to[part.key] }} in the pack, where any changes to it are shown.</p>
</section>
{% elif not part.changed %}
<section class="part same">
<details><summary>{{ part.title }} (no change)</summary>
{{ items(part) }}
</details>
</section>
{% else %}
<section class="part {{ part.status }}">
<h2>{% if part.heading %}{{ cell(part.heading) }}{% else %}{{ part.title }}{% endif %}\
{% if part.move %}<span class="status moved">moved</span>{% endif %}\
{% if part.status != "same" %}<span class="status {{ part.status }}">{{ part.status }}</span>{% endif %}</h2>
{% if part.move == "to" %}<p class="note">This part has moved here\
{% if part.was_after %}: it used to come after “{{ part.was_after }}”{% endif %}.</p>{% endif %}
{{ items(part) }}
</section>
{% endif %}
{% endfor %}
</body>
</html>
"""


def cell(pieces: Cell) -> Markup:
    """Pieces as inline HTML: ``<del>``/``<ins>`` around changed words, formatting kept."""
    out = []
    for piece in pieces:
        html = run_html(piece.text, bold=piece.bold, italic=piece.italic, href=piece.href)
        if piece.op == "delete":
            html = f"<del>{html}</del>"
        elif piece.op == "insert":
            html = f"<ins>{html}</ins>"
        out.append(html)
    return Markup("".join(out))


def _row(item: ItemDiff) -> str:
    if item.kind in ("row", "header-row"):  # a row of a table of wording: every cell
        tag = "th" if item.kind == "header-row" else "td"
        return f'<tr class="{item.status}">' + "".join(f"<{tag}>{cell(c)}</{tag}>" for c in item.cells) + "</tr>"
    label, *rest = item.cells
    answer = rest[0] if rest and (new_text(rest[0]) or old_text(rest[0])) else ()
    return f'<tr class="{item.status}"><th>{cell(label)}</th><td>{cell(answer)}</td></tr>'


def items(part: PartDiff) -> Markup:
    """The part's items in order: paragraphs, bullet lists and form rows as tables."""
    out: list[str] = []
    open_tag: str | None = None
    for item in part.items:
        want = (
            "ul"
            if item.kind == "bullet"
            else "ol"
            if item.kind == "numbered"
            else "table"
            if len(item.cells) > 1 or item.kind in ("row", "header-row")
            else None
        )
        if want != open_tag:
            if open_tag:
                out.append(f"</{open_tag}>")
            if want:
                out.append(f"<{want}>")
            open_tag = want
        whose = f' <span class="own">({item.whose})</span>' if item.whose else ""
        if want in ("ul", "ol"):
            out.append(f'<li class="{item.status}">{cell(item.cells[0])}{whose}</li>')
        elif want == "table":
            out.append(_row(item))
        else:
            out.append(f'<p class="{item.kind} {item.status}">{cell(item.cells[0])}{whose}</p>')
    if open_tag:
        out.append(f"</{open_tag}>")
    return Markup("\n".join(out))


def render_html(diff: PackDiff) -> bytes:
    """The whole page, UTF-8."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    page = env.from_string(_PAGE)
    index = {(p.key, p.move): i for i, p in enumerate(diff.parts)}
    moved_to = {
        key: "further on" if index[(key, "to")] > i else "earlier" for (key, move), i in index.items() if move == "from"
    }
    return page.render(d=diff, cell=cell, items=items, moved_to=moved_to).encode("utf-8")
