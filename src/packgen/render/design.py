"""The house style, once: colours, type sizes and spacing that the HTML and PDF (through CSS custom
properties) and the Word templates (tools/make_docx_template.py) and word/ooxml.py all read.

The stylesheets under templates/ use these as ``var(--accent)``, ``var(--title-size)``…; the
renderers put :root's values before them (``css_variables``), so a project's stylesheet may still
override any of them after. Regenerate the Word templates after changing a value here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Colours:
    ink: str = "#1d2430"  # body text
    accent: str = "#005a8c"  # headings, the title rule, links, a notice's edge
    rule: str = "#9fb3c8"  # table lines, the rule under a section heading
    shade: str = "#eef3f8"  # table label cells, notices
    muted: str = "#6b7785"  # the footer, a signature's prompt
    hint: str = "#5b6673"  # a form field's hint and "(optional)"
    field_border: str = "#6b7785"  # a form field's box: 4.6:1 against white (WCAG 1.4.11 asks 3:1)
    error: str = "#a4161a"  # an answer over its word limit
    focus: str = "#ffbf47"  # the keyboard focus ring


@dataclass(frozen=True)
class Type:
    """Sizes in points."""

    body: float = 11
    title: float = 22
    tagline: float = 12
    subtitle: float = 14
    hub_name: float = 9
    hub_details: float = 9
    h2: float = 14  # a section's heading (Word's Heading 1)
    h3: float = 12  # a sub-heading, a form group's heading (Heading 2)
    h4: float = 11  # (Heading 3)
    table: float = 10  # every table's text: wording tables and the form's
    caption: float = 9.5
    hint: float = 9
    footer: float = 8
    footnote: float = 8.5


@dataclass(frozen=True)
class Spacing:
    """Lengths in points."""

    hub_name_tracking: float = 0.36  # letter spacing of the hub's name (0.04em at 9pt)
    title_rule: float = 2.25  # the rule under the masthead (3px)
    title_rule_gap: float = 5.5  # between the subtitle and the rule
    after_masthead: float = 13  # between the rule and the text
    section_rule: float = 0.75  # the rule under a section heading (1px)
    notice_edge: float = 3.75  # a notice's left edge (5px)


@dataclass(frozen=True)
class Design:
    colours: Colours = Colours()
    type: Type = Type()
    spacing: Spacing = Spacing()
    font: str = '"Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif'
    word_font: str = "Arial"  # Liberation Sans is metric-compatible with it


HOUSE = Design()


def word_colour(value: str) -> str:
    """A colour as WordprocessingML writes it: 005A8C."""
    return value.removeprefix("#").upper()


def css_variables(design: Design = HOUSE) -> str:
    """:root's custom properties: --ink, --accent…, --title-size…, --title-rule…, --font."""
    lines = [f"  --{name.replace('_', '-')}: {value};" for name, value in asdict(design.colours).items()]
    lines += [f"  --{name.replace('_', '-')}-size: {value:g}pt;" for name, value in asdict(design.type).items()]
    lines += [f"  --{name.replace('_', '-')}: {value:g}pt;" for name, value in asdict(design.spacing).items()]
    lines.append(f"  --font: {design.font};")
    return "/* The house style (packgen/render/design.py). */\n:root {\n" + "\n".join(lines) + "\n}\n"
