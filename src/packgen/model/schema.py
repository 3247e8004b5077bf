"""Input models: what a hub file and a programme-year file may say. Unknown keys are errors."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Strict as PydanticStrict,
    Tag,
    field_validator,
    model_validator,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


HUB_CODE = r"^[A-Z]{2}[0-9]{1,2}$"
SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
YEAR_ID = r"^[0-9]{4}-[0-9]{2}$"
EMAIL = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
"""An address as HTML's email inputs take it, with a dotted domain: no brackets, spaces or markup."""
WEBSITE = r"^https?://[^\s/?#\\()\[\]<>\"']+(?:[/?#][^\s\\()\[\]<>\"']*)?$"
HubCode = Annotated[str, StringConstraints(pattern=HUB_CODE)]
Slug = Annotated[str, StringConstraints(pattern=SLUG)]
YearId = Annotated[str, StringConstraints(pattern=YEAR_ID)]
Count = Annotated[int, PydanticStrict(), Field(ge=1)]
"""A whole number from 1: true and false are not numbers."""
Text = Annotated[str, StringConstraints(min_length=1)]
"""Wording: inline **bold**, *italic*, [links](url) and Jinja expressions such as {{ hub.name }}."""


# --- hubs -------------------------------------------------------------------------------


class Offer(Strict):
    """What one hub offers for one programme-year; every key is optional."""

    places: Count | None = Field(default=None, description="Places the hub has for schools.")
    allocation: Text | None = Field(default=None, description='How places are given, e.g. "first come first served".')
    closing_date: dt.date | None = None
    confirmation_date: dt.date | None = None
    areas: list[Text] | None = Field(default=None, description="Areas whose schools may apply, if narrower than the hub's.")
    extra: dict[Slug, list[Text]] = Field(
        default_factory=dict,
        description="Paragraphs of the hub's own, appended to the section with that id.",
    )


class HubFile(Strict):
    """hubs/<CODE>.yaml: one Maths Hub's details and what it offers each year."""

    code: HubCode
    name: Text
    region: Text
    email: Annotated[str, StringConstraints(pattern=EMAIL)] | None = None
    lead_school: Text | None = None
    areas: list[Text] = Field(default_factory=list, description="Local authority areas the hub serves.")
    website: Annotated[str, StringConstraints(pattern=WEBSITE)] | None = None
    offers: dict[Slug, dict[YearId, Offer]] = Field(
        default_factory=dict, description="programme slug -> academic year (e.g. 2024-25) -> offer"
    )


# --- wording blocks -----------------------------------------------------------------------


class Bullets(Strict):
    bullets: list[Text] = Field(min_length=1)


def _block_kind(value: object) -> str:
    return "paragraph" if isinstance(value, str) else "bullets"


Block = Annotated[
    Union[Annotated[Text, Tag("paragraph")], Annotated[Bullets, Tag("bullets")]],
    Discriminator(_block_kind),
]
"""A paragraph (a plain string) or a bullet list."""


class Section(Strict):
    id: Slug | None = Field(default=None, description="A name hubs and checks refer to, e.g. expectations.")
    heading: Text | None = None
    style: Literal["normal", "notice"] = Field(default="normal", description="notice: a boxed call-out.")
    body: list[Block] = Field(min_length=1)


# --- the application form ---------------------------------------------------------------

def _field_types(schema: dict[str, Any]) -> None:
    """The JSON Schema of ``type``: the field types registered when the schema is written."""
    from ..forms.kinds import KINDS

    schema["enum"] = list(KINDS)
    schema["description"] = "; ".join(f"{name}: {kind.description.rstrip('.')}" for name, kind in KINDS.items())


class FormFieldSpec(Strict):
    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    type: str = Field(default="text", json_schema_extra=_field_types)
    required: bool = True
    word_limit: Count | None = None
    hint: Text | None = None
    choices: list[Text] | None = None
    value: Text | None = Field(default=None, description="A pre-filled, read-only answer (wording).")
    beside: bool = Field(default=False, description="Sit on the same row as the field before it.")
    layout: Literal["row", "stacked"] = Field(
        default="row", description="row: label beside answer; stacked: the answer below its label."
    )

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        from ..forms.kinds import KINDS

        if value not in KINDS:
            close = difflib.get_close_matches(value, list(KINDS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"unknown field type {value!r}{hint}; known: {', '.join(KINDS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "FormFieldSpec":
        from ..forms.kinds import KINDS

        kind = KINDS[self.type]
        if kind.needs_choices and not self.choices:
            raise ValueError(f"a {self.type} field needs a list of choices")
        if self.choices and not kind.needs_choices:
            takers = " or ".join(k.name for k in KINDS.values() if k.needs_choices)
            raise ValueError(f"only a {takers} field takes choices, not a {self.type} field")
        if self.word_limit and not kind.takes_word_limit:
            takers = " or ".join(k.name for k in KINDS.values() if k.takes_word_limit)
            raise ValueError(f"only a {takers} field takes a word limit, not a {self.type} field")
        return self


class Role(Strict):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")]
    label: Text


class FieldGroupSpec(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    heading: Text = Field(description="May use {{ role.label }} in a repeated group.")
    body: list[Block] = Field(default_factory=list)
    repeat: list[Role] | None = Field(default=None, description="Repeat the group once per role.")
    fields: list[FormFieldSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _repeat_needs_id(self) -> "FieldGroupSpec":
        if self.repeat and not self.id:
            raise ValueError("a repeated group needs an id to name its fields")
        return self


class SignatureSpec(Strict):
    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    role: Text
    label: Text


class CommitmentsSpec(Strict):
    heading: Text
    intro: Text
    items: list[Text] = Field(min_length=1)
    signatures: list[SignatureSpec] = Field(min_length=1)
    note: Text | None = None


class FormSpec(Strict):
    heading: Text
    body: list[Block] = Field(default_factory=list)
    groups: list[FieldGroupSpec] = Field(min_length=1)
    commitments: CommitmentsSpec | None = None


class AppendixSpec(Strict):
    heading: Text = "Appendix: Names of Maths Hubs"
    body: list[Block] = Field(default_factory=list)


class ProgrammeYearFile(Strict):
    """programmes/<programme>/<year>.yaml: a programme's national wording for one academic year."""

    title: Text
    subtitle: Text
    hubs: list[HubCode] | None = Field(default=None, description="Hubs that run it; all hubs when omitted.")
    phase: Literal["primary", "secondary"] | None = Field(
        default=None, description="The phase of schools it is for; wording naming the other phase is a warning (programme.phase)."
    )
    sections: list[Section] = Field(min_length=1)
    form: FormSpec
    hub_appendix: AppendixSpec | None = Field(default=None, description="Include the list of all hubs.")

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, sections: list[Section]) -> list[Section]:
        ids = [s.id for s in sections if s.id]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"section ids must be unique; repeated: {', '.join(dupes)}")
        return sections

