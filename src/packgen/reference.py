"""docs/reference.md: every key a hub file and a programme-year file may hold, generated from the
pydantic models that validate them (its type, default, description and an example), with the
blocks, field types, markup and facts wording may use. `packgen schema` writes it; `--check`
and a test keep the committed copy current, and a test fails when a key has no description.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

import annotated_types
from pydantic import BaseModel, Discriminator, StringConstraints
from pydantic.fields import FieldInfo

from .dates import AcademicYear
from .forms.kinds import KINDS
from .model import blocks as block_kinds
from .model import schema as s
from .model.project import _FORMS
from .wording.facts import ApplyView, DecisionView, HubView, OfferView, ProgrammeView, SchoolView

REFERENCE = "docs/reference.md"

# The models in the order the reference describes them: (heading, model, where it stands).
HUB_MODELS: tuple[tuple[type[BaseModel], str], ...] = (
    (s.HubFile, "hubs/<CODE>.yaml"),
    (s.Offer, "offers: <programme>: <year>:"),
    (s.AllocationSpec, "an offer's allocation:"),
    (s.CapSpec, "allocation: cap:"),
    (s.Placement, "an offer's placements: list"),
    (s.Edit, "an offer's edits: list"),
    (s.Logo, "logo: in a hub or programme-year file"),
    (s.ApplyLink, "apply: in an offer or a programme-year file"),
)
PROGRAMME_MODELS: tuple[tuple[type[BaseModel], str], ...] = (
    (s.ProgrammeYearFile, "programmes/<programme>/<year>.yaml"),
    (s.SectionSpec, "sections: list"),
    (s.FormSpec, "form:"),
    (s.FieldGroupSpec, "form: groups: list"),
    (s.FormFieldSpec, "a group's fields: list"),
    (s.Role, "a group's repeat: list"),
    (s.CommitmentsSpec, "form: commitments:"),
    (s.SignatureSpec, "commitments: signatures: list"),
    (s.Eligible, "eligible:"),
    (s.AppendixSpec, "hub_appendix:"),
    (s.LettersSpec, "letters:"),
    (s.LetterSpec, "letters: offered: (and waiting, not_offered, place_freed)"),
)


def block_models() -> tuple[tuple[type[BaseModel], str], ...]:
    """The models of the kinds of block (model/blocks.py), each with what it is."""
    return tuple(documented for kind in block_kinds.KINDS.values() for documented in kind.documents)


ALL_MODELS = HUB_MODELS + PROGRAMME_MODELS + block_models()

FACTS: dict[str, str] = {
    "hub.code": "the hub's code, e.g. WM1",
    "hub.name": "the hub's name",
    "hub.region": "its region",
    "hub.email": "its email address, or nothing (use with `| mailto`, inside `{% if hub.email %}`)",
    "hub.lead_school": "its lead school, or nothing",
    "hub.areas": "the areas it serves (a list: use `| join_and` or `| join_or`)",
    "hub.website": "its website, or nothing",
    "offer.places": "places this year, or nothing",
    "offer.allocation": "how places are given, in the words of the offer's rule (first_come: first come first "
    "served; priority_areas: with priority to the areas above), or nothing",
    "offer.closing_date": "the closing date, shown as Friday 1st March 2024, or nothing",
    "offer.confirmation_date": "when schools hear, shown as a date, or nothing",
    "offer.areas": "the areas whose schools may apply this year, or nothing",
    "offer.first_session": "the day of the first session, shown as a date, or nothing",
    "apply": "where schools apply when the pack takes no form (an `apply:` link), or nothing: `{% if apply %}`",
    "apply.url": "the address schools apply at",
    "apply.label": "the words naming it, e.g. the hub's application page",
    "programme.slug": "the programme's folder name, e.g. mastering-number",
    "programme.title": "the programme-year's title",
    "year.id": "the academic year as 2024-25",
    "year.label": "the academic year as 2024/25",
    "year.span": "the academic year as 2024-2025",
    "year.start": "its first calendar year, 2024",
    "year.end": "its second calendar year, 2025",
    "year.next": "the next academic year (year.next.label is 2025/26)",
    "year.previous": "the academic year before (year.previous.label is 2023/24)",
    "year.first_day": "1st September of its first year, as a date",
    "hubs": "every hub (each with the hub.* facts above): `{{ hubs | length }}`",
    "role.label": "in a repeated group of the form: the role's label, e.g. Reception",
    "role.key": "in a repeated group: the role's key",
    "school.name": "in a decision letter (letters:): the school's name as the application gives it",
    "school.urn": "in a decision letter: its URN, or nothing (a returned form without one)",
    "school.address": "in a decision letter: its address lines, from the schools register or the application "
    "(a list: use `| join(', ')`)",
    "school.headteacher": "in a decision letter: its headteacher, or nothing",
    "decision.outcome": "in a decision letter: offered, waiting, not_offered or withdrawn",
    "decision.reference": "in a decision letter: the application's reference, to quote",
    "decision.rank": "in a decision letter: the place on the waiting list, or nothing",
    "decision.reason": "in a decision letter: why, in words a school can read, or nothing",
}
FILTERS: dict[str, str] = {
    "mailto": "an email address as a link: `{{ hub.email | mailto }}`",
    "join_and": "a list as words: Birmingham, Sandwell and Dudley",
    "join_or": "a list as words: Birmingham, Sandwell or Dudley",
    "long_date": "a date as Friday 1st March 2024: dates are shown so anyway, and a text filter given a date "
    "(`upper`, `lower`, `replace`, `string`, `format`, `join`…) works on that long date, never the ISO form: "
    "`{{ offer.closing_date | upper }}` shows FRIDAY 1ST MARCH 2024",
    "length": "how many: `{{ hubs | length }}` (any of Jinja's own filters works)",
}


def fact_names() -> list[str]:
    """Every fact wording may use, from the objects wording is given: each must be in FACTS."""
    names = [f"hub.{f.name}" for f in dataclasses.fields(HubView)]
    names += [f"offer.{f.name}" for f in dataclasses.fields(OfferView)]
    names += [f"programme.{f.name}" for f in dataclasses.fields(ProgrammeView)]
    names += [f"apply.{f.name}" for f in dataclasses.fields(ApplyView)]
    names += ["year.start"] + [f"year.{n}" for n, v in vars(AcademicYear).items() if isinstance(v, property)]
    names += [f"role.{name}" for name in s.Role.model_fields]
    names += [f"school.{f.name}" for f in dataclasses.fields(SchoolView)]
    names += [f"decision.{f.name}" for f in dataclasses.fields(DecisionView)]
    return names + ["apply", "hubs"]


def _flow(value: Any) -> str:
    """A value as YAML in flow style, for an example."""
    if isinstance(value, str):
        plain = re.fullmatch(r"[A-Za-z0-9£(][^:#\[\]{},\"'\n]*", value) and not value.endswith(" ")
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return str(value)


def _anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _constraint_form(metadata: list[Any]) -> str | None:
    expanded = []
    for item in metadata:
        expanded += list(item.metadata) if isinstance(item, FieldInfo) else [item]
    low = next((item.ge for item in expanded if isinstance(item, annotated_types.Ge)), None)
    high = next((item.le for item in expanded if isinstance(item, annotated_types.Le)), None)
    for item in expanded:
        pattern = item.pattern if isinstance(item, StringConstraints) else None
        if pattern in _FORMS:
            return _FORMS[pattern]
        if pattern:
            return "a name: lower-case letters, digits and _" if "a-z" in pattern else None
    if low is not None:
        return f"a whole number from {low}" + (f" to {high}" if high is not None else "")
    return None


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """How a key's type reads to an author: "text", "list of text", "[Offer](#offer)"…"""
    form = _constraint_form(metadata or [])
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner, *extra = args
        tell = next((m.discriminator for m in extra if isinstance(m, Discriminator)), None)
        if tell is block_kinds.item_tag:
            return "text or a [list item](#listitemspec)"
        if tell is block_kinds.block_tag:
            return "a [block](#blocks)"
        if tell is not None:  # another tagged union (an offer's allocation): its kinds by name
            return type_name(inner, metadata)
        return type_name(inner, list(extra) + (metadata or []))
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in args if a is not type(None)]
        return " or ".join(type_name(a, metadata) for a in kinds)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is dict:
        return f"mapping of {type_name(args[0])} to {type_name(args[1])}"
    if origin is typing.Literal:
        return f"`{args[0]}`" if len(args) == 1 else "one of " + ", ".join(f"`{a}`" for a in args)
    if annotation in (block_kinds.Block, block_kinds.InnerBlock):
        return "a [block](#blocks)"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{_anchor(annotation)})"
    if form:
        return form
    return {str: "text", bool: "true or false", int: "whole number", dt.date: "date (2024-03-01)"}.get(
        annotation, annotation.__name__ if isinstance(annotation, type) else str(annotation)
    )


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        empty = field.default_factory()
        return "none" if not empty else _flow(empty)
    return "none" if field.default is None else f"`{_flow(field.default)}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def model_table(model: type[BaseModel], where: str) -> Iterator[str]:
    yield f"### {model.__name__}"
    yield ""
    yield f"{(model.__doc__ or '').strip()} *({where})*"
    yield ""
    yield "| key | type | default | what it is | example |"
    yield "| --- | --- | --- | --- | --- |"
    for name, field in model.model_fields.items():
        description = field.description or ""
        example = f"`{name}: {_flow(field.examples[0])}`" if field.examples else ""
        kind = _cell(type_name(field.annotation, field.metadata))
        yield f"| `{name}` | {kind} | {_cell(_default(field))} | {_cell(description)} | {_cell(example)} |"
    yield ""


def documented_keys(model: type[BaseModel]) -> list[str]:
    """Keys of a model lacking a description or an example: the reference must say what every key is."""
    return [name for name, f in model.model_fields.items() if not f.description or not f.examples]


EDITS_PROSE = [
    "A hub words a national paragraph or list item its own way without editing the national file: each",
    "paragraph and list item has an id. One written with `id:` (a paragraph as `{paragraph: …, id: …}`, a",
    "list item as `{text: …, id: …}`) has that id; every other one has an id made from its section's key",
    "(its `id`, else its heading) and its first five words, years, markup and links' addresses left out:",
    "`eligibility/any-state-funded-primary-school`. Such an id survives a paragraph added, removed or",
    "moved in the section, a rollover and a change after the first words; when the first words change,",
    "so does the id, and `packgen check` reports the hub's edit at its line (an edit never lands on",
    "another sentence). Two that begin alike in a section take more words until they differ.",
    "`packgen ids PROGRAMME YEAR` lists every id with its first words, section by section.",
    "",
    "```yaml",
    "offers:",
    "  mastering-number:",
    "    2024-25:",
    "      edits:",
    "        - replace: eligibility/any-state-funded-primary-school",
    "          text: Any state-funded primary school in **Stoke-on-Trent** may apply.",
    "        - remove: benefits/no-charge-for-participation",
    "        - after: benefits/high-quality-support-for-teacher",
    "          add: [A visit to your school from one of our Work Group leads]",
    "```",
    "",
]


def reference_markdown() -> str:
    """The whole reference page, stable from run to run."""
    out = [
        "# Data reference",
        "",
        "<!-- Generated by `packgen schema` from the models in src/packgen/model/schema.py: do not edit by hand. -->",
        "",
        "Every key a hub file and a programme-year file may hold. A key not listed here is an error",
        'at its line (with "did you mean"); so is a value of the wrong type. Wording (any text',
        "shown in a pack) may use the [inline markup](#wording) and the [facts](#facts) below.",
        "",
        "## Hub files",
        "",
    ]
    for model, where in HUB_MODELS:
        out += model_table(model, where)
        if model is s.Edit:
            out += EDITS_PROSE
    out += ["## Programme-year files", ""]
    for model, where in PROGRAMME_MODELS:
        out += model_table(model, where)
    out += [
        "## Blocks",
        "",
        "A section's `body` (and a notice's, a group's, the form's and the appendix's) is a list of blocks.",
        "A block is a plain string, which is a paragraph, or a mapping named by one of its keys:",
        "`paragraph`, `bullets`, `numbered`, `heading`, `table`, `image` or `notice`. Any block may have",
        "an `id`, unique in the file, that hubs' `placements` refer to. A sub-heading is one level below",
        "its section's heading unless its `level` says otherwise (1, 2 or 3, as Word numbers headings), so",
        "a hub's blocks can hold a section heading, a sub-heading and a sub-sub-heading anywhere, each at",
        "most one level below the heading before it (`heading.level`). One whose wording under it renders",
        "empty for a hub is left out (one written directly before another heading is kept), and so is a",
        "list, table, notice or whole section whose wording renders empty for that hub.",
        "",
        "```yaml",
        "body:",
        "  - A paragraph.",
        "  - heading: Local Work Groups",
        "  - numbered:",
        "      - The school is state funded.",
        '      - text: "The headteacher confirms at least one of the following:"',
        "        bullets: [a maths lead who can lead change, time for the lead teachers]",
        "  - paragraph: Schools meeting criterion 1 need not meet criterion 2.",
        "    id: criteria-note",
        "  - table:",
        "      - [School situation, Eligible for, Funding]",
        '      - [New to the programme, "**Development**", "£1,000^[Subject to DfE funding.]"]',
        "    caption: Who is eligible",
        "  - image: assets/bar-model.png",
        "    alt: A bar model splitting 12 into 7 and 5",
        "  - table:  # no row of headings: a layout, a text beside a picture that links",
        "      - - The bar model, larger",
        "        - image: assets/bar-model.png",
        "          alt: A bar model splitting 12 into 7 and 5",
        "          width: 25",
        "          link: https://example.org/bar-model-large.png",
        "    header: false",
        '  - notice: ["Places are limited."]',
        "    heading: Apply early",
        "```",
        "",
    ]
    for model, where in block_models():
        out += model_table(model, where)
    out += [
        "## Field types",
        "",
        "A form field's `type`, each a record in src/packgen/forms/kinds.py (one registry: the forms,",
        "`packgen collect` and this list all read it).",
        "",
        "| type | asked with | what it takes |",
        "| --- | --- | --- |",
    ]
    for name, kind in KINDS.items():
        extras = [
            w
            for w, on in (
                ("`choices`", kind.needs_choices),
                ("`other`", kind.takes_other),
                ("`word_limit`", kind.takes_word_limit),
            )
            if on
        ]
        takes = kind.description + (f" Takes {', '.join(extras)}." if extras else "")
        asked = "filled in by the hub, locked" if kind.prefilled else kind.control
        out.append(f"| `{name}` | {asked} | {_cell(takes)} |")
    out += [
        "",
        "A checkboxes field is one box per choice, named `<field>.1`, `<field>.2`…; an `other` answer",
        "adds the box `<field>_other` to write it in. `packgen collect` reads them back as one answer:",
        "the ticked choices joined by `; `, the other as `Other (please say): the words`.",
        "",
        "## Wording",
        "",
        "| write | for |",
        "| --- | --- |",
        "| `**bold**`, `*italic*` | bold and italic |",
        "| `[text](https://…)` | a link |",
        "| `^[the note's words]` | a footnote where it stands (a paragraph, list item or table cell of the sections): "
        "at the foot of the page in PDF and Word, a numbered note list in HTML |",
        "| `\\` at the end of a line | a line break (in a title, heading or paragraph) |",
        "| `\\*`, `\\[`, `\\\\` | the character itself |",
        "| `{{ hub.name }}`, `{% if offer.places %}…{% endif %}` | a hub's facts (below) and wording only some hubs "
        "have |",
        "",
        "Anything else that looks like markup is an error at its line and column saying what to write",
        "instead (`packgen check`, code `markup.unsupported`): `### heading` (a `heading:` block), `1. item`",
        "or `- item` at the start of a paragraph (`numbered:` or `bullets:`), `![alt](src)` (an `image:`",
        "block), `[^1]` or a pasted `[1]` (`^[…]`), a pasted bullet glyph such as `•` at the start of a paragraph",
        "(`bullets:`), a line of `| a | b |` or a tab-separated row (`table:`), HTML tags such as `<b>` or `<br>`.",
        "Text that starts with `*`, `{`, `[`",
        'or a quote, or holds `: `, must be quoted in YAML: `- "NB: schools may apply once"`.',
        "",
        "## Facts",
        "",
        "| fact | what it is |",
        "| --- | --- |",
    ]
    for name in fact_names():
        out.append(f"| `{{{{ {name} }}}}` | {_cell(FACTS.get(name, ''))} |")
    out += ["", "| filter | what it does |", "| --- | --- |"]
    for name, what in FILTERS.items():
        out.append(f"| `{name}` | {_cell(what)} |")
    return "\n".join(out) + "\n"
